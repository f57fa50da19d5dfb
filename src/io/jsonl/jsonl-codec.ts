// JSON Lines codec: one object per line. Columns are the keys of the first batch (in order of appearance);
// a key first seen later is an error (the schema is fixed by then), a missing key is null. Nested objects and
// arrays are kept as their JSON text. Blank lines are skipped.
import { InputError } from '../../errors.ts';
import type { Batch, Cell, Field, Row } from '../../table/batch.ts';
import { cellText, checkAborted, sameColumns } from '../codec-util.ts';
import { rowBuilder, type RowBuilder } from '../rows.ts';
import type { BatchWriter, ByteInput, ByteOutput, CodecReadOptions, CodecWriteOptions, FormatCodec } from '../table-io.ts';
import { decodeUtf8Lines, Utf8Fault } from '../utf8-chunks.ts';

type Parsed = Record<string, unknown>;

function cell(v: unknown): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v); // nested object/array: kept as JSON text
}

export async function* readJsonl(input: ByteInput, options: CodecReadOptions): AsyncGenerator<Batch, void, undefined> {
  const file = input.name;
  const size = Math.max(1, options.batchSize);
  let line = 0; // physical line of the last complete line parsed
  let rest = '';
  let dataRows = 0;
  // First batch: raw objects until the schema is known.
  let first: Parsed[] | null = [];
  let firstNumbers: number[] = [];
  let names: string[] = [];
  let known: Set<string> = new Set();
  let fields: Field[] = [];
  let build: RowBuilder | null = null;
  let rows: Row[] = [];
  let rowNumbers: number[] = [];
  let yielded = false;

  const toRow = (obj: Parsed, at: number): Row => {
    const values: Cell[] = new Array<Cell>(names.length);
    let seen = 0;
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      if (Object.hasOwn(obj, k)) {
        values[i] = cell(obj[k]);
        seen++;
      } else values[i] = null;
    }
    if (seen !== Object.keys(obj).length) {
      const extra = Object.keys(obj).find((k) => !known.has(k));
      throw new InputError('INPUT_MALFORMED', file, `unexpected key "${extra}" (not in the first ${size} rows, which fix the columns)`, { line: at });
    }
    return build!(values);
  };

  const fixSchema = (): void => {
    const order = new Set<string>();
    for (const obj of first!) for (const k of Object.keys(obj)) order.add(k);
    names = [...order];
    known = order;
    fields = names.map((name) => ({ name, type: 'string' }));
    build = rowBuilder(names);
    rows = first!.map((obj, i) => toRow(obj, firstNumbers[i]));
    rowNumbers = firstNumbers.map((_, i) => i + 1);
    first = null;
    firstNumbers = [];
  };

  const parseLine = (text: string, at: number): void => {
    let s = text;
    if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    if (s.trim().length === 0) return;
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch {
      // The SyntaxError message quotes the input: never pass it on.
      const hint = at === 1 && s.trimStart().startsWith('[') ? ' (a JSON array file? JSON Lines needs one object per line)' : '';
      throw new InputError('INPUT_MALFORMED', file, `invalid JSON${hint}`, { line: at });
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new InputError('INPUT_MALFORMED', file, 'line is not a JSON object (JSON Lines needs one object per line)', { line: at });
    }
    dataRows++;
    if (first !== null) {
      first.push(v as Parsed);
      firstNumbers.push(at);
      if (first.length >= size) fixSchema();
    } else {
      rows.push(toRow(v as Parsed, at));
      rowNumbers.push(dataRows);
    }
  };

  const take = (): Batch => {
    const out: Batch = { fields, rows: rows.slice(0, size), file, rowNumbers: rowNumbers.slice(0, size) };
    rows = rows.slice(size);
    rowNumbers = rowNumbers.slice(size);
    yielded = true;
    return out;
  };

  try {
    // Line-aligned texts: `rest` stays empty except for a line longer than decodeUtf8Lines' carry limit.
    for await (const texts of decodeUtf8Lines(input.stream(options.signal))) {
      checkAborted(options.signal);
      for (const text of texts) {
        const s = rest.length > 0 ? rest + text : text;
        let pos = 0;
        for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', pos)) {
          parseLine(s.slice(pos, nl), ++line);
          pos = nl + 1;
        }
        rest = s.slice(pos);
      }
      while (rows.length >= size) yield take();
    }
  } catch (e) {
    if (e instanceof Utf8Fault) {
      let at = line + 1;
      for (let k = rest.indexOf('\n'); k !== -1; k = rest.indexOf('\n', k + 1)) at++;
      for (let k = e.validPrefix.indexOf('\n'); k !== -1; k = e.validPrefix.indexOf('\n', k + 1)) at++;
      throw new InputError('INPUT_ENCODING', file, 'invalid UTF-8 byte sequence', { line: at });
    }
    throw e;
  }
  if (rest.length > 0) parseLine(rest, line + 1);
  if (first !== null) {
    if (first.length === 0) throw new InputError('INPUT_EMPTY', file, 'file is empty (no JSON objects)');
    fixSchema();
  }
  while (rows.length > 0) yield take();
  if (!yielded) yield take();
}

export class JsonlWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private fields: Field[] | null = null;
  private keys: string[] = [];
  private names: string[] = [];
  private rows = 0;

  constructor(out: ByteOutput, _options: CodecWriteOptions) {
    this.out = out;
  }

  async write(batch: Batch): Promise<void> {
    if (this.fields === null) {
      this.fields = batch.fields;
      this.names = batch.fields.map((f) => f.name);
      this.keys = this.names.map((n, i) => (i === 0 ? '{' : ',') + JSON.stringify(n) + ':');
    } else sameColumns(this.fields, batch, this.out.name);
    const { names, keys } = this;
    let s = '';
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r];
      let line = names.length === 0 ? '{' : '';
      for (let i = 0; i < names.length; i++) {
        const v: Cell | undefined = row[names[i]];
        line += keys[i];
        if (v === null || v === undefined) line += 'null';
        else if (typeof v === 'string') line += JSON.stringify(v);
        else if (typeof v === 'number') line += Number.isFinite(v) ? String(v) : 'null';
        else if (typeof v === 'boolean' || typeof v === 'bigint') line += String(v);
        else line += JSON.stringify(cellText(v, () => `${this.out.name}: row ${batch.rowNumbers[r]} of ${batch.file}, column ${names[i]}`));
      }
      s += line + '}\n';
    }
    this.rows += batch.rows.length;
    if (s.length > 0) await this.out.write(Buffer.from(s, 'utf8'));
  }

  finish(): Promise<{ rows: number }> {
    return Promise.resolve({ rows: this.rows });
  }
}

export const jsonlCodec: FormatCodec = {
  format: 'jsonl',
  needsRandomAccess: false,
  read: readJsonl,
  createWriter: (output, options) => new JsonlWriter(output, options),
};
