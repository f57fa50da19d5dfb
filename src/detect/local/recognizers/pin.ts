// PIN: 4-6 digits right after "pin"/"passcode" (whole words: "shipping", "spin" do not count).
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { features, lowerIncludesAny } from '../features.ts';

const words = ['pin', 'pin code', 'pin number', 'pin no', 'passcode', 'atm pin', 'card pin', 'pin #'];
const NEEDLES = ['pin', 'passcode'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'pin',
  type: 'PIN',
  patterns: [{ name: 'digits_after_pin', regex: /(?<![\w/.-])\d{4,6}(?![\w/-]|\.\d)/g, score: 0.5, requireContext: true }],
  context: words,
  contextBoost: 0.35,
  contextFloor: 0.85,
  window: [20, 12],
  // 4-6 digits in a row (a digit group of 4+ in features).
  mayMatch: (t) => features(t).maxDigitGroup >= 4 && hasNeedle(t) && anywhere.anywhere(t),
});
