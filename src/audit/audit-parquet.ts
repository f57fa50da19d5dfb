// Audit records as Parquet (`audit.format: parquet`): one column per record member (`detector` flattened to
// detector_name/detector_version, `explanation` as JSON text). Row groups are flushed to disk as they fill, so
// memory stays flat. Reading reconstructs the exact record objects, so the hash chain verifies across formats.
import { open, type FileHandle } from 'node:fs/promises';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import type { AuditDecision, AuditRecord } from './audit-record.ts';
import { AuditInvalidError } from './audit-invalid-error.ts';

type ColSpec = { name: string; type: 'STRING' | 'INT64' | 'DOUBLE' | 'INT32' };

const COLUMNS: ColSpec[] = [
  { name: 'version', type: 'INT32' },
  { name: 'run_id', type: 'STRING' },
  { name: 'flow_sha256', type: 'STRING' },
  { name: 'file', type: 'STRING' },
  { name: 'row', type: 'INT64' },
  { name: 'column', type: 'STRING' },
  { name: 'begin', type: 'INT64' },
  { name: 'end', type: 'INT64' },
  { name: 'type', type: 'STRING' },
  { name: 'score', type: 'DOUBLE' },
  { name: 'threshold', type: 'DOUBLE' },
  { name: 'decision', type: 'STRING' },
  { name: 'operator', type: 'STRING' },
  { name: 'detector_name', type: 'STRING' },
  { name: 'detector_version', type: 'STRING' },
  { name: 'explanation', type: 'STRING' },
  { name: 'request_id', type: 'STRING' },
  { name: 'fingerprint', type: 'STRING' },
  { name: 'prev', type: 'STRING' },
  { name: 'hash', type: 'STRING' },
];

type Value = string | number | bigint | null;

function columnValue(r: AuditRecord, name: string): Value {
  switch (name) {
    case 'row':
    case 'begin':
    case 'end':
      return BigInt(r[name]);
    case 'detector_name':
      return r.detector.name;
    case 'detector_version':
      return r.detector.version;
    case 'explanation':
      return r.explanation === undefined ? null : JSON.stringify(r.explanation);
    default: {
      const v = (r as unknown as Record<string, unknown>)[name];
      return v === undefined ? null : (v as Value);
    }
  }
}

/** Writes records to a local Parquet file, one row group per `rowGroupSize` records. */
export class ParquetAuditFile {
  private buffered: AuditRecord[] = [];
  private fh: FileHandle | null = null;
  private writer: ParquetWriter | null = null;
  private readonly bytes: ByteWriter;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly rowGroupSize = 10_000,
  ) {
    this.bytes = new ByteWriter(1 << 20);
  }

  async open(): Promise<void> {
    this.fh = await open(this.path, 'w');
    const fh = this.fh;
    const bw = this.bytes;
    // hyparquet-writer calls flush() after every row group: hand the encoded bytes to the file and reuse the buffer.
    (bw as unknown as { flush: () => Promise<void> }).flush = async () => {
      const chunk = new Uint8Array(bw.buffer, 0, bw.index).slice();
      bw.index = 0;
      await fh.write(chunk);
    };
    const columnData = this.columnData([]);
    const { schemaFromColumnData } = await import('hyparquet-writer');
    const schema = schemaFromColumnData({ columnData });
    this.writer = new ParquetWriter({ writer: bw, schema, createdBy: 'redactflow audit v1' });
  }

  private columnData(records: readonly AuditRecord[]): ColumnSource[] {
    return COLUMNS.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: true,
      data: records.map((r) => columnValue(r, c.name)),
    }));
  }

  async write(records: readonly AuditRecord[]): Promise<void> {
    for (const r of records) this.buffered.push(r);
    if (this.buffered.length >= this.rowGroupSize) await this.flushGroup();
  }

  private async flushGroup(): Promise<void> {
    if (!this.writer || this.buffered.length === 0) return;
    const batch = this.buffered;
    this.buffered = [];
    await this.pending;
    const r = this.writer.write({ columnData: this.columnData(batch), rowGroupSize: batch.length });
    this.pending = Promise.resolve(r);
    await this.pending;
  }

  async close(): Promise<void> {
    await this.flushGroup();
    await this.pending;
    if (this.writer) {
      const bw = this.bytes as unknown as { finish: () => void | Promise<void>; flush: () => Promise<void> };
      bw.finish = () => undefined;
      await this.writer.finish();
      await bw.flush();
    }
    await this.fh?.close();
    this.fh = null;
  }

  async destroy(): Promise<void> {
    this.buffered = [];
    await this.fh?.close().catch(() => undefined);
    this.fh = null;
  }
}

function num(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

function rowToRecord(o: Record<string, unknown>): AuditRecord {
  const r: AuditRecord = {
    version: num(o.version) as 1,
    run_id: o.run_id as string,
    flow_sha256: o.flow_sha256 as string,
    file: o.file as string,
    row: num(o.row),
    column: o.column as string,
    begin: num(o.begin),
    end: num(o.end),
    type: o.type as string,
    score: num(o.score),
    threshold: num(o.threshold),
    decision: o.decision as AuditDecision,
    operator: (o.operator ?? null) as string | null,
    detector: { name: o.detector_name as string, version: o.detector_version as string },
  };
  if (o.explanation != null) r.explanation = JSON.parse(o.explanation as string) as AuditRecord['explanation'];
  if (o.request_id != null) r.request_id = o.request_id as string;
  if (o.fingerprint != null) r.fingerprint = o.fingerprint as string;
  if (o.prev != null) r.prev = o.prev as string;
  if (o.hash != null) r.hash = o.hash as string;
  return r;
}

/** Reads a Parquet audit one row group at a time. */
export async function* readParquetAudit(path: string): AsyncGenerator<AuditRecord> {
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (e) {
    throw new AuditInvalidError(path, null, 'cannot open the audit', e);
  }
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new AuditInvalidError(path, null, 'not a readable Parquet audit', e);
  }
  let start = 0;
  for (const rg of metadata.row_groups) {
    const end = start + Number(rg.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end });
    } catch (e) {
      throw new AuditInvalidError(path, start + 1, 'row group starting here is unreadable', e);
    }
    for (let i = 0; i < rows.length; i++) {
      let r: AuditRecord;
      try {
        r = rowToRecord(rows[i]);
      } catch (e) {
        throw new AuditInvalidError(path, start + i + 1, 'not a valid audit record', e);
      }
      yield r;
    }
    start = end;
  }
}
