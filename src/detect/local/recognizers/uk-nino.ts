// UK_NATIONAL_INSURANCE_NUMBER: two prefix letters (HMRC exclusions: D F I Q U V anywhere, O second, and the
// pairs BG GB NK KN TN NT ZZ), six digits, suffix A-D.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

export default definePatternRecognizer({
  name: 'uk_nino',
  type: 'UK_NATIONAL_INSURANCE_NUMBER',
  patterns: [
    { name: 'nino', regex: /(?<![\w-])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])/gi, score: 0.75 },
  ],
  validator: {
    name: 'nino_format',
    // Lower-case or inconsistently spaced values are less likely to be real numbers.
    check: (v) => (v === v.toUpperCase() && (/^\w{9}$/.test(v) || /^\w{2} \d{2} \d{2} \d{2} \w$/.test(v)) ? 'valid' : 'not_applicable'),
  },
  validScore: 0.8,
  context: ['national insurance', 'national insurance number', 'ni number', 'nino', 'ni no', 'nin', 'insurance number'],
  contextBoost: 0.2,
  contextFloor: 0.9,
  // Six digits with at most single spaces between them: a digit group of 6 (features allow such separators).
  mayMatch: (t) => features(t).digits >= 6 && features(t).maxDigitGroup >= 6,
});
