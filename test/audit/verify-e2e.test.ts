// End to end on real runs of a real flow (local detector, bundled example data): the audit chain, manifest and
// output verify; flipping one byte anywhere in the audit, deleting a record, or editing an output cell is caught;
// merged multi-host audits verify; summarize, diff, rescan and lookup work through the real CLI.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, mkdir, readFile, writeFile, copyFile, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { runFlow, preRedactionBatches } from '../../src/flow/run-flow.ts';
import { loadFlow } from '../../src/flow/load-flow.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import { readAudit } from '../../src/audit/read-audit.ts';
import { readManifest } from '../../src/audit/manifest.ts';
import { sha256File } from '../../src/audit/file-digest.ts';
import { mergeAudits } from '../../src/audit/merge.ts';
import { diffAudits } from '../../src/audit/diff.ts';
import { rescanOutput } from '../../src/audit/rescan.ts';
import { summarizeAudit, formatSummary } from '../../src/audit/summarize.ts';
import { sortedCounts } from '../../src/audit/audit-stats.ts';
import type { AuditRecord } from '../../src/audit/audit-record.ts';
import type { RunSummary } from '../../src/run-summary.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { runCli, bin, repoRoot } from '../helpers/cli.ts';

const FP_ENV = 'RF_AUDIT_TEST_FP_KEY';
process.env[FP_ENV] = 'test-fingerprint-key-0123456789abcdef';

const flowYaml = (minScore: number, nameScore: number) => `version: 1
name: audit-e2e
source: { path: ./in-a.csv, format: csv }
steps:
  - sample: { size: 25, seed: 3 }
  - combine_columns:
      output: pii_col
      template: "{customer_name} lives at {billing_street}, email {customer_email}"
      nulls: empty
  - redact:
      columns: [pii_col]
      output: { pii_col: pii_redacted }
      detector: { type: local, workers: 0 }
      min_score: ${minScore}
      entities: { NAME: { min_score: ${nameScore} } }
  - redact:
      columns: [customer_email, phone, ssn, note]
      detector: { type: local, workers: 0 }
      min_score: ${minScore}
      operator: { type: mask }
  - drop: { columns: [pii_col] }
sink: { path: ./out-a/out.csv }
audit: { path: ./out-a/audit.jsonl, fingerprint_key_env: ${FP_ENV} }
`;

let dir: string;
let flowPath: string;
let inA: string;
let inB: string;
const A = { out: '', audit: '' };
const B = { out: '', audit: '' };
let summaryA: RunSummary;
let truthEmails: string[];

async function readRecords(path: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of readAudit(path)) out.push(r);
  return out;
}

/** A copy of an audit with its manifest and summary in a fresh folder, to tamper with. */
async function copyRun(auditPath: string, name: string): Promise<string> {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  const src = join(auditPath, '..');
  const base = auditPath.slice(src.length + 1);
  for (const f of [base, 'manifest.json', 'summary.json']) await copyFile(join(src, f), join(d, f)).catch(() => undefined);
  return join(d, base);
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-audit-e2e-'));
  const lines = (await readFile(join(repoRoot, 'examples/data/customers.csv'), 'utf8')).split('\n');
  // 60 real example rows (no embedded newlines in the first rows of the generated data), split as two hosts' shards.
  const parsed = Papa.parse<string[]>(lines.slice(0, 400).join('\n'), { skipEmptyLines: true });
  const rows = parsed.data.slice(1, 61);
  inA = join(dir, 'in-a.csv');
  inB = join(dir, 'in-b.csv');
  await writeFile(inA, Papa.unparse([parsed.data[0], ...rows.slice(0, 30)]) + '\n');
  await writeFile(inB, Papa.unparse([parsed.data[0], ...rows.slice(30)]) + '\n');
  const emailCol = parsed.data[0].indexOf('customer_email');
  truthEmails = rows.slice(0, 30).map((r) => r[emailCol]);
  flowPath = join(dir, 'audit-e2e.flow.yaml');
  await writeFile(flowPath, flowYaml(0.5, 0.7));
  summaryA = await runFlow(flowPath);
  A.out = join(dir, 'out-a/out.csv');
  A.audit = join(dir, 'out-a/audit.jsonl');
  B.out = join(dir, 'out-b/out.csv');
  B.audit = join(dir, 'out-b/audit.jsonl');
  await runFlow(flowPath, { input: inB, output: B.out, audit: B.audit });
});

