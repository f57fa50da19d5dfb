// `redactflow sagemaker` as a real process on fake /opt/ml trees (REDACTFLOW_OPT_ML): the success path with
// host-unique names, failures with a short data-free output/message, and 3 concurrent FullyReplicated hosts
// whose outputs hold every input row exactly once and whose audits merge into one verifiable audit.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../src/io/open-table.ts';
import type { Row } from '../../src/table/batch.ts';
import { spawn } from 'node:child_process';
import { verifyAudit } from '../../src/audit/verify.ts';
import { bin, repoRoot, runCli } from '../helpers/cli.ts';
import { REDACT_EMAIL_FLOW, customersCsv, makeOptMl, under } from './opt-ml.ts';

const env = (root: string, extra: Record<string, string> = {}) => ({ REDACTFLOW_OPT_ML: root, REDACTFLOW_FLOW: undefined, ...extra });

async function readRows(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const b of (await openSource({ path })).batches()) rows.push(...b.rows);
  return rows;
}

function jsonLines(stdout: string): { event: string; [k: string]: unknown }[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string });
}

describe('redactflow sagemaker (one host)', () => {
  it('success: flow from the `flow` channel, host-unique outputs, audit beside a manifest, JSON logs, exit 0', async () => {
    const input = customersCsv(11, 1, 120);
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [
        { name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'customers-a.csv': input, 'customers-b.csv': customersCsv(12, 121, 30), '.ignored.csv': 'x\n1\n' } },
        { name: 'flow', localPath: '/opt/ml/processing/input/flow', files: { 'redact.flow.yaml': REDACT_EMAIL_FLOW('out/redacted.csv') } },
      ],
      outputs: [
        { name: 'output', localPath: '/opt/ml/processing/output/data' },
        { name: 'audit', localPath: '/opt/ml/processing/output/audit' },
      ],
    });
    const r = await runCli(['sagemaker'], { env: env(root) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({ event: 'job_started', host: 'algo-1', hosts: 1, shard_mode: 'none', input_channel: 'data', input_files: 2 });
    expect(events.at(-1)).toMatchObject({ event: 'job_completed', rows_in: 150, rows_out: 150 });
    expect(r.stdout).not.toMatch(/@mail\.example\.com/);

    const outDir = under(root, '/opt/ml/processing/output/data');
    const auditDir = under(root, '/opt/ml/processing/output/audit');
    expect(readdirSync(outDir)).toEqual(['part-algo-1.csv']);
    expect(readdirSync(join(auditDir, 'algo-1')).sort()).toEqual(['audit-algo-1.jsonl', 'job-algo-1.json', 'manifest.json', 'summary.json']);
    const rows = await readRows(join(outDir, 'part-algo-1.csv'));
    expect(rows).toHaveLength(150);
    expect(rows.every((row) => row.email === '[EMAIL]')).toBe(true);
    expect(rows.map((row) => Number(row.id))).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    const audit = readFileSync(join(auditDir, 'algo-1', 'audit-algo-1.jsonl'), 'utf8').trim().split('\n');
    expect(audit).toHaveLength(150);
    const job = JSON.parse(readFileSync(join(auditDir, 'algo-1', 'job-algo-1.json'), 'utf8')) as Record<string, unknown>;
    expect(job).toMatchObject({ host: 'algo-1', rows_in: 150, sharding: { mode: 'none' }, flow: { origin: 'channel' } });
    expect((job.input as { files: { s3_uri: string }[] }).files.map((f) => f.s3_uri)).toEqual([
      's3://example-bucket/in/data/customers-a.csv',
      's3://example-bucket/in/data/customers-b.csv',
    ]);
    expect(existsSync(join(root, 'output', 'message'))).toBe(false);

    const v = await verifyAudit({ auditPath: join(auditDir, 'algo-1', 'audit-algo-1.jsonl') });
    expect(v).toMatchObject({ ok: true, records: 150 });
  });

  it('a bad flow: exit 2, output/message (≤ 1 KB) names the problem, no partial output', async () => {
    const secret = 'zebulon.quixote@secret.example';
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'in.csv': `id,email\n1,${secret}\n` } }],
      outputs: [{ name: 'output', localPath: '/opt/ml/processing/output/data' }],
      environment: { REDACTFLOW_FLOW: 'version: 1\nsource: { path: x.csv }\nsteps:\n  - redact: { columns: [email], min_score: 7 }\n  - frobnicate: {}\nsink: { path: y.csv }\n' },
    });
    const r = await runCli(['sagemaker'], { env: env(root) });
    expect(r.code).toBe(2);
    const message = readFileSync(join(root, 'output', 'message'));
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThanOrEqual(1024);
    const text = message.toString('utf8');
    expect(text).toContain('FLOW_INVALID');
    expect(text).toContain('steps.0.redact.min_score');
    expect(text).toContain('unknown step "frobnicate"');
    expect(text).not.toContain(secret);
    expect(jsonLines(r.stdout).at(-1)).toMatchObject({ event: 'job_failed', code: 'FLOW_INVALID' });
    expect(r.stdout + r.stderr).not.toContain(secret);
    const outDir = under(root, '/opt/ml/processing/output/data');
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
  });

  it('a flow failing on the data: exit 1, the message names file, row and column but holds no cell value', async () => {
    const secret = 'Ottoline Fairweather-Smythe';
    const lines = ['id,name,email'];
    for (let i = 1; i <= 300; i++) lines.push(`${i},Person ${i},p${i}@mail.example.com`);
    lines.push(`301,"${secret}",x@y.example,extra-field`); // one field too many
    const root = makeOptMl({
      host: 'algo-2',
      hosts: ['algo-1', 'algo-2'],
      inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', distribution: 'ShardedByS3Key', files: { 'in.csv': lines.join('\n') + '\n' } }],
      outputs: [
        { name: 'output', localPath: '/opt/ml/processing/output/data' },
        { name: 'audit', localPath: '/opt/ml/processing/output/audit' },
      ],
    });
    const flowPath = join(root, 'flow.yaml');
    writeFileSync(flowPath, REDACT_EMAIL_FLOW('out.jsonl'));
    const r = await runCli(['sagemaker', '--flow', flowPath], { env: env(root) });
    expect(r.code).toBe(1);
    const text = readFileSync(join(root, 'output', 'message'), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
    expect(text).toMatch(/^redactflow \[INPUT_MALFORMED\]: .*in\.csv:302/);
    expect(text).not.toContain('Ottoline');
    expect(r.stdout + r.stderr).not.toContain('Ottoline');
    // Nothing that looks finished: no part file, no audit.
    expect(readdirSync(under(root, '/opt/ml/processing/output/data'))).toEqual([]);
    expect(readdirSync(join(under(root, '/opt/ml/processing/output/audit'), 'algo-2'))).toEqual([]);
  });

  it('SIGTERM (StopProcessingJob): stops, exits non-zero, says so in output/message, leaves no finished-looking file', async () => {
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'big.csv': customersCsv(21, 1, 60_000) } }],
      outputs: [
        { name: 'output', localPath: '/opt/ml/processing/output/data' },
        { name: 'audit', localPath: '/opt/ml/processing/output/audit' },
      ],
      environment: { REDACTFLOW_FLOW: REDACT_EMAIL_FLOW('out.csv'), REDACTFLOW_BATCH_SIZE: '50' },
    });
    const child = spawn(process.execPath, [bin, 'sagemaker'], { cwd: repoRoot, env: { ...process.env, ...env(root) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const started = new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('"event":"job_started"')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await started;
    child.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(1);
    const events = jsonLines(stdout).map((e) => e.event);
    expect(events).toContain('stop_requested');
    expect(events.at(-1)).toBe('job_failed');
    expect(readFileSync(join(root, 'output', 'message'), 'utf8')).toBe('redactflow [ABORTED]: stopped by SIGTERM (StopProcessingJob) before the run completed');
    expect(stderr).toContain('ABORTED');
    const outDir = under(root, '/opt/ml/processing/output/data');
    // Not even temporary files: SageMaker would upload anything left in an output folder.
    expect(readdirSync(outDir)).toEqual([]);
    expect(readdirSync(join(under(root, '/opt/ml/processing/output/audit'), 'algo-1'))).toEqual([]);
  });

});

