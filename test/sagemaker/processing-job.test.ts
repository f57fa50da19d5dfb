// The Processing entrypoint's logic in-process (fast): channel and flow selection, ShardedByS3Key hosts,
// an empty shard, the row-sharding rule, config parsing and the failure message's size and content rules.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcessingJob } from '../../src/sagemaker/processing-job.ts';
import { readProcessingContext, remapPath } from '../../src/sagemaker/processing-config.ts';
import { failureMessage, truncateUtf8, MESSAGE_LIMIT } from '../../src/sagemaker/failure-message.ts';
import { shardBatch, shardOfRow, withShard } from '../../src/flow/shard.ts';
import { parseFlow } from '../../src/flow/load-flow.ts';
import { FlowValidationError, RedactflowError } from '../../src/errors.ts';
import type { Batch } from '../../src/table/batch.ts';
import { openSource } from '../../src/io/open-table.ts';
import { REDACT_EMAIL_FLOW, customersCsv, makeOptMl, under } from './opt-ml.ts';

const outputs = [
  { name: 'output', localPath: '/opt/ml/processing/output/data' },
  { name: 'audit', localPath: '/opt/ml/processing/output/audit' },
];
const copyFlow = (sink = 'out.jsonl') => `version: 1\nsource: { path: in.csv }\nsteps: []\nsink: { path: ${sink} }\n`;

async function count(path: string): Promise<number> {
  let n = 0;
  for await (const b of (await openSource({ path })).batches()) n += b.rows.length;
  return n;
}

