import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferFormat, openSink, openSource } from '../../src/io/open-table.ts';
import { readAll, tempDir } from './io-fixtures.ts';

describe('open-table', () => {
  it('infers formats from extensions and rejects unknown ones', () => {
    expect(['a.csv', 'a.TSV', 'a.jsonl', 'a.ndjson', 'a.json', 'a.parquet', 'a.arrow', 'a.feather', 'a.arrows', 's3://b/k.csv?x=1'].map(inferFormat))
      .toEqual(['csv', 'csv', 'jsonl', 'jsonl', 'jsonl', 'parquet', 'arrow', 'arrow', 'arrows', 'csv']);
    let code = '';
    try {
      inferFormat('data.xlsx');
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('UNSUPPORTED_FORMAT');
  });

  it('resolves relative paths against baseDir, and reads folders and * patterns in name order', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'parts'));
    await writeFile(join(dir, 'parts', 'b.csv'), 'x\n2\n');
    await writeFile(join(dir, 'parts', 'a.csv'), 'x\n1\n');
    await writeFile(join(dir, 'parts', '.a.csv.partial-1-0'), 'x\nhidden\n');
    const folder = await openSource({ path: 'parts' }, { baseDir: dir });
    expect(folder.files).toEqual([join(dir, 'parts', 'a.csv'), join(dir, 'parts', 'b.csv')]);
    const t = await readAll(folder);
    expect(t.rows).toEqual([{ x: '1' }, { x: '2' }]);
    expect(t.batches.map((b) => b.file)).toEqual(folder.files);
    const glob = await openSource({ path: 'parts/b*.csv' }, { baseDir: dir });
    expect(glob.files).toEqual([join(dir, 'parts', 'b.csv')]);
    const sink = await openSink({ path: 'out/new.csv' }, { baseDir: dir });
    expect(sink.path).toBe(join(dir, 'out', 'new.csv'));
    await sink.abort();
  });
});