describe('run artifacts', () => {
  it('writes a hash-chained audit with fingerprints and a manifest that ties audit, summary, input, flow and output together', async () => {
    const m = await readManifest(join(dir, 'out-a/manifest.json'));
    const records = await readRecords(A.audit);
    expect(records.length).toBeGreaterThan(20);
    expect(records.length).toBe(summaryA.entities);
    expect(m.kind).toBe('run');
    expect(m.run_id).toBe(summaryA.run_id);
    expect(m.chain.records).toBe(records.length);
    expect(m.chain.head).toBe(records.at(-1)!.hash);
    expect(records[0].prev).toBe(m.chain.genesis);
    for (let i = 1; i < records.length; i++) expect(records[i].prev).toBe(records[i - 1].hash);
    expect(m.audit.sha256).toBe((await sha256File(A.audit)).sha256);
    expect(m.summary?.sha256).toBe((await sha256File(join(dir, 'out-a/summary.json'))).sha256);
    expect(m.outputs[0].sha256).toBe((await sha256File(A.out)).sha256);
    expect(m.outputs[0].bytes).toBe((await readFile(A.out)).length);
    expect(m.inputs[0].sha256).toBe((await sha256File(inA)).sha256);
    expect(m.flow?.sha256).toBe((await loadFlow(flowPath)).sha256);
    expect(m.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    // NAME has its own threshold in the first redact step, the global one in the second.
    expect(m.thresholds.NAME).toEqual([0.5, 0.7]);
    expect(m.counts).toEqual(sortedCounts(summaryA.counts));
    expect(m.timings?.rows_out).toBe(25);
    expect(m.fingerprint).toEqual({ algorithm: 'hmac-sha256', key_env: FP_ENV });
    expect(records.every((r) => /^[0-9a-f]{64}$/.test(r.fingerprint ?? ''))).toBe(true);
    const html = await readFile(join(dir, 'out-a/report.html'), 'utf8');
    expect(html).toContain(summaryA.run_id);
  });
});

describe('JSON Schemas (schemas/*.v1.json)', () => {
  it('describe the records and manifests a real run writes, and reject a record carrying a value', async () => {
    const recordSchema = z.fromJSONSchema(JSON.parse(await readFile(join(repoRoot, 'schemas/audit-record.v1.json'), 'utf8')));
    const manifestSchema = z.fromJSONSchema(JSON.parse(await readFile(join(repoRoot, 'schemas/manifest.v1.json'), 'utf8')));
    const records = await readRecords(A.audit);
    for (const r of records) expect(recordSchema.safeParse(r).success).toBe(true);
    expect(recordSchema.safeParse({ ...records[0], value: 'ana@example.com' }).success).toBe(false);
    expect(recordSchema.safeParse({ ...records[0], decision: 'maybe' }).success).toBe(false);
    const m = JSON.parse(await readFile(join(dir, 'out-a/manifest.json'), 'utf8')) as unknown;
    expect(manifestSchema.safeParse(m).success).toBe(true);
  });
});

describe('audit verify', () => {
  it('verifies an untouched run through the CLI (chain, manifest, every cell of the output)', async () => {
    const r = await runCli(['audit', 'verify', '--input', inA, '--output', A.out, A.audit]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verified: \d+ records, chain, manifest and output \(25 rows, \d+ cells\)/);
  });

  it('catches one flipped byte anywhere in the audit (seeded sample of positions, first and last byte)', async () => {
    const audit = await copyRun(A.audit, 'flip');
    const original = await readFile(audit);
    const rnd = mulberry32(42);
    const positions = [0, original.length - 1, original.indexOf(0x0a), ...Array.from({ length: 60 }, () => Math.floor(rnd() * original.length))];
    const kinds = new Set<string>();
    for (const pos of positions) {
      const bytes = Buffer.from(original);
      bytes[pos] ^= 1 << Math.floor(rnd() * 7);
      await writeFile(audit, bytes);
      const r = await verifyAudit({ auditPath: audit });
      expect(r.ok, `flip at byte ${pos}`).toBe(false);
      kinds.add(r.discrepancy!.kind);
    }
    await writeFile(audit, original);
    expect((await verifyAudit({ auditPath: audit })).ok).toBe(true);
    expect([...kinds].every((k) => ['record_hash', 'chain_broken', 'audit_unreadable', 'audit_hash', 'run_id', 'record_count'].includes(k))).toBe(true);
    expect(kinds.has('record_hash')).toBe(true);
  });

  it('catches a deleted record (first, middle, last) and reports where', async () => {
    const audit = await copyRun(A.audit, 'delete');
    const lines = (await readFile(audit, 'utf8')).split('\n').filter(Boolean);
    const expectations: [number, string][] = [
      [0, 'chain_broken'],
      [Math.floor(lines.length / 2), 'chain_broken'],
      [lines.length - 1, 'record_count'],
    ];
    for (const [i, kind] of expectations) {
      await writeFile(audit, lines.filter((_, k) => k !== i).join('\n') + '\n');
      const r = await verifyAudit({ auditPath: audit });
      expect(r.ok).toBe(false);
      expect(r.discrepancy!.kind).toBe(kind);
      if (kind === 'chain_broken') expect(r.discrepancy!.record).toBe(i + 1);
      if (i === 0) {
        const cli = await runCli(['audit', 'verify', audit]);
        expect(cli.code).toBe(1);
        expect(cli.stderr).toContain(`${kind}: chain broken before file `);
      }
    }
  });

  it('catches an edited output cell: by the output hash, and cell by cell when the manifest hash was forged too', async () => {
    const d = join(dir, 'edit');
    await mkdir(d, { recursive: true });
    const out = join(d, 'out.csv');
    const parsed = Papa.parse<Record<string, string>>(await readFile(A.out, 'utf8'), { header: true, skipEmptyLines: true });
    const fields = parsed.meta.fields!;
    // Pre-redaction rows in output order, to know which output row holds which source row.
    const pre: { row: number; values: Record<string, unknown> }[] = [];
    for await (const b of preRedactionBatches(await loadFlow(flowPath), {})) b.rows.forEach((r, i) => pre.push({ row: b.rowNumbers[i], values: r }));
    const redactedEmail = (await readRecords(A.audit)).find((r) => r.column === 'customer_email' && r.decision === 'redacted')!;
    const at = pre.findIndex((p) => p.row === redactedEmail.row);
    const originalEmail = String(pre[at].values.customer_email);
    const forged = join(d, 'manifest.json');
    const m = await readManifest(join(dir, 'out-a/manifest.json'));
    await writeFile(forged, JSON.stringify({ ...m, outputs: m.outputs.map((o) => ({ ...o, sha256: null })) }));

    // 1. Un-redact a redacted email.
    const unredacted = parsed.data.map((r, i) => (i === at ? { ...r, customer_email: originalEmail } : r));
    await writeFile(out, Papa.unparse(unredacted, { columns: fields }) + '\n');
    const r0 = await verifyAudit({ auditPath: A.audit, inputPath: inA, outputPath: out });
    expect(r0.discrepancy?.kind).toBe('output_hash');
    const r1 = await verifyAudit({ auditPath: A.audit, inputPath: inA, outputPath: out, manifestPath: forged });
    expect(r1.ok).toBe(false);
    expect(r1.discrepancy).toMatchObject({ kind: 'span_not_redacted', row: redactedEmail.row, column: 'customer_email', type: 'EMAIL', file: redactedEmail.file });
    expect(r1.discrepancy!.message).not.toContain(originalEmail);
    const cli2 = await runCli(['audit', 'verify', '--manifest', forged, '--input', inA, '--output', out, A.audit]);
    expect(cli2.code).toBe(1);
    expect(cli2.stderr).toContain(`row ${redactedEmail.row}, column customer_email`);
    expect(cli2.stderr).not.toContain(originalEmail);

    // 2. Change a cell nothing was redacted in.
    const edited = parsed.data.map((r, i) => (i === 3 ? { ...r, billing_city: r.billing_city + 'x' } : r));
    await writeFile(out, Papa.unparse(edited, { columns: fields }) + '\n');
    const r2 = await verifyAudit({ auditPath: A.audit, inputPath: inA, outputPath: out, manifestPath: forged });
    expect(r2.discrepancy).toMatchObject({ kind: 'changed_without_record', row: pre[3].row, column: 'billing_city' });

    // 3. Drop a row.
    await writeFile(out, Papa.unparse(parsed.data.slice(0, -1), { columns: fields }) + '\n');
    const r3 = await verifyAudit({ auditPath: A.audit, inputPath: inA, outputPath: out, manifestPath: forged });
    expect(r3.discrepancy?.kind).toBe('row_count');

    // The untouched output passes the cell-by-cell check with the forged manifest.
    await writeFile(out, Papa.unparse(parsed.data, { columns: fields }) + '\n');
    const ok = await verifyAudit({ auditPath: A.audit, inputPath: inA, outputPath: out, manifestPath: forged });
    expect(ok).toMatchObject({ ok: true, rows: 25 });
  });

  it('refuses an input that is not the one the run read, accepts a copy of it elsewhere', async () => {
    const r = await verifyAudit({ auditPath: A.audit, inputPath: inB, outputPath: A.out });
    expect(r.discrepancy?.kind).toBe('input_hash');
    await mkdir(join(dir, 'reviewer'), { recursive: true });
    const copy = join(dir, 'reviewer/customers-copy.csv');
    await copyFile(inA, copy);
    expect(await verifyAudit({ auditPath: A.audit, inputPath: copy, outputPath: A.out })).toMatchObject({ ok: true, rows: 25 });
  });
});

describe('Parquet audits', () => {
  it('stream to Parquet, verify against the output, and a flipped byte is caught', async () => {
    const audit = join(dir, 'out-p/audit.parquet');
    const out = join(dir, 'out-p/out.csv');
    const s = await runFlow(flowPath, { output: out, audit });
    const head = await readAudit(audit).next();
    expect(head.value?.prev).toBeDefined();
    expect((await readFile(audit)).subarray(0, 4).toString()).toBe('PAR1');
    const ok = await verifyAudit({ auditPath: audit, inputPath: inA, outputPath: out });
    expect(ok).toMatchObject({ ok: true, records: s.entities });
    const bytes = await readFile(audit);
    const copy = await copyRun(audit, 'flip-parquet');
    const rnd = mulberry32(7);
    for (const pos of [0, 5, bytes.length - 1, ...Array.from({ length: 12 }, () => Math.floor(rnd() * bytes.length))]) {
      const flipped = Buffer.from(bytes);
      flipped[pos] ^= 0x10;
      await writeFile(copy, flipped);
      expect((await verifyAudit({ auditPath: copy })).ok, `flip at byte ${pos}`).toBe(false);
    }
  });
});

describe('audit merge', () => {
  it("merges two hosts' audits into one re-chained audit that verify accepts, per host output", async () => {
    const merged = join(dir, 'merged/audit.jsonl');
    const cli = await runCli(['audit', 'merge', A.audit, B.audit, '-o', merged]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const m = await readManifest(join(dir, 'merged/manifest.json'));
    const a = await readRecords(A.audit);
    const b = await readRecords(B.audit);
    expect(m.kind).toBe('merged');
    expect(m.parts?.map((p) => p.chain_head)).toEqual([a.at(-1)!.hash, b.at(-1)!.hash]);
    expect(m.chain.records).toBe(a.length + b.length);
    expect(m.outputs.length).toBe(2);
    const manifestSchema = z.fromJSONSchema(JSON.parse(await readFile(join(repoRoot, 'schemas/manifest.v1.json'), 'utf8')));
    expect(manifestSchema.safeParse(JSON.parse(await readFile(join(dir, 'merged/manifest.json'), 'utf8'))).success).toBe(true);
    const all = await readRecords(merged);
    expect(all.map((r) => [r.file, r.row, r.type])).toEqual([...a, ...b].map((r) => [r.file, r.row, r.type]));
    expect((await verifyAudit({ auditPath: merged })).ok).toBe(true);
    const perHost = await runCli(['audit', 'verify', '--input', inB, '--output', B.out, merged]);
    expect(perHost.stderr).toBe('');
    expect(perHost.code).toBe(0);
    // The merged chain is tamper-evident too.
    const lines = (await readFile(merged, 'utf8')).split('\n').filter(Boolean);
    await writeFile(merged, [...lines.slice(0, 5), ...lines.slice(6)].join('\n') + '\n');
    expect((await verifyAudit({ auditPath: merged })).discrepancy?.kind).toBe('chain_broken');
  });

  it('refuses a part that does not verify', async () => {
    const bad = await copyRun(B.audit, 'bad-part');
    const lines = (await readFile(bad, 'utf8')).split('\n').filter(Boolean);
    await writeFile(bad, lines.slice(1).join('\n') + '\n');
    await expect(mergeAudits({ parts: [A.audit, bad], output: join(dir, 'merged-bad/audit.jsonl') })).rejects.toThrow(/does not verify/);
  });
});

describe('summarize, diff, rescan, lookup', () => {
  it('summarize --json matches the manifest; the text form prints the tables', async () => {
    const j = await runCli(['audit', 'summarize', '--json', A.audit]);
    expect(j.code).toBe(0);
    const s = JSON.parse(j.stdout) as { records: number; counts: unknown; scores: Record<string, { p50: number; thresholds: number[] }> };
    const m = await readManifest(join(dir, 'out-a/manifest.json'));
    expect(s.records).toBe(m.chain.records);
    expect(s.counts).toEqual(m.counts);
    expect(s.scores.NAME.thresholds).toEqual([0.5, 0.7]);
    const t = formatSummary(A.audit, (await summarizeAudit(A.audit)).toJSON());
    expect(t).toMatch(/type\s+column\s+redacted\s+below_threshold\s+allow_listed\s+type_not_selected/);
    expect(t).toMatch(/type\s+n\s+min\s+p10\s+p50\s+p90\s+p99\s+max\s+threshold/);
  });

  it('diff shows what a stricter threshold redacts less, by type and column, consistent with the records', async () => {
    const strict = join(dir, 'strict.flow.yaml');
    await writeFile(strict, flowYaml(0.9, 0.95).replaceAll('out-a', 'out-strict'));
    await runFlow(strict);
    const sAudit = join(dir, 'out-strict/audit.jsonl');
    const d = await diffAudits(A.audit, sAudit);
    const a = await readRecords(A.audit);
    const s = await readRecords(sAudit);
    const k = (r: AuditRecord) => [r.file, r.row, r.column, r.begin, r.end, r.type].join('|');
    const sMap = new Map(s.map((r) => [k(r), r.decision]));
    const less = a.filter((r) => r.decision === 'redacted' && sMap.get(k(r)) !== 'redacted').length;
    expect(less).toBeGreaterThan(0);
    expect(d.totals.less_redacted).toBe(less);
    expect(d.totals.more_redacted).toBe(0);
    expect(d.b.thresholds.NAME).toEqual([0.9, 0.95]);
    const cli = await runCli(['audit', 'diff', A.audit, sAudit]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`B redacts 0 more and ${less} fewer entities than A`);
    expect(cli.stdout).toMatch(/NAME\s+0\.5,0\.7\s+0\.9,0\.95/);
  });

  it('rescan finds residual PII in unredacted data (exit 1, no content) and none in the masked columns', async () => {
    const raw = await runCli(['audit', 'rescan', '--json', '--columns', 'customer_email,ssn', inA]);
    expect(raw.code).toBe(1);
    const j = JSON.parse(raw.stdout) as { residuals: number; counts: Record<string, Record<string, number>>; listed: { row: number; column: string; type: string }[] };
    expect(j.counts.EMAIL.customer_email).toBe(30);
    expect(j.listed.some((x) => x.type === 'SSN' && x.column === 'ssn')).toBe(true);
    for (const e of truthEmails) expect(raw.stdout).not.toContain(e);
    // The masked columns hold nothing a detector finds (the tokens' stars are not PII).
    const clean = await rescanOutput({ output: A.out, columns: ['customer_email', 'ssn'] });
    expect(clean.cells).toBe(50);
    expect(clean.residuals).toBe(0);
  });

  it('lookup finds where a value was redacted by its keyed fingerprint, reading values from stdin', async () => {
    const records = await readRecords(A.audit);
    const target = records.find((r) => r.column === 'customer_email' && r.decision === 'redacted')!;
    const pre: Record<number, string> = {};
    for await (const b of preRedactionBatches(await loadFlow(flowPath), {})) b.rows.forEach((r, i) => (pre[b.rowNumbers[i]] = String(r.customer_email)));
    const email = pre[target.row];
    const r = await new Promise<{ code: number | null; stdout: string }>((res) => {
      const child = spawn(process.execPath, [bin, 'audit', 'lookup', '--key-env', FP_ENV, A.audit], { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (x) => (stdout += x));
      child.on('close', (code) => res({ code, stdout }));
      child.stdin.end(`${email}\nnobody@example.invalid\n`);
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(email);
    expect(r.stdout).toMatch(/value 1: [1-9]\d* records, [1-9]\d* redacted/);
    expect(r.stdout).toContain(`row ${target.row} column customer_email EMAIL redacted`);
    expect(r.stdout).toContain('value 2: 0 records, 0 redacted');
  });
});
