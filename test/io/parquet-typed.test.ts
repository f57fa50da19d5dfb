// The Parquet writer's own INT64 / TIMESTAMP / DOUBLE / BOOLEAN encoding (typed-column.ts): edge values, cells of
// other JS types converted, pages and row groups with nulls at their edges, chunk statistics, read back by
// hyparquet (our reader) and parquetjs-lite; a cell that does not fit names its row and column, never its value.
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import parquet from 'parquetjs-lite';
import { describe, expect, it } from 'vitest';
import { localByteOutput } from '../../src/io/local-file.ts';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { ParquetBatchWriter } from '../../src/io/parquet/parquet-codec.ts';
import type { Cell, Field, Row } from '../../src/table/batch.ts';
import { mulberry32 as rng } from '../../src/util/prng.ts';
import { catchError, listDir, readAll, tempDir } from './io-fixtures.ts';

const FIELDS: Field[] = [
  { name: 'l', type: 'long' },
  { name: 'd', type: 'double' },
  { name: 'b', type: 'boolean' },
  { name: 't', type: 'datetime' },
];

async function write(path: string, rows: Row[], options: { rowGroupRows?: number; pageSize?: number; batch?: number } = {}): Promise<void> {
  const out = await localByteOutput(path);
  const writer = new ParquetBatchWriter(out, options);
  const size = options.batch ?? 1000;
  for (let at = 0; at < rows.length; at += size) {
    const slice = rows.slice(at, at + size);
    await writer.write({ fields: FIELDS, rows: slice, file: 'gen', rowNumbers: slice.map((_, k) => at + k + 1) });
  }
  await writer.finish();
  await out.close();
}

/** How our reader gives back what was written: longs as numbers when safe, bigint otherwise. */
function expected(rows: Row[]): Row[] {
  return rows.map((r) => ({ l: r.l, d: r.d, b: r.b, t: r.t }));
}

