// Real processes: `redactflow import-dw` on the seed's .flow, and `redactflow run` of the .flow itself on a
// seeded local stand-in for its dataset with the local detector (offline).
import { runCli } from '../helpers/cli.ts';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import YAML from 'yaml';
import { seedCsv } from './seed-data.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED_PATH = resolve(ROOT, '../shared/reference/redact-pii.flow');

const cli = (args: string[]) => runCli(args);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rf-dw-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redactflow import-dw', () => {
  it('writes YAML that parses back to the native flow, warnings on stderr', async () => {
    const out = join(dir, 'seed.yaml');
    const [r, toStdout] = await Promise.all([cli(['import-dw', SEED_PATH, '-o', out]), cli(['import-dw', SEED_PATH])]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: node 6b5747fb-a779-44f2-93de-a4690052e15a .*consider nulls: empty/);
    expect(r.stderr).toMatch(/warning: node 8c3966bd-872e-47a1-8dfe-de8ad315d353 .*consider min_score/);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('# Converted from the Data Wrangler flow redact-pii.flow')).toBe(true);
    const flow = YAML.parse(text) as { steps: Record<string, unknown>[]; sink: { path: string } };
    expect(flow.steps.map((s) => Object.keys(s)[0])).toEqual(['cast', 'sample', 'combine_columns', 'redact']);
    expect(flow.sink.path).toBe('redact-pii-redacted.csv');

    expect(toStdout.code).toBe(0);
    expect(YAML.parse(toStdout.stdout)).toEqual(flow);
  });

  it('fails with exit 2 naming the node of a malformed flow', async () => {
    const dw = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as { nodes: { node_id: string; operator: string }[] };
    dw.nodes.find((n) => n.node_id === '7d08360b-c216-4150-a8a5-a080b8311ffa')!.operator = 'sagemaker.spark.mystery_0.1';
    const bad = join(dir, 'bad.flow');
    writeFileSync(bad, JSON.stringify(dw));
    const r = await cli(['import-dw', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[FLOW_INVALID]');
    expect(r.stderr).toContain('node 7d08360b-c216-4150-a8a5-a080b8311ffa (sagemaker.spark.mystery_0.1): unknown operator');
  });
});

describe('redactflow run <the seed .flow>', () => {
  it('runs offline with the local detector: output = the seed columns + pii_col + pii_redacted', async () => {
    const dw = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as { nodes: { operator: string; trained_parameters?: { schema: Record<string, string> } }[] };
    const schema = dw.nodes.find((n) => n.operator === 'sagemaker.spark.infer_and_cast_type_0.1')!.trained_parameters!.schema;
    const seedColumns = Object.keys(schema);
    expect(seedColumns).toHaveLength(23);
    const input = join(dir, 'synthetic_txn_data_new.csv');
    writeFileSync(input, seedCsv(schema, 1200, 7));
    const flowFile = join(dir, 'redact-pii.flow');
    copyFileSync(SEED_PATH, flowFile);
    const output = join(dir, 'out.csv');
    const audit = join(dir, 'out.audit.jsonl');

    const r = await cli(['run', flowFile, '--input', input, '--detector', 'local', '--output', output, '--audit', audit, '--log-format', 'json']);
    expect(r.stderr + r.stdout).not.toMatch(/internal error/);
    expect(r.code).toBe(0);

    const parsed = Papa.parse<Record<string, string>>(readFileSync(output, 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...seedColumns, 'pii_col', 'pii_redacted']);
    expect(parsed.data).toHaveLength(1000); // the Random sample of 1000 out of 1200
    const withJob = parsed.data.filter((row) => row.customer_job !== '');
    const withoutJob = parsed.data.filter((row) => row.customer_job === '');
    expect(withoutJob.length).toBeGreaterThan(50);
    // Spark's concat semantics (nulls: null): a missing part leaves nothing to redact.
    for (const row of withoutJob) expect(row.pii_redacted).toBe('');
    for (const row of withJob) {
      expect(row.pii_col).toBe(`${row.customer_name} is a ${row.customer_job} who lives at ${row.billing_street} and can be emailed at ${row.customer_email}`);
      expect(row.pii_redacted).not.toContain(row.customer_email);
      expect(row.pii_redacted).toContain(' is a ');
    }
    expect(withJob.filter((row) => row.pii_redacted.includes('[EMAIL]')).length).toBe(withJob.length);
    const records = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { column: string; decision: string });
    expect(records.length).toBeGreaterThan(withJob.length);
    expect(new Set(records.map((x) => x.column))).toEqual(new Set(['pii_col']));
  });
});
