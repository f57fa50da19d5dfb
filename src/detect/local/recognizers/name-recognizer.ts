// NAME: runs of name-like words (gazetteer first names and surnames, unknown capitalised words), titles,
// initials, particles and suffixes, scored from the gazetteer evidence, casing, position and context words.
import type { Candidate, NormalizedText, Recognizer } from '../recognizer.ts';
import { loadGazetteers } from '../gazetteers/gazetteers.ts';
import { loadNameTagger, textMode, type NameTagger } from '../model/name-tagger.ts';
import {
  COMPANY_MARKERS, PLACE_ENDERS, PLACE_OPENERS, STREET_AFTER, STRONG_TITLES, WF_CITY, WF_CITY_HEAD, WF_COMPANY, WF_MONTH,
  WF_PLACE_ENDER, WF_PLACE_OPENER, WF_ROLE, WF_STREET, isAllUpper, listFlags, nameTokens, type NameClass, type TokenScan,
  type WordToken,
} from './name-tokens.ts';

// Whole-word context before a name; the capture is reported in the explanation.
const STRONG_BEFORE = /(?:^|[^\p{L}])(my name is|name is|name's|names|name|i am|i'm|this is|call me|dear|hi|hello|hey|greetings|thanks|thank you|regards|sincerely|cheers|best|signed|contact|customer|client|patient|cardholder|holder|agent|rep|representative|spoke with|spoke to|talked to|talking to|assigned to|attn|attention|cc|named|called|ask for|asked for|mr|mrs|ms|dr|married|husband|wife|son|daughter|mother|father|mom|dad|brother|sister|friend|colleague|employee|user|applicant|tenant|owner|recipient|sender|author|emergency contact)\s*[:,-]?\s*$/u;
const WEAK_BEFORE = /(?:^|[^\p{L}])(with|by|from|to|and|for|ask|tell|met|meet|saw|see|love|miss|like|congrats|congratulations|rip|via|cc|ft|feat|vs|@)\s*[:,]?\s*$/u;
const PRODUCT_BEFORE = /(?:^|[^\p{L}])(?:the|a|an|your|our|their|this|that|these|those|its|his|her|my)\s+$/u;
/**
 * A word set for mayEndWith, a necessary condition before a regex: hashes of the words read backwards (FNV-1a,
 * 30 bits: small integers), so a word in the text is looked up without slicing or lower-casing it. A hash
 * collision only runs the regex for nothing.
 */
interface WordHashes { hashes: Set<number>; at: boolean }
const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const HASH_MASK = 0x3fffffff;
function wordHashes(words: readonly string[]): WordHashes {
  const hashes = new Set<number>();
  for (const word of words) {
    let h = FNV_BASIS;
    for (let i = word.length - 1; i >= 0; i--) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    hashes.add(h & HASH_MASK);
  }
  return { hashes, at: words.includes('@') };
}
// Last words of the phrases above: a cheap test before running a regex anchored at the end (which V8 tries at
// every position of the window).
const STRONG_LAST = wordHashes(lastWords(STRONG_BEFORE));
const WEAK_LAST = wordHashes(lastWords(WEAK_BEFORE));
const PRODUCT_LAST = wordHashes(['the', 'a', 'an', 'your', 'our', 'their', 'this', 'that', 'these', 'those', 'its', 'his', 'her', 'my']);
function lastWords(re: RegExp): string[] {
  const alts = /\(([^()]+)\)\\s\*/.exec(re.source)![1]!.split('|');
  return alts.map((a) => a.split(' ').pop()!);
}

const AFTER = /^\s*,?\s*(said|says|wrote|writes|replied|emailed|called|asked|told|tweeted|posted|is a|was a|who|and his|and her|'s|’s)(?![\p{L}])/u;

// US state and Canadian province codes: "Austin, TX" is a place.
const STATE_CODES = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR',
  'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
]);

/** Whether token `t` holds a digit: an all-caps word before one labels a code ("IBAN DE89...", "PNR 7X2K9Q"). */
function hasDigit(s: string, t: WordToken): boolean {
  for (let k = t.begin; k < t.end; k++) { const c = s.charCodeAt(k); if (c >= 48 && c <= 57) return true; }
  return false;
}

/** A day of the month (1-31, optionally "st"/"nd"/"rd"/"th") or a four-digit year 1900-2099 at `t`. */
function dayOrYear(s: string, t: WordToken): boolean {
  let k = t.begin;
  let v = 0;
  while (k < t.end && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) v = v * 10 + s.charCodeAt(k++) - 48;
  const digits = k - t.begin;
  if (digits === 4 && k === t.end) return v >= 1900 && v <= 2099;
  if (digits < 1 || digits > 2 || v < 1 || v > 31) return false;
  if (k === t.end) return true;
  const suffix = s.slice(k, t.end).toLowerCase();
  return suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th';
}

/** A state or province code after ", " ("Austin, TX"), not followed by "?" or "!" ("Thanks Sam, OK?"). */
function stateAfter(s: string, t: WordToken | undefined): boolean {
  if (t === undefined || t.end - t.begin !== 2 || (t.gapBefore !== ', ' && t.gapBefore !== ',')) return false;
  const next = s.charCodeAt(t.end);
  return STATE_CODES.has(s.slice(t.begin, t.end)) && next !== 63 && next !== 33;
}
/** CORE or D (months, states... that are also names): the words a run's evidence is counted on. */
function coreOrD(c: NameClass): boolean {
  return c === 'F' || c === 'L' || c === 'B' || c === 'C' || c === 'U' || c === 'V' || c === 'D';
}
// Regexes used per run or per cell, compiled once.
const TWO_LETTERS = /\p{L}{2}/u;
const BARE_CELL_CHARS = /^[\p{L}\p{M}'’. ,-]+$/u;
const NON_ASCII = /[^\x00-\x7f]/;
const ONLY_SPACE = /^\s+$/;
const SPACE_OR_COMMA = /^[\s,]*$/;
const COMMA_GAP = /^,\s*$/;
const COMMA_LIST_BEFORE = /\p{Lu}[\p{L}-]*,\s+\p{Lu}[\p{L}-]*\s+(?:and|&)\s+$/u;
const COMMA_LIST_AFTER = /^,?\s+\p{Lu}[\p{L}-]*,?\s+(?:and|&)\s+\p{Lu}/u;
const AND_PAIR_BEFORE = /\p{Lu}[\p{L}-]*,?\s+(?:and|&)\s+$/u;
const AND_PAIR_AFTER = /^\s+(?:and|&)\s+\p{Lu}/u;
const HYPHEN_AFTER = /^\s*-\s/;
const HYPHEN_BEFORE = /\s-\s*$/;
const SPACE_RUN = / /g;
const DOTTED_GAP = /^ ?\. $/;
const SHORT_DOTTED_GAP = /^ ?\. ?$/;
const GAZ = new Set<NameClass>(['F', 'L', 'B']);

/** TWO_LETTERS.test(s), by hand for ASCII text (the Unicode regex for anything else). */
function hasTwoLetters(s: string): boolean {
  let prev = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return TWO_LETTERS.test(s);
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    if (letter && prev) return true;
    prev = letter;
  }
  return false;
}

