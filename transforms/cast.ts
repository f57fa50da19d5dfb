// `cast: { columns: { billing_zip: long, order_price: double }, on_error: null | fail }`.
// Like Spark's cast (and Data Wrangler's infer_and_cast_type), a value that does not parse becomes null by
// default; `on_error: fail` stops the run naming file, row and column instead.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import { rowCopier, type Batch, type Cell, type ColumnType } from '../src/table/batch.ts';
import { RedactflowError } from '../src/errors.ts';

const columnType = z.enum(['string', 'long', 'double', 'boolean', 'datetime']);

export const castOptions = z
  .object({
    columns: z.record(z.string(), columnType),
    on_error: z.enum(['null', 'fail']).default('null'),
  })
  .strict();

const INT_RE = /^[+-]?\d+$/;

export function castCell(v: Cell, to: ColumnType): Cell | undefined {
  if (v === null) return null;
  switch (to) {
    case 'string':
      if (v instanceof Date) return v.toISOString();
      return String(v);
    case 'long': {
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v instanceof Date) return v.getTime();
      const s = v.trim();
      if (s === '') return null;
      if (!INT_RE.test(s)) return undefined;
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : BigInt(s);
    }
    case 'double': {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v instanceof Date) return v.getTime();
      const s = v.trim();
      if (s === '') return null;
      const n = Number(s);
      return Number.isNaN(n) && s.toLowerCase() !== 'nan' ? undefined : n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0;
      const s = String(v).trim().toLowerCase();
      if (s === '') return null;
      if (s === 'true' || s === '1' || s === 't' || s === 'yes') return true;
      if (s === 'false' || s === '0' || s === 'f' || s === 'no') return false;
      return undefined;
    }
    case 'datetime': {
      if (v instanceof Date) return v;
      if (typeof v === 'number') return new Date(v);
      if (typeof v === 'bigint') return new Date(Number(v));
      if (typeof v === 'boolean') return undefined;
      const s = v.trim();
      if (s === '') return null;
      const d = new Date(s);
      return Number.isNaN(d.getTime()) ? undefined : d;
    }
  }
}

export default defineTransform({
  name: 'cast',
  options: castOptions,
  columns: (o, input) => ({ requires: Object.keys(o.columns), output: [...input] }),
  apply: (batch: Batch, o) => {
    // Parallel arrays and an index loop: destructuring [col, to] pairs allocated an iterator per row and column.
    const cols = Object.keys(o.columns);
    const tos = cols.map((c) => o.columns[c]);
    const fields = batch.fields.map((f) => (o.columns[f.name] ? { ...f, type: o.columns[f.name] } : f));
    const copy = rowCopier(fields.map((f) => f.name));
    const rows = batch.rows.map((r, i) => {
      const out = copy(r);
      for (let k = 0; k < cols.length; k++) {
        const col = cols[k];
        const to = tos[k];
        const v = castCell(r[col], to);
        if (v === undefined) {
          if (o.on_error === 'fail') {
            throw new RedactflowError(
              'STEP_FAILED',
              `${batch.file}: row ${batch.rowNumbers[i]}, column ${col}: value does not parse as ${to}`,
            );
          }
          out[col] = null;
        } else out[col] = v;
      }
      return out;
    });
    return { ...batch, fields, rows };
  },
});
