// The flow file's shape (version 1). Other tools rely on these keys: add, don't rename.
import { z } from 'zod';

export const tableFormatSchema = z.enum(['csv', 'jsonl', 'parquet', 'arrow', 'arrows']);

export const csvOptionsSchema = z
  .object({
    delimiter: z.string().min(1).max(1).optional(),
    quote: z.string().min(1).max(1).optional(),
    header: z.boolean().optional(),
  })
  .strict();

export const sourceSchema = z
  .object({
    path: z.string().min(1),
    format: tableFormatSchema.optional(),
    csv: csvOptionsSchema.optional(),
  })
  .strict();

export const sinkSchema = z
  .object({
    path: z.string().min(1),
    format: tableFormatSchema.optional(),
    csv: csvOptionsSchema.optional(),
  })
  .strict();

export const auditConfigSchema = z
  .object({
    path: z.string().min(1),
    format: z.enum(['jsonl', 'parquet']).optional(),
    /** HTML report path; default `report.html` beside the audit; `false` to skip. */
    report: z.union([z.string(), z.literal(false)]).optional(),
    /** Env var with an HMAC key: audit records then carry a keyed fingerprint of each raw value. */
    fingerprint_key_env: z.string().optional(),
  })
  .strict();

export const runOptionsSchema = z
  .object({
    /** Rows per batch read from the source (default 2048, run-flow.ts DEFAULT_BATCH_ROWS). */
    batch_size: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();

/** Top level; `steps` entries are validated one by one against the step registry (see load-flow.ts). */
export const flowTopSchema = z
  .object({
    version: z.literal(1),
    name: z.string().optional(),
    description: z.string().optional(),
    source: sourceSchema,
    steps: z.array(z.record(z.string(), z.unknown())).default([]),
    sink: sinkSchema,
    audit: auditConfigSchema.optional(),
    options: runOptionsSchema.optional(),
  })
  .strict();

export type SourceConfig = z.output<typeof sourceSchema>;
export type SinkConfig = z.output<typeof sinkSchema>;
export type AuditConfig = z.output<typeof auditConfigSchema>;

export const customStepSchema = z
  .object({
    /** Path to a module exporting `options` (zod schema) and `apply(batch, options, ctx)` or `stage`. */
    module: z.string().min(1),
    options: z.unknown().optional(),
  })
  .strict();
