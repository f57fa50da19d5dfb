// BANK_ROUTING: 9-digit ABA routing transit numbers, checked (Federal Reserve prefix + 3-7-1 checksum). A valid
// checksum alone is 1 in 10 random numbers, so context ("routing", "aba") makes it high-confidence.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { abaChecksumValid, abaValid } from '../validators/aba.ts';

export default definePatternRecognizer({
  name: 'bank_routing',
  type: 'BANK_ROUTING',
  patterns: [{ name: 'aba_9_digits', regex: /(?<![\w.-])\d{9}(?![\w-]|\.\d)/g, score: 0.2 }],
  validScore: 0.3,
  // Checksum and Federal Reserve prefix → valid; checksum only → kept but needs a context word to count.
  validator: { name: 'aba_checksum', check: (v) => (abaValid(v) ? 'valid' : abaChecksumValid(v) ? 'not_applicable' : 'invalid') },
  context: ['routing', 'routing number', 'routing no', 'aba', 'aba number', 'rtn', 'transit', 'routing transit', 'bank routing', 'routing #'],
  contextBoost: 0.6,
  contextFloor: 0.9,
  window: [48, 16],
  mayMatch: (t) => features(t).maxDigitGroup >= 9,
});
