// A user's own transform, used from a flow as `custom: { module: ./my-step.ts, options: {...} }` — the same
// contract as the built-in steps: a zod `options` schema and a pure `apply(batch, options, ctx)` over a batch.
//
// This one generalizes quasi-identifiers before redaction (HIPAA "safe harbor" style): ZIP codes keep their
// first digits only and coordinates are rounded, so a row can no longer be pinned to one house.
// In your own project import the types from 'redactflow' instead of the relative paths.
import { z } from 'zod';
import type { Batch, Cell, Row } from '../../src/table/batch.ts';
import type { StepContext } from '../../src/flow/step-context.ts';

export const name = 'generalize_location';

export const options = z
  .object({
    /** ZIP columns: keep the first `zip_digits` digits, replace the rest with "0"s (or null them). */
    zip_columns: z.array(z.string()).default([]),
    zip_digits: z.number().int().min(0).max(5).default(3),
    /** Numeric columns rounded to `decimals` places (1 decimal of latitude is about 11 km). */
    round_columns: z.array(z.string()).default([]),
    decimals: z.number().int().min(0).max(6).default(1),
  })
  .strict();

export type Options = z.output<typeof options>;

function generalizeZip(v: Cell, keep: number): Cell {
  if (v === null) return null;
  const s = String(v).padStart(5, '0');
  if (!/^\d{5}/.test(s)) return null; // not a ZIP: drop rather than leak it
  const out = s.slice(0, keep) + '0'.repeat(5 - keep);
  return typeof v === 'string' ? out : Number(out);
}

function round(v: Cell, decimals: number): Cell {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return null; // null or not a number: nothing precise to keep
  const f = 10 ** decimals;
  const r = Math.round(n * f) / f;
  return typeof v === 'string' ? r.toFixed(decimals) : r;
}

/** Tells the engine which columns are needed, so a typo fails before any row is read. */
export function columns(o: Options, input: readonly string[]): { requires: string[]; output: string[] } {
  return { requires: [...o.zip_columns, ...o.round_columns], output: [...input] };
}

export function apply(batch: Batch, o: Options, ctx: StepContext): Batch {
  const rows = batch.rows.map((r) => {
    const out: Row = { ...r };
    for (const c of o.zip_columns) out[c] = generalizeZip(r[c], o.zip_digits);
    for (const c of o.round_columns) out[c] = round(r[c], o.decimals);
    return out;
  });
  // Counters end up in the run summary; never put cell values in them or in log lines.
  ctx.counters.set('generalized_rows', (ctx.counters.get('generalized_rows') ?? 0) + rows.length);
  return { ...batch, rows };
}
