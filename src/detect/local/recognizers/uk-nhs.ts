// UK_NATIONAL_HEALTH_SERVICE_NUMBER: 10 digits (3-3-4) with a mod-11 check digit. The 3-3-4 shape is also a US
// phone number's, so without an NHS word the score stays low.
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { nhsValid } from '../validators/nhs.ts';

export default definePatternRecognizer({
  name: 'uk_nhs',
  type: 'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  patterns: [
    { name: 'nhs_spaced', regex: /(?<![\w.+-]|\d[ -])\d{3}([ -])\d{3}\1\d{4}(?![\w-]|\.\d|[ -]\d)/g, score: 0.3 },
    { name: 'nhs_bare', regex: /(?<![\w.+-])\d{10}(?![\w-]|\.\d)/g, score: 0.2 },
  ],
  validator: { name: 'nhs_mod11', check: (v) => (nhsValid(digitsOf(v)) ? 'valid' : 'invalid') },
  context: ['nhs', 'nhs number', 'nhs no', 'national health service', 'health service number', 'nhs #'],
  contextBoost: 0.6,
  contextFloor: 0.9,
  mayMatch: (t) => features(t).maxDigitGroup >= 10,
});
