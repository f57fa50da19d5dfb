// Parquet codec. Reading uses hyparquet over the byte layer's random access, one row group at a time (never the
// whole file as rows). Writing uses hyparquet-writer's incremental ParquetWriter: rows are buffered up to a row
// group (ROW_GROUP_ROWS) and each encoded group is flushed to the ByteOutput. Types: string → BYTE_ARRAY UTF8,
// long → INT64, double → DOUBLE, boolean → BOOLEAN, datetime → INT64 TIMESTAMP(MILLIS, UTC); all nullable.
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { writeBlooms } from 'hyparquet-writer/src/bloom.js';
import { writeIndexes } from 'hyparquet-writer/src/indexes.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { InputError, RedactflowError } from '../../errors.ts';
import type { Batch, Cell, ColumnType, Field, Row } from '../../table/batch.ts';
import { checkAborted, sameColumns } from '../codec-util.ts';
import { converters, toCell } from '../cell-convert.ts';
import { rowBuilder } from '../rows.ts';
import type { BatchWriter, ByteInput, ByteOutput, CodecReadOptions, CodecWriteOptions, FormatCodec } from '../table-io.ts';

/** Most rows decoded at once when reading (bounded memory whatever the file's row group size). */
export const READ_SLICE_ROWS = 65_536;

/** Rows per written row group: big enough for good compression, small enough to keep memory flat. */
export const ROW_GROUP_ROWS = 32_768;

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
      let raw: Record<string, unknown>[];
      try {
        raw = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, useOffsetIndex: true });
      } catch (e) {
        if (e instanceof RedactflowError) throw e;
        throw new InputError('INPUT_MALFORMED', file, `cannot decode rows ${rowStart + 1}-${rowEnd}`);
      }
      const values: Cell[] = new Array<Cell>(names.length);
      for (let off = 0; off < raw.length; off += size) {
        const end = Math.min(raw.length, off + size);
        const rows: Row[] = new Array<Row>(end - off);
        const rowNumbers: number[] = new Array<number>(end - off);
        for (let r = off; r < end; r++) {
          const obj = raw[r];
          for (let c = 0; c < names.length; c++) values[c] = toCell(obj[names[c]]);
          rows[r - off] = build(values);
          rowNumbers[r - off] = rowStart + r + 1;
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

/** ByteWriter that hands its bytes to the ByteOutput after every row group instead of growing forever. */
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

export class ParquetBatchWriter implements BatchWriter {
  private readonly out: ByteOutput;
  private readonly preset: Field[] | undefined;
  private readonly rowGroupRows: number;
  private fields: Field[] | null = null;
  private writer: ParquetWriter | null = null;
  private columns: unknown[][] = [];
  private buffered = 0;
  private rows = 0;

  constructor(out: ByteOutput, options: CodecWriteOptions & { rowGroupRows?: number }) {
    this.out = out;
    this.preset = options.fields;
    this.rowGroupRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  }

  private start(fields: Field[]): void {
    this.fields = fields;
    this.writer = new CompatibleParquetWriter({
      writer: new FlushingWriter(this.out),
      schema: [{ name: 'root', num_children: fields.length }, ...fields.map(schemaElement)],
      createdBy: 'redactflow',
    });
    this.columns = fields.map(() => []);
  }

  async write(batch: Batch): Promise<void> {
    if (this.fields === null) this.start(batch.fields);
    else sameColumns(this.fields, batch, this.out.name);
    const fields = this.fields!;
    for (let c = 0; c < fields.length; c++) {
      const { name, type } = fields[c];
      const convert = converters[type] ?? converters.string;
      const col = this.columns[c];
      const rows = batch.rows;
      for (let r = 0; r < rows.length; r++) {
        const v = rows[r][name];
        if (v === null || v === undefined) {
          col.push(null);
          continue;
        }
        const x = convert(v);
        if (x === undefined) {
          throw new RedactflowError('OUTPUT_FAILED', `${this.out.name}: row ${batch.rowNumbers[r]} of ${batch.file}, column ${name}: value does not fit the column type ${type}`);
        }
        col.push(x);
      }
    }
    this.buffered += batch.rows.length;
    this.rows += batch.rows.length;
    if (this.buffered >= this.rowGroupRows) await this.flushGroup();
  }

  private async flushGroup(): Promise<void> {
    if (this.buffered === 0) return;
    const fields = this.fields!;
    // Min/max statistics only on numeric and boolean columns: string statistics cost ~10% of the write time and
    // parquetjs-lite crashes decoding timestamp statistics (BigInt → Date).
    const columnData = fields.map((f, c) => ({ name: f.name, data: this.columns[c], nullable: true, statistics: f.type !== 'datetime' && f.type !== 'string' }));
    this.columns = fields.map(() => []);
    const n = this.buffered;
    this.buffered = 0;
    try {
      await this.writer!.write({ columnData, rowGroupSize: n });
    } catch (e) {
      throw wrap(this.out.name, e);
    }
  }

  async finish(): Promise<{ rows: number }> {
    if (this.fields === null) this.start(this.preset ?? []);
    await this.flushGroup();
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
