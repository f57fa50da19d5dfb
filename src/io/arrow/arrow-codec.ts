// Arrow IPC codecs: file format (.arrow/.feather, footer at the end → random access) and stream format (.arrows,
// sequential). apache-arrow does the framing; we map columns: string → Utf8, long → Int64, double → Float64,
// boolean → Bool, datetime → Timestamp(ms, UTC); every field nullable.
import {
  Bool,
  DataType,
  Field as ArrowField,
  Float64,
  Int64,
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  type RecordBatchWriter,
  type TypeMap,
} from 'apache-arrow';
import { InputError, RedactflowError } from '../../errors.ts';
import type { Batch, Cell, ColumnType, Field, Row } from '../../table/batch.ts';
import { converters, toCell } from '../cell-convert.ts';
import { checkAborted, sameColumns } from '../codec-util.ts';
import { rowBuilder } from '../rows.ts';
import type { BatchWriter, ByteInput, ByteOutput, CodecReadOptions, CodecWriteOptions, FormatCodec } from '../table-io.ts';

// ---- reading --------------------------------------------------------------------------------------------------

export function arrowColumnType(type: DataType): ColumnType {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isInt(type)) return 'long';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'double';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return 'datetime';
  if (DataType.isDictionary(type)) return arrowColumnType(type.dictionary);
  return 'string'; // nested and binary values are kept as text
}

/** A FileHandle look-alike over ByteInput.read, so apache-arrow's file reader can seek to the footer. */
function randomAccessHandle(input: ByteInput): object {
  return {
    fd: -1,
    stat: () => Promise.resolve({ size: input.size! }),
    async read(buffer: Uint8Array, offset: number, length: number, position: number) {
      const bytes = await input.read!(position, position + length);
      buffer.set(bytes, offset);
      return { bytesRead: bytes.length, buffer };
    },
    close: () => Promise.resolve(),
  };
}

async function* readArrow(input: ByteInput, options: CodecReadOptions, random: boolean): AsyncGenerator<Batch, void, undefined> {
  const file = input.name;
  if (input.size === 0) throw new InputError('INPUT_EMPTY', file, 'file is empty');
  const size = Math.max(1, options.batchSize);
  let reader: AsyncIterable<RecordBatch> & { schema: Schema; open(): Promise<unknown> };
  try {
    const source = random && input.read !== undefined && input.size !== undefined ? randomAccessHandle(input) : input.stream(options.signal);
    reader = (await RecordBatchReader.from(source as AsyncIterable<Uint8Array>)) as unknown as typeof reader;
    await reader.open();
  } catch {
    throw new InputError('INPUT_MALFORMED', file, 'not a valid Arrow IPC file (bad header or schema)');
  }
  if (reader.schema === undefined || reader.schema === null) throw new InputError('INPUT_EMPTY', file, 'no Arrow schema in the input');
  const fields: Field[] = reader.schema.fields.map((f) => ({ name: f.name, type: arrowColumnType(f.type) }));
  const names = fields.map((f) => f.name);
  const build = rowBuilder(names);
  const values: Cell[] = new Array<Cell>(names.length);
  let start = 0;
  let yielded = false;
  const it = reader[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<RecordBatch>;
    try {
      next = await it.next();
    } catch {
      throw new InputError('INPUT_MALFORMED', file, `cannot decode the record batch after row ${start}`);
    }
    if (next.done) break;
    checkAborted(options.signal);
    const rb = next.value;
    const columns = names.map((_, c) => {
      const vector = rb.getChildAt(c);
      const raw: unknown[] = vector === null ? new Array<unknown>(rb.numRows).fill(null) : Array.from(vector as Iterable<unknown>);
      if (fields[c].type === 'datetime') return raw.map((v) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(Number(v))));
      return raw;
    });
    for (let off = 0; off < rb.numRows; off += size) {
      const end = Math.min(rb.numRows, off + size);
      const rows: Row[] = new Array<Row>(end - off);
      const rowNumbers: number[] = new Array<number>(end - off);
      for (let r = off; r < end; r++) {
        for (let c = 0; c < names.length; c++) values[c] = toCell(columns[c][r]);
        rows[r - off] = build(values);
        rowNumbers[r - off] = start + r + 1;
      }
      yielded = true;
      yield { fields, rows, file, rowNumbers };
    }
    start += rb.numRows;
  }
  if (!yielded) yield { fields, rows: [], file, rowNumbers: [] };
}