describe('Parquet typed columns', () => {
  it('round-trips edge values and converts other cell types, read back by hyparquet and parquetjs-lite', async () => {
    const dir = await tempDir();
    const path = join(dir, 'edges.parquet');
    const longs: Cell[] = [0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5, -(2 ** 40) - 3, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n, ' 42 ', true, null];
    const doubles: Cell[] = [1.5, -0, Number.NaN, Infinity, -Infinity, 1e-300, 5n, '2.25', -7, null, 0.1, 3, 4, 5];
    const bools: Cell[] = [true, false, null, 'true', 'false', true, true, false, false, true, null, false, true, true];
    const times: Cell[] = [new Date(Date.UTC(2024, 1, 29, 12, 30, 1, 999)), '2020-07-17T02:02:06Z', 86_400_000, new Date(-86_400_000 * 365), null, new Date(0), '1999-12-31T23:59:59.001Z', 1, 2, 3, 4, 5, 6, 7];
    const rows: Row[] = longs.map((l, i) => ({ l, d: doubles[i], b: bools[i], t: times[i] }));
    await write(path, rows);

    const back = await readAll(await openSource({ path }));
    expect(back.fields).toEqual(FIELDS);
    const asLong = (v: Cell): Cell => {
      if (v === null) return null;
      const b = typeof v === 'bigint' ? v : typeof v === 'boolean' ? BigInt(v ? 1 : 0) : BigInt(String(v).trim());
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    };
    const asDouble = (v: Cell): Cell => (v === null ? null : Number(v));
    const asBool = (v: Cell): Cell => (v === null ? null : v === true || v === 'true');
    const asTime = (v: Cell): Cell => (v === null ? null : new Date(v as string | number | Date));
    expect(back.rows).toEqual(expected(rows.map((r) => ({ l: asLong(r.l), d: asDouble(r.d), b: asBool(r.b), t: asTime(r.t) }))));
    expect(Object.is(back.rows[1].d, -0)).toBe(true);

    const reader = await parquet.ParquetReader.openFile(path);
    // parquetjs-lite cannot turn TIMESTAMP_MILLIS into dates (see parquet.test.ts)
    const cursor = reader.getCursor(['l', 'd', 'b']);
    const theirs: Record<string, unknown>[] = [];
    for (let r = await cursor.next(); r !== null; r = await cursor.next()) theirs.push(r);
    await reader.close();
    expect(theirs.map((r) => (r.l === undefined ? null : String(r.l)))).toEqual(back.rows.map((r) => (r.l === null ? null : String(r.l))));
    expect(theirs.map((r) => r.d ?? null)).toEqual(back.rows.map((r) => r.d));
    expect(theirs.map((r) => r.b ?? null)).toEqual(back.rows.map((r) => r.b));
  });

  it('splits chunks into pages and row groups with nulls at their edges, with statistics per chunk', async () => {
    const dir = await tempDir();
    const path = join(dir, 'pages.parquet');
    const r = rng(11);
    const rows: Row[] = [];
    for (let i = 0; i < 5000; i++) {
      const gap = i % 500 >= 480; // runs of nulls across page and group boundaries
      rows.push({
        l: gap || r() < 0.05 ? null : Math.floor((r() - 0.5) * 2 ** 50),
        d: gap || r() < 0.05 ? null : r() < 0.01 ? Number.NaN : (r() - 0.5) * 1e6,
        b: gap || r() < 0.05 ? null : r() < 0.5,
        t: gap || r() < 0.05 ? null : new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 1e10)),
      });
    }
    rows.push({ l: null, d: null, b: null, t: null }); // the last group ends on an all-null row
    await write(path, rows, { rowGroupRows: 2000, pageSize: 4096, batch: 777 });

    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([2000, 2000, 1001]);
    for (const [g, group] of meta.row_groups.entries()) {
      const from = g * 2000;
      const slice = rows.slice(from, from + Number(group.num_rows));
      for (const chunk of group.columns) {
        const m = chunk.meta_data!;
        expect(m.codec).toBe('SNAPPY');
        expect(m.encodings).toContain('PLAIN');
        const name = m.path_in_schema[0];
        const values = slice.map((row) => row[name]).filter((v) => v !== null);
        const nulls = BigInt(slice.length - values.length);
        if (name === 't') {
          expect(m.statistics).toBeUndefined(); // parquetjs-lite cannot decode timestamp statistics
        } else if (name === 'l') {
          const nums = values as number[];
          expect(m.statistics).toMatchObject({ null_count: nulls, min_value: BigInt(Math.min(...nums)), max_value: BigInt(Math.max(...nums)) });
        } else if (name === 'd') {
          const nums = (values as number[]).filter((v) => !Number.isNaN(v));
          expect(m.statistics).toMatchObject({ null_count: nulls, min_value: Math.min(...nums), max_value: Math.max(...nums) });
        } else {
          expect(m.statistics).toMatchObject({ null_count: nulls, min_value: false, max_value: true });
        }
      }
    }
    // 8-byte values over 4 KiB pages: several pages per chunk, hence an offset index; 2000 booleans fit one page
    const offsets = meta.row_groups[0].columns.map((c) => c.offset_index_length ?? 0);
    expect(offsets.map((n) => n > 0)).toEqual([true, true, false, true]);

    const back = await readAll(await openSource({ path }), { batchSize: 333 });
    expect(back.rows).toEqual(expected(rows));

    const reader = await parquet.ParquetReader.openFile(path);
    const cursor = reader.getCursor(['l', 'd', 'b']);
    let n = 0;
    let wrong = 0;
    for (let t = await cursor.next(); t !== null; t = await cursor.next(), n++) {
      const a = rows[n];
      const d = (t.d ?? null) as number | null;
      if ((t.l === undefined ? null : Number(t.l)) !== a.l || (t.b ?? null) !== a.b) wrong++;
      if (!(d === a.d || (Number.isNaN(d) && Number.isNaN(a.d)))) wrong++;
    }
    await reader.close();
    expect(n).toBe(rows.length);
    expect(wrong).toBe(0);
  });

  it('a cell that does not fit names its row and column, never its value, and leaves no file', async () => {
    const dir = await tempDir();
    const cases: [Field['type'], Cell][] = [
      ['long', 1.5],
      ['long', '12abc'],
      ['long', 2n ** 64n],
      ['long', 2 ** 70],
      ['double', 'abc'],
      ['boolean', 'maybe'],
      ['datetime', 'not a date'],
      ['datetime', new Date(Number.NaN)],
      ['string', new Date(Number.NaN)],
    ];
    for (const [i, [type, value]] of cases.entries()) {
      const path = join(dir, `bad-${i}.parquet`);
      const sink = await openSink({ path });
      const fields: Field[] = [{ name: 'ok', type: 'long' }, { name: 'col', type }];
      const e = await catchError(() => sink.write({ fields, rows: [{ ok: 1, col: null }, { ok: 2, col: value }], file: 'in.csv', rowNumbers: [41, 42] }));
      expect(e.code).toBe('OUTPUT_FAILED');
      expect(e.message).toContain(`row 42 of in.csv, column col: value does not fit the column type ${type}`);
      if (typeof value === 'string') expect(e.message).not.toContain(value);
    }
    expect(await listDir(dir)).toEqual([]);
  });
});
