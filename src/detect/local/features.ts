// Cheap per-text features shared by the recognizers' `mayMatch` prefilters. Computed once per text, in the same
// pass as normalize()'s ASCII test, and kept on the text (texts made elsewhere: a one-entry cache).
import type { NormalizedText } from './recognizer.ts';

export interface TextFeatures {
  /** Number of ASCII digits. */
  digits: number;
  /** Longest run of digits allowing single separators (space, '-', '.', '/'): "123-45-6789" → 9. */
  maxDigitGroup: number;
  /** Number of ASCII letters A-Z. */
  upper: number;
  /** Counts of ':' '-' '.' '/' '@'. */
  colons: number;
  dashes: number;
  dots: number;
  slashes: number;
  ats: number;
  /** Counts of ']' and ')' ("jane [at] example" spellings need one). */
  closeBrackets: number;
  closeParens: number;
  /** Longest run of [A-Z0-9] (VIN, PAN, IBAN, SWIFT shapes need a long one). */
  maxUpperAlnumRun: number;
  /** Longest run of [A-Z]. */
  maxUpperRun: number;
  /** Number of [A-Z] immediately followed by [0-9] ("/[A-Z]\d/.test(text)" is upperDigit > 0). */
  upperDigit: number;
  /** Index of the first and last ASCII digit (-1: none). */
  firstDigit: number;
  lastDigit: number;
  /** No character outside ASCII. */
  ascii: boolean;
  /** Bit c - 32 set when the ASCII character c in ' '..'?' (but no digit) occurs. */
  punct: number;
  /** Bit c set when the control character c (< 32: '\t', '\n', ...) occurs. */
  ctrl: number;
  /** Bits of the word dictionaries (wordDictionary) that may have a word here; see WordDictionary. */
  words: number;
  /** Dictionaries registered when the text was scanned (a later one knows nothing of it). */
  wordsVersion: number;
}

/** Features of one text plus its letter pairs (see letterPairs); kept on the text by normalize.ts. */
export class Features implements TextFeatures {
  digits = 0;
  maxDigitGroup = 0;
  upper = 0;
  colons = 0;
  dashes = 0;
  dots = 0;
  slashes = 0;
  ats = 0;
  closeBrackets = 0;
  closeParens = 0;
  maxUpperAlnumRun = 0;
  maxUpperRun = 0;
  upperDigit = 0;
  firstDigit = -1;
  lastDigit = -1;
  ascii = true;
  punct = 0;
  ctrl = 0;
  words = 0;
  wordsVersion = 0;
  /**
   * Letter pairs of the lower-cased text: bit b of pairs[a] is set when letter a ('a' = 0) is followed by
   * letter b. A plain array of small integers (26 bits each) allocates much faster than a typed array.
   */
  readonly pairs: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}

/** What normalize.ts's texts carry: their features, computed once (null: not yet). */
interface FeatureCarrier {
  feat?: Features | null;
}

// Character classes of ASCII for the one-pass scan.
const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
const SEP = 4; // ' ' '-' '.' '/': digit-group separators (also counted below)
const CLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLS[c] = LOWER;
for (const c of [32, 45, 46, 47]) CLS[c] = SEP;

/**
 * One pass over `s` filling `f` (letter pairs too when `asciiPairs`: for ASCII text the lower-cased letter is
 * `c | 32`). Returns false, leaving `f` partly filled, when `stopAtNonAscii` and a non-ASCII unit occurs.
 */
