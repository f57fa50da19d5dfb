// The CSV reader over line-aligned, ASCII/UTF-8-split decoding (utf8-chunks.ts decodeUtf8Lines) and the
// character-loop parser: seeded random files whose values are known up front, read with many chunkings.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv/csv-codec.ts';
import type { Row } from '../../src/table/batch.ts';
import { memoryInput, readAll } from './io-fixtures.ts';
import { mulberry32 as rng } from '../../src/util/prng.ts';


const PIECES = ['abc', 'Zoë', 'Ångström', '東京', '👩‍👩‍👧', 'Jose\u0301', ' ', '1234', 'x'.repeat(40), 'ñ'];

/** A random value (null = unquoted empty field) and how it is written. */
function field(r: () => number): { value: string | null; text: string } {
  const kind = r();
  if (kind < 0.1) return { value: null, text: '' };
  if (kind < 0.15) return { value: '', text: '""' };
  let v = '';
  const parts = 1 + Math.floor(r() * 3);
  for (let i = 0; i < parts; i++) v += PIECES[Math.floor(r() * PIECES.length)];
  if (kind < 0.55) return { value: v.trim() === '' ? 'plain' : v.replace(/^ | $/g, '_'), text: v.trim() === '' ? 'plain' : v.replace(/^ | $/g, '_') };
  // quoted: with delimiters, doubled quotes, LF and CRLF inside
  const extra = ['', ',', '"', '\n', '\r\n', ', "q"'][Math.floor(r() * 6)];
  const value = v + extra + v;
  return { value, text: `"${value.replaceAll('"', '""')}"` };
}

function makeFile(seed: number, rows: number): { bytes: Uint8Array; expected: Row[] } {
  const r = rng(seed);
  const names = ['a', 'b', 'c', 'd'];
  const crlf = r() < 0.5;
  const nl = crlf ? '\r\n' : '\n';
  let text = (r() < 0.3 ? '\uFEFF' : '') + names.join(',') + nl;
  const expected: Row[] = [];
  for (let i = 0; i < rows; i++) {
    const fs = names.map(() => field(r));
    const row: Row = {};
    names.forEach((n, k) => (row[n] = fs[k].value));
    expected.push(row);
    text += fs.map((f) => f.text).join(',') + (i === rows - 1 && r() < 0.5 ? '' : nl);
  }
  return { bytes: new TextEncoder().encode(text), expected };
}

describe('CSV reader over any chunking', () => {
  it('reads seeded random files (BOM, CRLF, quotes, quoted line breaks, multi-byte text) the same whatever the chunk sizes', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { bytes, expected } = makeFile(seed, 300);
      const r = rng(seed * 31);
      const chunkings = [[bytes.length], [1], [3, 2], [Math.floor(r() * 200) + 1, Math.floor(r() * 50) + 1], [4096], [65536, 7]];
      for (const sizes of chunkings) {
        const t = await readAll({ files: ['x'], batches: () => readCsv(memoryInput('x.csv', bytes, sizes), { batchSize: 97 }) });
        expect(t.rows).toEqual(expected);
        expect(t.rowNumbers).toEqual(expected.map((_, i) => i + 1));
      }
    }
  });

  it('a line longer than a chunk, and pure-ASCII input, read whole', async () => {
    const long = 'y'.repeat(300_000);
    const text = `a,b\n1,${long}\n2,"${long}\nZoë"\n3,z`;
    const bytes = new TextEncoder().encode(text);
    for (const sizes of [[65536], [1000, 3], [bytes.length]]) {
      const t = await readAll({ files: ['x'], batches: () => readCsv(memoryInput('x.csv', bytes, sizes), { batchSize: 2 }) });
      expect(t.rows).toEqual([{ a: '1', b: long }, { a: '2', b: `${long}\nZoë` }, { a: '3', b: 'z' }]);
    }
  });
});
