// CA_SOCIAL_INSURANCE_NUMBER: 9 digits (3-3-3), Luhn, first digit not 0 or 8.
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { createContext } from '../context.ts';

const CONTEXT = ['sin', 'social insurance', 'social insurance number', 'sin number', 'sin no', 'nas', 'numéro d\'assurance sociale'];
const strongContext = createContext(CONTEXT);
import { sinValid, sinLuhnOnly } from '../validators/sin.ts';

export default definePatternRecognizer({
  name: 'ca_sin',
  type: 'CA_SOCIAL_INSURANCE_NUMBER',
  patterns: [
    { name: 'sin_grouped', regex: /(?<![\w.-]|\d[ -])\d{3}([ -])\d{3}\1\d{3}(?![\w-]|\.\d|[ -]\d)/g, score: 0.45 },
    { name: 'sin_bare', regex: /(?<![\w.-])\d{9}(?![\w-]|\.\d)/g, score: 0.15 },
  ],
  // A Luhn-valid number starting with 0 is never issued but is the documented sample/fictitious SIN form
  // ("046 454 286"): kept only as 'not_applicable', so it still needs a "SIN" word near to pass.
  validator: {
    name: 'sin_luhn',
    check: (v) => {
      const d = digitsOf(v);
      if (sinValid(d)) return 'valid';
      return sinLuhnOnly(d) ? 'not_applicable' : 'invalid';
    },
  },
  context: CONTEXT,
  contextBoost: 0.5,
  contextFloor: 0.9,
  negativeContext: ['order', 'invoice', 'phone', 'account', 'routing', 'tracking', 'ssn'],
  // The sample form (leading 0) is not even reported without a SIN word near: a bare one is any number.
  accept: (t, begin, end, v) => !/^0/.test(v) || strongContext.find(t, begin, end) !== null,
  mayMatch: (t) => features(t).maxDigitGroup >= 9,
});
