// `select: { columns: [a, b] }` keeps these columns, in this order.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import type { Batch } from '../src/table/batch.ts';

export const selectOptions = z.object({ columns: z.array(z.string()).min(1) }).strict();

export function selectColumns(batch: Batch, columns: readonly string[]): Batch {
  const byName = new Map(batch.fields.map((f) => [f.name, f]));
  const fields = columns.map((c) => byName.get(c)!);
  const rows = batch.rows.map((r) => {
    const out: Batch['rows'][number] = {};
    for (const c of columns) out[c] = r[c];
    return out;
  });
  return { ...batch, fields, rows };
}

export default defineTransform({
  name: 'select',
  options: selectOptions,
  columns: (o) => ({ requires: o.columns, output: o.columns }),
  apply: (batch, o) => selectColumns(batch, o.columns),
});
