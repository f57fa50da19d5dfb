// `select: { columns: [a, b] }` keeps these columns, in this order.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import { rowCopier, type Batch } from '../src/table/batch.ts';

export const selectOptions = z.object({ columns: z.array(z.string()).min(1) }).strict();

export function selectColumns(batch: Batch, columns: readonly string[]): Batch {
  const byName = new Map(batch.fields.map((f) => [f.name, f]));
  const fields = columns.map((c) => byName.get(c)!);
  const rows = batch.rows.map(rowCopier(columns));
  return { ...batch, fields, rows };
}

export default defineTransform({
  name: 'select',
  options: selectOptions,
  columns: (o) => ({ requires: o.columns, output: o.columns }),
  apply: (batch, o) => selectColumns(batch, o.columns),
});
