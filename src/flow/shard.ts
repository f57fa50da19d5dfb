// Row sharding for multi-host runs (SageMaker Processing with FullyReplicated inputs: every host sees every
// file). Host i of N keeps the rows whose 1-based data-row number r in their source file satisfies
// (r - 1) mod N == i. The rule depends only on the file's own row numbering, so it is the same whatever the
// batch size, every row belongs to exactly one host, shares differ by at most one row per file, and the audit's
// (file, row) keys stay those of the unsharded input. Each host still parses every file (the cost that is split
// is detection and writing, which dominate); ShardedByS3Key inputs need no row sharding at all.
import { z } from 'zod';
import type { Stage, TransformDefinition } from '../../transforms/transform.ts';
import type { Batch } from '../table/batch.ts';
import type { LoadedFlow, ResolvedStep } from './load-flow.ts';
import { RedactflowError } from '../errors.ts';

export const shardSchema = z
  .object({
    /** 0-based index of this host. */
    index: z.number().int().min(0),
    /** Number of hosts. */
    count: z.number().int().min(1).max(100_000),
  })
  .strict()
  .refine((s) => s.index < s.count, { message: 'index must be less than count' });

export type ShardSpec = z.output<typeof shardSchema>;

/** The host (0-based) that owns data row `rowNumber` (1-based) when rows are split over `count` hosts. */
export function shardOfRow(rowNumber: number, count: number): number {
  return (rowNumber - 1) % count;
}

/** The rows of `batch` that belong to `shard` (same file, row numbers kept). */
export function shardBatch(batch: Batch, shard: ShardSpec): Batch {
  if (shard.count === 1) return batch;
  const rows: Batch['rows'] = [];
  const rowNumbers: number[] = [];
  for (let i = 0; i < batch.rows.length; i++) {
    if (shardOfRow(batch.rowNumbers[i], shard.count) === shard.index) {
      rows.push(batch.rows[i]);
      rowNumbers.push(batch.rowNumbers[i]);
    }
  }
  return { ...batch, rows, rowNumbers };
}

/** The filter as a step: columns pass through unchanged; batches left empty are dropped. */
export const shardTransform: TransformDefinition<typeof shardSchema> = {
  name: 'shard',
  options: shardSchema,
  stage(options): Stage {
    return {
      push(batch: Batch): Batch[] {
        const kept = shardBatch(batch, options);
        return kept.rows.length > 0 ? [kept] : [];
      },
    };
  },
  columns: (_options, input) => ({ requires: [], output: [...input] }),
};

/**
 * A copy of the flow that first keeps only this shard's rows. The step is placed before every flow step, so
 * sampling, detection and the audit see only this host's rows. Its index is -1: flow steps keep their numbers
 * in messages ("step 2 (redact)").
 */
export function withShard(flow: LoadedFlow, shard: ShardSpec): LoadedFlow {
  const parsed = shardSchema.safeParse(shard);
  if (!parsed.success) {
    throw new RedactflowError('USAGE', `shard ${shard.index}/${shard.count}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, { exitCode: 2 });
  }
  if (parsed.data.count === 1) return flow;
  const step: ResolvedStep = { name: 'shard', index: -1, transform: shardTransform as TransformDefinition, options: parsed.data };
  return { ...flow, steps: [step, ...flow.steps] };
}
