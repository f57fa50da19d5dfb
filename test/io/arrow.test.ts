import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { catchError, listDir, readAll, tempDir, trickyBatch, TRICKY_FIELDS, TRICKY_ROWS, typedBatch, TYPED_FIELDS } from './io-fixtures.ts';


describe.each(['arrow', 'feather', 'arrows'])('Arrow IPC (.%s)', (ext) => {
  it('round-trips the tricky table and typed columns', async () => {
    const dir = await tempDir();
    const path = join(dir, `tricky.${ext}`);
    const sink = await openSink({ path });
    await sink.write(trickyBatch());
    await sink.write({ ...trickyBatch(), rowNumbers: TRICKY_ROWS.map((_, i) => i + 8) });
    expect((await sink.close()).rows).toBe(2 * TRICKY_ROWS.length);
    const t = await readAll(await openSource({ path }), { batchSize: 5 });
    expect(t.fields).toEqual(TRICKY_FIELDS);
    expect(t.rows).toEqual([...TRICKY_ROWS, ...TRICKY_ROWS]);
    expect(t.rowNumbers).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(t.batches.every((b) => b.rows.length <= 5)).toBe(true);

    const typed = join(dir, `typed.${ext}`);
    const s2 = await openSink({ path: typed });
    await s2.write(typedBatch());
    await s2.close();
    const back = await readAll(await openSource({ path: typed }));
    expect(back.fields).toEqual(TYPED_FIELDS);
    expect(back.rows).toEqual(typedBatch().rows);
    expect(await listDir(dir)).toEqual([`tricky.${ext}`, `typed.${ext}`]);
  });

  it('apache-arrow reads our output with nullable columns of the mapped types', async () => {
    const dir = await tempDir();
    const path = join(dir, `typed.${ext}`);
    const sink = await openSink({ path });
    await sink.write(typedBatch());
    await sink.close();
    const table = tableFromIPC(await readFile(path));
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['s', 'Utf8', true],
      ['l', 'Int64', true],
      ['d', 'Float64', true],
      ['b', 'Bool', true],
      ['t', 'Timestamp<MILLISECOND, UTC>', true],
    ]);
    expect(table.getChild('s')?.get(0)).toBe('Zoë 👩‍👩‍👧');
    expect(table.getChild('l')?.get(2)).toBe(9007199254740993n);
    expect(table.getChild('b')?.get(1)).toBe(null);
  });

  it('an empty table with known fields still carries its schema', async () => {
    const dir = await tempDir();
    const path = join(dir, `empty.${ext}`);
    const sink = await openSink({ path }, { fields: TYPED_FIELDS });
    await sink.close();
    const t = await readAll(await openSource({ path }));
    expect(t.fields).toEqual(TYPED_FIELDS);
    expect(t.rows).toEqual([]);
  });
});

describe('Arrow IPC inputs from other writers', () => {
  it('reads dictionary-encoded strings, int32 and float32 columns written by apache-arrow', async () => {
    const dir = await tempDir();
    const table = tableFromArrays({ city: ['Paris', 'Köln', 'Paris'], n: Int32Array.from([1, 2, 3]), f: Float32Array.from([0.5, 1.5, 2.5]) });
    for (const [name, format] of [['dict.arrow', 'file'], ['dict.arrows', 'stream']] as const) {
      const path = join(dir, name);
      await writeFile(path, tableToIPC(table, format));
      const t = await readAll(await openSource({ path }));
      expect(t.fields).toEqual([{ name: 'city', type: 'string' }, { name: 'n', type: 'long' }, { name: 'f', type: 'double' }]);
      expect(t.rows).toEqual([{ city: 'Paris', n: 1, f: 0.5 }, { city: 'Köln', n: 2, f: 1.5 }, { city: 'Paris', n: 3, f: 2.5 }]);
    }
  });

  it('garbage and empty files are typed input errors', async () => {
    const dir = await tempDir();
    const bad = join(dir, 'bad.arrow');
    await writeFile(bad, 'ARROW1 not really SECRET');
    const e1 = await catchError(async () => readAll(await openSource({ path: bad })));
    expect(e1.code).toBe('INPUT_MALFORMED');
    expect(e1.message).not.toContain('SECRET');
    const empty = join(dir, 'empty.arrows');
    await writeFile(empty, '');
    expect((await catchError(async () => readAll(await openSource({ path: empty })))).code).toBe('INPUT_EMPTY');
  });
});
