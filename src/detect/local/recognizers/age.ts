// AGE: "42 years old", "42-year-old", "aged 42", "age: 42", "42 y/o". The span is the quantity and unit
// ("42 years"), as Comprehend reports it; a bare duration ("for 5 years") is not an age.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features, isRegexSpace, lowerIncludesAny } from '../features.ts';
import type { NormalizedText } from '../recognizer.ts';

const N = '(?:1[01]\\d|120|[1-9]?\\d)';
// Each pattern's literal words: a text without them cannot match it (cheap gates before the regexes).
const has = (...words: string[]): ((t: NormalizedText) => boolean) => lowerIncludesAny(words);

const I_AM = ['i am', "i'm", 'i’m', 'he is', 'she is', "he's", "she's", 'he’s', 'she’s'];
const anyWord = has('age', 'old', 'yo', 'y/o', 'y.o.', 'turn', 'is now');
const iAmWord = has(...I_AM);
/**
 * Cheap test for I_AM_N: a digit after a space after an 'm' or 's' ("am 42", "'m 42", "is 42", "'s 42").
 * Spaces found with indexOf (fast); other whitespace before the number is rare enough in such sentences.
 */
function digitAfterMs(s: string): boolean {
  for (let i = s.indexOf(' '); i >= 1 && i + 1 < s.length; i = s.indexOf(' ', i + 1)) {
    const d = s.charCodeAt(i + 1);
    if (d < 48 || d > 57) continue;
    let k = i;
    while (k > 0 && isRegexSpace(s.charCodeAt(k - 1))) k--;
    const c = s.charCodeAt(k - 1);
    if (c === 109 || c === 115) return true;
  }
  return false;
}
// The word test first: it is the cheaper one (letter pairs), the scan walks every space.
const mayIAm = (t: NormalizedText): boolean => iAmWord(t) && digitAfterMs(t.lower);
// "I am 42" / "I'm 42" / "she's 70": only when the number ends the clause ("I'm 42.", "I am 42 and ..."); "I'm 5 minutes
// away", "I am 2 for 2", "I'm 99% sure" are not ages.
const I_AM_N = new RegExp(`\\b(?:i am|i['’]m|(?:he|she) is|(?:he|she)['’]s)\\s+(${N})(?=\\s*(?:[.,;!?)]|$)|\\s+(?:and|but|now|today|myself)\\b)`, 'gi');

export default definePatternRecognizer({
  name: 'age',
  type: 'AGE',
  patterns: [
    { name: 'years_old', regex: new RegExp(`(?<![\\w.-])${N}(?:\\s?|-)(?:years?|yrs?|yr)(?=\\s(?:old|of age)\\b)`, 'gi'), score: 0.85, gate: has('old', 'of age') },
    { name: 'n_year_old', regex: new RegExp(`(?<![\\w.-])${N}-(?:year|yr)-old\\b`, 'gi'), score: 0.85, gate: has('-old') },
    { name: 'y_o', regex: new RegExp(`(?<![\\w.-])${N}\\s?(?:y/o|yo|y\\.o\\.)(?![\\w/])`, 'gi'), score: 0.75, gate: has('yo', 'y/o', 'y.o.') },
    { name: 'aged_n', regex: new RegExp(`\\b(?:aged?|age is|age of|ages)\\s*[:=]?\\s*(${N}(?![\\w.]|\\.\\d)(?:\\s?(?:years?|yrs?)\\b)?)`, 'gi'), valueGroup: 1, score: 0.8, gate: has('age') },
    { name: 'turned_n', regex: new RegExp(`\\b(?:turn(?:ed|ing|s)?|is now|just turned)\\s+(${N})(?![\\w.:/%-]|\\.\\d)(?!\\s?(?:am|pm|a\\.m|p\\.m|percent|degrees|times|minutes|mins|hours|days|dollars|usd|km|miles))`, 'gi'), valueGroup: 1, score: 0.6, gate: has('turn', 'is now') },
    { name: 'i_am_n', regex: I_AM_N, valueGroup: 1, score: 0.6, gate: mayIAm },
    { name: 'months_old', regex: /(?<![\w.-])\d{1,2}(?:\s?|-)(?:months?|weeks?)(?=(?:\s|-)old\b)/gi, score: 0.75, gate: has('old') },
  ],
  context: ['age', 'aged', 'born', 'birthday', 'turned', 'turning'],
  contextBoost: 0.05,
  contextFloor: 0,
  mayMatch: (t) => features(t).digits >= 1 && (anyWord(t) || mayIAm(t)),
});
