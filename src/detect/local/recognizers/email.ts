// EMAIL: RFC-ish local part @ domain with a letter TLD. Homoglyph '@' and zero-width characters are already
// folded by the normalizer; spaces around '@' / dots ("jane @ example . com") and "[at]" spellings score lower.
import { definePatternRecognizer } from '../pattern-recognizer.ts';

const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

export default definePatternRecognizer({
  name: 'email',
  type: 'EMAIL',
  patterns: [
    {
      name: 'email',
      regex: new RegExp(`(?<![\\w.+-])${LOCAL}@(?:${LABEL}\\.)+[A-Za-z]{2,24}(?![\\w-]|\\.[A-Za-z0-9])`, 'g'),
      score: 0.95,
    },
    {
      // "jane . doe @ example . com": spaces around '@' and dots (a dot needs spaces on both sides or none).
      name: 'email_spaced',
      regex: new RegExp(
        `(?<![\\w.+-])${LABEL}(?:(?:\\.| \\. )${LABEL})*(?: ?@ | @ ?)(?:${LABEL}(?:\\.| \\. ))+[A-Za-z]{2,24}(?![\\w-]|\\.[A-Za-z0-9])`,
        'g',
      ),
      score: 0.7,
    },
    {
      name: 'email_at_word',
      regex: new RegExp(
        `(?<![\\w.+-])${LABEL}(?:\\.${LABEL})* ?[[(]at[\\])] ?${LABEL}(?:(?:\\.| ?[[(]dot[\\])] ?)${LABEL})*(?:\\.| ?[[(]dot[\\])] ?)[A-Za-z]{2,24}\\b`,
        'gi',
      ),
      score: 0.75,
    },
  ],
  context: ['email', 'e-mail', 'mail', 'contact', 'reach'],
  contextBoost: 0.1,
  contextFloor: 0,
  mayMatch: (t) => t.text.includes('@') || t.lower.includes('at]') || t.lower.includes('at)'),
});
