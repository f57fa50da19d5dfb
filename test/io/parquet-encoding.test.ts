// The Parquet writer's own string column encoding (string-column.ts) and Snappy compressor (snappy.ts): files
// with dictionary and PLAIN string chunks, several row groups and pages, nulls and tricky text, read back by
// hyparquet (our reader) and by parquetjs-lite with the same values.
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, snappyUncompress } from 'hyparquet';
import { snappyCompress as hyparquetSnappy } from 'hyparquet-writer/src/snappy.js';
import parquet from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { localByteOutput } from '../../src/io/local-file.ts';
import { openSource } from '../../src/io/open-table.ts';
import { ParquetBatchWriter } from '../../src/io/parquet/parquet-codec.ts';
import { snappyCompress, snappyCompressReusing } from '../../src/io/parquet/snappy.ts';
import type { Field, Row } from '../../src/table/batch.ts';
import { readAll, tempDir } from './io-fixtures.ts';
import { mulberry32 as rng } from '../../src/util/prng.ts';


const TRICKY = ['Zoë 👩‍👩‍👧', 'Jose\u0301', 'line\nbreak', '東京', '', ' padded ', 'a,"quoted"', 'plain'];

const FIELDS: Field[] = [
  { name: 'low', type: 'string' }, // 8 distinct values + nulls: dictionary, indexes ≤ 8 bits
  { name: 'mid', type: 'string' }, // 300 distinct values in runs: dictionary with 9-bit indexes
  { name: 'uniq', type: 'string' }, // all distinct: PLAIN, several pages per chunk
  { name: 'n', type: 'long' },
  { name: 'd', type: 'double' },
  { name: 'b', type: 'boolean' },
  { name: 't', type: 'datetime' },
];

function makeRows(count: number): Row[] {
  const r = rng(7);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      low: r() < 0.1 ? null : TRICKY[Math.floor(r() * TRICKY.length)],
      mid: `m${Math.floor(i / 11) % 300}${Math.floor(i / 11) % 2 === 0 ? ' ñ' : ''}`, // runs of 11 equal values
      uniq: i % 13 === 0 ? null : `${i.toString(36)}-${Math.floor(r() * 1e9).toString(16)}-${TRICKY[i % TRICKY.length]}`,
      n: i % 17 === 0 ? null : i * 1000,
      d: i % 19 === 0 ? null : i / 8,
      b: i % 23 === 0 ? null : i % 2 === 0,
      t: i % 29 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    });
  }
  return rows;
}

async function writeFile(path: string, rows: Row[], options: { rowGroupRows: number; pageSize: number }): Promise<void> {
  const out = await localByteOutput(path);
  const writer = new ParquetBatchWriter(out, { ...options });
  for (let at = 0; at < rows.length; at += 1000) {
    const slice = rows.slice(at, at + 1000);
    await writer.write({ fields: FIELDS, rows: slice, file: 'gen', rowNumbers: slice.map((_, k) => at + k + 1) });
  }
  await writer.finish();
  await out.close();
}

