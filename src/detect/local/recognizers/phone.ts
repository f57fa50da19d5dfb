// PHONE: North American formats ("(555)355 - 1785", "+1 555-123-4567", "555.123.4567") and international
// numbers with a '+' country code (checked with libphonenumber-js). Bare digit runs need context.
import { createRequire } from 'node:module';
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

// libphonenumber-js costs ~150 ms to load (its metadata): load it on the first '+' number, not at start-up.
type IsValid = (text: string) => boolean;
let isValidPhoneNumber: IsValid | null = null;
function validInternational(v: string): boolean {
  isValidPhoneNumber ??= (createRequire(import.meta.url)('libphonenumber-js') as { isValidPhoneNumber: IsValid }).isValidPhoneNumber;
  return isValidPhoneNumber(v);
}

const SEP = '(?:[ .]?-[ .]?| - |[ .])';
const AREA = '[2-9]\\d{2}';
const EXCH = '\\d{3}';
// An extension belongs to the number ("555-123-4567 x0938", "ext. 12"): it is part of the entity.
const END = '(?:\\s?(?:x|ext\\.?|extension)\\s?\\d{1,6})?(?![\\d-]|\\.\\d)';
const START = '(?<![\\w+.-]|\\d[ .-])';

export default definePatternRecognizer({
  name: 'phone',
  type: 'PHONE',
  patterns: [
    {
      // (555) 355-1785, (555)355 - 1785, +1 (555) 355 1785
      name: 'nanp_parens',
      regex: new RegExp(`${START}(?:\\+?1[ .-]?)?\\(${AREA}\\) ?${EXCH}${SEP}?\\d{4}${END}`, 'g'),
      score: 0.85,
      gate: (t) => t.text.includes('('),
    },
    {
      // +1 555-123-4567, 1-555-123-4567
      name: 'nanp_country',
      regex: new RegExp(`${START}(?:\\+1|1)${SEP}${AREA}${SEP}${EXCH}${SEP}\\d{4}${END}`, 'g'),
      score: 0.8,
    },
    {
      // 555-123-4567, 555.123.4567 (same separator twice)
      name: 'nanp_separated',
      regex: new RegExp(`${START}${AREA}([ .-])${EXCH}\\1\\d{4}${END}`, 'g'),
      score: 0.65,
    },
    {
      // Area codes starting 0/1 do not exist in the NANP, but generated and mistyped data is full of them: the
      // phone shape is still clear, so they are reported a little lower.
      name: 'nanp_parens_any_area',
      regex: new RegExp(`${START}\\([01]\\d{2}\\) ?${EXCH}${SEP}?\\d{4}${END}`, 'g'),
      score: 0.75,
      gate: (t) => t.text.includes('('),
    },
    {
      name: 'nanp_separated_any_area',
      regex: new RegExp(`${START}[01]\\d{2}([ .-])${EXCH}\\1\\d{4}${END}`, 'g'),
      score: 0.55,
    },
    {
      // +15551234567 (E.164 without separators)
      name: 'e164_nanp',
      regex: /(?<![\w+])\+1[2-9]\d{2}[2-9]\d{6}(?![\d-]|\.\d)/g,
      score: 0.8,
      gate: (t) => t.text.includes('+1'),
    },
    {
      name: 'nanp_bare',
      regex: new RegExp(`(?<![\\w+.-])${AREA}${EXCH}\\d{4}(?![\\w-]|\\.\\d)`, 'g'),
      score: 0.3,
    },
    {
      // +44 20 7946 0958, +49-30-1234567, +33 1 23 45 67 89 (validated by libphonenumber-js)
      name: 'international',
      regex: /(?<![\w+])\+(?:[2-9]\d{0,2}|1)(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\d-]|\.\d)/g,
      score: 0.5,
      gate: (t) => t.text.includes('+'),
    },
    {
      // 020 7946 0958 style national numbers: only with context
      name: 'national_with_context',
      regex: /(?<![\w+.-])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\d-]|\.\d)/g,
      score: 0.4,
      requireContext: true,
    },
  ],
  validator: {
    name: 'phone_number',
    check(raw) {
      const value = raw.replace(/\s?(?:x|ext\.?|extension)\s?\d+$/i, '');
      const d = digitsOf(value);
      if (value.startsWith('+')) {
        try {
          return validInternational(value) ? 'valid' : d.length >= 8 && d.length <= 15 ? 'not_applicable' : 'invalid';
        } catch {
          return 'invalid';
        }
      }
      // All-same digits (000-000-0000) or too short/long are not phone numbers.
      if (/^(\d)\1+$/.test(d)) return 'invalid';
      return d.length >= 7 && d.length <= 15 ? 'not_applicable' : 'invalid';
    },
  },
  validScore: 0.85,
  context: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'contact', 'ph', 'phone number', 'text me', 'whatsapp', 'sms', 'landline', 'reach me', 'my number', 'ring me', 'text'],
  contextBoost: 0.3,
  contextFloor: 0.6,
  negativeContext: ['order', 'invoice', 'ssn', 'account', 'acct', 'routing', 'tracking', 'isbn', 'serial', 'id', 'nhs', 'sin', 'aadhaar', 'passport', 'license', 'licence', 'dl', 'pin', 'itin', 'nino', 'vin'],
  negativePenalty: 0.35,
  mayMatch: (t) => features(t).maxDigitGroup >= 7,
});
