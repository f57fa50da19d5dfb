// `sample: { size, seed }` exact-size seeded random sample (reservoir, memory = size rows);
// `{ fraction, seed }` keeps each row with that probability (streams); `{ limit }` keeps the first N rows.
// The sample keeps the input order, so the same seed gives the same output file.
import { z } from 'zod';
import { defineTransform, type Stage } from './transform.ts';
import type { Batch, Field, Row } from '../src/table/batch.ts';
import { mulberry32 } from '../src/util/prng.ts';

export const sampleOptions = z.union([
  z.object({ size: z.number().int().positive(), seed: z.number().int().default(1) }).strict(),
  z.object({ fraction: z.number().gt(0).max(1), seed: z.number().int().default(1) }).strict(),
  z.object({ limit: z.number().int().nonnegative() }).strict(),
]);

type Held = { seq: number; row: Row; file: string; rowNumber: number };

function reservoir(size: number, seed: number): Stage {
  const rand = mulberry32(seed);
  const held: Held[] = [];
  let seen = 0;
  let fields: Field[] = [];
  return {
    push(batch) {
      fields = batch.fields;
      for (let i = 0; i < batch.rows.length; i++) {
        const item = { seq: seen, row: batch.rows[i], file: batch.file, rowNumber: batch.rowNumbers[i] };
        if (held.length < size) held.push(item);
        else {
          const j = Math.floor(rand() * (seen + 1));
          if (j < size) held[j] = item;
        }
        seen++;
      }
      return [];
    },
    end() {
      held.sort((a, b) => a.seq - b.seq);
      // Re-group into batches of consecutive rows from the same file.
      const out: Batch[] = [];
      for (const h of held) {
        let last = out[out.length - 1];
        if (!last || last.file !== h.file || last.rows.length >= 4096) {
          last = { fields, rows: [], file: h.file, rowNumbers: [] };
          out.push(last);
        }
        last.rows.push(h.row);
        last.rowNumbers.push(h.rowNumber);
      }
      held.length = 0;
      return out;
    },
  };
}

function bernoulli(fraction: number, seed: number): Stage {
  const rand = mulberry32(seed);
  return {
    push(batch) {
      const rows: Row[] = [];
      const rowNumbers: number[] = [];
      batch.rows.forEach((r, i) => {
        if (rand() < fraction) {
          rows.push(r);
          rowNumbers.push(batch.rowNumbers[i]);
        }
      });
      return rows.length ? [{ ...batch, rows, rowNumbers }] : [];
    },
  };
}

function limit(n: number): Stage {
  let left = n;
  return {
    push(batch) {
      if (left <= 0) return [];
      const k = Math.min(left, batch.rows.length);
      left -= k;
      return [{ ...batch, rows: batch.rows.slice(0, k), rowNumbers: batch.rowNumbers.slice(0, k) }];
    },
  };
}

export default defineTransform({
  name: 'sample',
  options: sampleOptions,
  stage: (o) => ('size' in o ? reservoir(o.size, o.seed) : 'fraction' in o ? bernoulli(o.fraction, o.seed) : limit(o.limit)),
});
