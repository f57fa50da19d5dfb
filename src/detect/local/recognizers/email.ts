// EMAIL: RFC-ish local part @ domain with a letter TLD. Homoglyph '@' and zero-width characters are already
// folded by the normalizer; spaces around '@' / dots ("jane @ example . com") and "[at]" spellings score lower.
// Matching is anchored on each '@' (sticky regex from the start of the local part): no scan of the whole text.
import type { Candidate, NormalizedText, Recognizer } from '../recognizer.ts';
import { createContext } from '../context.ts';
import { scoreCandidate } from '../pattern-recognizer.ts';
import { features } from '../features.ts';

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TLD_END = '[A-Za-z]{2,24}(?![\\w-]|\\.[A-Za-z0-9])';
const STRICT = new RegExp(`${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${TLD_END}`, 'y');
// "jane . doe @ example . com": spaces around '@' and dots (a dot needs spaces on both sides or none).
// Only common TLDs here: tokenized social text ("from @wilxTV . http") must not read as an address.
const COMMON_TLD = '(?:com|org|net|edu|gov|mil|io|co|us|uk|ca|de|fr|es|it|nl|eu|au|in|jp|br|mx|ru|ch|se|info|biz|me)(?![\\w-]|\\.[A-Za-z0-9]|\\s?[:/])';
const SPACED = new RegExp(`${LABEL}(?:(?:\\.| \\. )${LABEL})*(?: ?@ | @ ?)(?:${LABEL}(?:\\.| \\. ))+${COMMON_TLD}`, 'yi');
const AT_WORD = new RegExp(
  `(?<![\\w.+-])${LABEL}(?:\\.${LABEL})* ?[[(]at[\\])] ?${LABEL}(?:(?:\\.| ?[[(]dot[\\])] ?)${LABEL})*(?:\\.| ?[[(]dot[\\])] ?)[A-Za-z]{2,24}\\b`,
  'gi',
);
// A table, not a Set: looked up for every character left of each '@'.
const LOCAL_CHAR = new Uint8Array(128);
for (const c of `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_\`{|}~.-`) LOCAL_CHAR[c.charCodeAt(0)] = 1;
const context = createContext(['email', 'e-mail', 'mail', 'contact', 'reach']);

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isLocal(c: number): boolean {
  return c < 128 && LOCAL_CHAR[c] === 1;
}

function push(out: Candidate[], text: NormalizedText, begin: number, end: number, pattern: string, base: number): void {
  const { score, explanation } = scoreCandidate('email', pattern, { base, context: context.find(text, begin, end), contextBoost: 0.05, contextFloor: 0 });
  out.push({ type: 'EMAIL', begin, end, score, explanation });
}

/** Some "at]" / "at)" ("jane [at] example [dot] com"); ']' and ')' are counted by features() first. */
function atWord(t: NormalizedText): boolean {
  const f = features(t);
  return (f.closeBrackets > 0 && t.lower.includes('at]')) || (f.closeParens > 0 && t.lower.includes('at)'));
}

const recognizer: Recognizer = {
  name: 'email',
  types: ['EMAIL'],
  mayMatch: (t) => t.text.includes('@') || atWord(t),
  recognize(text) {
    const out: Candidate[] = [];
    const s = text.text;
    let covered = -1;
    for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
      if (at < covered) continue;
      // Strict: the local part runs left from '@' over local-part characters.
      let b = at;
      while (b > 0 && isLocal(s.charCodeAt(b - 1))) b--;
      // A leading '.' or '-' is punctuation before the address, not part of it.
      while (b < at && (s[b] === '.' || s[b] === '-')) b++;
      if (b < at) {
        STRICT.lastIndex = b;
        const m = STRICT.exec(s);
        if (m) {
          push(out, text, b, b + m[0].length, 'email', 0.95);
          covered = b + m[0].length;
          continue;
        }
      }
      // Spaced: up to a few words left of '@' ("jane . doe @").
      const from = Math.max(0, at - 80);
      for (let k = from; k < at; k++) {
        // Candidate starts: an alphanumeric not preceded by a local-part character.
        if (!isAlnum(s.charCodeAt(k)) || (k > 0 && isLocal(s.charCodeAt(k - 1)))) continue;
        SPACED.lastIndex = k;
        const m = SPACED.exec(s);
        if (m && k + m[0].length > at) {
          push(out, text, k, k + m[0].length, 'email_spaced', 0.7);
          covered = k + m[0].length;
          break;
        }
      }
    }
    if (atWord(text)) {
      AT_WORD.lastIndex = 0;
      for (let m = AT_WORD.exec(s); m !== null; m = AT_WORD.exec(s)) push(out, text, m.index, m.index + m[0].length, 'email_at_word', 0.75);
    }
    return out;
  },
};
export default recognizer;