describe('runProcessingJob', () => {
  it('ShardedByS3Key: each host processes all rows of its own objects; a host given no objects succeeds with nothing', async () => {
    const files: Record<string, string>[] = [{ 'part-0.csv': customersCsv(1, 1, 40) }, { 'part-1.csv': customersCsv(2, 41, 25) }, {}];
    const hosts = ['algo-1', 'algo-2', 'algo-3'];
    const logs: string[] = [];
    const results = [];
    for (const [i, host] of hosts.entries()) {
      const root = makeOptMl({ host, hosts, inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', distribution: 'ShardedByS3Key', files: files[i] }], outputs });
      const env: NodeJS.ProcessEnv = { REDACTFLOW_FLOW: REDACT_EMAIL_FLOW('out.csv') };
      results.push({ root, r: await runProcessingJob({ root, env, log: (e) => logs.push(`${host}:${e}`) }) });
    }
    expect(results.map(({ r }) => [r.shardMode, r.shard, r.summary?.rows_in ?? null])).toEqual([
      ['by-s3-key', null, 40],
      ['by-s3-key', null, 25],
      ['by-s3-key', null, null],
    ]);
    expect(await count(results[0].r.output!)).toBe(40);
    expect(results[0].r.output).toBe(join(under(results[0].root, '/opt/ml/processing/output/data'), 'part-algo-1.csv'));
    expect(results[2].r.output).toBeNull();
    expect(logs).toContain('algo-3:no_input');
    const rec = JSON.parse(readFileSync(results[2].r.hostRecord, 'utf8')) as Record<string, unknown>;
    expect(rec).toMatchObject({ host: 'algo-3', rows_in: 0, output: null, sharding: { mode: 'by-s3-key' } });
  });

  it('FullyReplicated without a data channel reads the flow\'s own source, rows split by the modulo rule', async () => {
    const hosts = ['h-b', 'h-a']; // sorted: h-a is index 0
    const got: number[][] = [];
    for (const host of ['h-a', 'h-b']) {
      const root = makeOptMl({ host, hosts, inputs: [], outputs: [outputs[0]] });
      writeFileSync(join(root, 'in.csv'), customersCsv(3, 1, 11));
      writeFileSync(join(root, 'flow.yaml'), copyFlow());
      const r = await runProcessingJob({ root, flow: join(root, 'flow.yaml'), env: {} });
      expect(r.shard).toEqual({ index: host === 'h-a' ? 0 : 1, count: 2 });
      const ids: number[] = [];
      for await (const b of (await openSource({ path: r.output! })).batches()) ids.push(...b.rows.map((row) => Number(row.id)));
      got.push(ids);
    }
    expect(got).toEqual([[1, 3, 5, 7, 9, 11], [2, 4, 6, 8, 10]]);
  });

  it('flow precedence: --flow, then REDACTFLOW_FLOW (path or inline), then the flow channel; none is an error', async () => {
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [
        { name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'in.csv': customersCsv(4, 1, 3) } },
        { name: 'flow', localPath: '/opt/ml/processing/input/flow', files: { 'b.yaml': copyFlow('x.csv'), 'a.yml': copyFlow('x.jsonl'), 'notes.txt': 'no' } },
      ],
      outputs,
    });
    writeFileSync(join(root, 'arg.yaml'), copyFlow('x.parquet'));
    const ext = async (o: { flow?: string; env: NodeJS.ProcessEnv }) => (await runProcessingJob({ root, ...o })).output!.split('.').pop();
    expect(await ext({ env: {} })).toBe('jsonl'); // channel: first by name (a.yml)
    expect(await ext({ env: { REDACTFLOW_FLOW: copyFlow('x.tsv') } })).toBe('tsv'); // inline
    expect(await ext({ env: { REDACTFLOW_FLOW: join(root, 'arg.yaml') } })).toBe('parquet'); // path
    expect(await ext({ flow: join(root, 'arg.yaml'), env: { REDACTFLOW_FLOW: copyFlow('x.tsv') } })).toBe('parquet');

    const bare = makeOptMl({ host: 'algo-1', hosts: ['algo-1'], inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data' }], outputs });
    await expect(runProcessingJob({ root: bare, env: {} })).rejects.toMatchObject({ code: 'FLOW_NOT_FOUND', message: expect.stringContaining('REDACTFLOW_FLOW') });
  });

  it('channel selection: several data inputs need REDACTFLOW_INPUT_CHANNEL; Pipe mode and nested files are refused', async () => {
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [
        { name: 'customers', localPath: '/opt/ml/processing/input/customers', files: { 'c.csv': customersCsv(5, 1, 4) } },
        { name: 'orders', localPath: '/opt/ml/processing/input/orders', files: { 'o.csv': customersCsv(6, 1, 2) } },
      ],
      outputs,
    });
    const env = { REDACTFLOW_FLOW: copyFlow() };
    await expect(runProcessingJob({ root, env: { ...env } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('REDACTFLOW_INPUT_CHANNEL') });
    expect((await runProcessingJob({ root, env: { ...env, REDACTFLOW_INPUT_CHANNEL: 'orders' } })).summary?.rows_in).toBe(2);
    await expect(runProcessingJob({ root, env: { ...env, REDACTFLOW_INPUT_CHANNEL: 'nope' } })).rejects.toMatchObject({ code: 'USAGE' });

    const nested = makeOptMl({ host: 'algo-1', hosts: ['algo-1'], inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data' }], outputs });
    mkdirSync(join(under(nested, '/opt/ml/processing/input/data'), 'dt=2024-01-01'), { recursive: true });
    writeFileSync(join(under(nested, '/opt/ml/processing/input/data'), 'dt=2024-01-01', 'p.csv'), 'id\n1\n');
    await expect(runProcessingJob({ root: nested, env: { ...env } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('dt=2024-01-01/p.csv') });

    const cfgPath = join(nested, 'config', 'processingjobconfig.json');
    const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as { ProcessingInputs: { S3Input: { S3InputMode: string } }[] };
    cfg.ProcessingInputs[0].S3Input.S3InputMode = 'Pipe';
    writeFileSync(cfgPath, JSON.stringify(cfg));
    await expect(runProcessingJob({ root: nested, env: { ...env } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('Pipe') });
  });

  it('the job config Environment fills in missing variables; the process environment wins', async () => {
    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'in.csv': customersCsv(7, 1, 5) } }],
      outputs,
      environment: { REDACTFLOW_FLOW: copyFlow('from-config.csv'), REDACTFLOW_OUTPUT_CHANNEL: 'output' },
    });
    const env: NodeJS.ProcessEnv = {};
    expect((await runProcessingJob({ root, env })).output).toMatch(/part-algo-1\.csv$/);
    expect(env.REDACTFLOW_OUTPUT_CHANNEL).toBe('output');
    expect((await runProcessingJob({ root, env: { REDACTFLOW_FLOW: copyFlow('x.jsonl') } })).output).toMatch(/part-algo-1\.jsonl$/);
    await expect(runProcessingJob({ root, env: { REDACTFLOW_BATCH_SIZE: '10k' } })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('REDACTFLOW_BATCH_SIZE') });
  });
});