function scan(s: string, f: Features, asciiPairs: boolean, stopAtNonAscii: boolean): boolean {
  const pairs = f.pairs;
  let digits = 0;
  let upper = 0;
  let group = 0;
  let maxGroup = 0;
  let sepRun = 0;
  let colons = 0;
  let dashes = 0;
  let dots = 0;
  let slashes = 0;
  let ats = 0;
  let closeBrackets = 0;
  let closeParens = 0;
  let ua = 0;
  let maxUa = 0;
  let u = 0;
  let maxU = 0;
  let upperDigit = 0;
  let firstDigit = -1;
  let lastDigit = -1;
  let ascii = true;
  let punct = 0;
  let ctrl = 0;
  let words = 0;
  let h = 0; // hash of the current run of ASCII letters (lower-cased), 0 outside a run
  let inWord = false;
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k = OTHER;
    if (c < 128) k = CLS[c];
    else if (stopAtNonAscii) return false;
    else ascii = false;
    if (k === LOWER) {
      // The common case first: lower-case letters end every run but the letter pairs', and come in runs
      // (taken whole here).
      u = 0;
      ua = 0;
      group = 0;
      sepRun = 0;
      inWord = true;
      h = (Math.imul(h, 31) + c) | 0;
      if (asciiPairs) {
        let l = c - 97;
        if (prev >= 0) pairs[prev] |= 1 << l;
        let j = i + 1;
        for (; j < s.length; j++) {
          const d = s.charCodeAt(j);
          const m = d - 97;
          if (m < 0 || m > 25) break;
          pairs[l] |= 1 << m;
          l = m;
          h = (Math.imul(h, 31) + d) | 0;
        }
        prev = l;
        i = j - 1;
      }
    } else if (k === UPPER) {
      inWord = true;
      h = (Math.imul(h, 31) + (c | 32)) | 0;
      upper++;
      u++;
      ua++;
      if (u > maxU) maxU = u;
      if (ua > maxUa) maxUa = ua;
      group = 0;
      sepRun = 0;
      if (asciiPairs) {
        const l = c - 65;
        if (prev >= 0) pairs[prev] |= 1 << l;
        prev = l;
      }
    } else if (k === DIGIT) {
      if (inWord) {
        words |= wordTable[wordSlot(h)];
        inWord = false;
        h = 0;
      }
      if (u > 0) upperDigit++;
      if (firstDigit < 0) firstDigit = i;
      lastDigit = i;
      u = 0;
      ua++;
      if (ua > maxUa) maxUa = ua;
      digits++;
      group++;
      sepRun = 0;
      if (group > maxGroup) maxGroup = group;
      prev = -1;
    } else {
      if (inWord) {
        words |= wordTable[wordSlot(h)];
        inWord = false;
        h = 0;
      }
      u = 0;
      ua = 0;
      prev = -1;
      if (c >= 32) {
        if (c < 64) punct |= 1 << (c - 32);
      } else ctrl |= 1 << c;
      if (k === SEP) {
        if (c === 45) dashes++;
        else if (c === 46) dots++;
        else if (c === 47) slashes++;
        if (group > 0 && sepRun < 3) sepRun++;
        else {
          group = 0;
          sepRun = 0;
        }
      } else {
        if (c === 58) colons++;
        else if (c === 64) ats++;
        else if (c === 93) closeBrackets++;
        else if (c === 41) closeParens++;
        group = 0;
        sepRun = 0;
      }
    }
  }
  if (inWord) words |= wordTable[wordSlot(h)];
  f.words = words;
  f.wordsVersion = dictionaries;
  f.digits = digits;
  f.upper = upper;
  f.maxDigitGroup = maxGroup;
  f.colons = colons;
  f.dashes = dashes;
  f.dots = dots;
  f.slashes = slashes;
  f.ats = ats;
  f.closeBrackets = closeBrackets;
  f.closeParens = closeParens;
  f.maxUpperAlnumRun = maxUa;
  f.maxUpperRun = maxU;
  f.upperDigit = upperDigit;
  f.firstDigit = firstDigit;
  f.lastDigit = lastDigit;
  f.ascii = ascii;
  f.punct = punct;
  f.ctrl = ctrl;
  return true;
}

// Word dictionaries: each registered word ('a'-'z' only) marks its hash slot with its dictionary's bit (bits
// are shared round-robin past 30 dictionaries); the scan ORs the slots of the text's maximal runs of ASCII
// letters, lower-cased. A clear bit means no word of that dictionary is such a run in the text; a set bit
// means maybe (hash and bit sharing).
const WORD_SLOTS = 4096;
const wordTable = new Int32Array(WORD_SLOTS);
let dictionaries = 0;

function wordSlot(h: number): number {
  return (h ^ (h >>> 12) ^ (h >>> 24)) & (WORD_SLOTS - 1);
}

/**
 * A necessary test for "one of `words` ('a'-'z' only) is a whole run of ASCII letters in the text" (as a
 * word between \b boundaries, or after a non-letter, always is): false means none is.
 */
export function wordDictionary(words: readonly string[]): (text: NormalizedText) => boolean {
  const id = dictionaries++;
  const bit = 1 << (id % 30);
  for (const w of words) {
    if (!/^[a-z]+$/.test(w)) throw new Error(`wordDictionary: not a lower-case word: ${w}`);
    let h = 0;
    for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
    wordTable[wordSlot(h)] |= bit;
  }
  return function mayHaveWord(text: NormalizedText): boolean {
    const f = featuresOf(text);
    return id >= f.wordsVersion || (f.words & bit) !== 0;
  };
}

/** Letter pairs of a lower-cased text ('a'-'z' only) into `pairs`. */
function pairsInto(s: string, pairs: number[]): void {
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) {
      if (prev >= 0) pairs[prev] |= 1 << c;
      prev = c;
    } else prev = -1;
  }
}

/**
 * Features and letter pairs of a pure-ASCII text in one pass (for normalize.ts: the ASCII test is the same
 * pass); null when the text holds a non-ASCII unit.
 */
export function asciiFeatures(s: string): Features | null {
  const f = new Features();
  return scan(s, f, true, true) ? f : null;
}

function computeFeatures(text: NormalizedText): Features {
  const f = new Features();
  scan(text.text, f, false, false);
  pairsInto(text.lower, f.pairs);
  return f;
}

