// Column-level classification: the `classify` step (rows pass through unchanged, report written at the end)
// and `redactflow classify` as a real process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlow } from '../../../src/flow/run-flow.ts';
import type { ClassifyReport } from '../../../transforms/classify.ts';
import { mulberry32 } from '../../../src/util/prng.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/redactflow.js');
let dir: string;
let csvPath: string;
let csvText: string;

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-classify-'));
  const rnd = mulberry32(3);
  const jobs = ['Engineer, civil', 'Teacher', 'Chef', 'Nurse', 'Pilot'];
  const lines = ['id,email,phone,job,note,ip,empty'];
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(rnd() * 9000) + 1000;
    const note = i % 4 === 0 ? `customer called about order ${n}, SSN 536-22-${n}` : `customer asked about delivery ${i}`;
    lines.push([
      String(i),
      `user${n}@example.com`,
      `(555)${200 + (n % 700)} - ${n}`,
      jobs[i % jobs.length],
      note,
      `10.${i % 200}.${n % 250}.${(i * 7) % 250}`,
      '',
    ].map(csvCell).join(','));
  }
  csvText = lines.join('\n') + '\n';
  csvPath = join(dir, 'customers.csv');
  await writeFile(csvPath, csvText);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function decisions(r: ClassifyReport): Record<string, string> {
  return Object.fromEntries(r.columns.map((c) => [c.column, c.suggested + (c.suggested_type ? `:${c.suggested_type}` : '')]));
}

describe('classify', () => {
  it('as a flow step: passes rows through unchanged and writes the column report', async () => {
    const flowPath = join(dir, 'classify.flow.yaml');
    await writeFile(
      flowPath,
      [
        'version: 1',
        'name: classify-test',
        'source: { path: customers.csv }',
        'steps:',
        '  - classify: { sample_rows: 200, output: out/report.json }',
        'sink: { path: out/copy.csv }',
      ].join('\n') + '\n',
    );
    await runFlow(flowPath);
    expect(await readFile(join(dir, 'out/copy.csv'), 'utf8')).toBe(csvText);
    const report = JSON.parse(await readFile(join(dir, 'out/report.json'), 'utf8')) as ClassifyReport;
    expect(report.rows_seen).toBe(300);
    expect(report.columns.find((c) => c.column === 'email')?.sampled).toBe(200);
    expect(decisions(report)).toEqual({
      id: 'keep',
      email: 'redact_column:EMAIL',
      phone: 'redact_column:PHONE',
      job: 'keep',
      note: 'redact_entities',
      ip: 'redact_column:IP_ADDRESS',
      empty: 'empty',
    });
    const note = report.columns.find((c) => c.column === 'note')!;
    const ssn = note.types.find((t) => t.type === 'SSN')!;
    expect(ssn.share).toBeGreaterThan(0.15);
    expect(ssn.share).toBeLessThan(0.35);
    expect(ssn.full_cell_share).toBe(0);
    // The report holds counts and types only, never cell content.
    expect(JSON.stringify(report)).not.toMatch(/@example\.com|536-22/);
  });

  it('as a CLI verb: `redactflow classify --json` (real process)', async () => {
    const { stdout } = await run(process.execPath, [bin, 'classify', '--input', csvPath, '--rows', '100', '--columns', 'email,job,note', '--json']);
    const report = JSON.parse(stdout) as ClassifyReport;
    expect(decisions(report)).toEqual({ email: 'redact_column:EMAIL', job: 'keep', note: 'redact_entities' });
    expect(report.columns[0]).toMatchObject({ sampled: 100, non_null: 100, types: [{ type: 'EMAIL', share: 1, full_cell_share: 1 }] });
  });
});
