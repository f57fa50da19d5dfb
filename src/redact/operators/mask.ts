// `mask`: every character of the span (counted in code points, so an emoji is one) becomes `char`; the cell
// keeps its length and shape for tools that rely on it.
import type { Operator } from '../operator.ts';

export function maskOperator(char = '*'): Operator {
  return { name: 'mask', apply: (value) => char.repeat([...value].length) };
}
