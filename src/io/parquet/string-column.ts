// OPTIONAL BYTE_ARRAY UTF8 column chunks, encoded here instead of by hyparquet-writer's writeColumn. Its path keeps
// every string of a row group alive until the group is written and then encodes each one separately with
// TextEncoder (one Uint8Array + ArrayBuffer per cell): most of the write time, and heaps of long-lived garbage
// (V8 promotes the buffered strings and the ~1 MiB decoded text chunks they are slices of). Here each batch is
// encoded as it arrives, into compact per-column bytes (PLAIN) or dictionary indexes, so cell strings die young;
// at the end of the group those bytes are handed to hyparquet-writer's own page header, RLE and compression
// code. The footer, indexes and metadata stay hyparquet-writer's.
//
// The layout is one that parquetjs-lite (and Parquet format 1 readers generally) can read: DATA_PAGE_V2, PLAIN
// values or a dictionary whose pages are labelled PLAIN_DICTIONARY (parquetjs-lite rejects the RLE_DICTIONARY label
// although the bytes are the same), and dictionary indexes wider than 8 bits bit-packed only (parquetjs-lite
// misreads RLE runs of values wider than one byte).
import type { ColumnChunk, Encoding } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { Cell } from '../../table/batch.ts';
import { converters } from '../cell-convert.ts';
import { chunkResult, OptionalColumn, writeDataPage, type ChunkOptions, type ChunkResult, type PageLocations, type Writer } from './data-page.ts';

export type { ChunkOptions, ChunkResult } from './data-page.ts';

/**
 * Every group starts with a dictionary; if more than DISTINCT_IN_PROBE of its first PROBE values are distinct
 * (over 3/4), the column goes PLAIN for the rest of the group.
 */
const PROBE = 1024;
const DISTINCT_IN_PROBE = 768;
/** After a PLAIN row group, the dictionary is tried again in every REPROBE-th group only. */
const REPROBE = 4;

/** Buffer#utf8Write: what Buffer#write(string, offset) ends up calling, minus its argument juggling. */
type Utf8Write = (this: Buffer, text: string, offset: number, length: number) => number;
const utf8Write: Utf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write
  ?? function (this: Buffer, text: string, offset: number, length: number): number {
    return this.write(text, offset, length, 'utf8');
  };

/**
 * Longest value written by the JS ASCII loop in writeValue; longer ones take the native write. V8 copies
 * substrings shorter than 13 characters into flat strings, whose characters JS reads fast; longer substrings are
 * slices of the decoded text chunk, where every charCodeAt pays for the indirection and the native write wins.
 */
const SHORT = 12;

/** Grows `buf` (doubling) so that it holds `need` bytes, keeping its first `used` bytes. */
function grow(buf: Buffer, used: number, need: number): Buffer {
  if (need <= buf.length) return buf;
  const next = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
  buf.copy(next, 0, 0, used);
  return next;
}

/**
 * Appends one PLAIN BYTE_ARRAY value (4-byte little-endian length, UTF-8 bytes) at `off`; returns its byte length.
 * The caller guarantees 4 + 3 * v.length bytes of room. Lone surrogates become U+FFFD, as with TextEncoder. (One
 * native write per value measured faster than a JS encoding loop, and than joining a batch into one string.)
 */
function writeValue(buf: Buffer, off: number, v: string): number {
  const len = v.length;
  let n = 0;
  if (len <= SHORT) {
    // Short values: a JS copy of ASCII code units beats the native call's fixed cost; any non-ASCII unit
    // falls back to the native UTF-8 write of the whole value.
    const at = off + 4;
    for (; n < len; n++) {
      const c = v.charCodeAt(n);
      if (c >= 0x80) break;
      buf[at + n] = c;
    }
    if (n < len) n = utf8Write.call(buf, v, at, buf.length - at);
  } else {
    n = utf8Write.call(buf, v, off + 4, buf.length - off - 4);
  }
  buf[off] = n & 0xff;
  buf[off + 1] = (n >>> 8) & 0xff;
  buf[off + 2] = (n >>> 16) & 0xff;
  buf[off + 3] = n >>> 24;
  return n;
}

function bitWidthOf(entries: number): number {
  return entries <= 1 ? 1 : Math.ceil(Math.log2(entries));
}

