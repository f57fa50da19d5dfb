// Self-check: the converter's output must validate against the native schema (top level and every step's
// options), so a converter bug surfaces at import time, not when the flow runs. The step schemas are imported
// one by one (not the registry) to keep the importer light.
import type { z } from 'zod';
import { flowTopSchema } from '../flow/flow-schema.ts';
import { sampleOptions } from '../../transforms/sample.ts';
import { castOptions } from '../../transforms/cast.ts';
import { combineColumnsOptions } from '../../transforms/combine-columns.ts';
import { selectOptions } from '../../transforms/select.ts';
import { dropOptions } from '../../transforms/drop.ts';
import { renameOptions } from '../../transforms/rename.ts';
import { redactOptionsSchema } from '../redact/redact-options.ts';
import { RedactflowError } from '../errors.ts';

const STEP_SCHEMAS: Record<string, z.ZodType> = {
  sample: sampleOptions,
  cast: castOptions,
  combine_columns: combineColumnsOptions,
  select: selectOptions,
  drop: dropOptions,
  rename: renameOptions,
  redact: redactOptionsSchema,
};

export function validateNativeFlow(flow: Record<string, unknown>, file: string): void {
  const problems: string[] = [];
  const top = flowTopSchema.safeParse(flow);
  if (!top.success) problems.push(...top.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const steps = Array.isArray(flow.steps) ? (flow.steps as unknown[]) : [];
  steps.forEach((s, i) => {
    const entries = typeof s === 'object' && s !== null ? Object.entries(s) : [];
    if (entries.length !== 1) { problems.push(`steps.${i}: not a single {name: options} entry`); return; }
    const [name, options] = entries[0];
    const schema = STEP_SCHEMAS[name];
    if (!schema) { problems.push(`steps.${i}: unknown step ${name}`); return; }
    const r = schema.safeParse(options);
    if (!r.success) problems.push(...r.error.issues.map((x) => `steps.${i}.${name}.${x.path.join('.')}: ${x.message}`));
  });
  if (problems.length) {
    throw new RedactflowError('INTERNAL', `${file}: the converted flow does not validate (importer bug): ${problems.join('; ')}`);
  }
}
