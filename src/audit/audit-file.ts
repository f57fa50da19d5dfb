// A chained audit file being written: JSON Lines or Parquet, under a temporary name until `finish` renames it
// into place; `abort` removes it. Assigns `prev`/`hash` to every record. Used by the run's AuditWriter and by
// `audit merge`.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import { CanonicalRecordBytes } from './chain.ts';
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
  private readonly encoder = new CanonicalRecordBytes();

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
      const enc = this.encoder;
      for (let i = 0; i < records.length; i++) {
        const r = records[i];
        r.prev = this.head;
        // The hashed canonical form is the record's bytes plus `}`; the JSON line is the same bytes plus
        // `,"hash":"…"}`: one serialisation per record, straight into bytes.
        enc.encodeOpen(r);
        enc.closeBrace();
        const hash = sha256Hex(enc.buf.subarray(0, enc.length));
        r.hash = hash;
        this.head = hash;
        enc.markHex(hash);
        if (out) {
          const wait = out.record(enc.buf, enc.length - 1, hash);
          if (wait) await wait;
        }
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

const HASH_KEY = Buffer.from(',"hash":"');

/**
 * Appends audit lines to a file through one reused buffer: lines are ~600 bytes and ~3 per row, and a write
 * stream's per-chunk queueing costs more than the write itself.
 */
class LineFile {
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private constructor(private fh: FileHandle | null) {}
  static async open(path: string): Promise<LineFile> {
    return new LineFile(await open(path, 'w'));
  }
  /**
   * Appends `body[0, n)` + `,"hash":"<hash>"}` as a line (body: a record's canonical bytes without `}`).
   * Synchronous (no promise per record) unless the buffer must be written out first.
   */
  record(body: Buffer, n: number, hash: string): Promise<void> | undefined {
    const need = n + hash.length + 12;
    if (this.at + need > this.buf.length) {
      if (this.at > 0) return this.flush().then(() => this.record(body, n, hash));
      return this.writeAll(Buffer.concat([body.subarray(0, n), Buffer.from(`,"hash":"${hash}"}\n`)]));
    }
    const buf = this.buf;
    body.copy(buf, this.at, 0, n);
    let at = this.at + n;
    HASH_KEY.copy(buf, at);
    at += HASH_KEY.length;
    at += buf.write(hash, at, 'latin1');
    buf[at++] = 0x22; // "
    buf[at++] = 0x7d; // }
    buf[at++] = 0x0a;
    this.at = at;
    return undefined;
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