/** One string column of the row group being filled. Reused from group to group. */
export class StringColumn extends OptionalColumn {
  private dictMode = true;
  /** Consecutive row groups of this column written PLAIN. */
  private plainStreak = 0;
  // dictionary mode: distinct values (copies that do not pin the decoded text chunk they were sliced from) → index
  private readonly map = new Map<string, number>();
  /** PLAIN bytes of the dictionary entries (the dictionary page body). */
  private dict: Buffer = Buffer.allocUnsafe(1 << 12);
  private dictUsed = 0;
  private entryStart: number[] = [];
  private entryLen: number[] = [];
  /** Index of each non-null value, in row order. */
  private readonly indexes: Int32Array;
  /** UTF-8 bytes of all non-null values (what PLAIN would take, without length prefixes). */
  private valueBytes = 0;
  // PLAIN mode: the page bytes of all non-null values, in row order
  private data: Buffer = Buffer.allocUnsafe(1 << 12);
  private dataUsed = 0;

  constructor(name: string, capacity: number) {
    super(name, capacity);
    this.indexes = new Int32Array(capacity);
  }

  /** Non-string cells become their text; false when one cannot be written as a string (an invalid Date). */
  protected addValue(k: number, cell: Exclude<Cell, null>): boolean {
    let v: string;
    if (typeof cell === 'string') {
      v = cell;
    } else {
      const text = converters.string(cell);
      if (typeof text !== 'string') return false;
      v = text;
    }
    if (this.dictMode) {
      let e = this.map.get(v);
      if (e === undefined) {
        e = this.addEntry(v);
        this.indexes[k] = e;
        this.valueBytes += this.entryLen[e];
        // Mostly distinct values in the group's first PROBE, or a dictionary past half the values (it cannot halve
        // the PLAIN size any more): stop paying for the lookups now.
        const entries = e + 1;
        const nonNull = k + 1;
        if ((nonNull <= PROBE && entries > DISTINCT_IN_PROBE) || (entries > PROBE && entries * 2 > nonNull)) this.toPlain(nonNull);
        return true;
      }
      this.indexes[k] = e;
      this.valueBytes += this.entryLen[e];
      return true;
    }
    let off = this.dataUsed;
    const need = off + 4 + 3 * v.length; // UTF-8 never takes more than 3 bytes per UTF-16 unit
    if (need > this.data.length) this.data = grow(this.data, off, need);
    const n = writeValue(this.data, off, v);
    off += 4 + n;
    this.dataUsed = off;
    this.valueBytes += n;
    return true;
  }

  private addEntry(v: string): number {
    this.dict = grow(this.dict, this.dictUsed, this.dictUsed + 4 + 3 * v.length);
    const start = this.dictUsed + 4;
    const n = writeValue(this.dict, this.dictUsed, v);
    this.dictUsed = start + n;
    const e = this.entryLen.length;
    this.entryStart.push(start);
    this.entryLen.push(n);
    // Key by a fresh string decoded from the bytes: `v` is usually a slice of a ~1 MiB decoded text chunk, which
    // a long-lived Map key would keep alive.
    const key = this.dict.toString(n === v.length ? 'latin1' : 'utf8', start, start + n);
    this.map.set(key, e);
    return e;
  }

  /** Turns the first `nonNull` values, buffered as dictionary indexes, into PLAIN bytes (copies of the entries' bytes). */
  private toPlain(nonNull = this.rows - this.nulls): void {
    this.data = grow(this.data, 0, this.valueBytes + 4 * nonNull);
    const data = this.data;
    const dict = this.dict;
    let off = 0;
    // a byte loop: entries are short, and Buffer#copy costs ~1 µs a call
    for (let k = 0; k < nonNull; k++) {
      const e = this.indexes[k];
      const end = this.entryStart[e] + this.entryLen[e];
      for (let b = this.entryStart[e] - 4; b < end; b++) data[off++] = dict[b];
    }
    this.dataUsed = off;
    this.dictMode = false;
    this.clearDictionary();
  }

  private clearDictionary(): void {
    this.map.clear();
    this.dictUsed = 0;
    this.entryStart = [];
    this.entryLen = [];
  }