/** The city list, as the NAME rules read it. */
interface CityLexicon { has(w: string): boolean; hasPrefix(prefix: string): boolean }

function isCap(t: WordToken): boolean {
  return t.casing !== 'lower';
}

/** Gap between two tokens of one name: a single space-like run (no line break), or none after "Mr."/"J.". */
function dotJoins(prev: WordToken): boolean {
  return prev.cls === 'T' || prev.cls === 'I' || prev.cls === 'S' || prev.cls === 'P' || prev.end - prev.begin === 1;
}

function joinable(prev: WordToken, next: WordToken): boolean {
  const g = next.gapBefore;
  if (g === ' ' || g === '  ') return true;
  // "Mr. Smith", "J. Smith", "Cesar Y. O'Connell": the dot ends a title, an initial or a one-letter particle.
  // After any other word it ends a sentence ("Thanks, Olga. I'll send it"): a name never runs over it.
  if ((g === '. ' || g === '.') && prev.dot && dotJoins(prev)) return true;
  if (next.cls === 'S' && (g === ', ' || g === ',' || g === ' ' || g === '. ' || g === ', ')) return true;
  return false;
}

function nameish(t: WordToken, lowerMode: boolean, cued = false): boolean {
  // After "my name is"/"Thanks,": months and states that are also first names ("April", "Virginia") count.
  if (t.cls === 'D') return cued && isCap(t) && (t.firstRank >= 0 || t.lastRank >= 0);
  const c = t.cls;
  if (!(c === 'F' || c === 'L' || c === 'B' || c === 'C' || c === 'U' || c === 'V')) return false; // CORE
  if (lowerMode) return t.casing === 'lower' && (c === 'F' || c === 'L' || c === 'B' || c === 'C' || (cued && (c === 'U' || c === 'V')));
  return isCap(t);
}

// titleCaseShare of the last token list (a text's runs share one list).
let shareToks: WordToken[] | null = null;
let shareValue = 0;
function titleCaseShareCached(toks: WordToken[]): number {
  if (toks !== shareToks) {
    shareValue = titleCaseShare(toks);
    shareToks = toks;
  }
  return shareValue;
}

/** Share of word tokens (letters) that start with a capital. */
function titleCaseShare(toks: WordToken[]): number {
  let words = 0;
  let caps = 0;
  for (const t of toks) {
    if (t.cls === 'X') continue;
    words++;
    if (t.casing === 'title' || t.casing === 'upper') caps++;
  }
  return words === 0 ? 0 : caps / words;
}

/** /\d[A-Za-z]?\s+$/ on the 8 characters before `begin`: a street name after a house number. */
function afterHouseNumber(s: string, begin: number): boolean {
  const from = Math.max(0, begin - 8);
  let k = begin - 1;
  if (k < from || !isSpace(s.charCodeAt(k))) return false;
  while (k >= from && isSpace(s.charCodeAt(k))) k--;
  if (k < from) return false;
  const c = s.charCodeAt(k);
  if (c >= 48 && c <= 57) return true;
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) || k - 1 < from) return false;
  const d = s.charCodeAt(k - 1);
  return d >= 48 && d <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** s.slice(0, begin).trim() === '' */
