// PASSPORT_NUMBER: 6-9 alphanumerics (US: 9 digits or a letter + 8 digits; UK: 9 digits; EU: 2 letters + 7)
// are only passports next to a passport word.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { features, lowerIncludesAny } from '../features.ts';

const words = ['passport', 'passport number', 'passport no', 'passport #', 'passport num', 'travel document', 'passport id'];
const NEEDLES = ['passport', 'travel'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'passport',
  type: 'PASSPORT_NUMBER',
  patterns: [
    { name: 'letters_digits', regex: /(?<![\w-])[A-Z]{1,2}\d{6,8}(?![\w-])/g, score: 0.45, requireContext: true },
    { name: 'digits', regex: /(?<![\w.-])\d{8,9}(?![\w-]|\.\d)/g, score: 0.45, requireContext: true },
  ],
  context: words,
  contextBoost: 0.4,
  contextFloor: 0.85,
  window: [40, 12],
  // Both forms hold 6+ digits in a row (a digit group of 6+ in features).
  mayMatch: (t) => features(t).maxDigitGroup >= 6 && hasNeedle(t) && anywhere.anywhere(t),
});
