// Shared helpers for the I/O tests: temp folders, reading a whole source, and the tricky table every format
// must round-trip.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Batch, Cell, Field, Row } from '../../src/table/batch.ts';
import type { ByteInput, ReadOptions, TableSource } from '../../src/io/table-io.ts';

const dirs: string[] = [];

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redactflow-io-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export async function readAll(source: TableSource, options?: ReadOptions): Promise<{ fields: Field[]; rows: Row[]; rowNumbers: number[]; batches: Batch[] }> {
  const batches: Batch[] = [];
  for await (const b of source.batches(options)) batches.push(b);
  return {
    fields: batches[0]?.fields ?? [],
    rows: batches.flatMap((b) => b.rows),
    rowNumbers: batches.flatMap((b) => b.rowNumbers),
    batches,
  };
}

export async function catchError(fn: () => Promise<unknown>): Promise<Error & { code?: string; line?: number; column?: number; file?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected an error');
}

/** A ByteInput over in-memory bytes served in chunks of the given sizes (cycled), to test chunk boundaries. */
export function memoryInput(name: string, bytes: Uint8Array, chunkSizes: number[]): ByteInput {
  return {
    name,
    size: bytes.length,
    async *stream() {
      let pos = 0;
      let k = 0;
      while (pos < bytes.length) {
        const n = chunkSizes[k++ % chunkSizes.length];
        yield bytes.subarray(pos, pos + n);
        pos += n;
      }
    },
    read: (start, end) => Promise.resolve(bytes.subarray(start, end)),
  };
}

export const TRICKY_FIELDS: Field[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'note', type: 'string' },
];

/** Nulls, empty strings, emoji ZWJ sequence, combining mark, CJK, embedded newlines, quotes and delimiters. */
export const TRICKY_ROWS: Row[] = [
  { id: '1', name: 'Zoë Ångström', note: null },
  { id: '2', name: '', note: 'family 👩‍👩‍👧 trip' },
  { id: '3', name: 'Jose\u0301', note: '東京都渋谷区' },
  { id: '4', name: 'line one\nline two\r\nline three', note: 'say "hi", then\tleave' },
  { id: '5', name: null, note: '' },
  { id: '6', name: ' padded ', note: '"' },
  { id: '7', name: 'a,b;c|d', note: '""' },
];

export function trickyBatch(file = 'memory'): Batch {
  return { fields: TRICKY_FIELDS, rows: TRICKY_ROWS.map((r) => ({ ...r })), file, rowNumbers: TRICKY_ROWS.map((_, i) => i + 1) };
}

export function cells(rows: Row[], names: string[]): Cell[][] {
  return rows.map((r) => names.map((n) => r[n]));
}

/** One row of each typed column (long beyond 2^53, dates) plus an all-null row. */
export const TYPED_FIELDS: Field[] = [
  { name: 's', type: 'string' },
  { name: 'l', type: 'long' },
  { name: 'd', type: 'double' },
  { name: 'b', type: 'boolean' },
  { name: 't', type: 'datetime' },
];

export function typedBatch(): Batch {
  return {
    fields: TYPED_FIELDS,
    rows: [
      { s: 'Zoë 👩‍👩‍👧', l: 42, d: 1.25, b: true, t: new Date(Date.UTC(2024, 1, 29, 12, 30, 0, 5)) },
      { s: null, l: null, d: null, b: null, t: null },
      { s: '', l: 9007199254740993n, d: -0.5, b: false, t: new Date(0) },
    ],
    file: 'memory',
    rowNumbers: [1, 2, 3],
  };
}
