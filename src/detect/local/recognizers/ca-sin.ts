// CA_SOCIAL_INSURANCE_NUMBER: 9 digits (3-3-3), Luhn, first digit not 0 or 8.
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { sinValid } from '../validators/sin.ts';

export default definePatternRecognizer({
  name: 'ca_sin',
  type: 'CA_SOCIAL_INSURANCE_NUMBER',
  patterns: [
    { name: 'sin_grouped', regex: /(?<![\w.-]|\d[ -])\d{3}([ -])\d{3}\1\d{3}(?![\w-]|\.\d|[ -]\d)/g, score: 0.45 },
    { name: 'sin_bare', regex: /(?<![\w.-])\d{9}(?![\w-]|\.\d)/g, score: 0.15 },
  ],
  validator: { name: 'sin_luhn', check: (v) => (sinValid(digitsOf(v)) ? 'valid' : 'invalid') },
  context: ['sin', 'social insurance', 'social insurance number', 'sin number', 'sin no', 'nas', 'numéro d\'assurance sociale'],
  contextBoost: 0.5,
  contextFloor: 0.9,
  negativeContext: ['order', 'invoice', 'phone', 'account', 'routing', 'tracking', 'ssn'],
  mayMatch: (t) => features(t).maxDigitGroup >= 9,
});
