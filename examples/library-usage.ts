// redactflow as a library. Run from the repository root:
//   npx tsx examples/library-usage.ts [--flow flows/redact-pii.flow.yaml] [--out-dir out/library-example]
//
// 1. runFlow: run a flow file from code, with cancellation (AbortSignal) and progress callbacks, overriding its
//    output and audit paths.
// 2. createRedactor: ETL code that already holds its rows (from a database, an API, a DataFrame) redacts them
//    without any flow file, and gets one audit record per detected entity back.
// In your own project: `import { runFlow, createRedactor } from 'redactflow'`.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRedactor, runFlow } from '../src/index.ts';

const here = import.meta.dirname;

async function runDemoFlow(flowPath: string, outDir: string): Promise<void> {
  // Ctrl-C cancels the run cleanly: the runner stops reading, deletes the partial output and rejects.
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await runFlow(flowPath, {
      signal: controller.signal,
      onProgress: (p) => {
        process.stderr.write(`\r${p.rowsIn} rows read, ${p.rowsOut} written, ${p.seconds.toFixed(1)} s`);
      },
      output: join(outDir, 'redacted.csv'),
      audit: join(outDir, 'audit.jsonl'),
    });
    process.stderr.write('\n');
    // The summary counts entities by type × column × decision; it never holds a raw value.
    const redacted = Object.values(summary.counts)
      .flatMap((byColumn) => Object.values(byColumn))
      .reduce((n, d) => n + d.redacted, 0);
    console.log(
      JSON.stringify({
        flow: summary.flow.name,
        rows_in: summary.rows_in,
        rows_out: summary.rows_out,
        entities: summary.entities,
        redacted,
        counters: summary.counters,
        output: summary.output?.path,
        audit: summary.audit?.path,
      }),
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function redactOwnRows(): Promise<void> {
  // The options of a flow's `redact` step, without `columns` (given per call).
  const redactor = createRedactor({
    detector: { type: 'local', workers: 0 },
    min_score: 0.5,
    operator: { type: 'replace' },
    // Per-type override: emails are masked character by character instead of "[EMAIL]".
    entities: { EMAIL: { operator: { type: 'mask', char: '*' } } },
    // Our own support address is not PII.
    allow: ['support@example.com'],
  });
  const rows = [
    { id: 1, comment: 'Please call me back at (415) 867-2309 or write to jane.roe@example.org', amount: 12.5 },
    { id: 2, comment: 'Card 4111 1111 1111 1111 was charged twice; SSN on file 536-22-8726', amount: 99 },
    { id: 3, comment: 'Forwarded to support@example.com, no customer data here', amount: null },
    { id: 4, comment: null, amount: 3 },
  ];
  const { rows: redacted, records } = await redactor.redact(rows, ['comment']);
  for (const r of redacted) console.log(JSON.stringify(r));
  // Audit records carry positions, types, scores and decisions: safe to log or ship to a SIEM.
  for (const a of records) console.log(`row ${a.row} ${a.column} [${a.begin},${a.end}) ${a.type} ${a.score.toFixed(2)} ${a.decision}`);
  await redactor.close?.();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      flow: { type: 'string', default: join(here, '..', 'flows', 'redact-pii.flow.yaml') },
      'out-dir': { type: 'string', default: 'out/library-example' },
    },
  });
  await runDemoFlow(resolve(values.flow), resolve(values['out-dir']));
  await redactOwnRows();
}

main().catch((e: unknown) => {
  // RedactflowError messages name files, rows and columns, never cell content: safe to print.
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  process.exitCode = 1;
});
