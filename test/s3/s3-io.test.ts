// S3 sources and sinks over a real S3 wire (s3rver on 127.0.0.1): prefixes, globs, single objects, ranged
// reads, the library runner and the CLI, a multipart output over 5 MB, and a failed run leaving nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runFlow } from '../../src/flow/run-flow.ts';
import { parseFlow } from '../../src/flow/load-flow.ts';
import { openSource } from '../../src/io/open-table.ts';
import { s3ByteInput } from '../../src/io/s3/s3-bytes.ts';
import { openS3Source, resolveS3Objects } from '../../src/io/s3/s3-table.ts';
import { globToRegExp } from '../../src/io/s3/s3-uri.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import type { Row } from '../../src/table/batch.ts';
import { runCli } from '../helpers/cli.ts';
import { startS3, type TestS3 } from './s3-server.ts';

let s3: TestS3;
const dir = mkdtempSync(join(tmpdir(), 'rf-s3-'));
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];

/** Seeded CSV: id,name,email,city (no quoting needed, so a copy round-trips byte for byte); `pad` widens rows. */
function csv(seed: number, from: number, rows: number, pad = 0): string {
  const tail = pad > 0 ? ` ${'x'.repeat(pad)}` : '';
  const rnd = mulberry32(seed);
  const pick = (a: string[]) => a[Math.floor(rnd() * a.length)];
  let s = 'id,name,email,city\n';
  for (let i = 0; i < rows; i++) {
    const f = pick(FIRST);
    const l = pick(LAST);
    s += `${from + i},${f} ${l},${f.toLowerCase()}.${l.toLowerCase()}${Math.floor(rnd() * 1000)}@example.com,City ${Math.floor(rnd() * 500)}${tail}\n`;
  }
  return s;
}

const put = (key: string, body: string | Uint8Array) => s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: body }));
const get = async (key: string) => (await s3.client.send(new GetObjectCommand({ Bucket: 'data', Key: key }))).Body!.transformToByteArray();
const exists = (key: string) =>
  s3.client.send(new HeadObjectCommand({ Bucket: 'data', Key: key })).then(
    () => true,
    (e: { name?: string }) => (e.name === 'NotFound' ? false : Promise.reject(e)),
  );

async function rowsOf(path: string): Promise<{ rows: Row[]; files: string[] }> {
  const src = await openSource({ path });
  const rows: Row[] = [];
  for await (const b of src.batches()) rows.push(...b.rows);
  return { rows, files: [...src.files] };
}

beforeAll(async () => {
  s3 = await startS3(['data']);
  Object.assign(process.env, s3.env); // the library path (runFlow → openSource) builds its client from the env
  await put('in/part-0.csv', csv(1, 1, 40));
  await put('in/part-1.csv', csv(2, 41, 35));
  await put('in/nested/part-2.csv', csv(3, 76, 25));
  await put('in/nested/', new Uint8Array(0)); // folder marker
  await put('in/_SUCCESS', new Uint8Array(0)); // zero-byte marker
  await put('in/README.txt', 'not a table');
  await put('in/.hidden.csv', csv(4, 1000, 3));
  await put('in/_audit/algo-1/audit-algo-1.jsonl', '{"a":1}\n');
  await put('other/x.csv', csv(5, 2000, 2));
});

afterAll(async () => {
  await s3?.close();
});

describe('s3 sources', () => {
  it('a prefix reads every table object under it, in key order, skipping markers, hidden and non-table objects', async () => {
    for (const path of ['s3://data/in', 's3://data/in/']) {
      const { rows, files } = await rowsOf(path);
      expect(files).toEqual(['s3://data/in/nested/part-2.csv', 's3://data/in/part-0.csv', 's3://data/in/part-1.csv']);
      expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    }
  });

  it('globs: * stays in one folder, ** crosses folders; a single object; errors name the path', async () => {
    expect((await rowsOf('s3://data/in/*.csv')).files).toEqual(['s3://data/in/part-0.csv', 's3://data/in/part-1.csv']);
    expect((await rowsOf('s3://data/in/**/part-*.csv')).files).toEqual([
      's3://data/in/nested/part-2.csv',
      's3://data/in/part-0.csv',
      's3://data/in/part-1.csv',
    ]);
    const one = await rowsOf('s3://data/in/part-1.csv');
    expect(one.files).toEqual(['s3://data/in/part-1.csv']);
    expect(one.rows).toHaveLength(35);
    expect(one.rows[0]).toMatchObject({ id: '41' });
    await expect(openSource({ path: 's3://data/nope/' })).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND', message: expect.stringContaining('s3://data/nope/') });
    await expect(openSource({ path: 's3://data/in/*.parquet' })).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
    await expect(openSource({ path: 's3://missing-bucket/x.csv' })).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
    expect(globToRegExp('a/**/b.csv').test('a/b.csv')).toBe(true);
    expect(globToRegExp('a/*.csv').test('a/x/b.csv')).toBe(false);
  });

  it('with `format` set, a prefix also reads objects without an extension (Spark part files)', async () => {
    await put('spark/part-00000', csv(6, 1, 4));
    await put('spark/part-00001', csv(7, 5, 3));
    await put('spark/_SUCCESS', new Uint8Array(0));
    const src = await openS3Source({ path: 's3://data/spark/', format: 'csv' });
    let n = 0;
    for await (const b of src.batches()) n += b.rows.length;
    expect(src.files).toEqual(['s3://data/spark/part-00000', 's3://data/spark/part-00001']);
    expect(n).toBe(7);
  });

  it('random access (what Parquet uses) issues ranged GetObjects and returns exactly the bytes asked for', async () => {
    const body = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
    await put('bin/blob.bin', body);
    const [obj] = await resolveS3Objects(s3.client, 's3://data/bin/blob.bin');
    expect(obj.size).toBe(70_000);
    const input = s3ByteInput(s3.client, obj);
    const before = s3.requests.length;
    expect(Buffer.from(await input.read!(69_990, 70_000))).toEqual(Buffer.from(body.subarray(69_990)));
    expect(Buffer.from(await input.read!(100, 2100))).toEqual(Buffer.from(body.subarray(100, 2100)));
    expect(Buffer.from(await input.read!(69_999, 80_000))).toEqual(Buffer.from(body.subarray(69_999)));
    expect(s3.requests.slice(before).every((r) => r.startsWith('GET /data/bin/blob.bin'))).toBe(true);
  });
});

