// `redactflow emulate comprehend`: a local Comprehend-compatible endpoint (JSON 1.1 wire protocol) backed by the
// local detector, for offline development against the real AWS SDK. Prints {"url": ...} as one JSON line and
// serves until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { RedactflowError } from '../../errors.ts';
import { startComprehendEmulator } from '../../emulator/comprehend-emulator.ts';

function num(name: string, min: number, max: number, integer = false): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new RedactflowError('USAGE', `--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
    }
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('emulate')
    .description('run a local emulator of a cloud service for offline development (service: comprehend)')
    .argument('<service>', 'the service to emulate: comprehend')
    .option('--port <n>', 'port to listen on (0 = any free port)', num('port', 0, 65535, true), 0)
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option('--tps <n>', 'requests per second quota (token bucket; 0 = unlimited)', num('tps', 0, 100_000), 20)
    .option('--latency-ms <n>', 'added latency per request in ms', num('latency-ms', 0, 600_000), 0)
    .option('--fail-rate <p>', 'probability of an InternalServerException (HTTP 500)', num('fail-rate', 0, 1), 0)
    .option('--drop-rate <p>', 'probability of dropping the connection', num('drop-rate', 0, 1), 0)
    .option('--throttle-rate <p>', 'probability of a ThrottlingException on top of the quota', num('throttle-rate', 0, 1), 0)
    .option('--seed <n>', 'seed of the injected faults', num('seed', 0, 2 ** 32 - 1, true), 1)
    .action(async (service: string, o: { port: number; host: string; tps: number; latencyMs: number; failRate: number; dropRate: number; throttleRate: number; seed: number }) => {
      if (service !== 'comprehend') throw new RedactflowError('USAGE', `unknown service "${service}" (available: comprehend)`);
      const emu = await startComprehendEmulator({
        port: o.port,
        host: o.host,
        tps: o.tps,
        latencyMs: o.latencyMs,
        failRate: o.failRate,
        dropRate: o.dropRate,
        throttleRate: o.throttleRate,
        seed: o.seed,
      });
      process.stdout.write(`${JSON.stringify({ service: 'comprehend', url: emu.url, port: emu.port })}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const st = emu.stats();
      await emu.close();
      process.stderr.write(`redactflow: emulator stopped (${st.received} requests, ${st.ok} ok, ${st.throttled} throttled, ${st.failed} failed, ${st.dropped} dropped)\n`);
    });
}