  /** Writes the buffered rows as one column chunk and empties the column for the next row group. */
  flush(writer: Writer, options: ChunkOptions): ChunkResult {
    const n = this.rows;
    const nonNull = n - this.nulls;
    if (this.dictMode) {
      // hyparquet-writer's rule: keep a dictionary only when it (with its indexes) at most halves the PLAIN bytes
      const entries = this.entryLen.length;
      const dictBytes = this.dictUsed + Math.ceil((nonNull * bitWidthOf(entries)) / 8);
      if (entries === 0 || 2 * dictBytes > this.valueBytes + 4 * nonNull) this.toPlain();
    }
    const chunkStart = writer.offset;
    let uncompressed = 0;
    let dictionaryOffset: bigint | undefined;
    const dictMode = this.dictMode;
    const bitWidth = bitWidthOf(this.entryLen.length);
    if (dictMode) {
      dictionaryOffset = BigInt(writer.offset);
      const plain = this.dict.subarray(0, this.dictUsed);
      const compressed = options.compress(plain);
      const headerStart = writer.offset;
      writePageHeader(writer, {
        type: 'DICTIONARY_PAGE',
        uncompressed_page_size: plain.length,
        compressed_page_size: compressed.length,
        dictionary_page_header: { num_values: this.entryLen.length, encoding: 'PLAIN_DICTIONARY' },
      });
      uncompressed += writer.offset - headerStart + plain.length;
      writer.appendBytes(compressed);
    }
    const encoding: Encoding = dictMode ? 'PLAIN_DICTIONARY' : 'PLAIN';
    const dataOffset = BigInt(writer.offset);
    const locations: PageLocations = [];
    const defs = this.defs;
    // Pages end at a row boundary once they hold about pageSize bytes (an index counts 4, as in hyparquet-writer).
    let row = 0;
    let k = 0; // non-null values before `row`
    let byte = 0; // PLAIN bytes before `row`
    const data = this.data;
    while (row < n) {
      const from = row;
      const kFrom = k;
      const byteFrom = byte;
      let nulls = 0;
      while (row < n) {
        if (defs[row] === 0) {
          nulls++;
        } else {
          if (dictMode) {
            byte += 4;
          } else {
            byte += 4 + (data[byte] | (data[byte + 1] << 8) | (data[byte + 2] << 16) | (data[byte + 3] << 24));
          }
          k++;
        }
        row++;
        if (byte - byteFrom >= options.pageSize) break;
      }
      let body: Uint8Array;
      if (dictMode) {
        const w = new ByteWriter(Math.ceil(((k - kFrom) * bitWidth) / 8) + 64);
        encodeIndexes(this.indexes.subarray(kFrom, k), bitWidth, w);
        body = w.getBytes();
      } else {
        body = data.subarray(byteFrom, byte);
      }
      uncompressed += writeDataPage(writer, defs, from, row, nulls, body, encoding, options, locations);
    }
    const chunk: ColumnChunk = {
      meta_data: {
        type: 'BYTE_ARRAY',
        encodings: dictMode ? ['PLAIN_DICTIONARY', 'RLE'] : ['PLAIN', 'RLE'],
        path_in_schema: [this.name],
        codec: 'SNAPPY',
        num_values: BigInt(n),
        total_compressed_size: BigInt(writer.offset - chunkStart),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset: dataOffset,
        dictionary_page_offset: dictionaryOffset,
      },
      file_offset: BigInt(chunkStart),
    };
    // reset for the next row group
    this.rows = 0;
    this.nulls = 0;
    this.valueBytes = 0;
    this.dataUsed = 0;
    this.clearDictionary();
    // A column whose groups end PLAIN starts the next groups PLAIN, trying the dictionary again every REPROBE
    // groups: building and dropping ~800 dictionary entries per group and column cost more than the probe saved.
    this.plainStreak = dictMode ? 0 : this.plainStreak + 1;
    this.dictMode = this.plainStreak % REPROBE === 0;
    return chunkResult(chunk, locations);
  }
}

/** Dictionary indexes of a page: bit width byte, then RLE/bit-packed hybrid runs (bit-packed only above 8 bits). */
function encodeIndexes(indexes: Int32Array, bitWidth: number, out: ByteWriter): void {
  out.appendUint8(bitWidth);
  if (bitWidth <= 8) {
    writeRleBitPackedHybrid(out, indexes, bitWidth);
    return;
  }
  const count = indexes.length;
  const groups = Math.ceil(count / 8);
  for (let g = 0; g < groups; g += 63) {
    const runGroups = Math.min(63, groups - g);
    out.appendVarInt((runGroups << 1) | 1);
    let acc = 0;
    let bits = 0;
    const end = (g + runGroups) * 8;
    for (let v = g * 8; v < end; v++) {
      acc += (v < count ? indexes[v] : 0) * 2 ** bits; // floating point: up to 31 + 7 bits do not fit an int32
      bits += bitWidth;
      while (bits >= 8) {
        out.appendUint8(acc % 256);
        acc = Math.floor(acc / 256);
        bits -= 8;
      }
    }
  }
}
