// IN_AADHAAR: 12 digits (4-4-4), first digit 2-9, Verhoeff check digit.
import { definePatternRecognizer, digitsOf } from '../pattern-recognizer.ts';
import { features } from '../features.ts';
import { verhoeffValid } from '../validators/verhoeff.ts';

export default definePatternRecognizer({
  name: 'in_aadhaar',
  type: 'IN_AADHAAR',
  patterns: [
    { name: 'aadhaar_grouped', regex: /(?<![\w.-]|\d[ -])[2-9]\d{3}([ -])\d{4}\1\d{4}(?![\w-]|\.\d|[ -]\d)/g, score: 0.6 },
    { name: 'aadhaar_bare', regex: /(?<![\w.-])[2-9]\d{11}(?![\w-]|\.\d)/g, score: 0.3 },
  ],
  validator: { name: 'verhoeff', check: (v) => (verhoeffValid(digitsOf(v)) && !/^(\d)\1+$/.test(digitsOf(v)) ? 'valid' : 'invalid') },
  context: ['aadhaar', 'aadhar', 'adhaar', 'uidai', 'uid', 'aadhaar number', 'aadhaar no'],
  contextBoost: 0.4,
  contextFloor: 0.9,
  negativeContext: ['card', 'visa', 'order', 'invoice', 'account', 'phone'],
  mayMatch: (t) => features(t).maxDigitGroup >= 12,
});