function onlySpaceBefore(s: string, begin: number): boolean {
  for (let k = 0; k < begin; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

/** s.slice(end).replace(/[.,;]+$/, '').trim() === '': only spaces, then optional trailing . , ; */
function onlyTailAfter(s: string, end: number): boolean {
  let k = s.length - 1;
  while (k >= end) { const c = s.charCodeAt(k); if (c === 46 || c === 44 || c === 59) k--; else break; }
  for (; k >= end; k--) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

/**
 * Whether the 40-character window before `begin` may end with one of `words` followed by `tail` (spaces, an
 * optional punctuation mark from `punct`, spaces; at least one space when `needSpace`): a necessary condition
 * for the cue regexes, checked without building strings in the common case.
 */
function mayEndWith(s: string, begin: number, words: WordHashes, punct: string, needSpace: boolean): boolean {
  const from = Math.max(0, begin - 40);
  let k = begin - 1;
  while (k >= from && isSpace(s.charCodeAt(k))) k--;
  if (needSpace && k === begin - 1) return false;
  if (!needSpace && k >= from && punct.includes(s.charAt(k))) {
    k--;
    while (k >= from && isSpace(s.charCodeAt(k))) k--;
  }
  if (k < from) return false;
  if (s.charCodeAt(k) === 64) return words.at;
  // The lower-cased word ending at k and its part after the last apostrophe, hashed from the end (no slice).
  let w = k;
  let h = FNV_BASIS;
  let suffix = -1;
  for (; w >= from; w--) {
    const c = s.charCodeAt(w);
    if (c === 39) {
      if (suffix === -1) suffix = w === k ? -2 : h & HASH_MASK;
    } else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    h = Math.imul(h ^ (c === 39 ? c : c | 32), FNV_PRIME);
  }
  if (w === k) return false;
  return words.hashes.has(h & HASH_MASK) || (suffix >= 0 && words.hashes.has(suffix));
}
function strongCueBefore(s: string, begin: number, before: string | null): RegExpExecArray | null {
  if (!mayEndWith(s, begin, STRONG_LAST, ':,-', false)) return null;
  return STRONG_BEFORE.exec(before ?? s.slice(Math.max(0, begin - 40), begin).toLowerCase());
}

/** The 40 characters before `begin`, lower-cased: the window the cue regexes read. */
function lowerBefore(s: string, begin: number): string {
  return s.slice(Math.max(0, begin - 40), begin).toLowerCase();
}

/** /^\s*&/ on the 20 characters after `end` (lower-casing changes neither spaces nor '&'). */
function ampersandAfter(s: string, end: number): boolean {
  const to = Math.min(s.length, end + 20);
  let k = end;
  while (k < to && isSpace(s.charCodeAt(k))) k++;
  return k < to && s.charCodeAt(k) === 38;
}

// First characters of the AFTER phrases: said, wrote, replied, emailed, called, asked, told, posted, is a, 's.
const AFTER_HEADS = new Set('swrecatpi\''.split('').map((c) => c.charCodeAt(0)));
// AFTER's phrases in its order (the first that matches is the capture).
const AFTER_PHRASES = ['said', 'says', 'wrote', 'writes', 'replied', 'emailed', 'called', 'asked', 'told', 'tweeted', 'posted', 'is a', 'was a', 'who', 'and his', 'and her', "'s", '’s'];
// The phrases by their first (ASCII) character, in AFTER's order.
const AFTER_BY_HEAD: string[][] = Array.from({ length: 128 }, () => []);
for (const phrase of AFTER_PHRASES) if (phrase.charCodeAt(0) < 128) AFTER_BY_HEAD[phrase.charCodeAt(0)]!.push(phrase);
const afterCaptures = new Map<string, RegExpExecArray>();

/**
 * AFTER.exec(s.slice(end, end + 20).toLowerCase()) by hand when the window is ASCII (lower-casing then keeps
 * its length and only maps A-Z): spaces, an optional comma, spaces, then the first phrase not followed by a
 * letter. Only the capture ([1]) is read: a match is an array of the phrase. Other windows go to the regex.
 */
function afterCueAt(s: string, end: number): RegExpExecArray | null {
  const to = Math.min(s.length, end + 20);
  for (let k = end; k < to; k++) if (s.charCodeAt(k) >= 128) return AFTER.exec(s.slice(end, to).toLowerCase());
  let k = end;
  while (k < to && isSpace(s.charCodeAt(k))) k++;
  if (k < to && s.charCodeAt(k) === 44) { k++; while (k < to && isSpace(s.charCodeAt(k))) k++; }
  if (k >= to) return null;
  const head = s.charCodeAt(k);
  for (const phrase of AFTER_BY_HEAD[head >= 65 && head <= 90 ? head + 32 : head]!) {
    const e = k + phrase.length;
    if (e > to) continue;
    let q = 0;
    while (q < phrase.length && (s.charCodeAt(k + q) | (s.charCodeAt(k + q) >= 65 && s.charCodeAt(k + q) <= 90 ? 32 : 0)) === phrase.charCodeAt(q)) q++;
    if (q < phrase.length) continue;
    // (?![\p{L}]) inside the window (its end is the end of the string the regex sees).
    if (e < to) { const c = s.charCodeAt(e) | 32; if (c >= 97 && c <= 122) continue; }
    let m = afterCaptures.get(phrase);
    if (m === undefined) {
      m = AFTER.exec(phrase)!;
      afterCaptures.set(phrase, m);
    }
    return m;
  }
  return null;
}

/** Whether AFTER may match after `end`: the first character after spaces and an optional comma can open one
 * of its phrases (non-ASCII characters: left to the regex). */
function mayStartAfterCue(s: string, end: number): boolean {
  let k = end;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  if (s.charCodeAt(k) === 44) { k++; while (k < s.length && isSpace(s.charCodeAt(k))) k++; }
  if (k >= s.length) return false;
  const c = s.charCodeAt(k);
  if (c >= 128) return true;
  return AFTER_HEADS.has(c >= 65 && c <= 90 ? c + 32 : c);
}

/** The 40-character window before `begin` ends with whitespace, "and" or "&", whitespace: needed by the
 * company-list regexes anchored at its end. */
function endsWithAnd(s: string, begin: number): boolean {
  const from = Math.max(0, begin - 40);
  let k = begin - 1;
  if (k < from || !isSpace(s.charCodeAt(k))) return false;
  while (k >= from && isSpace(s.charCodeAt(k))) k--;
  if (k >= from && s.charCodeAt(k) === 38) k--;
  else if (k - 2 >= from && s.startsWith('and', k - 2)) k -= 3;
  else return false;
  return k >= from && isSpace(s.charCodeAt(k));
}

/** The 40-character window before `begin` ends with a hyphen and optional spaces (HYPHEN_BEFORE's tail). */
function endsWithHyphen(s: string, begin: number): boolean {
  const from = Math.max(0, begin - 40);
  let k = begin - 1;
  while (k >= from && isSpace(s.charCodeAt(k))) k--;
  return k >= from && s.charCodeAt(k) === 45;
}

function cuedAt(s: string, begin: number): boolean {
  return strongCueBefore(s, begin, null) !== null;
}

interface Run { from: number; to: number } // token indexes, inclusive

/** The WF_* list flags of a token (glued parts and numbers are not cached: looked up). */
function flagsOf(t: WordToken): number {
  return t.flags >= 0 ? t.flags : listFlags(t.lower);
}

/** cities.has(the core words' lower-case forms joined by spaces). */
function isCityRun(cities: CityLexicon, core: readonly WordToken[]): boolean {
  // Core words are always cached tokens (flags >= 0); the search is the fallback. Most runs are names no city
  // starts with: answered without searching the city list (a cache miss per step in a large string).
  const head = core[0]!;
  const b = head.flags >= 0 ? head.flags : (cities.has(head.lower) ? WF_CITY : 0) | (cities.hasPrefix(head.lower + ' ') ? WF_CITY_HEAD : 0);
  if (core.length === 1) return (b & WF_CITY) !== 0;
  if ((b & WF_CITY_HEAD) === 0) return false;
  let joined = head.lower;
  for (let q = 1; q < core.length; q++) joined += ' ' + core[q]!.lower;
  return cities.has(joined);
}

// "gazetteer:F+L" notes, built once per class sequence (a numeric key: no string building per run).
const CLASS_CODES = 'FLBCWVUTSPIDX';
const noteCache = new Map<number, string>();
function gazetteerNote(core: readonly WordToken[]): string {
  let key = 0;
  for (const t of core) key = key * 16 + CLASS_CODES.indexOf(t.cls) + 1;
  let note = noteCache.get(key);
  if (note === undefined) {
    note = `gazetteer:${core.map((t) => t.cls).join('+')}`;
    noteCache.set(key, note);
  }
  return note;
}

/**
 * A whole cell of 2–4 capitalised words shaped like a person's name that the run rules passed over: a first
 * name followed by a capitalised word that is also an English word or particle ("Ernestine Will", "Joanie Von"),
 * a first name that is also a place word before a surname ("Glen Walter"), a capitalised particle before a
 * surname ("Van Sanford", "Al Sauer"), or a middle initial ("Tyrel N. Will"). Casing and position are the
 * evidence, so the score stays below the 0.8 band.
 */
function bareShapeName(toks: WordToken[], s: string, cities: CityLexicon): Candidate | null {
  const n = toks.length;
  if (n < 2 || n > 4) return null;
  if (!onlySpaceBefore(s, toks[0]!.begin) || !onlyTailAfter(s, toks[n - 1]!.end)) return null;
  let initials = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    if (t.casing !== 'title') return null;
    if (i > 0 && !joinable(toks[i - 1]!, t)) return null;
    if (t.cls === 'X' || t.cls === 'T' || t.cls === 'S' || (t.cls === 'D' && t.firstRank < 0 && t.lastRank < 0)) return null;
    if (t.cls === 'I') {
      if (i === 0 || i === n - 1) return null;
      initials++;
      continue;
    }
    if (t.end - t.begin < 2) return null;
    if (STREET_AFTER.has(t.lower) || COMPANY_MARKERS.has(t.lower) || (i === n - 1 && PLACE_ENDERS.has(t.lower))) return null;
  }
  const words = toks.filter((t) => t.cls !== 'I');
  if (words.length < 2 || words.length > 3) return null;
  if (cities.has(words.map((t) => t.lower).join(' '))) return null;
  const a = words[0]!;
  // "North Joshuah", "Port Layla": towns; "Glen Walter": a first name that is also a place word.
  if (PLACE_OPENERS.has(a.lower) && !(a.firstRank >= 0 && a.firstRank < 1000)) return null;
  const rest = words.slice(1);
  const firstName = a.cls === 'F' || a.cls === 'B';
  const surnameAfter = rest.some((t) => t.cls === 'L' || t.cls === 'B' || t.cls === 'F');
  let why: string | null = null;
  if (firstName && !rest.every((t) => t.cls === 'V' || t.cls === 'U')) why = 'first-name+capitalised';
  else if ((a.cls === 'C' || a.cls === 'D') && a.firstRank >= 0 && surnameAfter) why = 'first-name+surname';
  else if (a.cls === 'P' && rest.every((t) => t.cls === 'L' || t.cls === 'B' || t.cls === 'F')) why = 'particle+surname';
  else if (initials === 1 && (firstName || a.cls === 'U' || a.cls === 'C') && rest.every((t) => t.cls !== 'V')) why = 'middle-initial';
  if (why === null) return null;
  return {
    type: 'NAME', begin: toks[0]!.begin, end: toks[n - 1]!.end, score: 0.7,
    explanation: { recognizer: 'name', pattern: 'bare-cell-shape', base_score: 0.7, notes: [why, `gazetteer:${words.map((t) => t.cls).join('+')}`] },
  };
}

function points(core: WordToken[]): number {
  let pts = 0;
  for (let i = 0; i < core.length; i++) {
    const t = core[i]!;
    if (GAZ.has(t.cls)) pts += 2;
    else if (t.cls === 'U') pts += NON_ASCII.test(t.lower) ? 1.4 : 1.1;
    else if (t.cls === 'C') pts += t.sentenceStart ? 0.6 : 1;
    else if (t.cls === 'V') pts += t.sentenceStart ? 0.2 : 0.6;
  }
  const h = core[0]!;
  if (h.cls === 'F' || h.cls === 'B') pts += 1;
  return pts;
}

export interface NameOptions {
  /** Report lowercase single first names and other weak evidence (social-media text); default true. */
  loose?: boolean;
  /** Token probability from which the tagger marks a name in social-media text (default 0.18). */
  modelThreshold?: number;
  /** The social-text tagger (default: the shipped model; null: rules only). Training scripts pass their own. */
  tagger?: NameTagger | null;
}

// Social-media text (mentions, hashtags, space-separated punctuation as in tokenized tweets, chat words): where
// the tagger trained on WNUT-17 helps; elsewhere the rules alone are more precise and much faster.
const NOISY = /(?:^|\s)[@#]\p{L}|\s[,.!?:;](?:\s|$)|\s['’]\s|\s['’]s\s|^RT\s|https?:\/\/|(?:^|\s)(?:lol|omg|lmao|haha|u|ur|im|gonna|wanna|gotta)(?=\s|$)/iu;

// NOISY's chat words packed as numbers, 5 bits a lower-case letter: a word is looked up without slicing it.
const CHAT_KEYS = new Set(['lol', 'omg', 'lmao', 'haha', 'u', 'ur', 'im', 'gonna', 'wanna', 'gotta'].map((w) => {
  let key = 0;
  for (let i = 0; i < w.length; i++) key = key * 32 + w.charCodeAt(i) - 96;
  return key;
}));

// Bit l of CHAT_FIRST[n]: some chat word of n letters starts with letter l ('a' = 0).
const CHAT_FIRST = [0, 0, 0, 0, 0, 0];
for (const w of ['lol', 'omg', 'lmao', 'haha', 'u', 'ur', 'im', 'gonna', 'wanna', 'gotta']) CHAT_FIRST[w.length]! |= 1 << (w.charCodeAt(0) - 97);

/** Whether s[a, b) (1-5 characters) is a chat word in any ASCII casing; true for non-ASCII (left to NOISY). */
function mayBeChatWord(s: string, a: number, b: number): boolean {
  const c0 = s.charCodeAt(a) | 32;
  // Cheap reject on the first letter (a non-ASCII or non-letter first character goes to the loop).
  if (c0 >= 97 && c0 <= 122 && (CHAT_FIRST[b - a]! & (1 << (c0 - 97))) === 0) return false;
  let key = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return true;
    const l = c | 32;
    if (l < 97 || l > 122) return false;
    key = key * 32 + l - 96;
  }
  return CHAT_KEYS.has(key);
}

// ASCII character flags for the one-pass social-text scan.
const F_SPACE = 1; // \t-\r and ' '
const F_MARK = 2; // '@' '#': a mention or hashtag when it opens a word
const F_COLON = 4; // ':' of "://"
const F_AFTER_SPACE = 8; // , . ! ? : ; ' — NOISY looks for these after a space
const F_UPPER = 16;
const ASCII_FLAGS = new Uint8Array(128);
for (let c = 9; c <= 13; c++) ASCII_FLAGS[c] = F_SPACE;
ASCII_FLAGS[32] = F_SPACE;
ASCII_FLAGS[64] = F_MARK;
ASCII_FLAGS[35] = F_MARK;
ASCII_FLAGS[58] = F_COLON | F_AFTER_SPACE;
for (const ch of ',.!?;\'') ASCII_FLAGS[ch.charCodeAt(0)] = F_AFTER_SPACE;
for (let c = 65; c <= 90; c++) ASCII_FLAGS[c] = F_UPPER;

/**
 * `(mayBeNoisy(s) && NOISY.test(s)) || casualOrEmoji(s)` in one pass over the characters (both scans read every
 * character; ASCII characters are classified by one table lookup).
 *
 * mayBeNoisy, false when NOISY cannot match (the case-insensitive Unicode regex is slow on every position): no
 * '@' or '#' opening a word before a letter (an email's '@' does not), no "://", no space before
 * , . ! ? : ; ' ’, no "RT" at the start, and no space-separated chat word. Short words with non-ASCII characters
 * are left to the regex.
 *
 * casualOrEmoji: emoji (a Unicode-property regex only when there is a character from U+2000 up; it is slow on
 * every position), or a sentence of three or more words with no capital letter at all, chat-style
 * ("obama is so cool").
 */
function socialText(s: string): boolean {
  const n = s.length;
  let mayNoisy = n >= 2 && (s.charCodeAt(0) | 32) === 114 && (s.charCodeAt(1) | 32) === 116;
  let wordStart = 0;
  // casualOrEmoji's state: its scan stops at the first character from U+2000 up (`wide`).
  let spaces = 0;
  let upper = false;
  let wide = -1;
  let upperAtWide = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let space: boolean;
    if (c < 128) {
      const f = ASCII_FLAGS[c]!;
      if (f === 0) continue;
      if (f === F_UPPER) { upper = true; continue; }
      if (mayNoisy) { if (f === F_SPACE && c === 32 && wide < 0) spaces++; continue; }
      if (f === F_MARK) {
        if (i === wordStart) {
          const d = s.charCodeAt(i + 1);
          if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d >= 128) mayNoisy = true;
        }
        continue;
      }
      if ((f & F_COLON) !== 0 && s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47) { mayNoisy = true; continue; }
      space = f === F_SPACE;
      if (space && c === 32 && wide < 0) spaces++;
    } else {
      if (wide < 0) {
        if (c >= 0x2000) { wide = i; upperAtWide = upper; }
        else if (!upper && s.charAt(i) !== s.charAt(i).toLowerCase()) upper = true;
      }
      if (mayNoisy) continue;
      space = isSpace(c);
    }
    if (space) {
      const next = s.charCodeAt(i + 1);
      if (next < 128 ? (ASCII_FLAGS[next]! & F_AFTER_SPACE) !== 0 : next === 0x2019) mayNoisy = true;
      const len = i - wordStart;
      if (len >= 1 && len <= 5 && mayBeChatWord(s, wordStart, i)) mayNoisy = true;
      wordStart = i + 1;
    }
  }
  // The end of the text ends the last word.
  if (!mayNoisy) {
    const len = n - wordStart;
    if (len >= 1 && len <= 5 && mayBeChatWord(s, wordStart, n)) mayNoisy = true;
  }
  if (mayNoisy && NOISY.test(s)) return true;
  if (wide >= 0) return EMOJI.test(s) || (!upperAtWide && casualTail(s));
  return !upper && spaces >= 2 && TWO_LETTERS.test(s);
}

