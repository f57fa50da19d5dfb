// CSV codec: strict reader over the byte layer, writer that quotes only when needed. Null convention: an
// unquoted empty field is null, a quoted empty field ("") is the empty string, so CSV round-trips nulls.
import { InputError } from '../../errors.ts';
import type { Batch, Cell, Field } from '../../table/batch.ts';
import { checkAborted, cellText, sameColumns } from '../codec-util.ts';
import type { BatchWriter, ByteInput, ByteOutput, CodecReadOptions, CodecWriteOptions, FormatCodec } from '../table-io.ts';
import { decodeUtf8Lines, Utf8Fault } from '../utf8-chunks.ts';
import { CsvParser } from './csv-parser.ts';

export async function* readCsv(input: ByteInput, options: CodecReadOptions): AsyncGenerator<Batch, void, undefined> {
  const parser = new CsvParser(input.name, options.csv);
  const size = Math.max(1, options.batchSize);
  let fields: Field[] | null = null;
  let yielded = false;
  const batch = (): Batch => {
    fields ??= parser.columns!.map((name) => ({ name, type: 'string' }));
    const { rows, rowNumbers } = parser.take(size);
    yielded = true;
    return { fields, rows, file: input.name, rowNumbers };
  };
  try {
    for await (const texts of decodeUtf8Lines(input.stream(options.signal))) {
      checkAborted(options.signal);
      for (const text of texts) parser.push(text);
      while (parser.pending >= size) yield batch();
    }
    parser.finish();
  } catch (e) {
    if (e instanceof Utf8Fault) {
      parser.push(e.validPrefix); // a structural error earlier in the text wins
      throw new InputError('INPUT_ENCODING', input.name, 'invalid UTF-8 byte sequence', parser.locate(''));
    }
    throw e;
  }
  while (parser.pending > 0) yield batch();
  if (!yielded) yield batch(); // header-only file: an empty table that still carries its columns
}

export class CsvWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private readonly delim: string;
  private readonly quote: string;
  private readonly doubled: string;
  private readonly needsQuote: RegExp;
  private readonly preset: Field[] | undefined;
  private fields: Field[] | null = null;
  private names: string[] = [];
  private rows = 0;

  constructor(out: ByteOutput, options: CodecWriteOptions) {
    this.out = out;
    this.delim = options.csv?.delimiter ?? ',';
    this.quote = options.csv?.quote ?? '"';
    this.doubled = this.quote + this.quote;
    const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    // Quote when the value holds a delimiter, quote or line break, or starts/ends with a space (readers trim).
    this.needsQuote = new RegExp(`[${esc(this.delim)}${esc(this.quote)}\\r\\n]|^ | $`);
    this.preset = options.fields;
  }

  private text(value: string): string {
    if (value.length === 0) return this.doubled;
    if (!this.needsQuote.test(value)) return value;
    return this.quote + value.replaceAll(this.quote, this.doubled) + this.quote;
  }

  private header(fields: Field[]): string {
    this.fields = fields;
    this.names = fields.map((f) => f.name);
    return this.names.map((n) => this.text(n)).join(this.delim) + '\n';
  }

  async write(batch: Batch): Promise<void> {
    let s = '';
    if (this.fields === null) s = this.header(batch.fields);
    else sameColumns(this.fields, batch, this.out.name);
    const names = this.names;
    const m = names.length;
    const delim = this.delim;
    const rows = batch.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let line = '';
      for (let i = 0; i < m; i++) {
        if (i > 0) line += delim;
        const v: Cell | undefined = row[names[i]];
        if (v === null || v === undefined) continue;
        line += typeof v === 'string'
          ? this.text(v)
          : this.text(cellText(v, () => `${this.out.name}: row ${batch.rowNumbers[r]} of ${batch.file}, column ${names[i]}`));
      }
      s += line + '\n';
    }
    this.rows += rows.length;
    if (s.length > 0) await this.out.write(Buffer.from(s, 'utf8'));
  }

  async finish(): Promise<{ rows: number }> {
    if (this.fields === null && this.preset !== undefined && this.preset.length > 0) {
      await this.out.write(Buffer.from(this.header(this.preset), 'utf8'));
    }
    return { rows: this.rows };
  }
}

export const csvCodec: FormatCodec = {
  format: 'csv',
  needsRandomAccess: false,
  read: readCsv,
  createWriter: (output, options) => new CsvWriter(output, options),
};
