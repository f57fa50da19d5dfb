// Comprehend path at quota speed, against the local emulator (20 TPS, 50 ms latency by default):
//   quota    - sustained request rate vs the quota, mean request size vs 100 KB, billed units vs ceil(chars/100),
//              zero texts lost (emulator backed by a cheap regex detector, so the emulator's own CPU does not cap
//              the rate: the real service does not run on this machine);
//   equality - the same rows with the LOCAL detector behind the emulator: entities equal the local detector run
//              directly per text (this run is CPU-bound by the local detector, its rate is reported, not judged);
//   faults   - 10% throttling + 2% 500s injected: zero texts lost or duplicated;
//   batches  - the runner's default 4096-row batches, 4 in flight: the mean request size it gets.
//
//   npx tsx bench/comprehend-bench.ts [--rows 116000] [--tps 20] [--latency-ms 50] [--skip-equality]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance as perfHooks } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCustomerGenerator } from '../examples/generate-customers.ts';
import { startComprehendEmulator, type ComprehendEmulatorOptions, type ComprehendEmulatorStats } from '../src/emulator/comprehend-emulator.ts';
import { createComprehendDetector } from '../src/detect/comprehend/comprehend-detector.ts';
import { MAX_REQUEST_BYTES, codePointLength } from '../src/detect/comprehend/packer.ts';
import { createLocalDetector } from '../src/detect/local/local-detector.ts';
import type { DetectResult, Detector, Entity } from '../src/detect/detector.ts';

export interface ComprehendBenchOptions {
  rows?: number;
  seed?: number;
  tps?: number;
  latencyMs?: number;
  /** Skip the (CPU-bound) run with the local detector behind the emulator. */
  skipEquality?: boolean;
  log?: (line: string) => void;
}

/**
 * The seed flow's `pii_col`: concat(customer_name, " is a ", customer_job, " who lives at ", billing_street,
 * " and can be emailed at ", customer_email) over the example customer table; null when any part is null (Spark).
 */
export function seedPiiCol(rows: number, seed = 42): (string | null)[] {
  const g = createCustomerGenerator(seed);
  const out: (string | null)[] = [];
  for (let i = 1; i <= rows; i++) {
    const { row } = g.next(i);
    const parts = [row.customer_name, ' is a ', row.customer_job, ' who lives at ', row.billing_street, ' and can be emailed at ', row.customer_email];
    out.push(parts.some((p) => p === null) ? null : parts.join(''));
  }
  return out;
}

/** E-mail addresses only: cheap and exact, so the emulator answers at wire speed. */
function emailDetector(): Detector {
  const re = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  return {
    name: 'bench-email',
    version: '1',
    async detect(texts) {
      return texts.map((t) => ({
        entities: [...(t ?? '').matchAll(re)].map((m): Entity => ({ type: 'EMAIL', begin: m.index, end: m.index + m[0].length, score: 0.99 })),
      }));
    },
  };
}

function key(r: DetectResult): string {
  return r.error ? `ERROR ${r.error.code}` : r.entities.map((e) => `${e.type}:${e.begin}-${e.end}:${e.score}`).join(',');
}

/** Texts whose entities differ from the reference, and entity counts (lost = missing, duplicated = extra). */
function compare(got: DetectResult[], want: DetectResult[]): { texts_differing: number; entities_lost: number; entities_duplicated: number; texts_errored: number } {
  let differing = 0;
  let lost = 0;
  let dup = 0;
  let errored = 0;
  for (let i = 0; i < want.length; i++) {
    if (got[i]?.error) errored++;
    if (key(got[i]) === key(want[i])) continue;
    differing++;
    const g = got[i]?.entities.length ?? 0;
    const w = want[i].entities.length;
    if (g < w) lost += w - g;
    if (g > w) dup += g - w;
  }
  return { texts_differing: differing, entities_lost: lost, entities_duplicated: dup, texts_errored: errored };
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

type EmulatorSpec = Omit<ComprehendEmulatorOptions, 'detector'> & { backend: 'email' | 'local' };

/**
 * The emulator runs in its own process, as the real service would be remote: its CPU (JSON, detection) does not
 * share the client's event loop.
 */
async function spawnEmulator(spec: EmulatorSpec): Promise<{ url: string; stop(): Promise<ComprehendEmulatorStats> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines = createInterface({ input: child.stdout });
  const iter = lines[Symbol.asyncIterator]();
  const first = await iter.next();
  if (first.done) throw new Error('emulator process exited before listening');
  const { url } = JSON.parse(first.value) as { url: string };
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const last = await iter.next();
      await once(child, 'exit');
      if (last.done) throw new Error('emulator process exited without stats');
      return JSON.parse(last.value) as ComprehendEmulatorStats;
    },
  };
}

