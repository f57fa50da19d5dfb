// `replace`: the span becomes a tag, "[NAME]" by default (the seed's behaviour); `{type}` in the template is
// the entity type.
import type { Operator } from '../operator.ts';

export function replaceOperator(template = '[{type}]'): Operator {
  // One tag per type, built once: the operator runs for every redacted entity.
  const tags = new Map<string, string>();
  return {
    name: 'replace',
    apply: (_value, type) => {
      let tag = tags.get(type);
      if (tag === undefined) {
        tag = template.replaceAll('{type}', type);
        tags.set(type, tag);
      }
      return tag;
    },
  };
}