// Texts not made by normalize() (tests, custom callers): a one-entry cache, the detector handles one text at a
// time.
let lastText: NormalizedText | null = null;
let lastFeatures: Features | null = null;

function featuresOf(text: NormalizedText): Features {
  const carrier = text as NormalizedText & FeatureCarrier;
  const own = carrier.feat;
  if (own) return own;
  if (own === null) return (carrier.feat = computeFeatures(text));
  if (text !== lastText || lastFeatures === null) {
    lastFeatures = computeFeatures(text);
    lastText = text;
  }
  return lastFeatures;
}

export function features(text: NormalizedText): TextFeatures {
  return featuresOf(text);
}

// Letter pairs of the lower-cased text ('a'-'z' only), one bit per pair (Features.pairs): a needle whose own
// letter pairs are not all present cannot occur, so most `includes` calls of the prefilters are skipped.
// Exact: a present needle always has all its pairs, and the final answer is still String.includes.
// English letter frequencies (per mille): a needle's rarer letter pairs are tested first, so most needles
// are rejected by their first test.
const LETTER_FREQ = [82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1];

/** A needle's letter pairs as (row, bit) pairs, rarest first: [a0, 1 << b0, a1, 1 << b1, ...]. */
function pairsOf(needle: string): number[] {
  const ps: [number, number, number][] = [];
  for (let i = 1; i < needle.length; i++) {
    const a = needle.charCodeAt(i - 1) - 97;
    const b = needle.charCodeAt(i) - 97;
    if (a >= 0 && a < 26 && b >= 0 && b < 26) ps.push([a, b, LETTER_FREQ[a] * LETTER_FREQ[b]]);
  }
  ps.sort((x, y) => x[2] - y[2]);
  return ps.flatMap(([a, b]) => [a, 1 << b]);
}

/**
 * `(text) => needles.some((w) => text.lower.includes(w))`, with the letter-pair prefilter in front. Needles
 * are matched against the lower-cased text, as before. A needle holding another one is dropped (it cannot
 * occur without it); the pair tests of all needles are one flat program: per needle its pair count, its
 * (row, bit) pairs, then its index.
 */
export function lowerIncludesAny(needles: readonly string[]): (text: NormalizedText) => boolean {
  const ws = [...new Set(needles)].filter((w, i, all) => !all.some((v, j) => j !== i && w.includes(v)));
  const prog: number[] = [];
  for (let n = 0; n < ws.length; n++) {
    const ps = pairsOf(ws[n]);
    prog.push(ps.length / 2, ...ps, punctOf(ws[n]), /[^\x00-\x7f]/.test(ws[n]) ? 1 : 0, n);
  }
  const code = Int32Array.from(prog);
  return function includesAny(text: NormalizedText): boolean {
    const f = featuresOf(text);
    const bits = f.pairs;
    let pc = 0;
    while (pc < code.length) {
      const end = pc + 1 + 2 * code[pc];
      let j = pc + 1;
      while (j < end && (bits[code[j]] & code[j + 1]) !== 0) j += 2;
      // Then its punctuation ("i'm", "y/o", "str.") and, for "straße", "allée", some character outside ASCII.
      if (j === end && (f.punct & code[end]) === code[end] && (code[end + 1] === 0 || !f.ascii) && text.lower.includes(ws[code[end + 2]])) return true;
      pc = end + 3;
    }
    return false;
  };
}

/**
 * The letter-pair and punctuation half of lowerIncludesAny for one needle: false when `needle` cannot occur in
 * the lower-cased text (true says nothing).
 */
export function lowerMayContain(needle: string): (text: NormalizedText) => boolean {
  const ps = Int32Array.from(pairsOf(needle));
  const punct = punctOf(needle);
  const nonAscii = /[^\x00-\x7f]/.test(needle);
  return function mayContain(text: NormalizedText): boolean {
    const f = featuresOf(text);
    const bits = f.pairs;
    for (let j = 0; j < ps.length; j += 2) if ((bits[ps[j]] & ps[j + 1]) === 0) return false;
    return (f.punct & punct) === punct && (!nonAscii || !f.ascii);
  };
}

/** The features().punct bits a needle needs (lower-casing changes no ASCII punctuation). */
function punctOf(needle: string): number {
  let m = 0;
  for (let i = 0; i < needle.length; i++) {
    const c = needle.charCodeAt(i);
    if (c >= 32 && c < 64 && !(c >= 48 && c <= 57)) m |= 1 << (c - 32);
  }
  return m;
}

/** Memoizes a per-text boolean test (one-entry cache keyed by the NormalizedText instance). */
export function perText(test: (text: NormalizedText) => boolean): (text: NormalizedText) => boolean {
  let last: NormalizedText | null = null;
  let value = false;
  return function memo(text: NormalizedText): boolean {
    if (text !== last) {
      last = text;
      value = test(text);
    }
    return value;
  };
}

/** The characters JavaScript's regex `\s` matches (WhiteSpace + LineTerminator), for hand-written scans. */
export function isRegexSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