const EMOJI = /\p{Extended_Pictographic}/u;

// Filled by nameTokens on each call (one object: no allocation per text).
const scanned: TokenScan = { ascii: true };

/**
 * socialText(s) for an ASCII text, from its tokens and the gaps between them instead of every character: in
 * ASCII, capitals and '@' '#' are only inside tokens, and a space before , . ! ? : ; ' only in a gap or after
 * the last token; a chat word is a token with whitespace (or an end of the text) on both sides. A possessive
 * "'S" (cut from its token) falls back to the character scan.
 */
function socialTextAscii(s: string, toks: readonly WordToken[]): boolean {
  const n = s.length;
  if (s.includes("'S")) return socialText(s);
  let mayNoisy = (n >= 2 && (s.charCodeAt(0) | 32) === 114 && (s.charCodeAt(1) | 32) === 116) || s.includes('://');
  let upper = false;
  let spaces = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.casing !== 'lower') upper = true;
    const g = t.gapBefore;
    if (g === ' ') spaces++;
    else if (g.length > 0) {
      spaces += spacesAndPairs(g, 0, g.length);
      if (pairFound) mayNoisy = true;
    }
    if (mayNoisy) continue;
    const b = t.begin;
    if (b > 0 && !isSpace(s.charCodeAt(b - 1))) continue;
    // A word starts here: a mention or hashtag, or a chat word ending at whitespace or the end.
    const c0 = s.charCodeAt(b);
    if (c0 === 64 || c0 === 35) {
      const d = s.charCodeAt(b + 1);
      if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d >= 128) mayNoisy = true;
    }
    const len = t.end - b;
    if (len <= 5 && (t.end === n || isSpace(s.charCodeAt(t.end))) && mayBeChatWord(s, b, t.end)) mayNoisy = true;
  }
  spaces += spacesAndPairs(s, toks.length > 0 ? toks[toks.length - 1]!.end : 0, n);
  if (pairFound) mayNoisy = true;
  if (mayNoisy && NOISY.test(s)) return true;
  return !upper && spaces >= 2 && TWO_LETTERS.test(s);
}

