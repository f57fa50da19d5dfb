// BANK_ACCOUNT_NUMBER: account numbers have no checksum or fixed length (6-17 digits in the US), so only a
// number next to an account word is reported.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { features, lowerIncludesAny } from '../features.ts';

const words = ['account', 'account number', 'account no', 'acct', 'acct no', 'acc no', 'a/c', 'bank account', 'checking', 'savings', 'checking account', 'savings account', 'account #', 'acct #', 'bank acc'];
const NEEDLES = ['acc', 'acct', 'a/c', 'checking', 'saving'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'bank_account',
  type: 'BANK_ACCOUNT_NUMBER',
  patterns: [{ name: 'digits_after_account_word', regex: /(?<![\w.-])\d{6,17}(?![\w-]|\.\d)/g, score: 0.45, requireContext: true }],
  context: words,
  contextBoost: 0.35,
  contextFloor: 0.8,
  window: [40, 12],
  negativeContext: ['routing', 'aba', 'card', 'phone', 'order', 'ssn', 'iban'],
  negativePenalty: 0.3,
  negativeWindow: [16, 0],
  mayMatch: (t) => features(t).maxDigitGroup >= 6 && hasNeedle(t) && anywhere.anywhere(t),
});
