// `combine_columns: { output, template: "{a} is a {b}", nulls: empty | null }` builds one text column from
// others (the seed's "Make PII column"). Unlike Spark's concat a null part does not null the row by default.
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import { cellToText, rowCopier, type Row } from '../src/table/batch.ts';

export const combineColumnsOptions = z
  .object({
    output: z.string().min(1),
    template: z.string().min(1),
    /** `empty`: a null part becomes ""; `null`: any null part makes the output null (Spark's concat). */
    nulls: z.enum(['empty', 'null']).default('empty'),
  })
  .strict();

type Part = { literal: string } | { column: string };

/** Parses "{a} lit {b}"; `{{` and `}}` are literal braces. */
export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') { lit += '{'; i++; continue; }
    if (c === '}' && template[i + 1] === '}') { lit += '}'; i++; continue; }
    if (c === '{') {
      const close = template.indexOf('}', i);
      if (close < 0) throw new Error(`unclosed "{" at position ${i}`);
      if (lit) parts.push({ literal: lit });
      lit = '';
      parts.push({ column: template.slice(i + 1, close) });
      i = close;
      continue;
    }
    lit += c;
  }
  if (lit) parts.push({ literal: lit });
  return parts;
}

export default defineTransform({
  name: 'combine_columns',
  options: combineColumnsOptions.superRefine((o, ctx) => {
    try {
      parseTemplate(o.template);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: (e as Error).message });
    }
  }),
  columns: (o, input) => ({
    requires: parseTemplate(o.template).flatMap((p) => ('column' in p ? [p.column] : [])),
    output: input.includes(o.output) ? [...input] : [...input, o.output],
  }),
  apply: (batch, o) => {
    const parts = parseTemplate(o.template);
    const fields = batch.fields.some((f) => f.name === o.output)
      ? batch.fields.map((f) => (f.name === o.output ? { ...f, type: 'string' as const } : f))
      : [...batch.fields, { name: o.output, type: 'string' as const }];
    const copy = rowCopier(fields.map((f) => f.name));
    const rows = batch.rows.map((r) => {
      let s = '';
      let isNull = false;
      for (let k = 0; k < parts.length; k++) {
        const p = parts[k];
        if ('literal' in p) s += p.literal;
        else {
          const v = r[p.column];
          if (v === null || v === undefined) isNull = true;
          else s += cellToText(v);
        }
      }
      const out: Row = copy(r);
      out[o.output] = isNull && o.nulls === 'null' ? null : s;
      return out;
    });
    return { ...batch, fields, rows };
  },
});
