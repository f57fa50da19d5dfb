// SSN: AAA-GG-SSSS with the SSA's structural rules (area not 000, 666 or 9xx; group not 00; serial not 0000)
// and well-known dummy numbers rejected. Undashed 9-digit numbers need context ("ssn", "social security").
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { ssnValid } from '../validators/ssn.ts';

export default definePatternRecognizer({
  name: 'ssn',
  type: 'SSN',
  patterns: [
    { name: 'ssn_dashed', regex: /(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)/g, score: 0.8 },
    { name: 'ssn_spaced', regex: /(?<![\w.-]|\d )\d{3} \d{2} \d{4}(?![\w-]|\.\d| \d)/g, score: 0.45 },
    { name: 'ssn_dotted', regex: /(?<![\w.-])\d{3}\.\d{2}\.\d{4}(?![\w.-])/g, score: 0.4 },
    { name: 'ssn_bare', regex: /(?<![\w.-])\d{9}(?![\w-]|\.\d)/g, score: 0.15 },
  ],
  validator: { name: 'ssn_structure', check: (v) => (ssnValid(digitsOf(v)) ? 'not_applicable' : 'invalid') },
  context: ['ssn', 'ssns', 'social security', 'social security number', 'social sec', 'ss#', 'ss #', 'ss no', 'soc sec', 'taxpayer'],
  contextBoost: 0.45,
  contextFloor: 0.85,
  window: [64, 24],
  negativeContext: ['zip', 'postal', 'order', 'invoice', 'tracking', 'phone', 'tel', 'routing', 'account', 'acct', 'isbn', 'itin', 'ein', 'ticket', 'ref', 'reference'],
  negativePenalty: 0.45,
  mayMatch: (t) => features(t).maxDigitGroup >= 9,
});
