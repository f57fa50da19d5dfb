// Strict RFC 4180 parser over decoded text chunks. Speed matters (judged against papaparse): unquoted fields are
// found by one character loop (no per-line slice + split arrays: most real files quote some field on most lines),
// quoted fields by indexOf jumps; fields go into one reused array and each row is built by one generated
// constructor (../rows.ts). Errors name file, physical line and field number only.
import { InputError, RedactflowError } from '../../errors.ts';
import type { Cell, Row } from '../../table/batch.ts';
import { rowBuilder, type RowBuilder } from '../rows.ts';

export interface CsvParserOptions {
  delimiter?: string;
  quote?: string;
  header?: boolean;
}

const LF = 10;
/** Longest record we buffer while waiting for its end: bounds memory on a missing closing quote. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const CR = 13;

/** Index of `c` in `s` at or after `from`, or s.length when there is none. */
function indexOrEnd(s: string, c: string, from: number): number {
  const i = s.indexOf(c, from);
  return i === -1 ? s.length : i;
}

export class CsvParser {
  readonly file: string;
  private readonly delim: string;
  private readonly quote: string;
  private readonly D: number;
  private readonly Q: number;
  private readonly hasHeader: boolean;
  private readonly quoteRe: RegExp;
  private buf = '';
  /** Start of the unparsed text in `buf` (parsing can stop early, see parseSome: the rest is kept, not sliced). */
  private pos = 0;
  /** Physical line (1-based) where the unparsed text (at `pos`) starts. */
  private line = 1;
  private names: string[] | null = null;
  private build: RowBuilder | null = null;
  private dataRows = 0;
  /** Fields of the record being parsed (reused; as long as the header once it is known). */
  private values: Cell[] = [];
  /** Where the closing-quote search of the record's open quoted field stopped (offsets relative to `buf`). */
  private resume: { field: number; from: number; escaped: boolean } | null = null;
  /** Index of the first row in `rows` not yet taken. */
  private taken = 0;
  /** Rows parsed and not yet taken, with their data-row numbers. */
  rows: Row[] = [];
  rowNumbers: number[] = [];

  constructor(file: string, options: CsvParserOptions = {}) {
    this.file = file;
    this.delim = options.delimiter ?? ',';
    this.quote = options.quote ?? '"';
    if (this.delim.length !== 1 || this.quote.length !== 1 || this.delim === this.quote || /[\r\n]/.test(this.delim + this.quote)) {
      throw new RedactflowError('USAGE', `${file}: CSV delimiter and quote must be two different single characters (not CR/LF)`, { exitCode: 2 });
    }
    this.D = this.delim.charCodeAt(0);
    this.Q = this.quote.charCodeAt(0);
    this.hasHeader = options.header ?? true;
    this.quoteRe = new RegExp(this.quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '{2}', 'g');
  }

  /** Column names, once the header (or first record when header=false) has been read. */
  get columns(): string[] | null {
    return this.names;
  }

  /** Adds decoded text and parses every complete record in the buffer. */
  push(text: string): void {
    this.feed(text);
    this.parseSome(Infinity);
  }

  /** Adds decoded text without parsing it (parseSome parses). */
  feed(text: string): void {
    this.compact();
    const rest = this.pos === 0 ? this.buf : this.buf.slice(this.pos);
    this.buf = rest.length === 0 ? text : rest + text;
    this.pos = 0;
  }

  /**
   * Parses complete records until `limit` rows are pending (or the buffered text has no complete record left).
   * Readers parse only what their next batch needs: rows made long before they are taken would outlive young
   * garbage collections and be copied and promoted for nothing.
   */
  parseSome(limit: number): void {
    if (this.names === null && /^\s*$/.test(this.buf.slice(this.pos))) return; // nothing but whitespace yet: maybe an empty file
    this.parse(false, limit);
  }

  /** End of input: parses the last record (no trailing newline needed). */
  finish(): void {
    if (this.names === null && /^\s*$/.test(this.buf.slice(this.pos))) {
      throw new InputError('INPUT_EMPTY', this.file, 'file is empty (no header row)');
    }
    this.parse(true, Infinity);
  }

