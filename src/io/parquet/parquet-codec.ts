// Parquet codec. Reading uses hyparquet over the byte layer's random access, one row group (or slice of a big
// one) at a time, building rows straight from its decoded column chunks. Writing uses hyparquet-writer's
// ParquetWriter for the file layout (header, footer, metadata, page indexes) and its page/RLE/compression code;
// string columns are encoded batch by batch into compact column bytes (string-column.ts), other columns through
// its writeColumn, one row group (ROW_GROUP_ROWS) at a time, each column chunk handed to the ByteOutput as soon as
// it is encoded. Types: string → BYTE_ARRAY UTF8, long → INT64, double → DOUBLE, boolean → BOOLEAN,
// datetime → INT64 TIMESTAMP(MILLIS, UTC); all nullable. Files are readable by parquetjs-lite (see
// string-column.ts and writeTypedChunk for what that takes).
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type ColumnChunk, type ColumnData, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { writeBlooms } from 'hyparquet-writer/src/bloom.js';
import { writeIndexes } from 'hyparquet-writer/src/indexes.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { InputError, RedactflowError } from '../../errors.ts';
import type { Batch, Cell, ColumnType, Field, Row } from '../../table/batch.ts';
import { checkAborted, sameColumns } from '../codec-util.ts';
import { toCell } from '../cell-convert.ts';
import { rowBuilder } from '../rows.ts';
import { snappyCompressReusing } from './snappy.ts';
import { StringColumn } from './string-column.ts';
import { typedColumn, type TypedColumn } from './typed-column.ts';
import type { BatchWriter, ByteInput, ByteOutput, CodecReadOptions, CodecWriteOptions, FormatCodec } from '../table-io.ts';

/** Most rows decoded at once when reading (bounded memory whatever the file's row group size). */
export const READ_SLICE_ROWS = 65_536;

/** Rows per written row group: big enough for good compression (16,384 vs 32,768: +0.5% bytes), small enough
 * to keep memory flat (a group's encoded columns are buffered: ~17 MB less at 16,384 on the seed's rows). */
export const ROW_GROUP_ROWS = 16_384;

/** Target uncompressed bytes per data page (hyparquet-writer's default). */
export const PAGE_SIZE = 1 << 20;

// ---- reading --------------------------------------------------------------------------------------------------

function asyncBuffer(input: ByteInput): AsyncBuffer {
  const read = input.read!;
  return {
    byteLength: input.size!,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const bytes = await read.call(input, start, end ?? input.size!);
      // hyparquet wants an ArrayBuffer of exactly these bytes
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
        ? bytes.buffer
        : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer); // Buffer#slice would not copy
    },
  };
}

/** Logical type of a top-level column from its schema element. */
export function parquetColumnType(el: SchemaElement): ColumnType {
  if (el.num_children !== undefined && el.num_children > 0) return 'string'; // nested: kept as JSON text
  const logical = el.logical_type?.type;
  const converted = el.converted_type;
  if (logical === 'TIMESTAMP' || logical === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || converted === 'DATE') return 'datetime';
  if (el.type === 'INT96') return 'datetime';
  if (converted === 'DECIMAL' || logical === 'DECIMAL') return 'double';
  switch (el.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'long';
    case 'FLOAT':
    case 'DOUBLE':
      return 'double';
    default:
      return 'string';
  }
}

/** Top-level fields of a parquet schema (flattened list with num_children). */
function topLevelFields(schema: SchemaElement[]): { fields: Field[] } {
  const fields: Field[] = [];
  let i = 1;
  const skip = (at: number): number => {
    const n = schema[at].num_children ?? 0;
    let next = at + 1;
    for (let c = 0; c < n; c++) next = skip(next);
    return next;
  };
  const count = schema[0]?.num_children ?? 0;
  for (let c = 0; c < count; c++) {
    fields.push({ name: schema[i].name, type: parquetColumnType(schema[i]) });
    i = skip(i);
  }
  return { fields };
}

/** Values of one column by absolute row index, over the chunks hyparquet emitted (in row order). */
class ChunkCursor {
  private readonly chunks: ColumnData[];
  private k = 0;
  constructor(chunks: ColumnData[]) {
    this.chunks = chunks.sort((a, b) => a.rowStart - b.rowStart);
  }
  /** Value at row `r`; rows are asked for in increasing order. Missing (not decoded) rows read as null. */
  at(r: number): unknown {
    const chunks = this.chunks;
    while (this.k < chunks.length && chunks[this.k].rowEnd <= r) this.k++;
    const c = chunks[this.k];
    if (c === undefined || r < c.rowStart) return null;
    return c.columnData[r - c.rowStart];
  }
}

