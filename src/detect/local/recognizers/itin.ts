// US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: 9XX-GG-SSSS with IRS group ranges (50-65, 70-88, 90-92, 94-99),
// which no SSN can have.
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { itinValid } from '../validators/itin.ts';

export default definePatternRecognizer({
  name: 'itin',
  type: 'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  patterns: [
    { name: 'itin_dashed', regex: /(?<![\w.-])9\d{2}-\d{2}-\d{4}(?![\w-]|\.\d)/g, score: 0.8 },
    { name: 'itin_spaced', regex: /(?<![\w.-]|\d )9\d{2} \d{2} \d{4}(?![\w-]|\.\d| \d)/g, score: 0.5 },
    { name: 'itin_bare', regex: /(?<![\w.-])9\d{8}(?![\w-]|\.\d)/g, score: 0.2 },
  ],
  validator: { name: 'itin_groups', check: (v) => (itinValid(digitsOf(v)) ? 'valid' : 'invalid') },
  context: ['itin', 'taxpayer identification', 'individual taxpayer', 'tax id', 'tax identification number', 'tin', 'taxpayer id'],
  contextBoost: 0.4,
  contextFloor: 0.85,
  negativeContext: ['order', 'invoice', 'zip', 'phone', 'account', 'routing', 'tracking'],
  mayMatch: (t) => features(t).maxDigitGroup >= 9,
});
