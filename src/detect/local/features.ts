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
}

let lastText: NormalizedText | null = null;
const f: TextFeatures = { digits: 0, maxDigitGroup: 0, upper: 0, colons: 0, dashes: 0, dots: 0, slashes: 0, ats: 0 };

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
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (c === 45) dashes++;
    else if (c === 46) dots++;
    else if (c === 47) slashes++;
    else if (c === 64) ats++;
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
  return f;
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
