// DATE_TIME: dates and times in the many ways people write them — ISO dates and timestamps, 03/04/1990,
// "March 3, 2021", "3rd of March 2021", "Mar 2021", "10:30 pm", "11am". Machine timestamps in a bare cell are
// usually event times, not personal data, so they score below the default threshold unless a personal-date
// word ("dob", "born", "appointment") is near.
import { definePatternRecognizer } from '../pattern-recognizer.ts';
import { features, isRegexSpace, lowerIncludesAny, lowerMayContain, perText, wordDictionary } from '../features.ts';
import type { NormalizedText } from '../recognizer.ts';

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const ORD = '(?:st|nd|rd|th)?';
const YEAR = '(?:1[89]\\d{2}|20\\d{2})';
const TIME = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?';
// "p.m." keeps its final dot; "5pm." does not take the sentence's full stop.
const AMPM = '(?:\\s?(?:[ap]\\.m\\.?|[ap]m)(?![a-z]))';
const DOW = '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';
// Full weekday names only when standing alone ("Mon", "Sun", "Sat" alone are too often other words).
// Case-sensitive on the first letter so a capitalised word after it can be told apart ("Sunday Market").
const DOW_FULL = '(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)';
// A relative word belongs to the date ("next Monday", "this Friday").
const DOW_REL = '(?:[Nn]ext|[Ll]ast|[Tt]his|[Cc]oming)\\s';
// Not a weekday when a capitalised word follows: a name ("Sunday Market", "Friday Harbor"); "I" is no name.
const DOW_END = "(?![\\w-]|'?s?\\s+(?!I\\b)[A-Z])";

