// Streams audit records to disk as they are produced (constant memory), under a temporary name until the run
// completes. The audit owner (src/audit/) may extend this with hash chaining, manifest and report; the
// exported API (openAuditWriter, AuditWriter) is what the runner and the redact step rely on.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import type { AuditConfig } from '../flow/flow-schema.ts';
import type { RunSummary } from '../run-summary.ts';

export interface AuditRunInfo {
  runId: string;
  flowSha256: string;
}

export interface AuditWriter {
  readonly path: string;
  /** Appends records in order. */
  write(records: readonly AuditRecord[]): Promise<void>;
  /** Number of records written so far. */
  readonly count: number;
  /** Completes the audit: flushes, renames into place, writes what sits beside it (summary). */
  close(summary: RunSummary): Promise<void>;
  /** Deletes partial files. */
  abort(): Promise<void>;
}

class JsonlAuditWriter implements AuditWriter {
  count = 0;
  private readonly tmp: string;
  constructor(
    readonly path: string,
    private readonly out: WriteStream,
    tmp: string,
  ) {
    this.tmp = tmp;
  }

  async write(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    let chunk = '';
    for (const r of records) chunk += JSON.stringify(r) + '\n';
    this.count += records.length;
    if (!this.out.write(chunk)) await new Promise<void>((res) => this.out.once('drain', () => res()));
  }

  async close(summary: RunSummary): Promise<void> {
    await new Promise<void>((res, rej) => this.out.end((err?: Error | null) => (err ? rej(err) : res())));
    await rename(this.tmp, this.path);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(summaryPathFor(this.path), JSON.stringify(summary, null, 2) + '\n');
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.tmp, { force: true });
  }
}

export function summaryPathFor(auditPath: string): string {
  return `${dirname(auditPath)}/summary.json`;
}

export async function openAuditWriter(config: AuditConfig, _run: AuditRunInfo): Promise<AuditWriter> {
  await mkdir(dirname(config.path), { recursive: true });
  const tmp = `${config.path}.partial-${process.pid}`;
  const out = createWriteStream(tmp);
  return new JsonlAuditWriter(config.path, out, tmp);
}