// Set by spacesAndPairs: a whitespace character followed by , . ! ? : ; ' ’ in the range.
let pairFound = false;
/** Spaces (' ') in s[from, to), setting pairFound. */
function spacesAndPairs(s: string, from: number, to: number): number {
  let spaces = 0;
  pairFound = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 32) spaces++;
    if (c < 128 && (ASCII_FLAGS[c]! & F_SPACE) !== 0 && k + 1 < to) {
      const next = s.charCodeAt(k + 1);
      if (next < 128 ? (ASCII_FLAGS[next]! & F_AFTER_SPACE) !== 0 : next === 0x2019) pairFound = true;
    }
  }
  return spaces;
}

function casualTail(s: string): boolean {
  return s === s.toLowerCase() && (s.match(SPACE_RUN)?.length ?? 0) >= 2 && TWO_LETTERS.test(s);
}

/**
 * Chat without any punctuation ("Themba is obsessed", "Kapil very nice"): letters and spaces only, three or more
 * words, one of them a lowercase function word. Table cells of that shape (job titles, cities) also pass, so
 * the tagger's names there stay below the redact threshold (see SOFT_CAP) and the rules' names are untouched.
 */
function plainChat(s: string, toks: readonly WordToken[]): boolean {
  if (toks.length < 3 || toks.length > 40) return false;
  // Letters and spaces only (most cells stop at their first digit or punctuation mark); not-a-word tokens left
  // are "I", "a" and short capitals, all fine in chat.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32 || c === 39) continue;
    if (c < 128) return false;
  }
  for (const t of toks) if (t.cls === 'W' && t.casing === 'lower') return true;
  return false;
}

// Tagger probability from which a lowercase unknown word in social text is reported (with a low score).
const LOWERCASE_UNKNOWN_MIN_P = 0.005;

// Highest score of a tagger name in plain chat: under the redact step's default min_score (0.5), so tables
// and forms keep their cells unless a rule is sure.
const SOFT_CAP = 0.45;

/** A single capital letter other than the words "I" and "A". */
function isInitial(s: string, t: WordToken): boolean {
  if (t.end - t.begin !== 1) return false;
  const c = s.charCodeAt(t.begin);
  return c >= 66 && c <= 90 && c !== 73;
}

/** A mention, a hashtag, or two or three capital letters. */
function taggable(s: string, t: WordToken): boolean {
  const c = s.charCodeAt(t.begin);
  if (c === 64 || c === 35) return true;
  if (t.casing !== 'upper' || t.end - t.begin > 3 || t.end - t.begin < 2) return false;
  for (let k = t.begin; k < t.end; k++) { const d = s.charCodeAt(k); if (d < 65 || d > 90) return false; }
  return true;
}

/**
 * Adds the tagger's names (consecutive tokens with p >= threshold) and drops weak rule names it rejects. With
 * `soft`, the rule names are kept as they are and the tagger's own names score at most SOFT_CAP.
 */
