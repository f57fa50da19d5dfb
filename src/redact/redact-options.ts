// Options of the `redact` step: which columns, which detector(s), thresholds, operators, allow/deny lists.
import { z } from 'zod';
import { detectorRefSchema } from '../detect/detector-config.ts';

export const operatorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('replace'), template: z.string().default('[{type}]') }).strict(),
  z.object({ type: z.literal('mask'), char: z.string().length(1).default('*') }).strict(),
  z.object({ type: z.literal('remove') }).strict(),
  z
    .object({
      type: z.literal('hash'),
      /** Env var holding the HMAC key; the run refuses to start without it. */
      key_env: z.string().default('REDACTFLOW_HASH_KEY'),
      /** Hex characters of the HMAC kept in the token (default 16). */
      length: z.number().int().min(8).max(64).default(16),
    })
    .strict(),
  z
    .object({
      type: z.literal('partial'),
      keep_last: z.number().int().min(0).default(4),
      char: z.string().length(1).default('*'),
    })
    .strict(),
]);

export type OperatorConfig = z.output<typeof operatorSchema>;

export const entityOverrideSchema = z
  .object({
    min_score: z.number().min(0).max(1).optional(),
    operator: operatorSchema.optional(),
  })
  .strict();

export const redactOptionsSchema = z
  .object({
    columns: z.array(z.string()).min(1),
    /** `{pii_col: pii_redacted}` writes the redacted text to a new column and keeps the input column. */
    output: z.record(z.string(), z.string()).optional(),
    detector: detectorRefSchema.optional(),
    /** Several detectors in one step; their entities are merged and overlaps resolved as usual. */
    detectors: z.array(detectorRefSchema).min(1).optional(),
    min_score: z.number().min(0).max(1).default(0.5),
    /** Per-type overrides. */
    entities: z.record(z.string(), entityOverrideSchema).optional(),
    /** Only these types are redacted; others are audited as `type_not_selected`. */
    only: z.array(z.string()).optional(),
    operator: operatorSchema.default({ type: 'replace', template: '[{type}]' }),
    /** Literal values or /regex/ never redacted. */
    allow: z.array(z.string()).default([]),
    /** Literal values or /regex/ always redacted (type CUSTOM:DENY_LIST unless detected otherwise). */
    deny: z.array(z.string()).default([]),
    language: z.string().default('en'),
    /** What to do with rows whose detection failed: fail the run (default) or send them to a quarantine file. */
    on_error: z.enum(['fail', 'quarantine']).default('fail'),
    quarantine: z.object({ path: z.string() }).strict().optional(),
    /** Rows per detection call (default: the batch). */
    batch_size: z.number().int().positive().optional(),
  })
  .strict();

export type RedactOptions = z.output<typeof redactOptionsSchema>;
