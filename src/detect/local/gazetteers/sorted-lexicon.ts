// A large word list kept as one string of sorted lines and binary-searched: loading costs one file read and
// one scan for line starts (a 270k-entry Set would take hundreds of milliseconds to build).

export class SortedLexicon {
  private readonly text: string;
  private readonly starts: Uint32Array;
  readonly size: number;

  /** `text`: lines sorted by UTF-16 code units (JavaScript's default sort), '\n'-separated. */
  constructor(text: string) {
    this.text = text;
    let n = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    const starts = new Uint32Array(n + 1);
    let k = 0;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        if (i > lineStart) starts[k++] = lineStart;
        lineStart = i + 1;
      }
    }
    if (lineStart < text.length) starts[k++] = lineStart;
    this.starts = starts.subarray(0, k);
    this.size = k;
  }

  has(word: string): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compareAt(this.starts[mid]!, word);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Compares the line starting at `start` with `word` (negative: line sorts first). */
  private compareAt(start: number, word: string): number {
    const t = this.text;
    let i = 0;
    for (;;) {
      const p = start + i;
      const lineEnded = p >= t.length || t.charCodeAt(p) === 10;
      if (i >= word.length) return lineEnded ? 0 : 1;
      if (lineEnded) return -1;
      const d = t.charCodeAt(p) - word.charCodeAt(i);
      if (d !== 0) return d;
      i++;
    }
  }
}
