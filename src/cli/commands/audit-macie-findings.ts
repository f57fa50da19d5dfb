// `redactflow audit macie-findings --bucket B --prefix P [--audit AUDIT] [--json]` (or `--from findings.json`):
// Macie's sensitive-data findings on redacted outputs, as residual detections by file, row and column, next
// to our own audit. Exit 1 when there are residual detections, 0 when none. Adds itself under the `audit`
// command registered by audit.ts (this module is listed after it), or creates `audit` when absent.
import type { Command } from 'commander';
import { RedactflowError } from '../../errors.ts';
import type { Finding } from '@aws-sdk/client-macie2';

interface Opts {
  bucket?: string;
  prefix?: string;
  from?: string;
  audit?: string;
  json?: boolean;
  headerRows: string;
  columnMap?: string[];
  region?: string;
  endpoint?: string;
}

export function register(program: Command): void {
  let audit = program.commands.find((c) => c.name() === 'audit');
  if (!audit) audit = program.command('audit').description('audit log tools');
  audit
    .command('macie-findings')
    .description('report Macie sensitive-data findings on redacted outputs (residual PII) by file, row and column, next to our audit')
    .option('--bucket <bucket>', 'S3 bucket of the redacted outputs')
    .option('--prefix <prefix>', 'key prefix of the redacted outputs', '')
    .option('--from <file>', 'read findings from this JSON file instead of calling Macie')
    .option('--audit <file>', 'our audit log (JSON Lines) to set next to each residual')
    .option('--column-map <out=in...>', 'output column written from an audited input column (redact output: {in: out})')
    .option('--header-rows <n>', 'header lines Macie counts in CSV rows', '1')
    .option('--json', 'print JSON')
    .option('--region <region>', 'AWS region (default AWS_REGION)')
    .option('--endpoint <url>', 'Macie endpoint URL')
    .action(async (opts: Opts) => {
      const headerRows = Number(opts.headerRows);
      if (!Number.isInteger(headerRows) || headerRows < 0) throw new RedactflowError('USAGE', '--header-rows: expected a non-negative integer');
      const columnMap: Record<string, string> = {};
      for (const m of opts.columnMap ?? []) {
        const [out, inp] = m.split('=');
        if (!out || !inp) throw new RedactflowError('USAGE', `--column-map ${m}: expected OUT=IN`);
        columnMap[out] = inp;
      }
      // The Macie SDK is loaded on use so other verbs start without it.
      const { createMacieClient } = await import('../../macie/macie-client.ts');
      const { attachAudit, fetchFindings, filterFindings, formatResiduals, readFindingsFile, residualDetections } = await import('../../macie/findings.ts');
      let findings: Finding[];
      if (opts.from) findings = filterFindings(await readFindingsFile(opts.from), { bucket: opts.bucket, prefix: opts.prefix });
      else {
        if (!opts.bucket) throw new RedactflowError('USAGE', 'audit macie-findings: --bucket is required unless --from is given');
        const client = createMacieClient(opts);
        try {
          findings = await fetchFindings(client, { bucket: opts.bucket, prefix: opts.prefix });
        } finally {
          client.destroy();
        }
      }
      const residuals = residualDetections(findings, { headerRows });
      if (opts.audit) await attachAudit(residuals, opts.audit, columnMap);
      const where = opts.bucket ? `s3://${opts.bucket}/${opts.prefix ?? ''}` : (opts.from ?? '');
      if (opts.json) process.stdout.write(JSON.stringify({ findings: findings.length, residuals }, null, 2) + '\n');
      else process.stdout.write(formatResiduals(residuals, findings.length, where));
      if (residuals.length) process.exitCode = 1;
    });
}