describe('s3 through the runner', () => {
  it('runFlow: S3 prefix in, S3 object out, redacted, audit naming the S3 objects', async () => {
    const flow = await parseFlow(
      {
        version: 1,
        source: { path: 's3://data/in/' },
        steps: [{ redact: { columns: ['name', 'email'], detector: { type: 'local' } } }],
        sink: { path: 's3://data/out/redacted.jsonl' },
        audit: { path: join(dir, 'lib', 'audit.jsonl'), report: false },
      },
      { dir },
    );
    const summary = await runFlow(flow);
    expect(summary.rows_in).toBe(100);
    expect(summary.output).toMatchObject({ path: 's3://data/out/redacted.jsonl', rows: 100 });
    const text = Buffer.from(await get('out/redacted.jsonl')).toString('utf8');
    const rows = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => !/@example\.com/.test(r.email))).toBe(true);
    expect(rows.filter((r) => r.email.includes('[EMAIL]')).length).toBe(100);
    const audit = readFileSync(join(dir, 'lib', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; type: string });
    expect(new Set(audit.map((r) => r.file))).toEqual(new Set(['s3://data/in/nested/part-2.csv', 's3://data/in/part-0.csv', 's3://data/in/part-1.csv']));
    expect(audit.filter((r) => r.type === 'EMAIL')).toHaveLength(100);
  });

  it('Parquet: written to S3 by the runner, read back from S3 with ranged GetObjects only', async () => {
    const flow = await parseFlow(
      { version: 1, source: { path: 's3://data/in/*.csv' }, steps: [], sink: { path: 's3://data/pq/customers.parquet' } },
      { dir },
    );
    const summary = await runFlow(flow);
    expect(summary.output).toMatchObject({ rows: 75 });
    const before = s3.requests.length;
    const { rows } = await rowsOf('s3://data/pq/customers.parquet');
    expect(rows.map((r) => Number(r.id))).toEqual(Array.from({ length: 75 }, (_, i) => i + 1));
    const csvRows = (await rowsOf('s3://data/in/*.csv')).rows;
    expect(rows).toEqual(csvRows);
    const gets = s3.requests.slice(before).filter((r) => r.startsWith('GET /data/pq/customers.parquet'));
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((r) => / range=bytes=\d+-\d+$/.test(r))).toBe(true);
  });

  it('CLI: a 6 MB output goes up as a multipart upload (several parts) and reads back byte for byte', async () => {
    const big = csv(42, 1, 30_000, 150);
    expect(big.length).toBeGreaterThan(5.5 * 1024 * 1024);
    await put('big/input.csv', big);
    const flowPath = join(dir, 'copy.flow.yaml');
    writeFileSync(flowPath, 'version: 1\nsource: { path: s3://data/big/input.csv }\nsteps: []\nsink: { path: s3://data/big-out/copy.csv }\n');
    const partsBefore = s3.uploadParts();
    const r = await runCli(['run', flowPath, '--log-format', 'json'], { env: { ...s3.env, REDACTFLOW_S3_PART_SIZE_MB: '5' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const done = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; rows_out?: number }).find((e) => e.event === 'run_completed');
    expect(done?.rows_out).toBe(30_000);
    expect(s3.uploadParts() - partsBefore).toBe(2); // 5 MiB + the rest
    expect(s3.requests.some((q) => q.startsWith('POST /data/big-out/copy.csv?uploads'))).toBe(true);
    expect(Buffer.from(await get('big-out/copy.csv')).equals(Buffer.from(big))).toBe(true);
  });

  it('a run failing after parts were uploaded aborts the upload: nothing appears at the final key', async () => {
    // lib-storage sends part 1 once part 2 is buffered, so the failure must come after 2 parts (10 MiB) of output.
    const bad = csv(43, 1, 55_000, 150) + '55001,too,many,fields,here\n';
    await put('bad/input.csv', bad);
    const flow = await parseFlow({ version: 1, source: { path: 's3://data/bad/input.csv' }, steps: [], sink: { path: 's3://data/bad-out/copy.csv' } }, { dir });
    const partsBefore = s3.uploadParts();
    process.env.REDACTFLOW_S3_PART_SIZE_MB = '5';
    try {
      const err = await runFlow(flow).then(() => null, (e: unknown) => e as Error & { code?: string });
      expect(err).toMatchObject({ code: 'INPUT_MALFORMED' });
      expect(err!.message).toContain('s3://data/bad/input.csv:55002');
      expect(err!.message).not.toContain('too,many');
    } finally {
      delete process.env.REDACTFLOW_S3_PART_SIZE_MB;
    }
    expect(s3.uploadParts() - partsBefore).toBeGreaterThanOrEqual(1); // the multipart upload had started
    expect(s3.requests.some((q) => q.startsWith('DELETE /data/bad-out/copy.csv?uploadId='))).toBe(true); // AbortMultipartUpload
    expect(await exists('bad-out/copy.csv')).toBe(false);
  });
});