describe('processing config', () => {
  it('sorts hosts, finds this host, remaps /opt/ml paths under the root, and rejects an unknown current_host', async () => {
    const root = makeOptMl({ host: 'algo-2', hosts: ['algo-3', 'algo-1', 'algo-2'], inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data' }], outputs });
    const ctx = await readProcessingContext(root);
    expect(ctx.hosts).toEqual(['algo-1', 'algo-2', 'algo-3']);
    expect(ctx.hostIndex).toBe(1);
    expect(ctx.inputs[0]).toMatchObject({ name: 'data', localPath: join(root, 'processing/input/data'), distribution: 'FullyReplicated' });
    expect(remapPath('/opt/ml', '/opt/ml/processing/input/x')).toBe('/opt/ml/processing/input/x');
    expect(remapPath('/tmp/r', '/data/elsewhere')).toBe('/data/elsewhere');
    writeFileSync(join(root, 'config', 'resourceconfig.json'), JSON.stringify({ current_host: 'algo-9', hosts: ['algo-1'] }));
    await expect(readProcessingContext(root)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('current_host') });
    expect(existsSync(join(root, 'output', 'message'))).toBe(false);
    const empty = mkdtempSync(join(tmpdir(), 'rf-optml-empty-'));
    await expect(runProcessingJob({ root: empty, env: {} })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('processingjobconfig.json: not found') });
  });
});

describe('row sharding', () => {
  const batch = (from: number, n: number): Batch => ({
    fields: [{ name: 'id', type: 'string' }],
    rows: Array.from({ length: n }, (_, i) => ({ id: String(from + i) })),
    rowNumbers: Array.from({ length: n }, (_, i) => from + i),
    file: 'f.csv',
  });

  it('depends only on row numbers: any batching gives the same shares, each row in exactly one', () => {
    const count = 4;
    const owners = new Map<number, number>();
    for (const size of [1, 3, 7, 100]) {
      for (let index = 0; index < count; index++) {
        for (let from = 1; from <= 100; from += size) {
          for (const n of shardBatch(batch(from, Math.min(size, 101 - from)), { index, count }).rowNumbers) {
            if (size === 1) {
              expect(owners.has(n)).toBe(false);
              owners.set(n, index);
            } else expect(owners.get(n)).toBe(index);
          }
        }
      }
    }
    expect(owners.size).toBe(100);
    expect(shardOfRow(1, 4)).toBe(0);
    expect(shardOfRow(6, 4)).toBe(1);
  });

  it('withShard prepends the filter and validates the spec', async () => {
    const flow = await parseFlow({ version: 1, source: { path: 'a.csv' }, steps: [{ drop: { columns: ['x'] } }], sink: { path: 'b.csv' } });
    const s = withShard(flow, { index: 1, count: 3 });
    expect(s.steps.map((x) => x.name)).toEqual(['shard', 'drop']);
    expect(flow.steps.map((x) => x.name)).toEqual(['drop']); // the loaded flow is not changed
    expect(withShard(flow, { index: 0, count: 1 })).toBe(flow);
    expect(() => withShard(flow, { index: 3, count: 3 })).toThrow(RedactflowError);
  });
});

describe('output/message', () => {
  it('is at most 1 KB of valid UTF-8, cut on a character boundary, and holds only the error code and message', () => {
    const issues = Array.from({ length: 60 }, (_, i) => ({ path: `steps.${i}.redact`, message: 'expected a string — “ünïcødé” 🚫' }));
    const msg = failureMessage(new FlowValidationError('flow.yaml', issues));
    const bytes = Buffer.from(msg, 'utf8');
    expect(bytes.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(bytes.length).toBeGreaterThan(MESSAGE_LIMIT - 8);
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true); // no broken character
    expect(msg.startsWith('redactflow [FLOW_INVALID]: flow.yaml: steps.0.redact:')).toBe(true);
    expect(msg.endsWith('...')).toBe(true);
    for (let limit = 0; limit < 12; limit++) {
      const t = truncateUtf8('a🚫é€', limit);
      expect(Buffer.byteLength(t)).toBeLessThanOrEqual(limit);
      expect('a🚫é€'.startsWith(t)).toBe(true);
    }
    // A non-redactflow error may quote data in its message: only its class name goes out.
    expect(failureMessage(new TypeError('cannot read "Jane Doe 555-0100"'))).toBe("redactflow [INTERNAL]: internal error (TypeError); see the job's CloudWatch log");
  });
});
