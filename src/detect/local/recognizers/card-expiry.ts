// CREDIT_DEBIT_EXPIRY: MM/YY, MM/YYYY, MM-YY. Month/year fractions are common in other text, so a card word
// ("exp", "expiry", "valid thru", "card") is needed for a high score.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import type { NormalizedText } from '../recognizer.ts';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Necessary for both patterns: a '/' (maybe after one space) or '-' right after a run of exactly two digits
 * (the month: the look-behind keeps a digit from coming before it).
 */
function mayExpiry(t: NormalizedText): boolean {
  const s = t.text;
  for (const sep of ['/', '-']) {
    for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + 1)) {
      let j = i - 1;
      if (sep === '/' && s.charCodeAt(j) === 32) j--;
      if (j >= 1 && isDigit(s.charCodeAt(j)) && isDigit(s.charCodeAt(j - 1)) && !isDigit(s.charCodeAt(j - 2))) return true;
    }
  }
  return false;
}

export default definePatternRecognizer({
  name: 'card_expiry',
  type: 'CREDIT_DEBIT_EXPIRY',
  patterns: [
    { name: 'mm_yy', regex: /(?<![\w/.-])(?:0[1-9]|1[0-2]) ?\/ ?(?:\d{2}|20\d{2})(?![\w/-]|\.\d)/g, score: 0.3 },
    { name: 'mm_dash_yy', regex: /(?<![\w/.-])(?:0[1-9]|1[0-2])-(?:\d{2}|20\d{2})(?![\w/-]|\.\d)/g, score: 0.15 },
  ],
  context: ['exp', 'expiry', 'expires', 'expiration', 'expiration date', 'exp date', 'expiry date', 'valid thru', 'valid through', 'good thru', 'valid until', 'card', 'mm/yy', 'mmyy'],
  contextBoost: 0.5,
  contextFloor: 0.85,
  window: [32, 8],
  mayMatch: mayExpiry,
});
