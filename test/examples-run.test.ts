// The runnable examples stay runnable: examples/library-usage.ts (runFlow with a signal and progress, then
// createRedactor on its own rows) run as a real process on the custom-step example flow, whose user module
// (examples/custom-step/my-step.ts) must have generalized the location columns.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'redactflow-examples-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let code: number | null;
let stdout = '';
let stderr = '';

beforeAll(async () => {
  const args = ['--import', 'tsx', 'examples/library-usage.ts', '--flow', 'examples/custom-step/custom-step.flow.yaml', '--out-dir', dir];
  await new Promise<void>((res, rej) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (c) => {
      code = c;
      res();
    });
  });
}, 180_000);

describe('examples', () => {
  it('library-usage.ts runs the flow through runFlow and reports progress', () => {
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout.split('\n')[0]) as { rows_out: number; entities: number; redacted: number; counters: Record<string, number> };
    expect(summary.rows_out).toBe(200);
    expect(summary.entities).toBeGreaterThan(0);
    expect(summary.redacted).toBeGreaterThan(0);
    // The custom step's own counter reaches the run summary.
    expect(summary.counters.generalized_rows).toBe(200);
    expect(stderr).toMatch(/\d+ rows read, 200 written/);
  });

  it('the custom step generalized ZIP codes and coordinates, and the redact step masked the PII columns', () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'redacted.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(200);
    for (const r of rows) {
      expect(r.billing_zip).toMatch(/^\d{1,3}00$/);
      expect(r.billing_latitude).toMatch(/^-?\d+(\.\d)?$/);
      expect(r.billing_longitude).toMatch(/^-?\d+(\.\d)?$/);
      if (r.ssn) expect(r.ssn).toMatch(/^\*+$/);
      if (r.customer_email) expect(r.customer_email).toMatch(/^\*+$/);
    }
    expect(Object.keys(rows[0])).not.toContain('billing_street');
  });

  it('createRedactor redacts rows the caller holds: replace, per-type mask, allow list, nulls untouched', () => {
    const lines = stdout.split('\n').filter((l) => l.startsWith('{"id"'));
    const rows = lines.map((l) => JSON.parse(l) as { id: number; comment: string | null; amount: number | null });
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(rows[0].comment).toBe('Please call me back at [PHONE] or write to ********************');
    expect(rows[1].comment).toBe('Card [CREDIT_DEBIT_NUMBER] was charged twice; SSN on file [SSN]');
    expect(rows[2].comment).toBe('Forwarded to support@example.com, no customer data here');
    expect(rows[3]).toEqual({ id: 4, comment: null, amount: 3 });
    expect(stdout).toMatch(/^row 3 comment \[13,32\) EMAIL \d\.\d\d allow_listed$/m);
    for (const raw of ['(415) 867-2309', 'jane.roe@example.org', '4111 1111 1111 1111', '536-22-8726']) expect(stdout).not.toContain(raw);
  });
});
