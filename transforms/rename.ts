// `rename: { mapping: { old: new } }` renames columns, keeping their order.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import type { Row } from '../src/table/batch.ts';

export const renameOptions = z.object({ mapping: z.record(z.string(), z.string()) }).strict();

export default defineTransform({
  name: 'rename',
  options: renameOptions,
  columns: (o, input) => ({ requires: Object.keys(o.mapping), output: input.map((c) => o.mapping[c] ?? c) }),
  apply: (batch, o) => {
    const names = batch.fields.map((f) => o.mapping[f.name] ?? f.name);
    const fields = batch.fields.map((f, i) => ({ ...f, name: names[i] }));
    const rows = batch.rows.map((r) => {
      const out: Row = {};
      batch.fields.forEach((f, i) => (out[names[i]] = r[f.name]));
      return out;
    });
    return { ...batch, fields, rows };
  },
});