async function serve(spec: EmulatorSpec): Promise<void> {
  const { backend, ...options } = spec;
  const detector = backend === 'local' ? await createLocalDetector({ workers: 0 }) : emailDetector();
  const emu = await startComprehendEmulator({ ...options, detector });
  process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
  await once(process, 'SIGTERM');
  process.stdout.write(`${JSON.stringify(emu.stats())}\n`);
  await emu.close();
  await detector.close?.();
  process.exit(0);
}

async function runOnce(
  texts: (string | null)[],
  spec: EmulatorSpec,
  tps: number,
  batchRows: number,
  inFlight: number,
  concurrency?: number,
): Promise<{ results: DetectResult[]; figures: Record<string, number> }> {
  const emu = await spawnEmulator(spec);
  const det = await createComprehendDetector(
    { type: 'comprehend', language: 'en', region: 'us-east-1', endpoint: emu.url, max_tps: tps, max_retries: 10, concurrency },
    { clientConfig: { credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } }, retryBaseMs: 50, retryMaxMs: 2000 },
  );
  const results: DetectResult[] = new Array(texts.length);
  const cpu0 = process.cpuUsage();
  const elu0 = perfHooks.eventLoopUtilization();
  const t0 = performance.now();
  // Batches of `batchRows`, `inFlight` calls at a time (the runner's shape); one call when batchRows >= rows.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const from = next;
      next += batchRows;
      const part = await det.detect(texts.slice(from, from + batchRows));
      part.forEach((r, k) => (results[from + k] = r));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const elu = perfHooks.eventLoopUtilization(elu0);
  const st = det.stats!();
  await det.close!();
  const es = await emu.stop();
  const requests = st.requests ?? 0;
  const span = es.firstOkAt !== null && es.lastOkAt !== null ? (es.lastOkAt - es.firstOkAt) / 1000 : 0;
  return {
    results,
    figures: {
      seconds: round(seconds),
      requests,
      attempts: st.attempts ?? 0,
      // Request starts are paced; the rate between the first and the last answer is the sustained one.
      sustained_tps: span > 0 ? round((requests - 1) / span) : 0,
      overall_tps: round(requests / seconds),
      mean_request_bytes: round((st.bytes ?? 0) / Math.max(1, requests), 1),
      units: st.units ?? 0,
      chars_sent: st.chars ?? 0,
      retries: st.retries ?? 0,
      throttles: st.throttles ?? 0,
      failures: st.failures ?? 0,
      emulator_throttled: es.throttled,
      emulator_500s: es.failed,
      emulator_dropped: es.dropped,
      // Client and emulator share this process: CPU seconds it got vs event-loop busy time shows CPU starvation.
      process_cpu_seconds: round((cpu.user + cpu.system) / 1e6),
      event_loop_utilization: round(elu.utilization),
    },
  };
}

