// Flow-file configuration of each detector backend (the `detector:` key of a redact step). One zod schema per
// backend so the flow's JSON Schema documents them all and an invalid option fails before any data is read.
import { z } from 'zod';

export const localDetectorConfig = z
  .object({
    type: z.literal('local'),
    /** Worker threads for large batches; 0 = detect on the main thread. Default: one per core. */
    workers: z.number().int().min(0).max(64).optional(),
    /** Restrict the recognizers to these types (faster); default all. */
    types: z.array(z.string()).optional(),
  })
  .strict();

export const comprehendDetectorConfig = z
  .object({
    type: z.literal('comprehend'),
    language: z.enum(['en', 'es']).default('en'),
    region: z.string().optional(),
    endpoint: z.string().url().optional(),
    max_tps: z.number().positive().optional(),
    concurrency: z.number().int().positive().max(256).optional(),
    max_request_bytes: z.number().int().min(1000).max(100_000).optional(),
    max_retries: z.number().int().min(0).max(20).optional(),
    /** USD per unit (100 characters) for cost estimates; default the public DetectPiiEntities price. */
    price_per_unit: z.number().nonnegative().optional(),
  })
  .strict();

export const macieCustomDetectorConfig = z
  .object({
    type: z.literal('macie_custom'),
    /** JSON file: an array of Macie CreateCustomDataIdentifier shapes (name, regex, keywords, ...). */
    identifiers: z.string(),
  })
  .strict();

export const detectorConfigSchema = z.discriminatedUnion('type', [
  localDetectorConfig,
  comprehendDetectorConfig,
  macieCustomDetectorConfig,
]);

export type LocalDetectorConfig = z.output<typeof localDetectorConfig>;
export type ComprehendDetectorConfig = z.output<typeof comprehendDetectorConfig>;
export type MacieCustomDetectorConfig = z.output<typeof macieCustomDetectorConfig>;
export type AnyDetectorConfig = z.output<typeof detectorConfigSchema>;

/** `detector: local` shorthand or a full object. */
export const detectorRefSchema = z.union([
  z.enum(['local', 'comprehend', 'macie_custom']).transform((type) => detectorConfigSchema.parse({ type })),
  detectorConfigSchema,
]);
