// One DATA_PAGE_V2 of an OPTIONAL flat column, shared by the string and typed column encoders: definition levels
// (RLE/bit-packed hybrid, never compressed), then the encoded values, compressed. Page headers go through
// hyparquet-writer's thrift code.
import type { ColumnChunk, Encoding, OffsetIndex } from 'hyparquet';
import { ByteWriter, type ParquetWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { Cell } from '../../table/batch.ts';

export type Writer = ParquetWriter['writer'];
export type ChunkResult = ParquetWriter['pendingIndexes'][number];
export type PageLocations = OffsetIndex['page_locations'];

export interface ChunkOptions {
  /** Target uncompressed bytes per data page. */
  pageSize: number;
  /** Compressor of the column's codec (SNAPPY); its result is copied out before it is called again. */
  compress: (bytes: Uint8Array) => Uint8Array;
}

/**
 * One OPTIONAL column of the row group being filled, as far as its definition levels go (1 = value, 0 = null):
 * the base of the string and typed column encoders, which store the values. Reused from group to group.
 */
export abstract class OptionalColumn {
  readonly name: string;
  protected readonly capacity: number;
  /** Rows buffered, and how many of them are null. */
  protected rows = 0;
  protected nulls = 0;
  /** Definition level of each buffered row. */
  protected readonly defs: Uint8Array;

  constructor(name: string, capacity: number) {
    this.name = name;
    this.capacity = capacity;
    this.defs = new Uint8Array(capacity);
  }

  get buffered(): number {
    return this.rows;
  }

  /** Adds one cell (null/undefined = null). False when it does not fit the column: nothing is added then. */
  add(cell: Cell | undefined): boolean {
    const row = this.rows;
    if (row >= this.capacity) throw new RangeError('row group overflow');
    if (cell === null || cell === undefined) {
      this.defs[row] = 0;
      this.rows = row + 1;
      this.nulls++;
      return true;
    }
    if (!this.addValue(row - this.nulls, cell)) return false;
    this.defs[row] = 1;
    this.rows = row + 1;
    return true;
  }

  /** Stores non-null value number `k` of the group; false when the cell does not fit (nothing stored). */
  protected abstract addValue(k: number, cell: Exclude<Cell, null>): boolean;
}

/**
 * Writes rows [from, to) as one page: `defs` are their definition levels (1 = value, 0 = null, `nulls` zeros) and
 * `body` the encoded non-null values. Returns the page's uncompressed size (header included), as column chunk
 * metadata counts it, and records its location.
 */
export function writeDataPage(
  writer: Writer,
  defs: Uint8Array,
  from: number,
  to: number,
  nulls: number,
  body: Uint8Array,
  encoding: Encoding,
  options: ChunkOptions,
  locations: PageLocations,
): number {
  const pageStart = writer.offset;
  const levels = new ByteWriter(64);
  if (nulls === 0) {
    levels.appendVarInt((to - from) << 1); // one RLE run of 1s
    levels.appendUint8(1);
  } else if (nulls === to - from) {
    levels.appendVarInt((to - from) << 1); // one RLE run of 0s
    levels.appendUint8(0);
  } else {
    writeRleBitPackedHybrid(levels, defs.subarray(from, to), 1);
  }
  const levelBytes = levels.getBytes();
  const compressed = options.compress(body);
  writePageHeader(writer, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levelBytes.length + body.length,
    compressed_page_size: levelBytes.length + compressed.length,
    data_page_header_v2: {
      num_values: to - from,
      num_nulls: nulls,
      num_rows: to - from,
      encoding,
      definition_levels_byte_length: levelBytes.length,
      repetition_levels_byte_length: 0,
      is_compressed: true,
    },
  });
  const uncompressed = writer.offset - pageStart + levelBytes.length + body.length;
  writer.appendBytes(levelBytes);
  writer.appendBytes(compressed);
  locations.push({ offset: BigInt(pageStart), compressed_page_size: writer.offset - pageStart, first_row_index: BigInt(from) });
  return uncompressed;
}

/** The offset index hyparquet-writer would give this chunk (only chunks of several pages get one). */
export function chunkResult(chunk: ColumnChunk, locations: PageLocations): ChunkResult {
  return { chunk, offsetIndex: locations.length > 1 ? { page_locations: locations } : undefined };
}