  /** Location of a fault at the end of the parsed text plus `tail` (used for encoding errors). */
  locate(tail: string): { line: number; column: number } {
    const s = this.buf.slice(this.pos) + tail;
    let line = this.line;
    let column = 1;
    let inQuote = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === this.Q) inQuote = !inQuote;
      else if (c === LF) { line++; if (!inQuote) column = 1; }
      else if (c === this.D && !inQuote) column++;
    }
    return { line, column };
  }

  private fail(what: string, line: number, column: number): never {
    throw new InputError('INPUT_MALFORMED', this.file, what, { line, column });
  }

  private record(values: Cell[], line: number): void {
    if (this.names === null) {
      this.setHeader(values, line);
      return;
    }
    const expected = this.names.length;
    if (values.length !== expected) this.ragged(values.length, line);
    this.rows.push(this.build!(values));
    this.rowNumbers.push(++this.dataRows);
  }

  private ragged(got: number, line: number): never {
    const expected = this.names!.length;
    this.fail(`row has ${got} field${got === 1 ? '' : 's'}, expected ${expected}`, line, got > expected ? expected + 1 : got + 1);
  }

  private setHeader(values: Cell[], line: number): void {
    if (!this.hasHeader) {
      this.names = values.map((_, i) => `column_${i + 1}`);
      this.build = rowBuilder(this.names);
      this.record(values, line);
      return;
    }
    const names = values.map((v, i) => (v === null || v === '' ? `column_${i + 1}` : String(v)));
    const seen = new Set<string>();
    names.forEach((name, i) => {
      // Header cells are column names (schema), not row content, so naming them is allowed.
      if (seen.has(name)) this.fail(`duplicate column name "${name}"`, line, i + 1);
      seen.add(name);
    });
    this.names = names;
    this.build = rowBuilder(names);
  }

  private parse(eof: boolean, limit: number): void {
    const s = this.buf;
    const n = s.length;
    const D = this.D;
    const Q = this.Q;
    const quote = this.quote;
    const delim = this.delim;
    // next delimiter, LF, quote and CR at or after the scan position (-1: not looked up; n: none)
    let atD = -1;
    let atLF = -1;
    let atQ = -1;
    let atCR = -1;
    let values = this.values;
    let bounded = this.names !== null; // before the header, `values` grows to any number of fields
    let pos = this.pos; // start of the record being parsed
    let line = this.line;
    let nl = -2; // cached index of a '\n' at or after some point (-1: none left, -2: not looked up yet)
    const rows = this.rows;
    const stop = limit + this.taken; // rows.length at which `limit` rows are pending
    records: while (pos < n && rows.length < stop) {
      let p = pos;
      let count = 0; // fields of this record so far
      let lines = 0; // newlines consumed inside quoted fields
      for (;;) {
        if (p < n && s.charCodeAt(p) === Q) {
          const fieldLine = line + lines;
          const start = p + 1;
          let q = start;
          let escaped = false;
          let close = -1;
          if (this.resume !== null && this.resume.field === start - pos) {
            // Same open field as at the end of the previous chunk: continue the search where it stopped instead of
            // rescanning (a long or unterminated quoted field would otherwise cost quadratic time).
            q = pos + this.resume.from;
            escaped = this.resume.escaped;
            this.resume = null;
          }
          for (;;) {
            const qi = s.indexOf(quote, q);
            if (qi === -1) {
              if (eof) this.fail('unterminated quoted field', fieldLine, count + 1);
              this.resume = { field: start - pos, from: n - pos, escaped };
              break;
            }
            if (qi + 1 < n && s.charCodeAt(qi + 1) === Q) {
              escaped = true;
              q = qi + 2;
              continue;
            }
            if (qi + 1 >= n && !eof) {
              this.resume = { field: start - pos, from: qi - pos, escaped }; // could be the first half of ""
              break;
            }
            close = qi;
            break;
          }
          if (close === -1) {
            if (n - pos > MAX_RECORD_CHARS) this.fail(`quoted field longer than ${MAX_RECORD_CHARS} characters (unterminated quote?)`, fieldLine, count + 1);
            break records; // need more input
          }
          let value = s.slice(start, close);
          if (escaped) value = value.replace(this.quoteRe, quote);
          if (nl !== -1 && nl < start) nl = s.indexOf('\n', start);
          if (nl !== -1 && nl < close) {
            for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) lines++;
            nl = s.indexOf('\n', close);
          }
          if (count < values.length || !bounded) values[count] = value;
          count++;
          p = close + 1;
          if (p >= n) break; // eof (an open end without eof was handled above)
          const c = s.charCodeAt(p);
          if (c === D) { p++; continue; }
          if (c === LF) { p++; break; }
          if (c === CR) {
            if (p + 1 < n && s.charCodeAt(p + 1) === LF) { p += 2; break; }
            if (p + 1 >= n && !eof) break records;
          }
          this.fail('unexpected character after closing quote', line + lines, count);
        } else {
          // Unquoted field: up to the delimiter or the line end. A CR counts only right before LF (or at the end).
          // The field ends at the nearest delimiter, LF, quote or CR: four cached indexOf positions, each searched
          // again (natively, fast) only once the scan has passed it, instead of a loop over every character.
          let q = p;
          let c = 0;
          for (;;) {
            if (atD < q) atD = indexOrEnd(s, delim, q);
            if (atLF < q) atLF = indexOrEnd(s, '\n', q);
            if (atQ < q) atQ = indexOrEnd(s, quote, q);
            if (atCR < q) atCR = indexOrEnd(s, '\r', q);
            q = atD < atLF ? atD : atLF;
            if (atQ < q) q = atQ;
            if (atCR < q) q = atCR;
            if (q >= n) break;
            c = s.charCodeAt(q);
            if (c !== CR) break;
            if (q + 1 < n ? s.charCodeAt(q + 1) === LF : eof) break;
            if (q + 1 >= n) break records; // CR at the end of the text: LF may follow in the next chunk
            q++; // a CR inside the value
          }
          if (q >= n) {
            if (!eof) break records;
            c = LF; // the last record may lack its newline
          } else if (c === Q) {
            this.fail('quote character inside an unquoted field', line + lines, count + 1);
          }
          if (count < values.length || !bounded) values[count] = q === p ? null : s.slice(p, q);
          count++;
          if (c === D) {
            p = q + 1;
            continue;
          }
          p = c === CR ? q + 2 : q + 1;
          break;
        }
      }
      this.resume = null;
      if (!bounded) {
        this.record(values.slice(0, count), line); // the header (or, with header: false, the first row too)
        values = this.values = new Array<Cell>(this.names!.length).fill(null);
        bounded = true;
      } else if (count === values.length) {
        this.rows.push(this.build!(values));
        this.rowNumbers.push(++this.dataRows);
      } else {
        this.ragged(count, line);
      }
      line += lines + 1;
      pos = p;
    }
    if (pos >= n) {
      this.buf = '';
      this.pos = 0;
    } else {
      this.pos = pos;
    }
    this.line = line;
    if (!eof && n - pos > MAX_RECORD_CHARS) this.fail(`record longer than ${MAX_RECORD_CHARS} characters`, line, 1);
  }

  /** Number of parsed rows not yet taken. */
  get pending(): number {
    return this.rows.length - this.taken;
  }

  /** Takes up to `max` parsed rows. */
  take(max: number): { rows: Row[]; rowNumbers: number[] } {
    const from = this.taken;
    const to = Math.min(this.rows.length, from + max);
    if (from === 0 && to === this.rows.length) {
      const all = { rows: this.rows, rowNumbers: this.rowNumbers };
      this.rows = [];
      this.rowNumbers = [];
      return all;
    }
    const out = { rows: this.rows.slice(from, to), rowNumbers: this.rowNumbers.slice(from, to) };
    if (to === this.rows.length) {
      this.rows = [];
      this.rowNumbers = [];
      this.taken = 0;
    } else {
      // Only move the start: slicing off what is left at every take is quadratic when batches are small.
      this.taken = to;
    }
    return out;
  }

  /** Drops taken rows once they are half the array (amortised O(1); they must not stay reachable). */
  private compact(): void {
    if (this.taken === 0 || this.taken * 2 < this.rows.length) return;
    this.rows = this.rows.slice(this.taken);
    this.rowNumbers = this.rowNumbers.slice(this.taken);
    this.taken = 0;
  }

}
