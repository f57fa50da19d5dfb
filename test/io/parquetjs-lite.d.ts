// Minimal typings for the parts of parquetjs-lite the interop test uses (the package ships none).
declare module 'parquetjs-lite' {
  export interface FieldSpec {
    type: string;
    optional?: boolean;
    compression?: string;
  }
  export class ParquetSchema {
    constructor(fields: Record<string, FieldSpec>);
  }
  export class ParquetWriter {
    static openFile(schema: ParquetSchema, path: string, opts?: Record<string, unknown>): Promise<ParquetWriter>;
    appendRow(row: Record<string, unknown>): Promise<void>;
    setRowGroupSize(n: number): void;
    close(): Promise<void>;
  }
  export interface ParquetCursor {
    next(): Promise<Record<string, unknown> | null>;
  }
  export interface FieldInfo {
    primitiveType?: string;
    originalType?: string;
    repetitionType?: string;
  }
  export class ParquetReader {
    schema: { fields: Record<string, FieldInfo> };
    static openFile(path: string): Promise<ParquetReader>;
    getCursor(columns?: string[]): ParquetCursor;
    getRowCount(): number | bigint | { toNumber(): number };
    close(): Promise<void>;
  }
  const parquet: { ParquetSchema: typeof ParquetSchema; ParquetWriter: typeof ParquetWriter; ParquetReader: typeof ParquetReader };
  export default parquet;
}
