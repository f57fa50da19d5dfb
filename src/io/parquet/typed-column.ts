// OPTIONAL INT64 (long, TIMESTAMP millis), DOUBLE and BOOLEAN column chunks, encoded here cell by cell straight
// into the group's PLAIN bytes instead of through hyparquet-writer's writeColumn (which wants a JS array of
// bigint/Date/number per group, then copies it several times: values, unconverted values, non-null filter, page
// slices, and allocates a BigInt per long). Pages are DATA_PAGE_V2 with PLAIN values, which parquetjs-lite reads
// (it cannot read hyparquet-writer's RLE booleans or RLE_DICTIONARY labels). Statistics (min, max, null count;
// NaN count for doubles) are kept on the fly as hyparquet-writer computes them; none for timestamps, whose
// statistics parquetjs-lite fails to decode.
import type { ColumnChunk, Encoding, ParquetType } from 'hyparquet';
import type { Cell, ColumnType } from '../../table/batch.ts';
import { converters } from '../cell-convert.ts';
import { chunkResult, OptionalColumn, writeDataPage, type ChunkOptions, type ChunkResult, type PageLocations, type Writer } from './data-page.ts';

const TWO_32 = 4294967296;
const INT64_MIN = -9223372036854775808; // exactly -2^63 as a double
const INT64_LIMIT = 9223372036854775808; // 2^63: the first double above the INT64 range

// hyparquet-writer writes nan_count too (its ChunkStatistics); hyparquet's type lacks it
type Statistics = NonNullable<NonNullable<ColumnChunk['meta_data']>['statistics']> & { nan_count?: bigint };

/** A typed column of the row group being filled. Reused from group to group. */
export abstract class TypedColumn extends OptionalColumn {
  /** PLAIN bytes of the non-null values, `width` bytes each (booleans: one byte each until flushed). */
  protected readonly bytes: Uint8Array;
  protected readonly view: DataView;
  protected abstract readonly type: ParquetType;
  /** Bytes per value in `bytes`. */
  protected abstract readonly width: number;

