import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { catchError, listDir, readAll, tempDir, trickyBatch, TRICKY_ROWS } from './io-fixtures.ts';

async function jsonlFile(content: string | Uint8Array, name = 'in.jsonl'): Promise<{ dir: string; path: string }> {
  const dir = await tempDir();
  const path = join(dir, name);
  await writeFile(path, content);
  return { dir, path };
}

describe('JSON Lines', () => {
  it('reads objects: missing keys are null, nested values are kept as JSON text, blank lines skipped', async () => {
    const { path } = await jsonlFile('{"a":"x","b":1}\n\n{"b":2.5,"c":true}\r\n{"a":null,"c":{"k":[1,"v"]}}\n');
    const t = await readAll(await openSource({ path }));
    expect(t.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      { a: 'x', b: 1, c: null },
      { a: null, b: 2.5, c: true },
      { a: null, b: null, c: '{"k":[1,"v"]}' },
    ]);
    expect(t.rowNumbers).toEqual([1, 2, 3]);
  });

  it('round-trips the tricky table (.ndjson too)', async () => {
    const dir = await tempDir();
    for (const name of ['out.jsonl', 'out.ndjson']) {
      const path = join(dir, name);
      const sink = await openSink({ path });
      await sink.write(trickyBatch());
      expect((await sink.close()).rows).toBe(TRICKY_ROWS.length);
      expect((await readAll(await openSource({ path }))).rows).toEqual(TRICKY_ROWS);
    }
    const first = (await readFile(join(dir, 'out.jsonl'), 'utf8')).split('\n')[0];
    expect(first).toBe('{"id":"1","name":"Zoë Ångström","note":null}');
  });

  it('a key first seen after the first batch is an error naming the line and the key', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i })).concat(JSON.stringify({ id: 9, extra: 'SECRET' }));
    const { path } = await jsonlFile(lines.join('\n'));
    const err = await catchError(async () => readAll(await openSource({ path }), { batchSize: 2 }));
    expect([err.code, err.line]).toEqual(['INPUT_MALFORMED', 6]);
    expect(err.message).toContain('"extra"');
    expect(err.message).not.toContain('SECRET');
  });

  it('invalid JSON, non-object lines, invalid UTF-8 and empty files are typed errors without cell text', async () => {
    const bad = await jsonlFile('{"a":1}\n{"a": SECRET}\n');
    const e1 = await catchError(async () => readAll(await openSource({ path: bad.path })));
    expect([e1.code, e1.line]).toEqual(['INPUT_MALFORMED', 2]);
    expect(e1.message).not.toContain('SECRET');
    const arr = await jsonlFile('{"a":1}\n["SECRET"]\n');
    const e2 = await catchError(async () => readAll(await openSource({ path: arr.path })));
    expect([e2.code, e2.line]).toEqual(['INPUT_MALFORMED', 2]);
    expect(e2.message).not.toContain('SECRET');
    const enc = await jsonlFile(new Uint8Array([...new TextEncoder().encode('{"a":"x"}\n{"a":"SECRET'), 0xc3, 0x28, 0x22, 0x7d, 0x0a]));
    const e3 = await catchError(async () => readAll(await openSource({ path: enc.path })));
    expect([e3.code, e3.line]).toEqual(['INPUT_ENCODING', 2]);
    expect(e3.message).not.toContain('SECRET');
    for (const content of ['', '\n \n']) {
      const empty = await jsonlFile(content);
      expect((await catchError(async () => readAll(await openSource({ path: empty.path })))).code).toBe('INPUT_EMPTY');
    }
  });

  it('a failed conversion leaves no output file', async () => {
    const { dir, path } = await jsonlFile('{"a":"1"}\n'.repeat(50) + 'not json\n');
    const out = join(dir, 'out.csv');
    const sink = await openSink({ path: out });
    const err = await catchError(async () => {
      for await (const b of (await openSource({ path })).batches({ batchSize: 10 })) await sink.write(b);
      await sink.close();
    });
    await sink.abort();
    expect(err.code).toBe('INPUT_MALFORMED');
    expect(await listDir(dir)).toEqual(['in.jsonl']);
  });
});
