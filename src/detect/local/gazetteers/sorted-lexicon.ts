// A large word list kept as one string of sorted lines and binary-searched: loading costs one file read and
// one scan for line starts (a 270k-entry Set would take hundreds of milliseconds to build). An index by the first
// two characters narrows each search to one bucket (a few steps instead of ~18).

// Bucket of a key from its first two UTF-16 units: c0 * 130 + (0 for a one-unit key, else min(c1, 128) + 1) for
// an ASCII c0; one last bucket for every non-ASCII c0 (its second unit would not keep the order). Non-decreasing
// over keys sorted by code units, so each bucket is a line range.
const SECOND = 130;
const BUCKETS = 129 * SECOND;

function bucketOf(c0: number, c1: number): number {
  if (c0 >= 128) return 128 * SECOND;
  return c0 * SECOND + (c1 < 0 ? 0 : (c1 < 128 ? c1 : 128) + 1);
}

export class SortedLexicon {
  private readonly text: string;
  private readonly starts: Uint32Array;
  /** First line of bucket b at bucketStart[b]; its lines end at bucketStart[b + 1]. */
  private readonly bucketStart: Uint32Array;
  readonly size: number;

  /** `text`: lines sorted by UTF-16 code units of their key (JavaScript's default sort), '\n'-separated;
   * a line is a word, or a word, a tab and a number. */
  constructor(text: string) {
    this.text = text;
    // indexOf finds line breaks natively: start-up runs this cold, where a charCodeAt loop is ~3x slower.
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Uint32Array(n + 1);
    let k = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', lineStart)) {
      if (i > lineStart) starts[k++] = lineStart;
      lineStart = i + 1;
    }
    if (lineStart < text.length) starts[k++] = lineStart;
    this.starts = starts.subarray(0, k);
    this.size = k;
    const bucketStart = new Uint32Array(BUCKETS + 1);
    let b = 0; // buckets before b already have their start
    for (let line = 0; line < k; line++) {
      const p = starts[line]!;
      const c1 = text.charCodeAt(p + 1);
      const key = bucketOf(text.charCodeAt(p), p + 1 >= text.length || c1 === 10 || c1 === 9 ? -1 : c1);
      while (b <= key) bucketStart[b++] = line;
    }
    while (b <= BUCKETS) bucketStart[b++] = k;
    this.bucketStart = bucketStart;
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  /** For "word\tnumber" lines: the number of `word`, or undefined when absent. */
  get(word: string): number | undefined {
    const line = this.find(word);
    if (line < 0) return undefined;
    let p = this.starts[line]! + word.length + 1;
    let n = 0;
    for (let c = this.text.charCodeAt(p); c >= 48 && c <= 57; c = this.text.charCodeAt(++p)) n = n * 10 + (c - 48);
    return n;
  }

  /** Whether some line's key starts with `prefix` (two or more characters, so that its lines share a bucket). */
  hasPrefix(prefix: string): boolean {
    if (prefix.length < 2) throw new RangeError('hasPrefix needs two or more characters');
    const key = bucketOf(prefix.charCodeAt(0), prefix.charCodeAt(1));
    let lo = this.bucketStart[key]!;
    let hi = this.bucketStart[key + 1]!;
    // First line not sorting before the prefix.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(this.starts[mid]!, prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.bucketStart[key + 1]!) return false;
    const start = this.starts[lo]!;
    return this.text.startsWith(prefix, start);
  }

  private find(word: string): number {
    if (word.length === 0) return -1;
    const key = bucketOf(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : -1);
    let lo = this.bucketStart[key]!;
    let hi = this.bucketStart[key + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compareAt(this.starts[mid]!, word);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Compares the line starting at `start` with `word` (negative: line sorts first). */
  private compareAt(start: number, word: string): number {
    const t = this.text;
    let i = 0;
    for (;;) {
      const p = start + i;
      // A tab ends the key of "word\tnumber" lines.
      const lineEnded = p >= t.length || t.charCodeAt(p) === 10 || t.charCodeAt(p) === 9;
      if (i >= word.length) return lineEnded ? 0 : 1;
      if (lineEnded) return -1;
      const d = t.charCodeAt(p) - word.charCodeAt(i);
      if (d !== 0) return d;
      i++;
    }
  }
}