// Every MONTH alternative starts with one of these: a text without any skips the word-boundary regex.
const STEMS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_STEMS = lowerIncludesAny(STEMS);
const STEM_MAY = STEMS.map(lowerMayContain);
const MONTH_AT = new RegExp(`${MONTH}\\b`, 'y');
// Month, weekday and "born" words are matched as whole words (\b or look-arounds excluding letters): the word
// dictionaries (features) rule most texts out before any substring search.
const MONTH_DICT = wordDictionary(['jan', 'january', 'feb', 'february', 'mar', 'march', 'apr', 'april', 'may', 'jun', 'june', 'jul', 'july', 'aug', 'august', 'sep', 'sept', 'september', 'oct', 'october', 'nov', 'november', 'dec', 'december']);
const DAY_DICT = wordDictionary(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const BORN_DICT = wordDictionary(['born']);
const hasMonth = perText((t) => MONTH_DICT(t) && MONTH_STEMS(t) && monthWord(t));

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * /\b(?:MONTH)\b/.test(t.lower), tried only where it can start: at a stem with a word boundary before it (every
 * MONTH alternative starts with a stem).
 */
function monthWord(t: NormalizedText): boolean {
  const s = t.lower;
  for (let k = 0; k < STEMS.length; k++) {
    if (!STEM_MAY[k](t)) continue;
    for (let at = s.indexOf(STEMS[k]); at >= 0; at = s.indexOf(STEMS[k], at + 1)) {
      if (at > 0 && isWordChar(s.charCodeAt(at - 1))) continue;
      MONTH_AT.lastIndex = at;
      if (MONTH_AT.test(s)) return true;
    }
  }
  return false;
}
const hasAmPm = perText((t) => digitAmPm(t.lower, features(t).firstDigit, features(t).lastDigit));
const BORN_WORD = lowerIncludesAny(['born']);
const BORN = (t: NormalizedText): boolean => BORN_DICT(t) && BORN_WORD(t);
// Cheap test before the weekday regex (the only pattern that needs no digit).
const DAY_SUBSTRING = lowerIncludesAny(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const DAY_WORD = (t: NormalizedText): boolean => DAY_DICT(t) && DAY_SUBSTRING(t);

/**
 * /\d\s?[ap]\.?m/.test(s) as a scan from each digit (the regex tried every position of every text), between
 * the text's first and last digit (features; -1: none).
 */
function digitAmPm(s: string, first: number, last: number): boolean {
  if (first < 0) return false;
  for (let i = first; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let j = i + 1;
    if (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
    const a = s.charCodeAt(j);
    if (a !== 97 && a !== 112) continue;
    j++;
    if (s.charCodeAt(j) === 46) j++;
    if (s.charCodeAt(j) === 109) return true;
  }
  return false;
}
const longDigits = (t: NormalizedText) => features(t).maxDigitGroup >= 6;

/** Month/day plausibility of a numeric date "a/b/y": one of a, b is a month and the other a day. */
function numericDateCheck(v: string): 'valid' | 'invalid' | 'not_applicable' {
  const parts = v.split(/[/.-]/).map((p) => +p);
  if (parts.length !== 3) return 'not_applicable';
  const [a, b, c] = parts;
  if (v.match(/^\d{4}/)) return b >= 1 && b <= 12 && c >= 1 && c <= 31 ? 'valid' : 'invalid';
  return (a <= 12 && b <= 31) || (b <= 12 && a <= 31) ? 'valid' : 'invalid';
}

export default definePatternRecognizer({
  name: 'date_time',
  type: 'DATE_TIME',
  patterns: [
    {
      name: 'iso_timestamp',
      regex: new RegExp(`(?<![\\w.-])${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[T ]${TIME}(?:Z|[+-]\\d{2}:?\\d{2})?(?![\\w:])`, 'g'),
      score: 0.45,
      gate: (t) => features(t).colons >= 1 && longDigits(t),
    },
    { name: 'iso_date', regex: new RegExp(`(?<![\\w./-])${YEAR}([-/.])(?:0?[1-9]|1[0-2])\\1${DAY}(?![\\w/-]|[.:]\\d)`, 'g'), score: 0.6, gate: longDigits },
    { name: 'numeric_date_4y', regex: new RegExp(`(?<![\\w./-])${DAY}([/.-])${DAY}\\1${YEAR}(?![\\w/-]|\\.\\d)(?:,?\\s(?:at\\s)?${TIME}${AMPM}?)?`, 'g'), score: 0.65, gate: longDigits },
    {
      // "on 3/14", "due 12/05": month/day without a year only right after a date word ("scored 3/10", "3/4 of
      // the servers" are no dates).
      name: 'numeric_month_day',
      regex: /(?<=\b(?:on|by|due|until|till|since|before|after|dated?|appt|appointment|scheduled(?: for)?)[\s:]+)(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])(?![\w/-]|[.,]\d|\s+(?:of|cups?|inch|in\b|mile))/gi,
      score: 0.4,
      gate: (t) => features(t).slashes >= 1,
    },
    { name: 'numeric_date_2y', regex: new RegExp(`(?<![\\w./-])${DAY}/${DAY}/\\d{2}(?![\\w/-]|\\.\\d)`, 'g'), score: 0.5, gate: (t) => features(t).slashes >= 2 },
    {
      // March 3, 2021 / Mar. 3rd 2021 / Tuesday, March 3, 2021 at 10:30 am
      name: 'month_day_year',
      regex: new RegExp(`(?<![\\w-])(?:${DOW},?\\s)?${MONTH}\\.?\\s${DAY}${ORD},?\\s${YEAR}(?:,?\\s(?:at\\s)?${TIME}${AMPM}?)?(?![\\w])`, 'gi'),
      score: 0.8,
      gate: hasMonth,
    },
    {
      // 3 March 2021 / 3rd of March, 2021
      name: 'day_month_year',
      regex: new RegExp(`(?<![\\w-])(?:${DOW},?\\s)?${DAY}${ORD}\\s(?:of\\s)?${MONTH}\\.?,?\\s${YEAR}(?![\\w])`, 'gi'),
      score: 0.8,
      gate: hasMonth,
    },
    { name: 'month_day', regex: new RegExp(`(?<![\\w-])(?:${DOW},?\\s)?${MONTH}\\.?\\s${DAY}${ORD}(?![\\w:]|,?\\s\\d)`, 'gi'), score: 0.55, gate: hasMonth },
    { name: 'day_month', regex: new RegExp(`(?<![\\w-])(?:${DOW},?\\s)?${DAY}${ORD}\\s(?:of\\s)?${MONTH}(?![\\w]|\\.?,?\\s\\d)`, 'gi'), score: 0.55, gate: hasMonth },
    { name: 'month_year', regex: new RegExp(`(?<![\\w-])${MONTH}\\.?,?\\s${YEAR}(?![\\w])`, 'gi'), score: 0.55, gate: hasMonth },
    {
      // "next Monday", "this Friday": the relative word makes it a date.
      name: 'weekday_relative',
      regex: new RegExp(`(?<![\\w-])${DOW_REL}${DOW_FULL}${DOW_END}`, 'g'),
      // Weekdays stay below 0.8 even with context: they say little about a person on their own.
      score: 0.5,
      gate: DAY_WORD,
    },
    {
      // "on Tuesday": a weekday alone needs a context word ("on", "by", "until") to pass the threshold; a bare
      // "Sunday" cell of a day-of-week column is not personal data.
      name: 'weekday',
      regex: new RegExp(`(?<![\\w-])${DOW_FULL}${DOW_END}`, 'g'),
      score: 0.45,
      gate: DAY_WORD,
    },
    // "11.30pm" (a dot between hours and minutes is common in British English; only with am/pm after it).
    { name: 'time_ampm', regex: new RegExp(`(?<![\\w:.])(?:${TIME}|(?:1[0-2]|0?[1-9])\\.[0-5]\\d|1[0-2]|0?[1-9])${AMPM}`, 'gi'), score: 0.6, gate: hasAmPm },
    {
      // "born in 1985": a bare year is a date of birth after "born" (other bare years are too often counts).
      name: 'born_year',
      regex: new RegExp(`\\bborn\\s+(?:in\\s+)?(${YEAR})(?![\\w/-]|\\.\\d)`, 'gi'),
      valueGroup: 1,
      score: 0.8,
      gate: BORN,
    },
    { name: 'time_24h', regex: new RegExp(`(?<![\\w:.-])(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?![\\w:]|\\.\\d)`, 'g'), score: 0.45, gate: (t) => features(t).colons >= 1 },
  ],
  validator: {
    name: 'calendar',
    check: (v) => {
      if (/^\d+[/.-]\d+[/.-]\d+/.test(v)) return numericDateCheck(v.split(/[ ,T]/)[0]);
      // "may 5" in lower case is usually the verb ("you may 2x it"); keep only capitalized month names then.
      if (/^(?:may|mar|march|jan|sat|sun|wed)\s/.test(v)) return 'invalid';
      return 'not_applicable';
    },
  },
  context: ['dob', 'd.o.b', 'date of birth', 'birth date', 'birthdate', 'birthday', 'born', 'born on', 'appointment', 'appt', 'admitted', 'discharged', 'visit', 'scheduled', 'deceased', 'died', 'date', 'on', 'at', 'by', 'until', 'since', 'from', 'before', 'after', 'due', 'every', 'next'],
  contextBoost: 0.25,
  contextFloor: 0.5,
  window: [32, 8],
  negativeContext: ['version', 'ver', 'build', 'release', 'v', 'ratio', 'score'],
  negativePenalty: 0.4,
  // "Gecko/2011-05-16 12:45:20" in a user agent is a build stamp of the software, not a date about a person.
  accept: (t, begin) => {
    // Walk back over the date/time characters before the match ("2011-05-16 " before "12:45:20").
    let b = begin;
    while (b > 0 && begin - b < 24 && /[\d:. T-]/.test(t.text[b - 1])) b--;
    return !(b > 1 && t.text.charCodeAt(b - 1) === 47 && /[A-Za-z]/.test(t.text[b - 2]));
  },
  // As before (a digit or a weekday), and some pattern's gate passes (cheapest first).
  mayMatch: (t) => {
    const f = features(t);
    if (f.digits < 1 && !DAY_WORD(t)) return false;
    return f.maxDigitGroup >= 6 || f.slashes >= 1 || f.colons >= 1 || BORN(t) || DAY_WORD(t) || hasAmPm(t) || hasMonth(t);
  },
});
