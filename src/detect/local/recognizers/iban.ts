// INTERNATIONAL_BANK_ACCOUNT_NUMBER: country code, 2 check digits, BBAN; per-country length and mod-97.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { ibanValid } from '../validators/iban.ts';

export default definePatternRecognizer({
  name: 'iban',
  type: 'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  patterns: [
    { name: 'iban_compact', regex: /(?<![\w-])[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![\w-])/g, score: 0.9, gate: (t) => features(t).maxUpperAlnumRun >= 15 },
    { name: 'iban_grouped', regex: /(?<![\w-])[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?(?![\w-])/g, score: 0.9 },
  ],
  validator: { name: 'iban_mod97', check: (v) => (ibanValid(v) ? 'valid' : 'invalid') },
  context: ['iban', 'international bank account', 'bank account', 'account'],
  contextBoost: 0.1,
  contextFloor: 0,
  // Both patterns start with a run of at least 4 of [A-Z0-9] ("GB82").
  mayMatch: (t) => features(t).digits >= 8 && features(t).upper >= 2 && features(t).maxUpperAlnumRun >= 4,
});