  constructor(name: string, capacity: number, width: number) {
    super(name, capacity);
    this.bytes = new Uint8Array(capacity * width);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Page body of non-null values [from, to). */
  protected body(from: number, to: number): Uint8Array {
    return this.bytes.subarray(from * this.width, to * this.width);
  }

  /** Chunk statistics of the buffered values (undefined: none written). Called before reset(). */
  protected abstract statistics(): Statistics | undefined;

  /** Clears per-group state (statistics). */
  protected abstract reset(): void;

  /** Writes the buffered rows as one column chunk and empties the column for the next row group. */
  flush(writer: Writer, options: ChunkOptions): ChunkResult {
    const n = this.rows;
    const chunkStart = writer.offset;
    const locations: PageLocations = [];
    const defs = this.defs;
    // Pages end once they hold pageSize bytes of values (hyparquet-writer's rule, which counts nulls as 0).
    const perPage = Math.max(1, Math.ceil(options.pageSize / this.width));
    let uncompressed = 0;
    let row = 0;
    let k = 0;
    while (row < n) {
      const from = row;
      const kFrom = k;
      let nulls = 0;
      while (row < n && k - kFrom < perPage) {
        if (defs[row] === 0) nulls++;
        else k++;
        row++;
      }
      // a page never ends on nulls that the next page could take: keep trailing nulls with their page
      while (row < n && defs[row] === 0) {
        nulls++;
        row++;
      }
      uncompressed += writeDataPage(writer, defs, from, row, nulls, this.body(kFrom, k), 'PLAIN', options, locations);
    }
    const statistics = this.statistics();
    const chunk: ColumnChunk = {
      meta_data: {
        type: this.type,
        encodings: ['PLAIN', 'RLE'],
        path_in_schema: [this.name],
        codec: 'SNAPPY',
        num_values: BigInt(n),
        total_compressed_size: BigInt(writer.offset - chunkStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset: BigInt(chunkStart),
        statistics,
        encoding_stats: statistics === undefined ? undefined : [{ page_type: 'DATA_PAGE_V2', encoding: 'PLAIN' as Encoding, count: locations.length }],
      },
      file_offset: BigInt(chunkStart),
    };
    this.rows = 0;
    this.nulls = 0;
    this.reset();
    return chunkResult(chunk, locations);
  }
}

/** INT64 values: `long` cells, or TIMESTAMP(MILLIS) for `datetime` cells (epoch milliseconds). */
export class Int64Column extends TypedColumn {
  protected readonly type = 'INT64';
  protected readonly width = 8;
  private readonly datetime: boolean;
  private min = Infinity;
  private max = -Infinity;
  /** Extremes of values given as bigints outside the safe integer range (undefined: none). */
  private bigMin: bigint | undefined;
  private bigMax: bigint | undefined;

  constructor(name: string, capacity: number, datetime: boolean) {
    super(name, capacity, 8);
    this.datetime = datetime;
  }

  protected addValue(k: number, cell: Exclude<Cell, null>): boolean {
    let v: number;
    if (this.datetime) {
      const d = cell instanceof Date ? cell : converters.datetime(cell);
      if (!(d instanceof Date)) return false;
      v = d.getTime();
      if (Number.isNaN(v)) return false;
    } else if (typeof cell === 'number') {
      if (!Number.isInteger(cell) || cell < INT64_MIN || cell >= INT64_LIMIT) return false;
      v = cell;
    } else {
      const b = typeof cell === 'bigint' ? cell : converters.long(cell);
      if (typeof b !== 'bigint' || b < -(2n ** 63n) || b >= 2n ** 63n) return false;
      if (b < BigInt(Number.MIN_SAFE_INTEGER) || b > BigInt(Number.MAX_SAFE_INTEGER)) {
        this.view.setBigInt64(k * 8, b, true);
        if (this.bigMin === undefined || b < this.bigMin) this.bigMin = b;
        if (this.bigMax === undefined || b > this.bigMax) this.bigMax = b;
        return true;
      }
      v = Number(b);
    }
    // Integral doubles: both 32-bit halves are exact (power-of-two division and remainder are exact).
    const at = k * 8;
    this.view.setInt32(at, v % TWO_32, true);
    this.view.setInt32(at + 4, Math.floor(v / TWO_32), true);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    return true;
  }

  protected statistics(): Statistics | undefined {
    if (this.datetime) return undefined;
    let min: number | bigint | undefined = this.min === Infinity ? undefined : this.min;
    let max: number | bigint | undefined = this.max === -Infinity ? undefined : this.max;
    if (this.bigMin !== undefined && (min === undefined || this.bigMin < min)) min = this.bigMin;
    if (this.bigMax !== undefined && (max === undefined || this.bigMax > max)) max = this.bigMax;
    return { min_value: typeof min === 'number' ? BigInt(min) : min, max_value: typeof max === 'number' ? BigInt(max) : max, null_count: BigInt(this.nulls) };
  }

  protected reset(): void {
    this.min = Infinity;
    this.max = -Infinity;
    this.bigMin = undefined;
    this.bigMax = undefined;
  }
}

export class DoubleColumn extends TypedColumn {
  protected readonly type = 'DOUBLE';
  protected readonly width = 8;
  private min = Infinity;
  private max = -Infinity;
  private nans = 0;

  constructor(name: string, capacity: number) {
    super(name, capacity, 8);
  }

  protected addValue(k: number, cell: Exclude<Cell, null>): boolean {
    let v: number;
    if (typeof cell === 'number') {
      v = cell;
    } else {
      const x = converters.double(cell);
      if (typeof x !== 'number') return false;
      v = x;
    }
    this.view.setFloat64(k * 8, v, true);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v !== v) this.nans++; // NaN: counted, not part of min/max (Parquet spec)
    return true;
  }

  protected statistics(): Statistics {
    const any = this.min <= this.max;
    // signed zeros: min is -0, max is +0 (Parquet spec), as hyparquet-writer writes them
    const min = !any ? undefined : this.min === 0 ? -0 : this.min;
    const max = !any ? undefined : this.max === 0 ? 0 : this.max;
    return { min_value: min, max_value: max, null_count: BigInt(this.nulls), nan_count: BigInt(this.nans) };
  }

  protected reset(): void {
    this.min = Infinity;
    this.max = -Infinity;
    this.nans = 0;
  }
}

/** BOOLEAN: one byte per value while buffering, bit-packed (LSB first, PLAIN) per page. */
export class BooleanColumn extends TypedColumn {
  protected readonly type = 'BOOLEAN';
  protected readonly width = 1;
  private trues = 0;
  private falses = 0;

  constructor(name: string, capacity: number) {
    super(name, capacity, 1);
  }

  protected addValue(k: number, cell: Exclude<Cell, null>): boolean {
    const b = typeof cell === 'boolean' ? cell : converters.boolean(cell);
    if (typeof b !== 'boolean') return false;
    this.bytes[k] = b ? 1 : 0;
    if (b) this.trues++;
    else this.falses++;
    return true;
  }

  protected override body(from: number, to: number): Uint8Array {
    const out = new Uint8Array(Math.ceil((to - from) / 8));
    const bytes = this.bytes;
    for (let i = from; i < to; i++) if (bytes[i] === 1) out[(i - from) >>> 3] |= 1 << ((i - from) & 7);
    return out;
  }

  protected statistics(): Statistics {
    const any = this.trues + this.falses > 0;
    return { min_value: any ? this.falses === 0 : undefined, max_value: any ? this.trues > 0 : undefined, null_count: BigInt(this.nulls) };
  }

  protected reset(): void {
    this.trues = 0;
    this.falses = 0;
  }
}

/** The typed encoder of a non-string column type, or null for string columns. */
export function typedColumn(name: string, type: ColumnType, capacity: number): TypedColumn | null {
  switch (type) {
    case 'long':
      return new Int64Column(name, capacity, false);
    case 'datetime':
      return new Int64Column(name, capacity, true);
    case 'double':
      return new DoubleColumn(name, capacity);
    case 'boolean':
      return new BooleanColumn(name, capacity);
    default:
      return null;
  }
}
