// `redactflow audit <summarize|report|verify|diff|rescan|merge|lookup>`: the compliance reviewer's tools. Every
// output names files, rows, columns, offsets, types and scores — never a cell's content.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { summarizeAudit, formatSummary, textTable } from '../../audit/summarize.ts';
import { writeReport } from '../../audit/report.ts';
import { verifyAudit } from '../../audit/verify.ts';
import { diffAudits } from '../../audit/diff.ts';
import { rescanOutput } from '../../audit/rescan.ts';
import { mergeAudits } from '../../audit/merge.ts';
import { lookupFingerprints } from '../../audit/lookup.ts';
import { RedactflowError } from '../../errors.ts';

const out = (s: string) => process.stdout.write(s);
const json = (v: unknown) => out(JSON.stringify(v, null, 2) + '\n');

function number(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RedactflowError('USAGE', `${name} must be a number`, { exitCode: 2 });
  return n;
}

async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
}

export function register(program: Command): void {
  // Other modules add `audit` subcommands too (macie-findings): share one `audit` command whatever the order.
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit');
  audit.description('inspect, report on, verify, compare, rescan and merge audit logs');

  audit
    .command('summarize')
    .description('tables of an audit: counts by type × column × decision, score quantiles per type, near-misses')
    .argument('<audit>', 'audit file (JSON Lines or Parquet)')
    .option('--json', 'machine-readable JSON')
    .option('--near-miss-margin <m>', 'a kept entity within this much below its threshold is a near-miss', '0.2')
    .action(async (path: string, o: { json?: boolean; nearMissMargin?: string }) => {
      const stats = await summarizeAudit(path, { nearMissMargin: number('--near-miss-margin', o.nearMissMargin, 0.2) });
      if (o.json) json({ audit: path, ...stats.toJSON() });
      else out(formatSummary(path, stats.toJSON()));
    });

  audit
    .command('report')
    .description('write a self-contained HTML report (charts as inline SVG, no network) for an audit')
    .argument('<audit>', 'audit file (JSON Lines or Parquet)')
    .requiredOption('-o, --output <path>', 'HTML file to write')
    .option('--manifest <path>', 'manifest (default manifest.json beside the audit)')
    .option('--title <title>', 'report title')
    .action(async (path: string, o: { output: string; manifest?: string; title?: string }) => {
      await writeReport(path, o.output, { manifestPath: o.manifest, title: o.title });
      out(`report: ${o.output}\n`);
    });

  audit
    .command('verify')
    .description('recompute the hash chain and manifest hashes; with --input/--output, check every redacted span against the output and that no cell changed without a record (exit 1 at the first discrepancy)')
    .argument('<audit>', 'audit file')
    .option('--input <path>', 'the input the run read')
    .option('--output <path>', 'the output the run wrote')
    .option('--manifest <path>', 'manifest (default manifest.json beside the audit)')
    .option('--flow <path>', 'flow file (default: the path recorded in the manifest; its SHA-256 must match)')
    .option('--json', 'machine-readable result')
    .action(async (path: string, o: { input?: string; output?: string; manifest?: string; flow?: string; json?: boolean }) => {
      if (o.input !== undefined && o.output === undefined) throw new RedactflowError('USAGE', '--input needs --output', { exitCode: 2 });
      const r = await verifyAudit({ auditPath: path, inputPath: o.input, outputPath: o.output, manifestPath: o.manifest, flowPath: o.flow });
      if (o.json) json(r);
      if (!r.ok) {
        if (!o.json) process.stderr.write(`redactflow: audit verify: ${r.discrepancy!.kind}: ${r.discrepancy!.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (!o.json) {
        const scope = r.checked.output ? `chain, manifest and output (${r.rows} rows, ${r.cells} cells)` : 'chain and manifest; pass --input and --output to check the output';
        out(`verified: ${r.records} records, ${scope}\n`);
      }
    });

  audit
    .command('diff')
    .description('what audit B redacts more or less than audit A, by type and column (threshold/detector tuning)')
    .argument('<auditA>', 'baseline audit')
    .argument('<auditB>', 'changed audit')
    .option('--json', 'machine-readable JSON')
    .action(async (a: string, b: string, o: { json?: boolean }) => {
      const d = await diffAudits(a, b);
      if (o.json) {
        json(d);
        return;
      }
      const rows: (string | number)[][] = [];
      for (const [t, byCol] of Object.entries(d.by_type_column)) {
        for (const [c, x] of Object.entries(byCol)) rows.push([t, c, x.more_redacted, x.less_redacted, x.same_redacted, x.same_kept, x.only_a, x.only_b]);
      }
      const tt = d.totals;
      out(`A ${a}: ${d.a.records} records; B ${b}: ${d.b.records} records\n`);
      out(`B redacts ${tt.more_redacted} more and ${tt.less_redacted} fewer entities than A\n\n`);
      out(textTable(['type', 'column', 'more_redacted', 'less_redacted', 'same_redacted', 'same_kept', 'only_a', 'only_b'], rows));
      const thr: (string | number)[][] = [];
      for (const t of new Set([...Object.keys(d.a.thresholds), ...Object.keys(d.b.thresholds)])) {
        const ta = (d.a.thresholds[t] ?? []).join(',');
        const tb = (d.b.thresholds[t] ?? []).join(',');
        if (ta !== tb) thr.push([t, ta || '-', tb || '-']);
      }
      if (thr.length) out('\n' + textTable(['type', 'threshold_a', 'threshold_b'], thr.sort()));
      const tr = Object.entries(d.transitions).sort();
      if (tr.length) out('\n' + textTable(['decision A→B', 'records'], tr));
    });

  audit
    .command('rescan')
    .description('run a detector over a redacted output and report residual PII by file/row/column/type (exit 1 if any at or above --min-score)')
    .argument('<output>', 'redacted output file (any supported format)')
    .option('--detector <type>', 'detector to use (local, comprehend, ...)', 'local')
    .option('--columns <list>', 'comma-separated columns (default every text column)')
    .option('--min-score <s>', 'report residuals at or above this score', '0.5')
    .option('--json', 'machine-readable JSON')
    .action(async (output: string, o: { detector: string; columns?: string; minScore?: string; json?: boolean }) => {
      const r = await rescanOutput({
        output,
        detector: o.detector,
        columns: o.columns?.split(',').map((c) => c.trim()).filter(Boolean),
        minScore: number('--min-score', o.minScore, 0.5),
      });
      if (o.json) json(r);
      else {
        out(`rescan ${output} with ${r.detector.name} ${r.detector.version}: ${r.rows} rows, ${r.cells} text cells, ${r.residuals} residual entities at score >= ${r.min_score}\n`);
        const rows: (string | number)[][] = [];
        for (const [t, byCol] of Object.entries(r.counts).sort()) for (const [c, n] of Object.entries(byCol).sort()) rows.push([t, c, n]);
        if (rows.length) out('\n' + textTable(['type', 'column', 'residuals'], rows));
        if (r.listed.length) {
          out('\n' + textTable(['file', 'row', 'column', 'type', 'begin', 'end', 'score'], r.listed.slice(0, 50).map((x) => [x.file, x.row, x.column, x.type, x.begin, x.end, x.score])));
          if (r.residuals > 50) out(`(first 50 of ${r.residuals}; --json lists up to 1000)\n`);
        }
      }
      if (r.residuals > 0) process.exitCode = 1;
    });

  audit
    .command('merge')
    .description("merge several hosts' audits (each verified) into one re-chained audit with a merged manifest")
    .argument('<audits...>', 'audit files, in order (each with its manifest.json beside it)')
    .requiredOption('-o, --output <path>', 'merged audit (.jsonl or .parquet); manifest.json is written beside it')
    .action(async (parts: string[], o: { output: string }) => {
      const r = await mergeAudits({ parts, output: resolve(o.output) });
      out(`merged ${parts.length} audits: ${r.records} records into ${o.output} (manifest ${r.manifestPath}, head ${r.head})\n`);
    });

  audit
    .command('lookup')
    .description('find the records of given values by keyed fingerprint; values are read from stdin, one per line (never echoed)')
    .argument('<audit>', 'audit written with audit.fingerprint_key_env')
    .requiredOption('--key-env <name>', 'environment variable holding the fingerprint key of the run')
    .option('--json', 'machine-readable JSON')
    .action(async (path: string, o: { keyEnv: string; json?: boolean }) => {
      const key = process.env[o.keyEnv];
      if (!key) throw new RedactflowError('REDACTION_KEY_MISSING', `${o.keyEnv} is not set`, { exitCode: 2 });
      const values = await readStdinLines();
      const r = await lookupFingerprints(path, values, key);
      if (o.json) {
        json(r);
        return;
      }
      if (r.fingerprinted === 0) out(`${path}: no record carries a fingerprint (the run had no audit.fingerprint_key_env)\n`);
      for (let i = 1; i <= values.length; i++) {
        const hits = r.hits.filter((h) => h.value === i);
        const redacted = hits.filter((h) => h.decision === 'redacted').length;
        out(`value ${i}: ${hits.length} records, ${redacted} redacted${hits.length > redacted ? `, ${hits.length - redacted} NOT redacted` : ''}\n`);
        for (const h of hits) out(`  ${h.file} row ${h.row} column ${h.column} ${h.type} ${h.decision}\n`);
      }
    });
}