function withTagger(tagger: NameTagger, s: string, toks: WordToken[], rules: Candidate[], threshold: number, soft = false): Candidate[] {
  const mode = textMode(toks);
  // Not-a-word tokens get no probability, except mentions, hashtags and short capitals ("JFK", "MJ", "KK":
  // initials of people as often as acronyms in chat; the model tells them apart by context).
  const p = toks.map((t, i) => ((t.cls === 'X' && !taggable(s, t)) || (t.cls === 'W' && t.casing === 'lower') ? 0 : tagger.probability(s, toks, i, mode)));
  const out: Candidate[] = [];
  const maxP = (b: number, e: number): number => {
    let m = 0;
    toks.forEach((t, i) => { if (t.begin < e && b < t.end) m = Math.max(m, p[i]!); });
    return m;
  };
  for (const c of rules) {
    if (soft) { out.push(c); continue; }
    const m = maxP(c.begin, c.end);
    // A weak rule guess the model finds very unlikely is dropped; the model tempers confident rule guesses.
    if (c.score < 0.5 && m < 0.06) continue;
    if (m < 0.2) c.score = Math.min(c.score, 0.5);
    else if (m < 0.4) c.score = Math.min(c.score, 0.75);
    c.explanation.notes = [...(c.explanation.notes ?? []), `model:${m.toFixed(2)}`];
    out.push(c);
  }
  // Social text: any capitalised word that is not a frequent English word may be a nickname or a rare name;
  // reported with a low score (redaction recall there matters more than precision).
  // Lowercase words outside every word list ("kishan", "hangwani"): in chat, names from everywhere come
  // lowercase; the model's probability only weeds out what it is sure of (slang it saw in training).
  const cap = toks.map((t, i) => ((t.casing === 'title' || t.casing === 'upper') && t.end - t.begin >= 3 &&
    (t.cls === 'F' || t.cls === 'L' || t.cls === 'B' || t.cls === 'U' || ((t.cls === 'V' || t.cls === 'C') && !t.sentenceStart))) ||
    (t.casing === 'lower' && t.end - t.begin >= 3 && (t.cls === 'F' || t.cls === 'B' || (t.cls === 'L' && t.lastRank < 20000) ||
      (t.cls === 'U' && t.end - t.begin >= 4 && (p[i]! >= LOWERCASE_UNKNOWN_MIN_P || t.world)))));
  let i = 0;
  while (i < toks.length) {
    if (p[i]! < threshold && !cap[i]) { i++; continue; }
    let j = i;
    while (j + 1 < toks.length && (p[j + 1]! >= threshold || cap[j + 1]) && /^ {1,2}$/.test(toks[j + 1]!.gapBefore)) j++;
    const begin = toks[i]!.begin;
    const end = toks[j]!.end;
    let sum = 0;
    for (let k = i; k <= j; k++) sum += p[k]!;
    const mean = sum / (j - i + 1);
    // Street names after a house number are addresses.
    if (afterHouseNumber(s, begin)) {
      // "58120 Stella Wells" is an address; "Sept 26 Mannie Fresh", "21 Times Emma Watson": a name follows.
      let model = false;
      for (let k = i + 1; k <= j; k++) if (p[k]! >= threshold) model = true;
      i = model ? i + 1 : j + 1;
      continue;
    }
    const hit = out.find((c) => c.begin < end && begin < c.end);
    if (hit) {
      // The model sees the whole name where the rules saw part of it ("Chelsea" → "Chelsea Handler").
      if (!soft) {
        hit.begin = Math.min(hit.begin, begin);
        hit.end = Math.max(hit.end, end);
      }
    } else {
      // Capped below 0.8: on held-out WNUT tokens, p >= 0.8 is about 85% precise, short of our 90% bar.
      const score = Math.round(Math.max(0.15, Math.min(soft ? SOFT_CAP : 0.75, mean)) * 100) / 100;
      const pattern = mean >= threshold ? 'model' : 'capitalised-word';
      out.push({ type: 'NAME', begin, end, score, explanation: { recognizer: 'name', pattern, base_score: score, notes: [`model:${mean.toFixed(2)}`] } });
    }
    i = j + 1;
  }
  // Casual casing splits names: "Donald trump", "Kylie minogue", "DJ Khaled", "Lil Wayne", "K Choi".
  // Plain chat: the rules' names keep their extent and score.
  const ruleNames = new Set(soft ? rules : []);
  for (const c of out) {
    if (ruleNames.has(c)) continue;
    let a = toks.findIndex((t) => t.begin === c.begin);
    let b = toks.findIndex((t) => t.end === c.end);
    if (a < 0 || b < 0) continue;
    const last = toks[b]!;
    const next = toks[b + 1];
    if (next && next.gapBefore === ' ' && next.casing === 'lower' && last.casing !== 'lower' &&
        (last.cls === 'F' || last.cls === 'B') && (next.cls === 'L' || next.cls === 'B' || next.cls === 'U')) b++;
    const prev = toks[a - 1];
    if (prev && toks[a]!.gapBefore === ' ' && (prev.casing === 'upper' || prev.casing === 'title') &&
        (prev.end - prev.begin <= 3 || prev.cls === 'T') && prev.cls !== 'W' && prev.cls !== 'D') a--;
    // Initials in tokenized text: "J . cole", "George N . Parks", "Sara B .".
    else if (prev && isInitial(s, prev) && DOTTED_GAP.test(toks[a]!.gapBefore)) a--;
    let end = toks[b]!.end;
    const after = toks[b + 1];
    if (after && after.gapBefore === ' ' && isInitial(s, after) && toks[b]!.casing !== 'lower') {
      end = after.end;
      if (s.startsWith(' .', end)) end += 2;
      else if (s.charCodeAt(end) === 46) end += 1;
    }
    c.begin = toks[a]!.begin;
    c.end = Math.max(end, c.end);
  }
  // Adjacent pieces of one name ("Don" + "Cheadle" around a nickname, "Dr" + "." + "Cox" in tokenized text).
  out.sort((a, b) => a.begin - b.begin);
  const merged: Candidate[] = [];
  for (const c of out) {
    const prev = merged[merged.length - 1];
    if (prev && prev.type === 'NAME' && c.type === 'NAME' && !ruleNames.has(prev) && !ruleNames.has(c)) {
      // Overlapping after the extensions above ("George N ." and "N . Parks").
      if (c.begin < prev.end) {
        prev.end = Math.max(prev.end, c.end);
        prev.score = Math.max(prev.score, c.score);
        continue;
      }
      const gap = s.slice(prev.end, c.begin);
      const short = prev.end - prev.begin <= 3;
      if (gap === ' ' || (short && SHORT_DOTTED_GAP.test(gap))) {
        prev.end = c.end;
        prev.score = Math.max(prev.score, c.score);
        continue;
      }
    }
    merged.push(c);
  }
  return merged;
}

export function createNameRecognizer(options: NameOptions = {}): Recognizer {
  const loose = options.loose ?? true;
  const modelThreshold = options.modelThreshold ?? 0.18;
  return {
    name: 'name',
    types: ['NAME'],
    mayMatch(text: NormalizedText): boolean {
      return hasTwoLetters(text.text);
    },
    recognize(text: NormalizedText): Candidate[] {
      const g = loadGazetteers();
      const s = text.text;
      const toks = nameTokens(s, scanned);
      const out: Candidate[] = [];
      const trimmed = s.trim();
      const noisy = loose && (scanned.ascii ? socialTextAscii(s, toks) : socialText(s));
      const allUpper = isAllUpper(s);
      // A short cell of name-capable words only ("hanga lászló", "Georgia Pfeffer"): the cell is the cue.
      const bareCell = toks.length >= 2 && toks.length <= 6 && toks.every((t) => t.cls !== 'X' && t.cls !== 'W') &&
        BARE_CELL_CHARS.test(trimmed);
      let i = 0;
      while (i < toks.length) {
        const t = toks[i]!;
        // Frequent words and non-words never start a run (the fast path of the test below).
        if (t.cls === 'W' || t.cls === 'X') { i++; continue; }
        const lowerMode = !allUpper && t.casing === 'lower';
        const cued = (bareCell && i === 0) || ((t.cls === 'D' || (lowerMode && t.cls === 'U')) && cuedAt(s, t.begin));
        const startsRun = t.cls === 'T' ? t.casing !== 'lower' || t.dot : (t.cls === 'I' ? isCap(t) : nameish(t, lowerMode, cued));
        if (!startsRun) { i++; continue; }
        let j = i;
        while (j + 1 < toks.length) {
          const n = toks[j + 1]!;
          if (!joinable(toks[j]!, n)) break;
          const ok = nameish(n, lowerMode, cued || (lowerMode && n.cls === 'U' && toks[j]!.cls === 'U')) || (n.cls === 'I' && isCap(n)) || n.cls === 'P' || (n.cls === 'S' && j > i) ||
            // A short capitalised word after a middle particle: "Nguyen Van An" ("An" is also an English word).
            (toks[j]!.cls === 'P' && j > i && n.cls === 'W' && n.casing === 'title' && n.end - n.begin <= 3);
          if (!ok) break;
          j++;
          if (n.cls === 'S') break;
        }
        const run: Run = { from: i, to: j };
        // Particles only count between name words.
        while (run.to > run.from && toks[run.to]!.cls === 'P') run.to--;
        const c = scoreRun(toks, run, s, trimmed, allUpper, loose, g.cities, bareCell, noisy);
        if (c) out.push(c);
        i = Math.max(j + 1, i + 1);
      }
      if (out.length === 0) {
        const c = bareShapeName(toks, s, g.cities);
        if (c) out.push(c);
      }
      const chat = loose && !noisy && plainChat(s, toks);
      if (noisy || chat) {
        const tagger = options.tagger === undefined ? loadNameTagger() : options.tagger;
        if (tagger) return withTagger(tagger, s, toks, out, modelThreshold, chat);
      }
      return out;
    },
  };
}

