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
