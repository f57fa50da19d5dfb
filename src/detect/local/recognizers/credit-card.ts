// CREDIT_DEBIT_NUMBER: 12-19 digits, optionally in space/dash groups, Luhn-valid. A known issuer prefix (IIN)
// and length make it high-confidence; Luhn-only numbers stay low unless a context word ("card", "visa") is near.
import type { Candidate, Recognizer } from '../recognizer.ts';
import { createContext } from '../context.ts';
import { features } from '../features.ts';
import { digitsOf, scoreCandidate } from '../pattern-recognizer.ts';
import { checkCard } from '../validators/card.ts';

// Groups of digits separated by single spaces or dashes (the same separator throughout is not required:
// "4111 1111-1111 1111" is rare but harmless).
const CARD = /(?<![\w.-]|\d[ -])\d{2,6}(?:[ -]?\d{2,6}){1,6}(?![\w-]|\.\d|[ -]\d)/g;
const context = createContext(['card', 'credit', 'debit', 'visa', 'mastercard', 'master card', 'amex', 'american express', 'discover', 'cc', 'ccn', 'card number', 'card no', 'pan', 'payment', 'paid with', 'charged']);
const negative = createContext(['order', 'invoice', 'tracking', 'isbn', 'imei', 'serial', 'account', 'acct', 'iban', 'phone', 'ticket']);

const recognizer: Recognizer = {
  name: 'credit_card',
  types: ['CREDIT_DEBIT_NUMBER'],
  mayMatch: (t) => features(t).maxDigitGroup >= 12,
  recognize(text) {
    const out: Candidate[] = [];
    const s = text.text;
    CARD.lastIndex = 0;
    for (let m = CARD.exec(s); m !== null; m = CARD.exec(s)) {
      const d = digitsOf(m[0]);
      if (d.length < 12 || d.length > 19) continue;
      const verdict = checkCard(d);
      if (verdict === 'invalid') continue;
      const grouped = m[0].length !== d.length;
      // Grouped numbers must look like card groups (4-4-4-4, 4-6-5, 4-4-4-4-3): reject phone-like 3-3-4.
      if (grouped && !/^\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(m[0])) continue;
      const begin = m.index;
      const end = begin + m[0].length;
      const ctx = context.find(text, begin, end);
      const neg = negative.find(text, begin, end, 24, 0);
      const base = verdict === 'valid' ? (grouped ? 0.9 : 0.85) : 0.35;
      const { score, explanation } = scoreCandidate('credit_card', grouped ? 'card_grouped' : 'card_digits', {
        base,
        verdict: { name: 'luhn+iin', result: 'valid' },
        context: ctx,
        contextBoost: 0.3,
        contextFloor: 0.7,
        negative: neg,
        negativePenalty: 0.4,
      });
      if (verdict === 'luhn_only') (explanation.notes ??= []).push('unknown_iin');
      out.push({ type: 'CREDIT_DEBIT_NUMBER', begin, end, score, explanation });
    }
    return out;
  },
};
export default recognizer;
