// `replace`: the span becomes a tag, "[NAME]" by default (the seed's behaviour); `{type}` in the template is
// the entity type.
import type { Operator } from '../operator.ts';

export function replaceOperator(template = '[{type}]'): Operator {
  return { name: 'replace', apply: (_value, type) => template.replaceAll('{type}', type) };
}
