// A chained audit file being written: JSON Lines or Parquet, under a temporary name until `finish` renames it
// into place; `abort` removes it. Assigns `prev`/`hash` to every record. Used by the run's AuditWriter and by
// `audit merge`.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import { chainRecord } from './chain.ts';
import { ParquetAuditFile } from './audit-parquet.ts';
import type { AuditFormat } from './read-audit.ts';
import { RedactflowError } from '../errors.ts';

export function auditFormatFor(path: string, format?: AuditFormat): AuditFormat {
  return format ?? (/\.parquet$/i.test(path) ? 'parquet' : 'jsonl');
}

export class ChainedAuditFile {
  count = 0;
  head: string;
  private readonly tmp: string;
  private out: WriteStream | null = null;
  private pq: ParquetAuditFile | null = null;
  private failed: Error | null = null;

  private constructor(
    readonly path: string,
    readonly format: AuditFormat,
    readonly genesis: string,
  ) {
    this.head = genesis;
    this.tmp = join(dirname(path), `.${basename(path)}.partial-${process.pid}-${Date.now().toString(36)}`);
  }

  static async create(path: string, format: AuditFormat, genesis: string, options: { rowGroupSize?: number } = {}): Promise<ChainedAuditFile> {
    await mkdir(dirname(path), { recursive: true });
    const f = new ChainedAuditFile(path, format, genesis);
    if (format === 'parquet') {
      f.pq = new ParquetAuditFile(f.tmp, options.rowGroupSize);
      await f.pq.open();
    } else {
      f.out = createWriteStream(f.tmp);
      f.out.on('error', (e) => (f.failed = e));
    }
    return f;
  }

  /** Chains (sets `prev`/`hash` on the records given) and writes them in order. */
  async write(records: readonly AuditRecord[]): Promise<readonly AuditRecord[]> {
    if (this.failed) throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: this.failed });
    let chunk = '';
    for (const r of records) {
      chainRecord(r, this.head);
      this.head = r.hash!;
      if (this.out) chunk += JSON.stringify(r) + '\n';
    }
    this.count += records.length;
    if (this.pq) await this.pq.write(records);
    else if (this.out && chunk && !this.out.write(chunk)) await new Promise<void>((res) => this.out!.once('drain', () => res()));
    return records;
  }

  /** Flushes and renames the finished file into place. */
  async finish(): Promise<void> {
    if (this.pq) await this.pq.close();
    if (this.out) {
      const out = this.out;
      await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    }
    if (this.failed) throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: this.failed });
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    this.out?.destroy();
    await this.pq?.destroy();
    await rm(this.tmp, { force: true });
  }
}
