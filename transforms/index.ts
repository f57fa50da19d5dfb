// Registry of built-in steps: the key in a flow file → its transform. `custom` and `redact` are here too.
import type { TransformDefinition } from './transform.ts';
import sample from './sample.ts';
import combineColumns from './combine-columns.ts';
import select from './select.ts';
import drop from './drop.ts';
import rename from './rename.ts';
import cast from './cast.ts';
import redact from './redact.ts';
import classify from './classify.ts';

export const builtInTransforms: Record<string, TransformDefinition> = {
  sample,
  combine_columns: combineColumns,
  select,
  drop,
  rename,
  cast,
  redact,
  classify,
};

export type { TransformDefinition, Stage } from './transform.ts';
