// SWIFT_CODE (BIC): 4-letter bank, ISO country, 2-char location, optional 3-char branch. Eight capital letters
// are also ordinary shouted words, so the country must be real and, without a context word, the code must hold
// a digit or an XXX branch.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { ISO_COUNTRIES } from '../validators/countries.ts';
import { features } from '../features.ts';

export default definePatternRecognizer({
  name: 'swift_code',
  type: 'SWIFT_CODE',
  patterns: [{ name: 'bic', regex: /(?<![\w-])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![\w-])/g, score: 0.2 }],
  validator: {
    name: 'bic_structure',
    check: (v) => {
      if (!ISO_COUNTRIES.has(v.slice(4, 6))) return 'invalid';
      return /\d/.test(v.slice(6)) || v.endsWith('XXX') ? 'valid' : 'not_applicable';
    },
  },
  validScore: 0.45,
  context: ['swift', 'bic', 'swift code', 'bic code', 'swift/bic', 'bank identifier', 'bank identifier code', 'swift bic'],
  contextBoost: 0.4,
  contextFloor: 0.85,
  // features().maxUpperRun >= 6 is /[A-Z]{6}/ without a regex scan.
  mayMatch: (t) => t.text.length >= 8 && features(t).maxUpperRun >= 6,
});
