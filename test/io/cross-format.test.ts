import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { listDir, readAll, tempDir, trickyBatch, TRICKY_ROWS } from './io-fixtures.ts';

async function convert(from: string, to: string): Promise<number> {
  const source = await openSource({ path: from });
  const sink = await openSink({ path: to });
  for await (const batch of source.batches({ batchSize: 3 })) await sink.write(batch);
  return (await sink.close()).rows;
}

describe('cross-format chain', () => {
  it('CSV → Parquet → Arrow → Arrow stream → JSON Lines → TSV → CSV keeps every value and ends byte-identical', async () => {
    const dir = await tempDir();
    const first = join(dir, 'a.csv');
    const sink = await openSink({ path: first });
    await sink.write(trickyBatch());
    await sink.close();
    const chain = ['a.csv', 'b.parquet', 'c.arrow', 'd.arrows', 'e.jsonl', 'f.tsv', 'g.csv'].map((f) => join(dir, f));
    for (let i = 1; i < chain.length; i++) {
      expect(await convert(chain[i - 1], chain[i])).toBe(TRICKY_ROWS.length);
      const t = await readAll(await openSource({ path: chain[i] }));
      expect(t.rows).toEqual(TRICKY_ROWS);
    }
    expect(await readFile(chain.at(-1)!, 'utf8')).toBe(await readFile(first, 'utf8'));
    expect(await listDir(dir)).toEqual(['a.csv', 'b.parquet', 'c.arrow', 'd.arrows', 'e.jsonl', 'f.tsv', 'g.csv']);
  });
});
