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
      for (const text of texts) {
        parser.feed(text);
        // Rows are made only as the next batch needs them (see parseSome).
        for (parser.parseSome(size); parser.pending >= size; parser.parseSome(size)) {
          yield batch();
          checkAborted(options.signal);
        }
      }
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

/** Buffer#utf8Write: what Buffer#write(string, offset) ends up calling, minus its argument juggling. */
type Utf8Write = (this: Buffer, text: string, offset: number, length: number) => number;
const utf8Write: Utf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write
  ?? function (this: Buffer, text: string, offset: number, length: number): number {
    return this.write(text, offset, length, 'utf8');
  };

export class CsvWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private readonly delim: string;
  private readonly quote: string;
  private readonly doubled: string;
  private readonly needsQuote: RegExp;
  private readonly preset: Field[] | undefined;
  private readonly delimBytes: Buffer;
  private fields: Field[] | null = null;
  private names: string[] = [];
  private rows = 0;
  /** Bytes of the previous batch: first guess of the next batch's buffer size. */
  private lastBytes = 0;

  constructor(out: ByteOutput, options: CodecWriteOptions) {
    this.out = out;
    this.delim = options.csv?.delimiter ?? ',';
    this.quote = options.csv?.quote ?? '"';
    this.doubled = this.quote + this.quote;
    const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    // Quote when the value holds a delimiter, quote or line break, or starts/ends with a space (readers trim).
    this.needsQuote = new RegExp(`[${esc(this.delim)}${esc(this.quote)}\\r\\n]|^ | $`);
    this.preset = options.fields;
    this.delimBytes = Buffer.from(this.delim, 'utf8');
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
    let head = '';
    if (this.fields === null) head = this.header(batch.fields);
    else sameColumns(this.fields, batch, this.out.name);
    const names = this.names;
    const m = names.length;
    const delim = this.delimBytes;
    const rows = batch.rows;
    // Cells are written straight into one buffer per batch (a native UTF-8 write each) instead of being
    // concatenated into a string: a rope of ~200k pieces per batch cost more to flatten and collect than to write.
    let buf = Buffer.allocUnsafe(Math.max(1 << 16, this.lastBytes + (this.lastBytes >>> 3)));
    let off = 0;
    const put = (text: string): void => {
      const need = off + 3 * text.length + delim.length + 1;
      if (need > buf.length) {
        const next = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
        buf.copy(next, 0, 0, off);
        buf = next;
      }
      off += utf8Write.call(buf, text, off, buf.length - off);
    };
    if (head.length > 0) put(head);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let i = 0; i < m; i++) {
        if (i > 0) {
          if (off + delim.length + 1 > buf.length) put(''); // grows the buffer
          for (let k = 0; k < delim.length; k++) buf[off++] = delim[k];
        }
        const v: Cell | undefined = row[names[i]];
        if (v === null || v === undefined) continue;
        const text = typeof v === 'string'
          ? this.text(v)
          : this.text(cellText(v, () => `${this.out.name}: row ${batch.rowNumbers[r]} of ${batch.file}, column ${names[i]}`));
        if (text.length > 0) put(text);
      }
      if (off + 1 > buf.length) put('');
      buf[off++] = 10;
    }
    this.rows += rows.length;
    if (off > 0) {
      this.lastBytes = off;
      await this.out.write(buf.subarray(0, off));
    }
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
