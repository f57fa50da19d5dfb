// CLI entry: one file per verb in commands/, each exporting `register(program)`. Exit codes: 0 ok, 1 run failed,
// 2 usage or invalid flow. Errors print their message (which never holds cell content) and code.
import { Command, CommanderError } from 'commander';
import { isRedactflowError } from '../errors.ts';
import { commandModules } from './commands/index.ts';
import { VERSION } from '../version.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('redactflow')
    .description('PII redaction for tables: declarative flows, local or Amazon Comprehend detection, audit trail')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  for (const m of commandModules) m.register(program);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (isRedactflowError(e)) {
      process.stderr.write(`redactflow: error [${e.code}]: ${e.message}\n`);
      return e.exitCode;
    }
    // A foreign error's message may quote data (a library echoing a value): print where it came from, not what it
    // says, unless REDACTFLOW_DEBUG is set on a machine where that is acceptable.
    const err = e as Error;
    const where = /\n\s+at [^\n]*?([^/\s(]+:\d+:\d+)\)?/.exec(err?.stack ?? '')?.[1] ?? 'unknown location';
    const detail = process.env.REDACTFLOW_DEBUG ? `: ${err?.message ?? String(e)}` : ` at ${where} (set REDACTFLOW_DEBUG=1 for its message)`;
    process.stderr.write(`redactflow: internal error: ${err?.name ?? 'Error'}${detail}\n`);
    return 1;
  }
}