describe('redactflow sagemaker (3 hosts, FullyReplicated)', () => {
  it('every input row lands in exactly one host output; the audits merge into one that verifies', async () => {
    // The same input files for every host, at the same path (as on SageMaker, where each instance gets a copy).
    const shared = mkdtempSync(join(tmpdir(), 'rf-shared-in-'));
    const sizes = { 'a.csv': 101, 'b.csv': 64, 'c.csv': 35 };
    let from = 1;
    for (const [name, n] of Object.entries(sizes)) {
      writeFileSync(join(shared, name), customersCsv(from, from, n));
      from += n;
    }
    const total = from - 1;
    const flowDir = mkdtempSync(join(tmpdir(), 'rf-flow-'));
    const flowPath = join(flowDir, 'flow.yaml');
    writeFileSync(flowPath, REDACT_EMAIL_FLOW('out/redacted.parquet'));
    const hosts = ['algo-1', 'algo-2', 'algo-3'];
    const roots = hosts.map((host) =>
      makeOptMl({
        host,
        hosts: [...hosts].reverse(), // order in resourceconfig.json does not matter: hosts are sorted
        inputs: [{ name: 'data', localPath: shared, distribution: 'FullyReplicated' }],
        outputs: [
          { name: 'output', localPath: '/opt/ml/processing/output/data' },
          { name: 'audit', localPath: '/opt/ml/processing/output/audit' },
        ],
        environment: { REDACTFLOW_FLOW: flowPath, REDACTFLOW_BATCH_SIZE: '16' },
      }),
    );
    const results = await Promise.all(roots.map((root) => runCli(['sagemaker'], { env: env(root) })));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }

    // Union of the outputs: every id once; host i holds rows with (row - 1) mod 3 == i of each file.
    const seen = new Map<number, string>();
    const perHost: number[] = [];
    for (const [i, host] of hosts.entries()) {
      const part = join(under(roots[i], '/opt/ml/processing/output/data'), `part-${host}.parquet`);
      const rows = await readRows(part);
      perHost.push(rows.length);
      for (const row of rows) {
        const id = Number(row.id);
        expect(seen.has(id), `id ${id} in ${seen.get(id)} and ${host}`).toBe(false);
        seen.set(id, host);
        expect(row.email).toBe('[EMAIL]');
      }
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k + 1));
    let firstId = 1;
    for (const n of Object.values(sizes)) {
      for (let row = 1; row <= n; row++) expect(seen.get(firstId + row - 1)).toBe(hosts[(row - 1) % 3]);
      firstId += n;
    }
    expect(perHost).toEqual([34 + 22 + 12, 34 + 21 + 12, 33 + 21 + 11]);

    // Audits: one per host (own folder, own manifest), merged and verified by the audit CLI.
    const audits = hosts.map((host, i) => join(under(roots[i], '/opt/ml/processing/output/audit'), host, `audit-${host}.jsonl`));
    const mergedDir = mkdtempSync(join(tmpdir(), 'rf-merged-'));
    mkdirSync(join(mergedDir, 'all'));
    const merged = join(mergedDir, 'all', 'audit.jsonl');
    const m = await runCli(['audit', 'merge', ...audits, '-o', merged]);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    const records = readFileSync(merged, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; row: number; type: string });
    expect(records).toHaveLength(total);
    const keys = new Set(records.map((rec) => `${rec.file}#${rec.row}`));
    expect(keys.size).toBe(total);
    for (const [name, n] of Object.entries(sizes)) for (let row = 1; row <= n; row++) expect(keys.has(`${join(shared, name)}#${row}`)).toBe(true);
    const v = await runCli(['audit', 'verify', merged]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(mergedDir, 'all', 'manifest.json'), 'utf8')) as { kind: string; parts: unknown[] };
    expect(manifest.kind).toBe('merged');
    expect(manifest.parts).toHaveLength(3);
  });
});
