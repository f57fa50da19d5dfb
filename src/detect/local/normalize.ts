// Prepares a text for matching so that tricks inside an entity do not hide it: NFKC-folds each character
// (full-width digits/letters → ASCII), drops zero-width characters and soft hyphens, folds homoglyph '@',
// dash and space variants. Keeps an exact map back to the original's UTF-16 offsets.
import type { NormalizedText } from './recognizer.ts';
import { asciiFeatures, type Features } from './features.ts';

// Pure ASCII: the normalized text is the original (the overwhelmingly common case, no maps allocated).
class IdentityText implements NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly lower: string;
  /** The recognizers' shared prefilter features (features.ts), computed with the ASCII test. */
  feat: Features | null;
  constructor(original: string, feat: Features) {
    this.original = original;
    this.text = original;
    this.lower = original.toLowerCase();
    this.feat = feat;
  }
  toOriginal(index: number): number {
    return index;
  }
  toOriginalEnd(index: number): number {
    return index;
  }
}

class MappedText implements NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly lower: string;
  /** For each normalized index: UTF-16 start / end of the original character it came from. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Computed by features.ts on first use. */
  feat: Features | null = null;
  constructor(original: string, text: string, lower: string, starts: Int32Array, ends: Int32Array) {
    this.original = original;
    this.text = text;
    this.lower = lower;
    this.starts = starts;
    this.ends = ends;
  }
  toOriginal(index: number): number {
    if (index <= 0) return index < 0 || this.text.length === 0 ? 0 : this.starts[0];
    if (index >= this.text.length) return this.original.length;
    return this.starts[index];
  }
  toOriginalEnd(index: number): number {
    if (index <= 0) return 0;
    if (index > this.text.length) return this.original.length;
    return this.ends[index - 1];
  }
}

/** Characters removed outright: zero-width space/joiners, word joiner, BOM, soft hyphen, invisible operators. */
function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff || cp === 0x00ad || cp === 0x180e ||
    (cp >= 0x2061 && cp <= 0x2064)
  );
}

/** Explicit folds NFKC leaves alone (or maps to non-ASCII). */
function explicitFold(cp: number): string | undefined {
  if (cp === 0xff20 || cp === 0xfe6b) return '@';
  // hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus sign, small/full-width hyphen-minus
  if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d) return '-';
  // no-break, en/em/thin/... spaces, narrow no-break, medium math, ideographic space
  if (cp === 0x00a0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x3000) return ' ';
  // ideographic and half-width full stops
  if (cp === 0x3002 || cp === 0xff61) return '.';
  return undefined;
}

function fold(ch: string, cp: number): string {
  const e = explicitFold(cp);
  if (e !== undefined) return e;
  // Full-width ASCII block: direct offset, no NFKC call needed.
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  const n = ch.normalize('NFKC');
  // NFKC can expand one char to many ("ﬁ" → "fi", "½" → "1⁄2"): keep short expansions; very long ones (rare
  // ligatures of Arabic) would distort context windows, so keep the character as is.
  return n.length === 0 || n.length > 4 ? ch : n;
}

export function normalize(original: string): NormalizedText {
  const feat = asciiFeatures(original);
  if (feat !== null) return new IdentityText(original, feat);
  const len = original.length;
  // Upper bound of the normalized length: each code unit yields at most 4 units.
  let starts: Int32Array = new Int32Array(len + 8);
  let ends: Int32Array = new Int32Array(len + 8);
  let out = '';
  let n = 0;
  for (let i = 0; i < len; ) {
    const c = original.charCodeAt(i);
    let cp = c;
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = original.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        w = 2;
      }
    }
    if (cp < 0x80) {
      out += original[i];
      if (n >= starts.length) ({ starts, ends } = grow(starts, ends));
      starts[n] = i;
      ends[n] = i + 1;
      n++;
    } else if (!isInvisible(cp)) {
      const ch = w === 1 ? original[i] : original.slice(i, i + 2);
      const f = fold(ch, cp);
      for (let k = 0; k < f.length; k++) {
        if (n >= starts.length) ({ starts, ends } = grow(starts, ends));
        starts[n] = i;
        ends[n] = i + w;
        n++;
      }
      out += f;
    }
    i += w;
  }
  return new MappedText(original, out, lowerSameLength(out), starts, ends);
}

function grow(starts: Int32Array, ends: Int32Array): { starts: Int32Array; ends: Int32Array } {
  const s = new Int32Array(starts.length * 2);
  const e = new Int32Array(ends.length * 2);
  s.set(starts);
  e.set(ends);
  return { starts: s, ends: e };
}

/** Lower-cases without changing the length (a few characters, e.g. 'İ', lower-case to two units). */
function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (const ch of s) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}
