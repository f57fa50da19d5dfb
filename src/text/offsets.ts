// JS strings index UTF-16 code units; Amazon Comprehend, the audit log and the `detect` output count Unicode
// code points. Everything inside the engine uses UTF-16 offsets; convert only at those boundaries.

/** Code-point offset of UTF-16 index `i` in `text`. */
export function utf16ToCodePoint(text: string, i: number): number {
  let cp = 0;
  for (let k = 0; k < i && k < text.length; k++) {
    const c = text.charCodeAt(k);
    // A high surrogate followed by a low surrogate is one code point: count it once, at the high half.
    if (c >= 0xdc00 && c <= 0xdfff && k > 0) {
      const p = text.charCodeAt(k - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue;
    }
    cp++;
  }
  return cp;
}

/** UTF-16 index of code-point offset `cp` in `text` (clamped to the text's length). */
export function codePointToUtf16(text: string, cp: number): number {
  let i = 0;
  let n = 0;
  while (n < cp && i < text.length) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
    n++;
  }
  return i;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** True when `text` has no surrogate pairs, so UTF-16 and code-point offsets coincide (the common case). */
export function isBmpOnly(text: string): boolean {
  // The regex engine's scan is several times faster than a charCodeAt loop (called once per redacted cell).
  return !SURROGATE.test(text);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Converts many UTF-16 offsets of one text to code points in a single pass. `offsets` may be in any order.
 */
export function utf16OffsetsToCodePoints(text: string, offsets: readonly number[]): number[] {
  if (isBmpOnly(text)) return offsets.slice();
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      map[i + 1] = cp;
      i++;
    }
    cp++;
  }
  map[text.length] = cp;
  return offsets.map((o) => map[Math.max(0, Math.min(o, text.length))]);
}

/** Converts many code-point offsets of one text to UTF-16 indexes in a single pass. */
export function codePointOffsetsToUtf16(text: string, offsets: readonly number[]): number[] {
  if (isBmpOnly(text)) return offsets.map((o) => Math.min(o, text.length));
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    starts.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
  }
  starts.push(text.length);
  return offsets.map((o) => starts[Math.max(0, Math.min(o, starts.length - 1))]);
}

/** Number of code points in `s` (what Comprehend counts and bills). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
