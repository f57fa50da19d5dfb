// Cheap per-text features shared by the recognizers' `mayMatch` prefilters. Computed once per text (a
// one-entry cache keyed by the NormalizedText instance: the detector handles one text at a time).
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
}

let lastText: NormalizedText | null = null;
const f: TextFeatures = { digits: 0, maxDigitGroup: 0, upper: 0, colons: 0, dashes: 0, dots: 0, slashes: 0, ats: 0, closeBrackets: 0, closeParens: 0, maxUpperAlnumRun: 0, maxUpperRun: 0 };

export function features(text: NormalizedText): TextFeatures {
  if (text === lastText) return f;
  lastText = text;
  const s = text.text;
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
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      u++;
      ua++;
      if (u > maxU) maxU = u;
      if (ua > maxUa) maxUa = ua;
    } else {
      u = 0;
      if (c >= 48 && c <= 57) {
        ua++;
        if (ua > maxUa) maxUa = ua;
      } else ua = 0;
    }
    if (c === 58) colons++;
    else if (c === 45) dashes++;
    else if (c === 46) dots++;
    else if (c === 47) slashes++;
    else if (c === 64) ats++;
    else if (c === 93) closeBrackets++;
    else if (c === 41) closeParens++;
    if (c >= 48 && c <= 57) {
      digits++;
      group++;
      sepRun = 0;
      if (group > maxGroup) maxGroup = group;
    } else if ((c === 32 || c === 45 || c === 46 || c === 47) && group > 0 && sepRun < 3) {
      sepRun++;
    } else {
      if (c >= 65 && c <= 90) upper++;
      group = 0;
      sepRun = 0;
    }
  }
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
  return f;
}

// Letter pairs of the lower-cased text ('a'-'z' only), one bit per pair: a needle whose own letter pairs are
// not all present cannot occur, so most `includes` calls of the prefilters are skipped. Exact: a present
// needle always has all its pairs, and the final answer is still String.includes.
let pairsText: NormalizedText | null = null;
const pairs = new Int32Array(22);

function letterPairs(text: NormalizedText): Int32Array {
  if (text === pairsText) return pairs;
  pairsText = text;
  pairs.fill(0);
  const s = text.lower;
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) {
      if (prev >= 0) {
        const k = prev * 26 + c;
        pairs[k >> 5] |= 1 << (k & 31);
      }
      prev = c;
    } else prev = -1;
  }
  return pairs;
}

function pairsOf(needle: string): Int32Array {
  const out: number[] = [];
  for (let i = 1; i < needle.length; i++) {
    const a = needle.charCodeAt(i - 1) - 97;
    const b = needle.charCodeAt(i) - 97;
    if (a >= 0 && a < 26 && b >= 0 && b < 26) out.push(a * 26 + b);
  }
  return Int32Array.from(out);
}

/**
 * `(text) => needles.some((w) => text.lower.includes(w))`, with the letter-pair prefilter in front. Needles
 * are matched against the lower-cased text, as before.
 */
export function lowerIncludesAny(needles: readonly string[]): (text: NormalizedText) => boolean {
  const ws = needles.slice();
  const ps = ws.map(pairsOf);
  return (text) => {
    const bits = letterPairs(text);
    outer: for (let n = 0; n < ws.length; n++) {
      const p = ps[n];
      for (let j = 0; j < p.length; j++) {
        const k = p[j];
        if ((bits[k >> 5] & (1 << (k & 31))) === 0) continue outer;
      }
      if (text.lower.includes(ws[n])) return true;
    }
    return false;
  };
}

/** Memoizes a per-text boolean test (one-entry cache keyed by the NormalizedText instance). */
export function perText(test: (text: NormalizedText) => boolean): (text: NormalizedText) => boolean {
  let last: NormalizedText | null = null;
  let value = false;
  return (text) => {
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
