// The unit of streaming: a batch of rows from one source file. Everything between reader and writer works on
// batches so memory stays flat however large the input is.

/** A cell value. Readers produce these; writers accept them. `null` is a missing value in every format. */
export type Cell = string | number | bigint | boolean | Date | null;

export type Row = Record<string, Cell>;

export type ColumnType = 'string' | 'long' | 'double' | 'boolean' | 'datetime';

export interface Field {
  name: string;
  /** Best-known logical type. CSV/JSON Lines columns are 'string' unless a cast step says otherwise. */
  type: ColumnType;
}

export interface Batch {
  /** Column order and types; every row has exactly these keys (missing values are null). */
  fields: Field[];
  rows: Row[];
  /** Source file each row came from (a path or s3:// URI), for audit records and errors. */
  file: string;
  /** 1-based data-row number of each row in its source file (header excluded), parallel to `rows`. */
  rowNumbers: number[];
}

export function columnNames(batch: Pick<Batch, 'fields'>): string[] {
  return batch.fields.map((f) => f.name);
}

/** A cell as text (dates as ISO 8601), or null: what detection, templates and comparisons see. */
export function cellToText(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
