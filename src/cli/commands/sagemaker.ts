// `redactflow sagemaker [--flow PATH]`: the SageMaker Processing container entrypoint (see
// src/sagemaker/processing-job.ts). JSON log lines on stdout (CloudWatch); exit 0 on success; on failure a short
// reason in <root>/output/message (no data), the usual error line on stderr, and a non-zero exit code.
import type { Command } from 'commander';
import { runProcessingJob } from '../../sagemaker/processing-job.ts';
import { writeFailureMessage, failureText } from '../../sagemaker/failure-message.ts';
import { processingRoot } from '../../sagemaker/processing-config.ts';
import { RedactflowError, isRedactflowError } from '../../errors.ts';
import { jsonLine } from '../output.ts';

export function register(program: Command): void {
  program
    .command('sagemaker')
    .description('run as a SageMaker Processing job: read /opt/ml/config, process this host\'s share, write host-unique outputs')
    .option('--flow <path>', 'flow file (default: $REDACTFLOW_FLOW, else the first flow file in the input channel named "flow")')
    .action(async (o: { flow?: string }) => {
      const root = processingRoot();
      const out = (event: string, fields?: Record<string, unknown>) => void process.stdout.write(jsonLine(event, fields));
      // StopProcessingJob sends SIGTERM: stop reading, abandon the run (outputs stay under temporary names).
      const stop = new AbortController();
      const onTerm = () => {
        out('stop_requested', { signal: 'SIGTERM' });
        stop.abort();
      };
      process.once('SIGTERM', onTerm);
      try {
        await runProcessingJob({ root, flow: o.flow, log: out, signal: stop.signal });
      } catch (e) {
        const err = isRedactflowError(e) ? e : new RedactflowError('INTERNAL', failureText(e).replace(/^redactflow \[INTERNAL\]: /, ''), { cause: e });
        const reason = stop.signal.aborted && err.code === 'ABORTED' ? new RedactflowError('ABORTED', 'stopped by SIGTERM (StopProcessingJob) before the run completed') : err;
        const path = await writeFailureMessage(root, reason).catch(() => null);
        out('job_failed', { code: reason.code, message: reason.message.split('\n')[0], message_file: path });
        throw reason;
      } finally {
        process.removeListener('SIGTERM', onTerm);
      }
    });
}
