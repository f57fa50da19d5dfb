import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { tempDir } from './io-fixtures.ts';

describe('streaming', () => {
  it('reads 200k generated CSV rows in batches of at most 4096, row numbers continuous, and copies them', async () => {
    const dir = await tempDir();
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    const rand = mulberry32(7);
    out.write('id,name,note\n');
    const total = 200_000;
    let quoted = 0;
    for (let i = 0; i < total; i++) {
      // a few multi-line quoted notes so the quoted path and line counting are exercised at scale
      const multi = rand() < 0.05;
      if (multi) quoted++;
      const note = multi ? `"first line, ""quoted""\nsecond ${i}"` : `plain ${i}`;
      if (!out.write(`${i},name-${Math.floor(rand() * 1e6)},${note}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    expect(quoted).toBeGreaterThan(1000);

    const copy = join(dir, 'copy.csv');
    const sink = await openSink({ path: copy });
    let rows = 0;
    let biggest = 0;
    let batches = 0;
    let badNumbers = 0;
    for await (const batch of (await openSource({ path })).batches()) {
      batches++;
      biggest = Math.max(biggest, batch.rows.length);
      for (let k = 0; k < batch.rows.length; k++) {
        if (batch.rowNumbers[k] !== rows + k + 1 || batch.rows[k].id !== String(rows + k)) badNumbers++;
      }
      rows += batch.rows.length;
      await sink.write(batch);
    }
    const done = await sink.close();
    expect(rows).toBe(total);
    expect(biggest).toBe(4096);
    expect(batches).toBe(Math.ceil(total / 4096));
    expect(badNumbers).toBe(0);
    expect(done.rows).toBe(total);
    expect((await stat(copy)).size).toBe((await stat(path)).size);
  });
});
