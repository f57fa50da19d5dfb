// AWS_SECRET_KEY: 40 base64 characters. Random-looking 40-character strings are common (hashes, tokens), so a
// secret-key word must be near.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { lowerIncludesAny } from '../features.ts';

const words = ['aws_secret_access_key', 'secret access key', 'secret_access_key', 'secret key', 'secretkey', 'aws secret', 'secret', 'aws', 'secretaccesskey'];
const NEEDLES = ['secret', 'aws'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(words);

export default definePatternRecognizer({
  name: 'aws_secret_key',
  type: 'AWS_SECRET_KEY',
  patterns: [{ name: 'base64_40', regex: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, score: 0.5, requireContext: true }],
  validator: {
    name: 'mixed_base64',
    // A key mixes upper, lower and digits; a 40-char hex SHA-1 (digits + a-f only) is not one.
    check: (v) => (/[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v) && !/^[0-9a-f]+$/i.test(v) ? 'valid' : 'invalid'),
  },
  context: words,
  contextBoost: 0.4,
  contextFloor: 0.85,
  window: [64, 16],
  mayMatch: (t) => t.text.length >= 40 && hasNeedle(t) && anywhere.anywhere(t),
});
