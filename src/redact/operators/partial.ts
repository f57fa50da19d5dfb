// `partial`: keeps the last N characters (code points) and masks the rest, e.g. "************1234".
// When the span is no longer than N, everything is masked: a short value is never shown whole.
import type { Operator } from '../operator.ts';

export function partialOperator(keepLast = 4, char = '*'): Operator {
  return {
    name: 'partial',
    apply: (value) => {
      const cps = [...value];
      if (cps.length <= keepLast) return char.repeat(cps.length);
      return char.repeat(cps.length - keepLast) + cps.slice(cps.length - keepLast).join('');
    },
  };
}
