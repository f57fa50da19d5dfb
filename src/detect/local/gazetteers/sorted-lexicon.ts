// A large word list kept as one string of sorted lines and binary-searched: loading costs one file read and
// one scan for line starts (a 270k-entry Set would take hundreds of milliseconds to build).

export class SortedLexicon {
  private readonly text: string;
  private readonly starts: Uint32Array;
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

  private find(word: string): number {
    let lo = 0;
    let hi = this.size - 1;
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