export async function* readParquet(input: ByteInput, options: CodecReadOptions): AsyncGenerator<Batch, void, undefined> {
  const file = input.name;
  if (input.size === 0) throw new InputError('INPUT_EMPTY', file, 'file is empty');
  const buffer = asyncBuffer(input);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch {
    throw new InputError('INPUT_MALFORMED', file, 'not a valid Parquet file (bad footer or metadata)');
  }
  const { fields } = topLevelFields(metadata.schema);
  const names = fields.map((f) => f.name);
  const build = rowBuilder(names);
  const size = Math.max(1, options.batchSize);
  let start = 0;
  let yielded = false;
  // Big row groups (other writers use ~1M rows) are read in slices; the offset index lets hyparquet fetch only
  // the pages a slice needs.
  const slice = Math.max(size, READ_SLICE_ROWS);
  for (const group of metadata.row_groups) {
    const count = Number(group.num_rows);
    for (let from = 0; from < count; from += slice) {
      checkAborted(options.signal);
      const rowStart = start + from;
      const rowEnd = start + Math.min(count, from + slice);
      // Column chunks as hyparquet decodes them (onChunk): rows are built straight from the column arrays, without
      // the intermediate object per row that parquetReadObjects makes (half the allocations of a read).
      const chunks = new Map<string, ColumnData[]>();
      try {
        await parquetRead({
          file: buffer,
          metadata,
          rowStart,
          rowEnd,
          columns: names,
          useOffsetIndex: true,
          onChunk: (chunk) => {
            const list = chunks.get(chunk.columnName);
            if (list === undefined) chunks.set(chunk.columnName, [chunk]);
            else list.push(chunk);
          },
        });
      } catch (e) {
        if (e instanceof RedactflowError) throw e;
        throw new InputError('INPUT_MALFORMED', file, `cannot decode rows ${rowStart + 1}-${rowEnd}`);
      }
      const cursors = names.map((name) => new ChunkCursor(chunks.get(name) ?? []));
      chunks.clear();
      const values: Cell[] = new Array<Cell>(names.length);
      for (let at = rowStart; at < rowEnd; at += size) {
        const end = Math.min(rowEnd, at + size);
        const rows: Row[] = new Array<Row>(end - at);
        const rowNumbers: number[] = new Array<number>(end - at);
        for (let r = at; r < end; r++) {
          for (let c = 0; c < cursors.length; c++) values[c] = toCell(cursors[c].at(r));
          rows[r - at] = build(values);
          rowNumbers[r - at] = r + 1;
        }
        yielded = true;
        yield { fields, rows, file, rowNumbers };
      }
    }
    start += count;
  }
  if (!yielded) yield { fields, rows: [], file, rowNumbers: [] };
}

// ---- writing --------------------------------------------------------------------------------------------------

/** ByteWriter that hands its bytes to the ByteOutput after every column chunk instead of growing forever. */
class FlushingWriter extends ByteWriter {
  private readonly out: ByteOutput;
  constructor(out: ByteOutput) {
    super(1 << 20);
    this.out = out;
  }
  private drain(): Promise<void> {
    if (this.index === 0) return Promise.resolve();
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.out.write(chunk);
  }
  flush(): Promise<void> {
    return this.drain();
  }
  override finish(): Promise<void> {
    return this.drain();
  }
}

/**
 * ParquetWriter whose footer says format version 1 (as parquet-mr and pyarrow's default do) instead of 2: older
 * readers such as parquetjs-lite reject anything but 1. Same steps as ParquetWriter#finish otherwise.
 */
class CompatibleParquetWriter extends ParquetWriter {
  override finish(): void | Promise<void> {
    writeIndexes(this.writer, this.pendingIndexes);
    writeBlooms(this.writer, this.pendingIndexes);
    writeMetadata(
      this.writer,
      {
        version: 1,
        created_by: this.createdBy,
        schema: this.schema,
        num_rows: this.num_rows,
        row_groups: this.row_groups,
        metadata_length: 0,
        key_value_metadata: this.kvMetadata,
      },
      this.statisticsTruncateLength,
    );
    this.writer.appendUint32(0x31524150); // PAR1
    return this.writer.finish();
  }
}

