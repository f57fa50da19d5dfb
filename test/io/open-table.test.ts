import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferFormat, openSink, openSource } from '../../src/io/open-table.ts';
import { listDir, readAll, tempDir } from './io-fixtures.ts';

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

  it('a new sink removes partial files of the same target left by dead processes, and nothing else', async () => {
    const dir = await tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `.out.csv.partial-${dead}-0`;
    const live = `.out.csv.partial-${process.ppid}-0`;
    const other = `.other.csv.partial-${dead}-0`;
    for (const f of [stale, live, other]) await writeFile(join(dir, f), 'x\n');
    const sink = await openSink({ path: join(dir, 'out.csv') });
    const names = await listDir(dir);
    expect(names).not.toContain(stale);
    expect(names).toContain(live);
    expect(names).toContain(other);
    await sink.abort();
  });
});