export async function comprehendBench(opts: ComprehendBenchOptions = {}): Promise<Record<string, unknown>> {
  const rows = opts.rows ?? 116_000;
  const tps = opts.tps ?? 20;
  const latencyMs = opts.latencyMs ?? 50;
  const log = opts.log ?? (() => {});
  let t = performance.now();
  const texts = seedPiiCol(rows, opts.seed ?? 42);
  const nonNull = texts.filter((x): x is string => !!x);
  const totalChars = nonNull.reduce((n, x) => n + codePointLength(x), 0);
  const totalBytes = nonNull.reduce((n, x) => n + Buffer.byteLength(x, 'utf8'), 0);
  const minUnits = Math.ceil(totalChars / 100);
  log(`generated ${rows} rows (${nonNull.length} non-null, ${totalBytes} bytes) in ${round((performance.now() - t) / 1000)} s`);
  const reference = await emailDetector().detect(texts);

  const out: Record<string, unknown> = {
    rows,
    non_null_rows: nonNull.length,
    text_chars: totalChars,
    text_bytes: totalBytes,
    quota_tps: tps,
    latency_ms: latencyMs,
  };

  // 1. Quota: one call with every row.
  const q = await runOnce(texts, { tps, latencyMs, backend: 'email' }, tps, rows, 1);
  const qc = compare(q.results, reference);
  out.quota = {
    ...q.figures,
    rate_vs_quota: round(q.figures.sustained_tps / tps),
    size_vs_limit: round(q.figures.mean_request_bytes / MAX_REQUEST_BYTES),
    ceil_chars_over_100: minUnits,
    units_vs_ceil_chars: round(q.figures.units / minUnits, 4),
    ...qc,
  };
  log(`quota run: ${JSON.stringify(out.quota)}`);

  // 2. Faults: 10% throttling and 2% 500s on top of the quota.
  const f = await runOnce(texts, { tps, latencyMs, throttleRate: 0.1, failRate: 0.02, seed: 7, backend: 'email' }, tps, rows, 1);
  out.faults = { throttle_rate: 0.1, fail_rate: 0.02, ...f.figures, ...compare(f.results, reference) };
  log(`faults run: ${JSON.stringify(out.faults)}`);

  // 3. The runner's default batch size (4096 rows), 4 batches in flight.
  const b = await runOnce(texts, { tps, latencyMs, backend: 'email' }, tps, 4096, 4);
  out.batches_4096x4 = {
    ...b.figures,
    size_vs_limit: round(b.figures.mean_request_bytes / MAX_REQUEST_BYTES),
    rate_vs_quota: round(b.figures.sustained_tps / tps),
    ...compare(b.results, reference),
  };
  log(`batches run: ${JSON.stringify(out.batches_4096x4)}`);

  // 4. Equality with the local detector behind the emulator (CPU-bound on this machine).
  if (!opts.skipEquality) {
    const local = await createLocalDetector({ workers: 0 });
    t = performance.now();
    const direct = await local.detect(texts);
    const directSeconds = (performance.now() - t) / 1000;
    await local.close?.();
    // The emulator's local detector takes ~0.5-1 s per 100 KB request here: few requests in flight, so none
    // waits behind a long queue until its timeout.
    const e = await runOnce(texts, { tps, latencyMs, backend: 'local' }, tps, rows, 1, 2);
    const ec = compare(e.results, direct);
    out.equality = {
      ...e.figures,
      local_direct_seconds: round(directSeconds),
      entities: direct.reduce((n, r) => n + r.entities.length, 0),
      identical_to_local_per_text: ec.texts_differing === 0,
      ...ec,
    };
    log(`equality run: ${JSON.stringify(out.equality)}`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--serve') {
  await serve(JSON.parse(process.argv[3]) as EmulatorSpec);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      tps: { type: 'string' },
      'latency-ms': { type: 'string' },
      'skip-equality': { type: 'boolean' },
    },
  });
  const result = await comprehendBench({
    rows: values.rows ? Number(values.rows) : undefined,
    tps: values.tps ? Number(values.tps) : undefined,
    latencyMs: values['latency-ms'] ? Number(values['latency-ms']) : undefined,
    skipEquality: values['skip-equality'],
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${JSON.stringify({ comprehend: result }, null, 2)}\n`);
}
