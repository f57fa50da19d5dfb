// The CLI runs its sources bundled (bin/bundle.js) when it can, else through tsx: both must behave the same, and
// the bundle must be the one built from the current sources.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rf-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = join(repoRoot, 'examples', 'data', 'customers.csv');
const flow = join(dir, 'flow.yaml');
writeFileSync(
  flow,
  [
    'version: 1',
    `source: { path: ${JSON.stringify(input)} }`,
    'steps:',
    '  - sample: { size: 300, seed: 3 }',
    '  - cast: { columns: { billing_zip: long, order_price: double } }',
    '  - combine_columns: { output: pii_col, template: "{customer_name} lives at {billing_street}, {customer_email}" }',
    '  - redact: { columns: [pii_col, note], detector: { type: local, workers: 0 } }',
    'sink: { path: out.parquet }',
    'audit: { path: audit.jsonl }',
  ].join('\n'),
);

const auditRecords = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      // Run-specific members aside, the records must be the same.
      const { run_id: _r, prev: _p, hash: _h, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });

describe('bundled CLI', () => {
  it('is built from the current sources and gives the same output and audit as the tsx path', async () => {
    const bundled = await runCli(['run', flow, '--output', join(dir, 'a.parquet'), '--audit', join(dir, 'a', 'audit.jsonl'), '--log-format', 'json'], { env: { REDACTFLOW_BUNDLE: '1' } });
    expect(bundled.code, bundled.stderr).toBe(0);
    const viaTsx = await runCli(['run', flow, '--output', join(dir, 'b.parquet'), '--audit', join(dir, 'b', 'audit.jsonl'), '--log-format', 'json'], { env: { REDACTFLOW_BUNDLE: '0' } });
    expect(viaTsx.code, viaTsx.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a.parquet')).equals(readFileSync(join(dir, 'b.parquet')))).toBe(true);
    const a = auditRecords(join(dir, 'a', 'audit.jsonl'));
    expect(a.length).toBeGreaterThan(300);
    expect(a).toEqual(auditRecords(join(dir, 'b', 'audit.jsonl')));

    // The manifest names every bundled source with its current hash, and the bundle it points to exists.
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '.cache', 'redactflow', 'src-cli-main-ts.json'), 'utf8')) as {
      out: string;
      main: string;
      inputs: Record<string, string>;
    };
    const files = Object.keys(manifest.inputs);
    for (const f of ['src/cli/main.ts', 'src/flow/run-flow.ts', 'transforms/redact.ts', 'src/io/parquet/parquet-codec.ts']) {
      expect(files).toContain(join(repoRoot, f));
    }
    for (const [f, h] of Object.entries(manifest.inputs)) expect(createHash('sha256').update(readFileSync(f)).digest('hex')).toBe(h);
    expect(statSync(join(repoRoot, 'node_modules', '.cache', 'redactflow', manifest.out, manifest.main)).isFile()).toBe(true);
  }, 120_000);
});