function schemaElement(field: Field): SchemaElement {
  const base = { name: field.name, repetition_type: 'OPTIONAL' as const };
  switch (field.type) {
    case 'long':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'datetime':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
    default:
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

type ColumnEncoder = StringColumn | TypedColumn;

/**
 * Hands the cells of rows [from, to) to the column encoders, row by row; returns -1, or `r * columns + c` for the
 * first cell that does not fit its column's type.
 */
type Appender = (rows: readonly Row[], cols: readonly ColumnEncoder[], from: number, to: number) => number;

function appender(names: readonly string[]): Appender {
  // Generated like rows.ts builds rows: `row[name]` with a different name per column in one loop is a megamorphic
  // keyed load, one named load per column is not; and each column's add() call site sees a single class. Rows are
  // walked once, in order (their cells' text is read while it is in cache), with no intermediate column arrays.
  // Keys go through JSON.stringify (no code injection).
  const m = names.length;
  const decl = names.map((_, c) => `const c${c} = cols[${c}];`).join(' ');
  const body = names.map((name, c) => `if (!c${c}.add(row[${JSON.stringify(name)}])) return r * ${m} + ${c};`).join(' ');
  return new Function('rows', 'cols', 'from', 'to', `${decl} for (let r = from; r < to; r++) { const row = rows[r]; ${body} } return -1;`) as Appender;
}

export class ParquetBatchWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private readonly preset: Field[] | undefined;
  private readonly rowGroupRows: number;
  private readonly pageSize: number;
  private fields: Field[] | null = null;
  private writer: CompatibleParquetWriter | null = null;
  private bytes: FlushingWriter | null = null;
  private append: Appender | null = null;
  /** One encoder per column, filled batch by batch and flushed per row group (string-column.ts, typed-column.ts). */
  private columns: ColumnEncoder[] = [];
  private buffered = 0;
  private rows = 0;

  constructor(out: ByteOutput, options: CodecWriteOptions & { rowGroupRows?: number; pageSize?: number }) {
    this.out = out;
    this.preset = options.fields;
    this.rowGroupRows = Math.max(1, options.rowGroupRows ?? ROW_GROUP_ROWS);
    this.pageSize = options.pageSize ?? PAGE_SIZE;
  }

  private start(fields: Field[]): void {
    this.fields = fields;
    this.bytes = new FlushingWriter(this.out);
    this.writer = new CompatibleParquetWriter({
      writer: this.bytes,
      schema: [{ name: 'root', num_children: fields.length }, ...fields.map(schemaElement)],
      createdBy: 'redactflow',
      compressors: { SNAPPY: snappyCompressReusing },
    });
    this.append = appender(fields.map((f) => f.name));
    this.columns = fields.map((f) => typedColumn(f.name, f.type, this.rowGroupRows) ?? new StringColumn(f.name, this.rowGroupRows));
  }

  async write(batch: Batch): Promise<void> {
    if (this.fields === null) this.start(batch.fields);
    else sameColumns(this.fields, batch, this.out.name);
    const rows = batch.rows;
    for (let r = 0; r < rows.length; ) {
      const take = Math.min(rows.length - r, this.rowGroupRows - this.buffered);
      const bad = this.append!(rows, this.columns, r, r + take);
      if (bad !== -1) throw this.misfit(batch, bad);
      this.buffered += take;
      r += take;
      if (this.buffered >= this.rowGroupRows) await this.flushGroup();
    }
    this.rows += rows.length;
  }

  /** The error for the cell at `at` (row * columns + column) that does not fit its column type. */
  private misfit(batch: Batch, at: number): RedactflowError {
    const fields = this.fields!;
    const { name, type } = fields[at % fields.length];
    const row = batch.rowNumbers[Math.floor(at / fields.length)];
    return new RedactflowError('OUTPUT_FAILED', `${this.out.name}: row ${row} of ${batch.file}, column ${name}: value does not fit the column type ${type}`);
  }

  private async flushGroup(): Promise<void> {
    const n = this.buffered;
    if (n === 0) return;
    this.buffered = 0;
    const pw = this.writer!;
    const bytes = this.bytes!;
    const groupStart = bytes.offset;
    const chunks: ColumnChunk[] = [];
    const options = { pageSize: this.pageSize, compress: snappyCompressReusing };
    try {
      for (const column of this.columns) {
        const result = column.flush(bytes, options);
        chunks.push(result.chunk);
        pw.pendingIndexes.push(result);
        // Hand each column chunk to the output right away: only one chunk's bytes are ever held here.
        await bytes.flush();
      }
    } catch (e) {
      throw wrap(this.out.name, e);
    }
    let total = 0n;
    for (const ch of chunks) total += ch.meta_data?.total_uncompressed_size ?? 0n;
    pw.row_groups.push({ columns: chunks, total_byte_size: total, num_rows: BigInt(n), total_compressed_size: BigInt(bytes.offset - groupStart) });
    pw.num_rows += BigInt(n);
  }

  async finish(): Promise<{ rows: number }> {
    if (this.fields === null) this.start(this.preset ?? []);
    await this.flushGroup();
    this.columns = [];
    try {
      await this.writer!.finish();
    } catch (e) {
      throw wrap(this.out.name, e);
    }
    return { rows: this.rows };
  }
}

function wrap(name: string, e: unknown): RedactflowError {
  if (e instanceof RedactflowError) return e;
  // hyparquet-writer messages can quote values: keep only that encoding failed.
  return new RedactflowError('OUTPUT_FAILED', `${name}: Parquet encoding failed`);
}

export const parquetCodec: FormatCodec = {
  format: 'parquet',
  needsRandomAccess: true,
  read: readParquet,
  createWriter: (output, options) => new ParquetBatchWriter(output, options),
};
