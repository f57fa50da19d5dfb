// PASSWORD: the value after "password:", "pwd=", "my password is ...". A value without a digit or symbol that
// reads like a word ("password is incorrect") scores low.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { createContext } from '../context.ts';
import { lowerIncludesAny } from '../features.ts';

const KEY = '(?:password|passwd|passwort|passcode|passphrase|pass ?word|pwd|pw|pass|contraseña|mot de passe)';
const NEEDLES = ['pass', 'pwd', 'pw', 'contrase', 'mot de'];
const hasNeedle = lowerIncludesAny(NEEDLES);
const anywhere = createContext(['password', 'passwd', 'passwort', 'passcode', 'passphrase', 'pass word', 'pwd', 'pw', 'pass', 'contraseña', 'mot de passe']);

export default definePatternRecognizer({
  name: 'password',
  type: 'PASSWORD',
  patterns: [
    {
      name: 'after_keyword',
      regex: new RegExp(`\\b${KEY}\\s*(?:[:=]|\\bis\\b|\\bwas\\b|\\bto\\b|\\bchanged to\\b)\\s*["'\`]?((?!(?:is|was|the|a|an|and|or|not|none|null|required|incorrect|invalid|wrong|expired|reset|changed|updated|set|too|field|please)\\b)(?=[^\\s"'\`]*[A-Za-z0-9])[^\\s"'\`]{3,64}(?<![.,;:?)]))`, 'gi'),
      valueGroup: 1,
      score: 0.5,
    },
  ],
  validator: {
    name: 'password_shape',
    check: (v) => (/\d/.test(v) || /[^A-Za-z0-9]/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) ? 'valid' : 'not_applicable'),
  },
  validScore: 0.85,
  mayMatch: (t) => hasNeedle(t) && anywhere.anywhere(t),
});
