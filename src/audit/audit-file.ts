// A chained audit file being written: JSON Lines or Parquet, under a temporary name until `finish` renames it
// into place; `abort` removes it. Assigns `prev`/`hash` to every record. Used by the run's AuditWriter and by
// `audit merge`.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
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
      f.out = await LineFile.open(f.tmp);
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
        const body = this.encoder.encodeOpen(r);
        const hash = sha256Hex(body + '}');
        r.hash = hash;
        this.head = hash;
        if (out) await out.line(`${body},"hash":"${hash}"}`);
      }
      await out?.flush();
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
        await this.out.close();
      } catch (e) {
        this.failed = e as Error;
      }
      this.out = null;
    }
    if (this.failed) throw new RedactflowError('OUTPUT_FAILED', `${this.path}: audit write failed`, { cause: this.failed });
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    await this.out?.discard().catch(() => undefined); // removing it below is all that matters
    this.out = null;
    await this.pq?.destroy();
    await rm(this.tmp, { force: true });
  }
}

/**
 * Appends UTF-8 lines to a file through one reused buffer: audit lines are ~600 bytes and ~3 per row, and a
 * write stream's per-chunk string → Buffer conversion and queueing cost more than the write itself.
 */
class LineFile {
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private constructor(private fh: FileHandle | null) {}
  static async open(path: string): Promise<LineFile> {
    return new LineFile(await open(path, 'w'));
  }
  /** Appends a line; resolves at once unless the buffer had to be written out first. */
  async line(s: string): Promise<void> {
    // A UTF-16 unit is at most 3 UTF-8 bytes; a line too long for the buffer is written on its own.
    if (this.at + 3 * s.length + 1 > this.buf.length) {
      await this.flush();
      if (3 * s.length + 1 > this.buf.length) return this.writeAll(Buffer.from(`${s}\n`));
    }
    this.at += this.buf.write(s, this.at);
    this.buf[this.at++] = 0x0a;
  }
  async flush(): Promise<void> {
    const n = this.at;
    this.at = 0;
    if (n > 0) await this.writeAll(this.buf.subarray(0, n));
  }
  private async writeAll(b: Uint8Array): Promise<void> {
    if (!this.fh) throw new Error('audit file closed');
    let off = 0;
    while (off < b.length) off += (await this.fh.write(b, off, b.length - off)).bytesWritten;
  }
  async close(): Promise<void> {
    const fh = this.fh;
    if (!fh) return;
    try {
      await this.flush();
    } finally {
      this.fh = null;
      await fh.close();
    }
  }
  /** Closes without writing what is buffered (the file is being discarded). */
  async discard(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    this.at = 0;
    await fh?.close();
  }
}
