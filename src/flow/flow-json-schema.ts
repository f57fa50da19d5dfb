// The flow's JSON Schema for editors: the top level plus one `{ <step>: options }` alternative per step.
import { z } from 'zod';
import { flowTopSchema, customStepSchema } from './flow-schema.ts';
import { builtInTransforms } from '../../transforms/index.ts';

export function flowJsonSchema(): Record<string, unknown> {
  const stepVariants = [
    ...Object.entries(builtInTransforms).map(([name, t]) => z.object({ [name]: t.options }).strict()),
    z.object({ custom: customStepSchema }).strict(),
  ];
  const full = flowTopSchema.extend({
    steps: z.array(z.union(stepVariants as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])).optional(),
  });
  const schema = z.toJSONSchema(full, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://redactflow.dev/schemas/flow.v1.json', title: 'redactflow flow (version 1)' };
}