function scoreRun(
  toks: WordToken[], run: Run, s: string, trimmed: string, allUpper: boolean, loose: boolean,
  cities: CityLexicon, bareCell = false, noisy = false, role: WordToken | null = null,
): Candidate | null {
  let from = run.from;
  // A job title opening the run is context: the name starts after it.
  const head = toks[from]!;
  if (role === null && from < run.to && head.casing !== 'lower' && (flagsOf(head) & WF_ROLE) !== 0) {
    // "2710 Judge Brook" is a street.
    if (afterHouseNumber(s, head.begin)) return null;
    return scoreRun(toks, { from: from + 1, to: run.to }, s, trimmed, allUpper, loose, cities, bareCell, noisy, head);
  }
  const title = toks[from]!.cls === 'T' ? toks[from]! : null;
  let coreCount = 0;
  for (let q = run.from; q <= run.to; q++) { const t = toks[q]!; if (coreOrD(t.cls)) coreCount++; }
  if (coreCount === 0 || coreCount > 5) return null;
  // Begin at the first core word when the run opens with particles ("de", "la") or a capitalised word that
  // merely starts the sentence ("Spoke with", "Escalated Anna").
  if (!title) while (from < run.to && (toks[from]!.cls === 'P' || (!bareCell && toks[from]!.sentenceStart && toks[from]!.cls === 'V' && toks[from + 1]!.cls !== 'P'))) from++;
  if (from !== run.from) return scoreRun(toks, { from, to: run.to }, s, trimmed, allUpper, loose, cities, bareCell, noisy, role);
  // Only rarer English words ("Principal Configuration Specialist"): not a name (checked before building core).
  let onlyV = true;
  for (let q = run.from; q <= run.to && onlyV; q++) { const c = toks[q]!.cls; if (coreOrD(c) && c !== 'V') onlyV = false; }
  if (onlyV) return null;
  const core: WordToken[] = [];
  for (let q = run.from; q <= run.to; q++) { const t = toks[q]!; if (coreOrD(t.cls)) core.push(t); }
  const first = toks[from]!;
  const lastTok = toks[run.to]!;
  const begin = title && !title.dot && title.cls === 'T' ? title.begin : first.begin;
  const end = lastTok.end + (lastTok.cls === 'S' && lastTok.dot ? 1 : 0);
  const nextTok = toks[run.to + 1];

  // Cheap rejections first (no string building).
  // Streets and places: "58120 Stella Wells", "Carlson Lane", "Port Layla".
  if (afterHouseNumber(s, begin)) return null;
  if (!title && (flagsOf(first) & WF_PLACE_OPENER) !== 0) return null;
  if (nextTok && (flagsOf(nextTok) & WF_STREET) !== 0 && nextTok.casing !== 'lower' && ONLY_SPACE.test(nextTok.gapBefore)) return null;
  // Organisations: "Kuhn LLC", "Bauch and Ondricka", "Smith & Sons".
  if (nextTok && (flagsOf(nextTok) & WF_COMPANY) !== 0 && SPACE_OR_COMMA.test(nextTok.gapBefore)) return null;
  if (ampersandAfter(s, end)) return null;
  // Dates and places: "Jan 14", "Austin, TX" (a strong title still makes a name: "Mr. Austin, TX office").
  if (!(title !== null && STRONG_TITLES.has(title.lower))) {
    if (nextTok && (nextTok.gapBefore === ' ' || nextTok.gapBefore === '. ') && dayOrYear(s, nextTok) && (flagsOf(lastTok) & WF_MONTH) !== 0) return null;
    if (stateAfter(s, nextTok)) return null;
  }
  // The lower-cased 40 characters before the name, built on first need.
  let before: string | null = null;
  const prevTok = toks[run.from - 1];
  // Products and titles of things: "the Gift Card", "your Smart Thermostat", "Galaxy Tab".
  if (!title && !((first.cls === 'F' || first.cls === 'B') && core.length >= 2) && mayEndWith(s, begin, PRODUCT_LAST, '', true) && PRODUCT_BEFORE.test(before ??= lowerBefore(s, begin))) return null;
  let afterCapWord = false;
  if (!title && !role && prevTok && !prevTok.sentenceStart && prevTok.casing !== 'lower' && first.gapBefore === ' ' &&
      (prevTok.cls === 'W' || prevTok.cls === 'D' || prevTok.cls === 'X')) {
    if (!(core.length === 1 && (first.cls === 'F' || first.cls === 'B'))) return null;
    afterCapWord = true;
  }

  const lowerMode = core.every((t) => t.casing === 'lower');
  const bare = trimmed.length > 0 && onlySpaceBefore(s, begin) && onlyTailAfter(s, end);
  const strongTitle = ((title !== null && STRONG_TITLES.has(title.lower)) || (role !== null && STRONG_TITLES.has(role.lower))) && !lowerMode;
  const strongCue = strongCueBefore(s, begin, before);
  const weakCue = strongCue || !mayEndWith(s, begin, WEAK_LAST, ':,', false) ? null : WEAK_BEFORE.exec(before ??= lowerBefore(s, begin));
  const afterCue = mayStartAfterCue(s, end) ? afterCueAt(s, end) : null;
  // Single names inside company names: "Hauck - Feil", "VonRueden, Conn and Windler".
  if (core.length === 1 && !title && !role && !strongCue) {
    const afterText = s.slice(end, end + 8);
    const firstName = first.cls === 'F' || first.cls === 'B';
    // The regexes anchored at the end of the window run only when it ends with " and " or " & ".
    const beforeCased = endsWithAnd(s, begin) ? s.slice(Math.max(0, begin - 40), begin) : null;
    const commaList = (beforeCased !== null && COMMA_LIST_BEFORE.test(beforeCased)) || COMMA_LIST_AFTER.test(afterText);
    const andPair = (beforeCased !== null && AND_PAIR_BEFORE.test(beforeCased)) || AND_PAIR_AFTER.test(afterText);
    if (commaList || (andPair && !firstName) || HYPHEN_AFTER.test(afterText) || (endsWithHyphen(s, begin) && HYPHEN_BEFORE.test(before ?? lowerBefore(s, begin)))) return null;
    if (prevTok && prevTok.casing !== 'lower' && COMMA_GAP.test(first.gapBefore)) return null;
    if (!toks.some((t) => t.casing === 'lower' && t.cls !== 'X')) return null;
  }

  const k = core.length;
  const pts = points(core);
  let gaz = 0;
  for (const t of core) if (GAZ.has(t.cls) || (t.cls === 'D' && (t.firstRank >= 0 || t.lastRank >= 0))) gaz++;
  const isCity = isCityRun(cities, core);
  let score = 0;
  let pattern: string;
  if (lowerMode && !bare) {
    pattern = 'lowercase';
    if (strongCue && core.every((t) => t.cls !== 'C' && !t.word)) score = 0.6;
    // Lowercase runs of unknown non-English words with diacritics ("martín calderón velázquez").
    else if (k >= 2 && core.every((t) => t.cls === 'U' || GAZ.has(t.cls)) && core.some((t) => NON_ASCII.test(t.lower))) score = 0.45;
    if (k >= 2 && (core[0]!.cls === 'F' || core[0]!.cls === 'B') && gaz >= 2) score = 0.55;
    // "ray rice" yes, "went well" no: a lowercase pair must open with a known first name.
    else if (k >= 2 && gaz >= 1 && core.every((t) => t.cls !== 'U') && (noisy || (core[0]!.firstRank >= 0 && (core[0]!.cls !== 'C' || core[0]!.firstRank < 1000)))) score = loose ? 0.3 : 0;
    else if (k === 1 && (core[0]!.cls === 'F' || core[0]!.cls === 'B') && core[0]!.firstRank < 1500) score = loose ? 0.3 : 0;
    else if (k === 1 && GAZ.has(core[0]!.cls) && !core[0]!.word) score = loose ? 0.22 : 0;
    if (gaz === 0 && score === 0) return null;
  } else if (k >= 2) {
    pattern = 'multi-word';
    score = pts >= 4 ? 0.9 : pts >= 3 ? 0.78 : pts >= 2.4 ? 0.55 : pts >= 2 ? 0.4 : 0;
  } else {
    pattern = 'single-word';
    const c = core[0]!;
    const start = c.sentenceStart && !allUpper;
    // Sentence-initial single words are mostly capitalised common words: only context makes them names.
    const nextLower = toks[run.to + 1]?.casing === 'lower';
    if (start) {
      if ((c.cls === 'F' || c.cls === 'B') && nextLower && c.firstRank < 3000) score = 0.45;
      // A surname that is also an English word, opening a sentence before a lowercase word, is that word
      // ("Wire to ...", "Server rebooted ...").
      else if (c.cls === 'L' && c.word && nextLower) score = 0;
      else if (loose && toks.length >= 4 && (c.cls === 'F' || c.cls === 'B' || c.cls === 'L')) score = c.cls === 'L' ? 0.22 : 0.32;
      else score = 0;
    }
    else if (c.cls === 'F' || c.cls === 'B') score = 0.55;
    else if (c.cls === 'L') score = 0.42;
    else if (loose) score = 0.2;
    if (isCity) score = c.cls === 'U' || c.cls === 'C' ? 0 : score * 0.7;
    if (c.casing === 'upper' && !allUpper) score = nextTok && hasDigit(s, nextTok) ? 0 : Math.min(score, 0.3);
    if (afterCapWord) score = Math.min(score, 0.3);
  }
  const base = score;
  if (strongTitle) { score = Math.max(score, 0.92); pattern = 'title+name'; }
  else if (title) score = Math.max(score, Math.min(0.8, score + 0.3));
  // A job title vouches only for words in the name lists ("Officer Brooks", not "Director Access").
  else if (role && core.some((t) => t.firstRank >= 0 || t.lastRank >= 0)) score = Math.max(score, Math.min(0.8, score + 0.3));
  if (bare) {
    pattern = 'bare-cell';
    if (k >= 2 && gaz >= 1 && core.every((t) => t.cls !== 'C' && t.cls !== 'V')) score = Math.max(score, lowerMode ? 0.85 : 0.92);
    // Rarer English words in the cell ("Peanut Butter Jelly" vs "Aliya Anderson"): likely, not certain.
    else if (k >= 2 && gaz >= 1 && core.every((t) => t.cls !== 'C')) score = Math.max(score, 0.7);
    else if (k >= 2 && gaz >= 1) score = Math.max(score, 0.75);
    else if (k >= 2) score = Math.max(score, 0.55);
  }
  // Known cities and place-shaped runs ("Casa Grande", "Palm Springs") are not people without a title/cue.
  const firstIsName = core[0]!.cls === 'F' || core[0]!.cls === 'B';
  if (!strongTitle && !strongCue && (isCity || ((flagsOf(core[k - 1]!) & WF_PLACE_ENDER) !== 0 && !firstIsName)) && k >= 2) return null;
  if (!strongTitle && !strongCue && k === 1 && nextTok !== undefined && (flagsOf(nextTok) & WF_PLACE_ENDER) !== 0 && nextTok.casing !== 'lower') return null;
  // Lowercase words after "I'm"/"best"/"hi" are mostly verbs and adjectives: the cue counts only for
  // lowercase words that are not English words at all.
  const cueApplies = strongCue !== null && (!lowerMode || core.every((t) => !t.word && t.cls !== 'C'));
  if (cueApplies) score = Math.max(score, lowerMode ? 0.6 : gaz > 0 ? (k >= 2 ? 0.95 : 0.88) : 0.7);
  else if (weakCue && score > 0) score = Math.min(0.95, score + 0.1);
  // Headline Case and shouted words: capitalisation stops telling names apart.
  if (!bare && !strongTitle && !cueApplies) {
    if (core.some((t) => t.casing === 'upper') && !allUpper) score = Math.min(score, 0.6);
    if (toks.length >= 5 && titleCaseShareCached(toks) > 0.6) score = Math.min(score, 0.6);
  }
  if (afterCue && score > 0) score = Math.min(0.95, score + 0.1);
  if (score < 0.15) return null;
  score = Math.round(score * 100) / 100;
  // The explanation is built only for a kept name.
  const context: string[] = [];
  if (strongCue) context.push(strongCue[1]!);
  if (weakCue) context.push(weakCue[1]!);
  if (afterCue) context.push(afterCue[1]!.trim());
  const notes = [gazetteerNote(core)];
  // Two literals rather than a spread: the same key order, no intermediate object.
  const explanation = context.length > 0
    ? { recognizer: 'name', pattern, base_score: base, context, notes }
    : { recognizer: 'name', pattern, base_score: base, notes };
  return { type: 'NAME', begin, end, score, explanation };
}

export const nameRecognizer: Recognizer = createNameRecognizer();