describe('Parquet string encoding', () => {
  it('writes dictionary and PLAIN string chunks over several row groups and pages that hyparquet and parquetjs-lite read back', async () => {
    const dir = await tempDir();
    const path = join(dir, 'enc.parquet');
    const rows = makeRows(7000);
    await writeFile(path, rows, { rowGroupRows: 3000, pageSize: 8192 });

    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([3000, 3000, 1000]);
    const encodings = (name: string): string[] => meta.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!.encodings;
    expect(encodings('low')).toContain('PLAIN_DICTIONARY');
    expect(encodings('mid')).toContain('PLAIN_DICTIONARY');
    expect(encodings('uniq')).not.toContain('PLAIN_DICTIONARY');
    for (const c of meta.row_groups[0].columns) expect(c.meta_data?.codec).toBe('SNAPPY');

    const back = await readAll(await openSource({ path }), { batchSize: 999 });
    expect(back.fields).toEqual(FIELDS);
    expect(back.rows).toEqual(rows);

    const reader = await parquet.ParquetReader.openFile(path);
    // parquetjs-lite cannot turn TIMESTAMP_MILLIS into dates (see parquet.test.ts): every other column is compared.
    const cursor = reader.getCursor(['low', 'mid', 'uniq', 'n', 'd', 'b']);
    const theirs: Record<string, unknown>[] = [];
    for (let r = await cursor.next(); r !== null; r = await cursor.next()) theirs.push(r);
    await reader.close();
    expect(theirs).toHaveLength(rows.length);
    let wrong = 0;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i];
      const b = theirs[i];
      if ((b.low ?? null) !== a.low || (b.mid ?? null) !== a.mid || (b.uniq ?? null) !== a.uniq) wrong++;
      if ((b.n === undefined ? null : Number(b.n)) !== a.n || (b.d ?? null) !== a.d || (b.b ?? null) !== a.b) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('a row group that starts with a one-row batch still gets its dictionary', async () => {
    const dir = await tempDir();
    const path = join(dir, 'tiny-first.parquet');
    const fields: Field[] = [{ name: 'k', type: 'string' }];
    const rows: Row[] = Array.from({ length: 3001 }, (_, i) => ({ k: `key-${i % 3}` }));
    const out = await localByteOutput(path);
    const writer = new ParquetBatchWriter(out, {});
    for (const [from, to] of [[0, 1], [1, 3001]]) {
      await writer.write({ fields, rows: rows.slice(from, to), file: 'gen', rowNumbers: rows.slice(from, to).map((_, k) => from + k + 1) });
    }
    await writer.finish();
    await out.close();
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups[0].columns[0].meta_data?.encodings).toContain('PLAIN_DICTIONARY');
    expect((await readAll(await openSource({ path }))).rows).toEqual(rows);
  });

  it('a column written PLAIN starts the next groups PLAIN and gets its dictionary back when it turns low-cardinality', async () => {
    const dir = await tempDir();
    const path = join(dir, 'reprobe.parquet');
    const fields: Field[] = [{ name: 'k', type: 'string' }];
    // groups of 100 rows: 3 groups of distinct values, then 7 groups of 3 values
    const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({ k: i < 300 ? `unique-${i}` : `key-${i % 3}` }));
    const out = await localByteOutput(path);
    const writer = new ParquetBatchWriter(out, { rowGroupRows: 100 });
    for (let at = 0; at < rows.length; at += 250) {
      const slice = rows.slice(at, at + 250);
      await writer.write({ fields, rows: slice, file: 'gen', rowNumbers: slice.map((_, k) => at + k + 1) });
    }
    await writer.finish();
    await out.close();
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    const dict = meta.row_groups.map((g) => g.columns[0].meta_data!.encodings.includes('PLAIN_DICTIONARY'));
    // groups 1-3 start PLAIN after a PLAIN group; group 4 tries the dictionary again and keeps it
    expect(dict).toEqual([false, false, false, false, true, true, true, true, true, true]);
    expect((await readAll(await openSource({ path }))).rows).toEqual(rows);
  });

  it('an all-null string column and a column that turns high-cardinality mid-group round-trip', async () => {
    const dir = await tempDir();
    const path = join(dir, 'edge.parquet');
    const fields: Field[] = [{ name: 'nul', type: 'string' }, { name: 'shift', type: 'string' }];
    const rows: Row[] = Array.from({ length: 6000 }, (_, i) => ({ nul: null, shift: i < 1500 ? `k${i % 3}` : `v${i}` }));
    const out = await localByteOutput(path);
    const writer = new ParquetBatchWriter(out, { rowGroupRows: 6000 });
    for (let at = 0; at < rows.length; at += 1500) {
      const slice = rows.slice(at, at + 1500);
      await writer.write({ fields, rows: slice, file: 'gen', rowNumbers: slice.map((_, k) => at + k + 1) });
    }
    await writer.finish();
    await out.close();
    expect((await readAll(await openSource({ path }))).rows).toEqual(rows);
    const reader = await parquet.ParquetReader.openFile(path);
    const cursor = reader.getCursor(['nul', 'shift']);
    const theirs: unknown[] = [];
    for (let r = await cursor.next(); r !== null; r = await cursor.next()) theirs.push(r.shift);
    await reader.close();
    expect(theirs).toEqual(rows.map((r) => r.shift));
  });
});

describe('Snappy compressor', () => {
  it('produces the same bytes as hyparquet-writer and decompresses to the input', () => {
    const r = rng(3);
    const inputs: Uint8Array[] = [0, 1, 14, 15, 16, 61, 300, 70_000].map((n) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256)));
    // repetitive text, matches both near and more than 64 KiB back, and long literal runs
    const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `row ${i % 50},name ${Math.floor(r() * 30)},Zoë,${'x'.repeat(i % 90)}\n`).join(''));
    inputs.push(text, Buffer.concat([Uint8Array.from({ length: 70_000 }, () => Math.floor(r() * 256)), text.subarray(0, 5000), text.subarray(0, 5000)]));
    for (const input of inputs) {
      const ours = snappyCompress(input);
      expect(Buffer.from(ours).equals(Buffer.from(hyparquetSnappy(input)))).toBe(true);
      expect(Buffer.from(snappyCompressReusing(input)).equals(Buffer.from(ours))).toBe(true);
      const back = new Uint8Array(input.length);
      snappyUncompress(ours, back);
      expect(Buffer.from(back).equals(Buffer.from(input))).toBe(true);
    }
  });
});
