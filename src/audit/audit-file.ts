// A chained audit file being written: JSON Lines or Parquet, under a temporary name until `finish` renames it
// into place; `abort` removes it. Assigns `prev`/`hash` to every record. Used by the run's AuditWriter and by
// `audit merge`.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import { CanonicalRecordEncoder } from './chain.ts';
import { sha256Hex } from './canonical-json.ts';
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
  private out: LineFile | null = null;
  private pq: ParquetAuditFile | null = null;
  private failed: Error | null = null;
  private readonly encoder = new CanonicalRecordEncoder();

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
      f.out = new LineFile(f.tmp);
    }
    return f;
  }

  /** Chains (sets `prev`/`hash` on the records given) and writes them in order. */
  async write(records: readonly AuditRecord[]): Promise<readonly AuditRecord[]> {
    if (this.failed) throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: this.failed });
    const out = this.out;
    try {
      for (let i = 0; i < records.length; i++) {
        const r = records[i];
        r.prev = this.head;
        // The JSON line is the hashed canonical form plus `hash`: one serialisation per record, not two.
        const open = this.encoder.encodeOpen(r);
        const hash = sha256Hex(open + '}');
        r.hash = hash;
        this.head = hash;
        if (out) out.line(`${open},"hash":"${hash}"}`);
      }
      out?.flush();
    } catch (e) {
      this.failed = e as Error;
      throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: e });
    }
    this.count += records.length;
    if (this.pq) await this.pq.write(records);
    return records;
  }

  /** Flushes and renames the finished file into place. */
  async finish(): Promise<void> {
    if (this.pq) await this.pq.close();
    if (this.out) {
      try {
        this.out.close();
      } catch (e) {
        this.failed = e as Error;
      }
      this.out = null;
    }
    if (this.failed) throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: this.failed });
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    try {
      this.out?.close();
    } catch {
      // removing it below is all that matters
    }
    this.out = null;
    await this.pq?.destroy();
    await rm(this.tmp, { force: true });
  }
}

/**
 * Appends UTF-8 lines to a file through one reused buffer with synchronous writes: audit lines are ~600 bytes
 * and ~3 per row, and a write stream's per-chunk string → Buffer conversion and queueing cost more than the
 * write itself (page-cache writes of 1 MB do not stall the event loop measurably).
 */
class LineFile {
  private fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  line(s: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes; very long lines are written on their own.
    if (this.at + 3 * s.length + 1 > this.buf.length) {
      this.flush();
      if (3 * s.length + 1 > this.buf.length) {
        this.writeAll(Buffer.from(`${s}\n`));
        return;
      }
    }
    this.at += this.buf.write(s, this.at);
    this.buf[this.at++] = 0x0a;
  }
  flush(): void {
    if (this.at > 0) this.writeAll(this.buf.subarray(0, this.at));
    this.at = 0;
  }
  private writeAll(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
  }
  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      this.flush();
    } finally {
      closeSync(fd);
    }
  }
}
