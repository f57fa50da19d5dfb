// The transform contract, shared by built-in steps and users' `custom: { module: ./my-step.ts }` modules:
// a zod options schema plus a function over a batch. A transform that needs state across batches (sampling,
// redaction with its detector and audit) provides `stage` instead of `apply`.
import type { z } from 'zod';
import type { Batch } from '../src/table/batch.ts';
import type { StepContext } from '../src/flow/step-context.ts';

export interface Stage {
  /** Takes one batch, returns zero or more batches to pass on. */
  push(batch: Batch): Batch[] | Promise<Batch[]>;
  /** End of input: returns whatever was held back (e.g. the reservoir). */
  end?(): Batch[] | Promise<Batch[]>;
  /** Releases resources (detectors, workers); called once, also after a failure. */
  close?(): void | Promise<void>;
}

export interface TransformDefinition<S extends z.ZodType = z.ZodType> {
  /** The step key in a flow file (`sample`, `combine_columns`, ...). */
  name: string;
  options: S;
  /** Pure function over one batch. */
  apply?(batch: Batch, options: z.output<S>, ctx: StepContext): Batch | Promise<Batch>;
  /** Stateful alternative to `apply`. */
  stage?(options: z.output<S>, ctx: StepContext): Stage | Promise<Stage>;
  /**
   * Columns the step needs and produces, checked against the source header before any row is processed, so a
   * missing column fails fast with the step named.
   */
  columns?(options: z.output<S>, input: readonly string[]): { requires: string[]; output: string[] };
}

export function defineTransform<S extends z.ZodType>(def: TransformDefinition<S>): TransformDefinition<S> {
  return def;
}
