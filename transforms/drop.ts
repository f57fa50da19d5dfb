// `drop: { columns: [a, b] }` removes these columns.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import { selectColumns } from './select.ts';

export const dropOptions = z.object({ columns: z.array(z.string()).min(1) }).strict();

export default defineTransform({
  name: 'drop',
  options: dropOptions,
  columns: (o, input) => ({ requires: o.columns, output: input.filter((c) => !o.columns.includes(c)) }),
  apply: (batch, o) =>
    selectColumns(
      batch,
      batch.fields.map((f) => f.name).filter((c) => !o.columns.includes(c)),
    ),
});
