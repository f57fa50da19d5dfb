// The I/O abstraction: a source yields batches, a sink takes them. One folder per format backend
// (csv/, jsonl/, parquet/, arrow/) and one for remote storage (s3/). Input and output formats are independent.
import type { Batch, Field } from '../table/batch.ts';

export type TableFormat = 'csv' | 'jsonl' | 'parquet' | 'arrow' | 'arrows';

export interface CsvOptions {
  /** Default ','. */
  delimiter?: string;
  /** Default '"'. */
  quote?: string;
  /** First line holds column names. Default true. */
  header?: boolean;
}

export interface SourceSpec {
  /** Local path, or s3://bucket/key, s3://bucket/prefix/ or s3://bucket/prefix/*.csv */
  path: string;
  /** Inferred from the extension when omitted (.csv .tsv .jsonl .ndjson .parquet .arrow .feather .arrows). */
  format?: TableFormat;
  csv?: CsvOptions;
}

export interface SinkSpec {
  path: string;
  format?: TableFormat;
  csv?: CsvOptions;
}

export interface ReadOptions {
  /** Rows per batch (default 4096). */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface TableSource {
  /** Files (or objects) this source reads, in order. */
  readonly files: readonly string[];
  batches(options?: ReadOptions): AsyncIterable<Batch>;
  /** Bytes read so far and, when every input's size is known, their total: progress and ETA. */
  progress?(): SourceProgress;
}

export interface SourceProgress {
  bytesRead: number;
  bytesTotal?: number;
}

export interface TableSink {
  readonly path: string;
  /** First call fixes the schema; later batches must have the same fields. */
  write(batch: Batch): Promise<void>;
  /** Flushes and atomically moves the finished file into place (temp name until then). */
  close(): Promise<{ path: string; bytes: number; rows: number }>;
  /** Deletes the partial output: a failed run never leaves a file that looks finished. */
  abort(): Promise<void>;
}

export interface SinkOptions {
  /** Schema known up front (lets writers of empty outputs still write a header/schema). */
  fields?: Field[];
}

// ---------------------------------------------------------------------------------------------------------------
// Byte layer. Format codecs never touch the file system: they read a ByteInput and write a ByteOutput, so the
// same CSV/JSON Lines/Parquet/Arrow code serves local files and S3 objects (src/io/s3/ only has to provide these
// two interfaces and call `getCodec(format)` from src/io/codecs.ts).

/** Bytes of one input file or object. */
export interface ByteInput {
  /** Path or s3:// URI: the name used in batches (`Batch.file`) and in error messages. */
  readonly name: string;
  /** Sequential read of the whole content as chunks (any chunk size). Each call starts from byte 0. */
  stream(signal?: AbortSignal): AsyncIterable<Uint8Array>;
  /** Total size in bytes, when known. Required (with `read`) by codecs that need random access (Parquet). */
  readonly size?: number;
  /** Random access: bytes [start, end). */
  read?(start: number, end: number): Promise<Uint8Array>;
  /** Releases what `read` opened (file handles, sockets). Called once the codec is done with the input. */
  close?(): Promise<void>;
}

/** Bytes of one output file or object. Writes are sequential; `write` resolves once the chunk is accepted. */
export interface ByteOutput {
  /** Final name (path or s3:// URI), for messages. */
  readonly name: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes and publishes the finished output (local: atomic rename; S3: complete the upload). */
  close(): Promise<{ bytes: number }>;
  /** Discards everything written: nothing that looks finished is left behind. */
  abort(): Promise<void>;
}

/** Options a codec reader gets (ReadOptions with defaults resolved, plus the format options). */
export interface CodecReadOptions {
  batchSize: number;
  signal?: AbortSignal;
  csv?: CsvOptions;
}

export interface CodecWriteOptions {
  csv?: CsvOptions;
  /** Schema known up front: lets a writer that never sees a batch still write a header/schema. */
  fields?: Field[];
}

/** Encodes batches into a ByteOutput. Does not close the output: the sink does that after `finish`. */
export interface BatchWriter {
  write(batch: Batch): Promise<void>;
  /** Writes trailers (Parquet footer, Arrow EOS/footer, header of an empty CSV). Returns rows written. */
  finish(): Promise<{ rows: number }>;
}

/** One table format: how to read it from bytes and how to write it to bytes. */
export interface FormatCodec {
  readonly format: TableFormat;
  /** True when reading needs `ByteInput.read` + `size` (Parquet footer is at the end of the file). */
  readonly needsRandomAccess: boolean;
  read(input: ByteInput, options: CodecReadOptions): AsyncIterable<Batch>;
  createWriter(output: ByteOutput, options: CodecWriteOptions): BatchWriter;
}

/** What src/io/s3/s3-table.ts must export (open-table.ts loads it for s3:// paths). */
export interface S3TableModule {
  openS3Source(spec: SourceSpec, opts?: { baseDir?: string }): Promise<TableSource>;
  openS3Sink(spec: SinkSpec, opts?: SinkOptions & { baseDir?: string }): Promise<TableSink>;
}
