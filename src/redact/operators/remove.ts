// `remove`: the span is deleted.
import type { Operator } from '../operator.ts';

export function removeOperator(): Operator {
  return { name: 'remove', apply: () => '' };
}
