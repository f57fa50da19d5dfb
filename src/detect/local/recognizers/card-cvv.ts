// CREDIT_DEBIT_CVV: a 3-4 digit number is only a CVV when a card-security word is right before it.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { features, lowerIncludesAny } from '../features.ts';

const words = ['cvv', 'cvv2', 'cvc', 'cvc2', 'cvn', 'csc', 'cid', 'security code', 'card verification', 'verification code', 'card code', 'sec code'];
const NEEDLES = ['cv', 'cid', 'csc', 'code', 'verif'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'card_cvv',
  type: 'CREDIT_DEBIT_CVV',
  patterns: [{ name: 'cvv_after_keyword', regex: /(?<![\w/.-])\d{3,4}(?![\w/-]|\.\d)/g, score: 0.5, requireContext: true }],
  context: words,
  contextBoost: 0.35,
  contextFloor: 0.85,
  window: [24, 16],
  // The number is 3-4 digits in a row (a digit group of 3+ in features).
  mayMatch: (t) => features(t).maxDigitGroup >= 3 && hasNeedle(t) && anywhere.anywhere(t),
});
