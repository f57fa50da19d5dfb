// The demo (`npm run demo`: flows/redact-pii.flow.yaml on the bundled 2,000-row example table) as a real CLI
// process: sample size, ground-truth PII gone from the output, audit records = entities detected, and no audit
// record, log line or error message carrying a raw ground-truth value — also when the input is malformed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TruthRecord } from '../examples/generate-customers.ts';
import type { RunSummary } from '../src/run-summary.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CSV = join(ROOT, 'examples', 'data', 'customers.csv');
const FLOW = 'flows/redact-pii.flow.yaml';
const dir = mkdtempSync(join(tmpdir(), 'redactflow-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Proc> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['bin/redactflow.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const sourceText = readFileSync(CSV, 'utf8');
const source = Papa.parse<Record<string, string>>(sourceText, { header: true, skipEmptyLines: true }).data;
const truth = readFileSync(`${CSV}.truth.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as TruthRecord);
const rowByEventId = new Map(source.map((r, i) => [r.EVENT_ID, i]));

/** The types the demo promises to remove everywhere (columns and note). */
const STRICT_COLUMNS = ['customer_email', 'ssn', 'card_number', 'phone', 'ip_address'] as const;
const STRICT_TYPES = new Set(['EMAIL', 'SSN', 'CREDIT_DEBIT_NUMBER', 'PHONE', 'IP_ADDRESS']);

function strictValues(t: TruthRecord): string[] {
  const v: string[] = [];
  for (const c of STRICT_COLUMNS) if (t.values[c]) v.push(t.values[c]!);
  for (const s of t.note_spans) if (STRICT_TYPES.has(s.type)) v.push(s.text);
  return v;
}

/** Every raw PII value of a row (names and streets too); short first names could match words by chance. */
function allValues(t: TruthRecord): string[] {
  return [...Object.values(t.values), ...t.note_spans.map((s) => s.text)].filter((v): v is string => !!v && v.length >= 6);
}

/** All string leaves of a JSON value (audit records carry no free text, so this is a small set). */
function stringLeaves(v: unknown, into: Set<string>): void {
  if (typeof v === 'string') into.add(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, into);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      into.add(k);
      stringLeaves(x, into);
    }
}

/** Values found in the haystacks. Index by a fixed-length prefix: one pass over each haystack, however many values. */
function leaked(haystacks: Iterable<string>, values: readonly string[]): string[] {
  const k = Math.min(...values.map((v) => v.length));
  const byPrefix = new Map<string, string[]>();
  for (const v of values) byPrefix.set(v.slice(0, k), [...(byPrefix.get(v.slice(0, k)) ?? []), v]);
  const found = new Set<string>();
  for (const h of haystacks)
    for (let i = 0; i + k <= h.length; i++) {
      const candidates = byPrefix.get(h.slice(i, i + k));
      if (candidates) for (const v of candidates) if (h.startsWith(v, i)) found.add(v);
    }
  return [...found];
}

// Malformed copies of the example table: a ragged row and an unterminated quote, in rows full of PII.
const lines = sourceText.split('\n');
const RAGGED_ROW = 700;
const QUOTE_ROW = 900;
const ragged = lines.slice();
ragged[RAGGED_ROW] += ',extra';
const unterminated = lines.slice();
unterminated[QUOTE_ROW] = unterminated[QUOTE_ROW].replace(/,"?([^,]*)"?$/, ',"unterminated $1');

let main: Proc;
let raggedRun: Proc;
let quoteRun: Proc;
let summary: RunSummary;
let outText: string;
let output: Record<string, string>[];
let auditLines: string[];

beforeAll(async () => {
  writeFileSync(join(dir, 'ragged.csv'), ragged.join('\n'));
  writeFileSync(join(dir, 'unterminated.csv'), unterminated.join('\n'));
  const badRun = (name: string) =>
    run(['run', FLOW, '--input', join(dir, `${name}.csv`), '--output', join(dir, name, 'out.csv'), '--audit', join(dir, name, 'audit.jsonl')]);
  [main, raggedRun, quoteRun] = await Promise.all([
    run(['run', FLOW, '--output', join(dir, 'demo', 'out.csv'), '--audit', join(dir, 'demo', 'audit.jsonl')]),
    badRun('ragged'),
    badRun('unterminated'),
  ]);
  if (main.code !== 0) throw new Error(`demo run failed (${main.code}): ${main.stderr}`);
  summary = JSON.parse(readFileSync(join(dir, 'demo', 'summary.json'), 'utf8')) as RunSummary;
  outText = readFileSync(join(dir, 'demo', 'out.csv'), 'utf8');
  output = Papa.parse<Record<string, string>>(outText, { header: true, skipEmptyLines: true }).data;
  auditLines = readFileSync(join(dir, 'demo', 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
}, 180_000);

describe('demo flow (flows/redact-pii.flow.yaml) as a CLI process', () => {
  it('writes the sampled rows: 1,000 distinct source rows out of 2,000, pii_col replaced by pii_redacted', () => {
    expect(main.code).toBe(0);
    expect(summary.rows_in).toBe(2000);
    expect(summary.rows_out).toBe(1000);
    expect(output).toHaveLength(1000);
    const ids = new Set(output.map((r) => r.EVENT_ID));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(rowByEventId.has(id)).toBe(true);
    expect(Object.keys(output[0])).toContain('pii_redacted');
    expect(Object.keys(output[0])).not.toContain('pii_col');
    // The seed's "[TYPE]" replacement is visible in the combined column.
    expect(output.filter((r) => r.pii_redacted.includes('[EMAIL]')).length).toBeGreaterThan(900);
  });

  it('leaves no ground-truth email, SSN, card, phone or IP address of the sampled rows in the output', () => {
    const values = output.flatMap((r) => strictValues(truth[rowByEventId.get(r.EVENT_ID)!]));
    expect(values.length).toBeGreaterThan(5000);
    // Control: the scanner finds every one of them in the source table.
    expect(leaked([sourceText], values).length).toBe(new Set(values).size);
    expect(leaked([outText], values)).toEqual([]);
  });

  it('writes one audit record per detected entity (= summary.entities), all sampled rows, code-point offsets', () => {
    expect(auditLines.length).toBe(summary.entities);
    expect(summary.audit?.records).toBe(summary.entities);
    expect(summary.entities).toBeGreaterThan(5000);
    const sampledRows = new Set(output.map((r) => rowByEventId.get(r.EVENT_ID)! + 1));
    const noteCps = new Map(truth.map((t, i) => [t.row, [...source[i].note].length]));
    for (const line of auditLines) {
      const rec = JSON.parse(line) as { row: number; column: string; begin: number; end: number; type: string };
      expect(sampledRows.has(rec.row)).toBe(true);
      expect(rec.begin).toBeLessThan(rec.end);
      if (rec.column === 'note') expect(rec.end).toBeLessThanOrEqual(noteCps.get(rec.row)!);
    }
  });

  it('puts no raw ground-truth value in audit records, summary, report or log lines', () => {
    const values = output.flatMap((r) => allValues(truth[rowByEventId.get(r.EVENT_ID)!]));
    const leaves = new Set<string>();
    for (const line of auditLines) stringLeaves(JSON.parse(line), leaves);
    expect(leaked(leaves, values)).toEqual([]);
    const artifacts = readdirSync(join(dir, 'demo'))
      .filter((f) => f !== 'out.csv' && f !== 'audit.jsonl')
      .map((f) => readFileSync(join(dir, 'demo', f), 'utf8'));
    expect(artifacts.length).toBeGreaterThan(0); // summary.json at least
    expect(leaked([...artifacts, main.stdout, main.stderr], values)).toEqual([]);
  });

  it('fails a ragged row and an unterminated quote with file and line, no cell text, no output left behind', () => {
    const everyValue = truth.flatMap(allValues);
    for (const [proc, name, row] of [
      [raggedRun, 'ragged', RAGGED_ROW],
      [quoteRun, 'unterminated', QUOTE_ROW],
    ] as const) {
      expect(proc.code).toBe(1);
      expect(proc.stderr).toContain(`${name}.csv:`);
      expect(proc.stderr).toContain('INPUT_MALFORMED');
      expect(leaked([proc.stdout, proc.stderr], everyValue)).toEqual([]);
      // The broken row's own cells (any length) are not in the messages either.
      const cells = Object.values(source[row - 1]).filter((c) => c.length >= 4 && !/^(customer|USD|\d+(\.\d+)?)$/.test(c));
      expect(leaked([proc.stderr], cells)).toEqual([]);
      const outDir = join(dir, name);
      expect(existsSync(join(outDir, 'out.csv'))).toBe(false);
      expect(existsSync(outDir) ? readdirSync(outDir).filter((f) => f.startsWith('out')) : []).toEqual([]);
    }
  });
});
