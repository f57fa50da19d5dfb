// Strict RFC 4180 parser over decoded text chunks. Speed matters (judged against papaparse): lines without any
// quote character take a fast path (one indexOf for the line end, one String#split), quoted records go through
// a field-by-field scanner that jumps with indexOf. Errors name file, physical line and field number only.
import { InputError, RedactflowError } from '../../errors.ts';
import type { Cell, Row } from '../../table/batch.ts';
import { rowBuilder, rowBuilderEmptyAsNull, type RowBuilder } from '../rows.ts';

export interface CsvParserOptions {
  delimiter?: string;
  quote?: string;
  header?: boolean;
}

const LF = 10;
/** Longest record we buffer while waiting for its end: bounds memory on a missing closing quote. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const CR = 13;

export class CsvParser {
  readonly file: string;
  private readonly delim: string;
  private readonly quote: string;
  private readonly D: number;
  private readonly Q: number;
  private readonly hasHeader: boolean;
  private readonly quoteRe: RegExp;
  private buf = '';
  /** Physical line (1-based) where the unparsed text in `buf` starts. */
  private line = 1;
  private names: string[] | null = null;
  private build: RowBuilder | null = null;
  private dataRows = 0;
  private buildParts: ((parts: readonly string[]) => Row) | null = null;
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
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    if (this.names === null && /^\s*$/.test(this.buf)) return; // still nothing but whitespace: maybe an empty file
    this.parse(false);
  }

  /** End of input: parses the last record (no trailing newline needed). */
  finish(): void {
    if (this.names === null && /^\s*$/.test(this.buf)) {
      throw new InputError('INPUT_EMPTY', this.file, 'file is empty (no header row)');
    }
    this.parse(true);
  }

  /** Location of a fault at the end of the parsed text plus `tail` (used for encoding errors). */
  locate(tail: string): { line: number; column: number } {
    const s = this.buf + tail;
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
      this.buildParts = rowBuilderEmptyAsNull(this.names);
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
    this.buildParts = rowBuilderEmptyAsNull(names);
  }

  private parse(eof: boolean): void {
    const s = this.buf;
    const n = s.length;
    const D = this.D;
    const delim = this.delim;
    let pos = 0;
    let line = this.line;
    let nextQuote = s.indexOf(this.quote);
    if (nextQuote === -1) nextQuote = n;
    let nextNl = s.indexOf('\n');
    while (pos < n) {
      if (nextNl === -1 && !eof) break; // the record may continue in the next chunk
      const lineEnd = nextNl === -1 ? n : nextNl;
      if (nextQuote >= lineEnd) {
        // Fast path: no quote on this line, so it is exactly one record.
        let end = lineEnd;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        const parts = s.slice(pos, end).split(delim);
        if (this.buildParts !== null) {
          if (parts.length !== this.names!.length) this.ragged(parts.length, line);
          this.rows.push(this.buildParts(parts));
          this.rowNumbers.push(++this.dataRows);
        } else {
          this.record(parts.map((p) => (p === '' ? null : p)), line);
        }
        pos = lineEnd + 1;
        line++;
        nextNl = pos < n ? s.indexOf('\n', pos) : -1;
        continue;
      }
      // Slow path: a quote somewhere on this line. Runs of unquoted fields are still cut with one split; each
      // quoted field is found with indexOf.
      const values: Cell[] = [];
      let p = pos;
      let col = 1;
      let lines = 0; // newlines consumed inside quoted fields
      let complete = false;
      let ni = nextNl; // next '\n' at or after p (-1: none in the buffer)
      let qn = nextQuote; // next quote at or after p (n: none)
      for (;;) {
        if (p < n && s.charCodeAt(p) === this.Q) {
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
            const qi = s.indexOf(this.quote, q);
            if (qi === -1) {
              if (eof) this.fail('unterminated quoted field', fieldLine, col);
              this.resume = { field: start - pos, from: n - pos, escaped };
              break;
            }
            if (qi + 1 < n && s.charCodeAt(qi + 1) === this.Q) {
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
            if (n - pos > MAX_RECORD_CHARS) this.fail(`quoted field longer than ${MAX_RECORD_CHARS} characters (unterminated quote?)`, fieldLine, col);
            break; // need more input
          }
          let value = s.slice(start, close);
          if (escaped) value = value.replace(this.quoteRe, this.quote);
          if (ni !== -1 && ni < close) {
            for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) lines++;
            ni = s.indexOf('\n', close);
          }
          values.push(value);
          p = close + 1;
          qn = s.indexOf(this.quote, p);
          if (qn === -1) qn = n;
          if (p >= n) { complete = true; break; } // eof (checked above)
          const c = s.charCodeAt(p);
          if (c === D) { p++; col++; continue; }
          if (c === LF) { p++; complete = true; break; }
          if (c === CR) {
            if (p + 1 < n && s.charCodeAt(p + 1) === LF) { p += 2; complete = true; break; }
            if (p + 1 >= n && !eof) break;
          }
          this.fail('unexpected character after closing quote', line + lines, col);
        } else {
          if (ni === -1 && !eof) break;
          const lineEnd = ni === -1 ? n : ni;
          if (qn < lineEnd) {
            // Unquoted fields up to the next quote, which must open the next field.
            const parts = s.slice(p, qn).split(delim);
            const last = parts.length - 1;
            if (parts[last] !== '') this.fail('quote character inside an unquoted field', line + lines, col + last);
            for (let k = 0; k < last; k++) values.push(parts[k] === '' ? null : parts[k]);
            col += last;
            p = qn;
            continue;
          }
          let end = lineEnd;
          if (end > p && s.charCodeAt(end - 1) === CR) end--;
          const parts = s.slice(p, end).split(delim);
          for (let k = 0; k < parts.length; k++) values.push(parts[k] === '' ? null : parts[k]);
          p = lineEnd + 1;
          complete = true;
          break;
        }
      }
      if (!complete) break;
      this.resume = null;
      this.record(values, line);
      line += lines + 1;
      pos = p;
      nextNl = pos >= n ? -1 : ni !== -1 && ni >= pos ? ni : s.indexOf('\n', pos);
      nextQuote = pos >= n ? n : qn >= pos ? qn : s.indexOf(this.quote, pos);
      if (nextQuote === -1) nextQuote = n;
    }
    this.buf = pos >= n ? '' : s.slice(pos);
    this.line = line;
    if (!eof && this.buf.length > MAX_RECORD_CHARS) this.fail(`record longer than ${MAX_RECORD_CHARS} characters`, line, 1);
  }

  /** Number of parsed rows not yet taken. */
  get pending(): number {
    return this.rows.length - this.taken;
  }

  /** Takes up to `max` parsed rows. */
  take(max: number): { rows: Row[]; rowNumbers: number[] } {
    const from = this.taken;
    const to = Math.min(this.rows.length, from + max);
    const out = from === 0 && to === this.rows.length
      ? { rows: this.rows, rowNumbers: this.rowNumbers }
      : { rows: this.rows.slice(from, to), rowNumbers: this.rowNumbers.slice(from, to) };
    if (to === this.rows.length) {
      this.rows = [];
      this.rowNumbers = [];
      this.taken = 0;
    } else {
      // Keep only what is still pending: holding on to taken rows would keep every row ever read in memory.
      this.rows = this.rows.slice(to);
      this.rowNumbers = this.rowNumbers.slice(to);
      this.taken = 0;
    }
    return out;
  }
}