// ---- writing --------------------------------------------------------------------------------------------------

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'long':
      return new Int64();
    case 'double':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'datetime':
      return new TimestampMillisecond('UTC');
    default:
      return new Utf8();
  }
}

export class ArrowBatchWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private readonly preset: Field[] | undefined;
  private readonly stream: boolean;
  private fields: Field[] | null = null;
  private schema: Schema | null = null;
  private writer: RecordBatchWriter | null = null;
  private pump: Promise<void> | null = null;
  private pumpError: unknown = null;
  private idle = true;
  private rows = 0;

  constructor(out: ByteOutput, options: CodecWriteOptions, stream: boolean) {
    this.out = out;
    this.preset = options.fields;
    this.stream = stream;
  }

  private start(fields: Field[]): void {
    this.fields = fields;
    this.schema = new Schema(fields.map((f) => new ArrowField(f.name, arrowType(f.type), true)));
    const writer: RecordBatchWriter = this.stream ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
    this.writer = writer;
    // apache-arrow queues encoded bytes; this pump moves them to the output as they appear.
    this.pump = (async () => {
      const it = writer[Symbol.asyncIterator]();
      for (;;) {
        this.idle = true;
        const next = await it.next();
        this.idle = false;
        if (next.done) return;
        await this.out.write(next.value);
      }
    })().catch((e: unknown) => {
      this.pumpError = e;
    });
  }

  /** Waits until the pump has written everything queued so far (bounded memory: at most one batch in flight). */
  private async drained(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.pumpError !== null) throw this.pumpError;
      if (this.idle) return;
    }
  }

  private recordBatch(batch: Batch): RecordBatch {
    const fields = this.fields!;
    const children = fields.map(({ name, type }) => {
      const builder = makeBuilder({ type: arrowType(type), nullValues: [null, undefined] });
      const convert = converters[type] ?? converters.string;
      for (let r = 0; r < batch.rows.length; r++) {
        const v = batch.rows[r][name];
        if (v === null || v === undefined) {
          builder.append(null);
          continue;
        }
        const x = convert(v);
        if (x === undefined) {
          throw new RedactflowError('OUTPUT_FAILED', `${this.out.name}: row ${batch.rowNumbers[r]} of ${batch.file}, column ${name}: value does not fit the column type ${type}`);
        }
        builder.append(type === 'datetime' ? (x as Date).getTime() : x);
      }
      return builder.finish().flush();
    });
    const data = makeData({ type: new Struct<TypeMap>(this.schema!.fields), length: batch.rows.length, nullCount: 0, children });
    return new RecordBatch(this.schema!, data);
  }

  async write(batch: Batch): Promise<void> {
    if (this.fields === null) this.start(batch.fields);
    else sameColumns(this.fields, batch, this.out.name);
    this.writer!.write(this.recordBatch(batch));
    this.rows += batch.rows.length;
    await this.drained();
  }

  async finish(): Promise<{ rows: number }> {
    if (this.fields === null) {
      this.start(this.preset ?? []);
      this.writer!.write(this.recordBatch({ fields: this.fields!, rows: [], file: this.out.name, rowNumbers: [] }));
    }
    this.writer!.finish(); // footer (file) or end-of-stream marker, then closes the queue
    await this.pump;
    if (this.pumpError !== null) throw this.pumpError;
    return { rows: this.rows };
  }
}

export const arrowFileCodec: FormatCodec = {
  format: 'arrow',
  needsRandomAccess: true,
  read: (input, options) => readArrow(input, options, true),
  createWriter: (output, options) => new ArrowBatchWriter(output, options, false),
};

export const arrowStreamCodec: FormatCodec = {
  format: 'arrows',
  needsRandomAccess: false,
  read: (input, options) => readArrow(input, options, false),
  createWriter: (output, options) => new ArrowBatchWriter(output, options, true),
};
