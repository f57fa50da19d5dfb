// `redactflow run FLOW [--input P] [--output P] [--audit P] [--detector TYPE] [--dry-run]`
import type { Command } from 'commander';
import { defaultLogFormat, jsonLine, progressLine, summaryTable, type LogFormat } from '../output.ts';

interface RunCliOptions {
  input?: string;
  output?: string;
  audit?: string;
  detector?: string;
  dryRun?: boolean;
  logFormat?: LogFormat;
  batchSize?: string;
  resume?: boolean;
  checkpoint?: string | boolean;
  progressSeconds?: string;
  runId?: string;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a flow: read the source, apply the steps, write the output, the audit and the summary')
    .argument('<flow>', 'flow file (YAML or JSON; a Data Wrangler .flow is converted on the fly)')
    .option('--input <path>', "read this file instead of the flow's source")
    .option('--output <path>', "write here instead of the flow's sink (format from the extension)")
    .option('--audit <path>', "write the audit log here instead of the flow's audit path")
    .option('--detector <type>', "use this detector in every redact step (local, comprehend, macie_custom)")
    .option('--dry-run', 'count rows, requests, bytes, billed units and estimated cost; call nothing, write nothing')
    .option('--batch-size <n>', 'rows per batch')
    .option('--checkpoint [dir]', 'commit work as it goes so a killed run can --resume (default folder: beside the output)')
    .option('--resume', 'continue an interrupted run from its checkpoint; never re-sends finished batches to a detector')
    .option('--run-id <id>', 'run id recorded in the audit (default a new UUID; a resumed run keeps its own)')
    .option('--progress-seconds <n>', 'seconds between progress lines in JSON log mode (default 10)')
    .option('--log-format <format>', 'text (progress + table; default on a TTY) or json (JSON lines on stdout)')
    .action(async (flowPath: string, o: RunCliOptions) => {
      const format: LogFormat = o.logFormat === 'json' || o.logFormat === 'text' ? o.logFormat : defaultLogFormat();
      // Loaded on use so `--help` and other verbs start fast.
      const { runFlow } = await import('../../flow/run-flow.ts');
      const { loadFlow } = await import('../../flow/load-flow.ts');
      const flow = await loadFlow(flowPath);
      const out = (s: string) => process.stdout.write(s);
      const log = (event: string, fields?: Record<string, unknown>) => {
        if (format === 'json') out(jsonLine(event, fields));
        else if (event === 'warning') process.stderr.write(`warning: ${String(fields?.message ?? '')}\n`);
      };
      if (format === 'json') out(jsonLine('run_started', { flow: flow.path, flow_sha256: flow.sha256, dry_run: !!o.dryRun }));
      let lastJson = 0;
      const every = o.progressSeconds ? Number(o.progressSeconds) : 10;
      const tty = format === 'text' && process.stderr.isTTY;
      // SIGTERM (SageMaker StopProcessingJob) and Ctrl-C: stop taking batches; committed work stays resumable.
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (stop.signal.aborted) return;
        process.stderr.write(`redactflow: ${sig} received, stopping after the batch in flight\n`);
        stop.abort();
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      const summary = await runFlow(flow, {
        signal: stop.signal,
        resume: o.resume,
        runId: o.runId,
        checkpoint: o.checkpoint,
        input: o.input,
        output: o.output,
        audit: o.audit,
        detector: o.detector,
        dryRun: o.dryRun,
        batchSize: o.batchSize ? Number(o.batchSize) : undefined,
        log,
        onProgress: (p) => {
          if (tty) process.stderr.write(progressLine(p));
          else if (format === 'json' && p.seconds - lastJson >= every) {
            lastJson = p.seconds;
            out(jsonLine('progress', {
              rows_in: p.rowsIn, rows_out: p.rowsOut, seconds: p.seconds, rows_per_second: Math.round(p.rate),
              ...(p.fraction !== undefined ? { fraction: Math.round(p.fraction * 1000) / 1000 } : {}),
              ...(p.etaSeconds !== undefined ? { eta_seconds: Math.round(p.etaSeconds) } : {}),
            }));
          }
        },
      }).finally(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      });
      if (tty) process.stderr.write('\n');
      if (format === 'json') {
        out(jsonLine(o.dryRun ? 'dry_run_completed' : 'run_completed', {
          run_id: summary.run_id, rows_in: summary.rows_in, rows_out: summary.rows_out, rows_quarantined: summary.rows_quarantined,
          entities: summary.entities, seconds: summary.seconds, rows_per_second: summary.rows_per_second,
          output: summary.output?.path ?? null, audit: summary.audit?.path ?? null, detectors: summary.detectors,
        }));
      } else {
        if (o.dryRun) out(`dry run: nothing was called or written\n`);
        out(summaryTable(summary));
      }
    });
}
