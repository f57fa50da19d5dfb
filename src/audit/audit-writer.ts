// Streams audit records to disk as they are produced (constant memory), under a temporary name until the run
// completes. Each record is hash-chained (`prev`/`hash`, see chain.ts). `close` renames the audit into place and
// writes what sits beside it: summary.json, manifest.json (hashes of audit, summary, inputs, output) and, unless
// `audit.report: false`, report.html. The exported API (openAuditWriter, AuditWriter, summaryPathFor) is what the
// runner and the redact step rely on.
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditRecord } from './audit-record.ts';
import type { AuditConfig } from '../flow/flow-schema.ts';
import type { RunSummary } from '../run-summary.ts';
import { ChainedAuditFile, auditFormatFor } from './audit-file.ts';
import { genesisFor } from './chain.ts';
import { AuditStats } from './audit-stats.ts';
import { digestFile } from './file-digest.ts';
import { chainInfo, costFrom, manifestPathFor, summaryPathFor, timingsFrom, writeManifest, type AuditManifest } from './manifest.ts';
import { renderReportFile } from './report.ts';
import { RedactflowError } from '../errors.ts';
import { VERSION } from '../version.ts';

export interface AuditRunInfo {
  runId: string;
  flowSha256: string;
  /** Environment the fingerprint key is read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Parquet audits: records per row group (default 10,000). */
  rowGroupSize?: number;
}

export interface AuditWriter {
  readonly path: string;
  /** Appends records in order; sets `prev`/`hash` on the given record objects (hash chain). */
  write(records: readonly AuditRecord[]): Promise<void>;
  /** Number of records written so far. */
  readonly count: number;
  /** Completes the audit: flushes, renames into place, writes summary.json, manifest.json and report.html. */
  close(summary: RunSummary): Promise<void>;
  /** Deletes partial files. */
  abort(): Promise<void>;
  /** Keyed HMAC-SHA256 (hex) of a raw value for the record's `fingerprint`; undefined when not configured. */
  fingerprint(value: string): string | undefined;
}

export { summaryPathFor };

/** Where the run's HTML report goes: `audit.report`, default report.html beside the audit; null when disabled. */
export function reportPathFor(config: AuditConfig): string | null {
  if (config.report === false) return null;
  return typeof config.report === 'string' ? config.report : join(dirname(config.path), 'report.html');
}

class ChainedAuditWriter implements AuditWriter {
  readonly stats = new AuditStats();
  private closed = false;
  constructor(
    private readonly config: AuditConfig,
    private readonly run: AuditRunInfo,
    private readonly file: ChainedAuditFile,
    private readonly key: string | null,
  ) {}

  get path(): string {
    return this.config.path;
  }
  get count(): number {
    return this.file.count;
  }

  fingerprint(value: string): string | undefined {
    return this.key === null ? undefined : createHmac('sha256', this.key).update(value, 'utf8').digest('hex');
  }

  async write(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.closed) throw new RedactflowError('INTERNAL', `${this.path}: audit written after close`);
    const linked = await this.file.write(records);
    for (const r of linked) this.stats.add(r);
  }

  async close(summary: RunSummary): Promise<void> {
    this.closed = true;
    await this.file.finish();
    const summaryPath = summaryPathFor(this.path);
    await writeFile(summaryPath, JSON.stringify(summary, null, 2) + '\n');
    const [auditDigest, summaryDigest, inputs, outputs] = await Promise.all([
      digestFile(this.path),
      digestFile(summaryPath),
      Promise.all(summary.inputs.map((i) => digestFile(i.path))),
      summary.output ? digestFile(summary.output.path).then((d) => [{ ...d, rows: summary.output!.rows }]) : Promise.resolve([]),
    ]);
    const detectors = summary.detectors.length > 0 ? summary.detectors : this.stats.toJSON().detectors;
    const thresholds: Record<string, number[]> = {};
    for (const t of this.stats.types()) thresholds[t] = [...this.stats.scores.get(t)!.thresholds].sort((a, b) => a - b);
    const manifest: AuditManifest = {
      manifest_version: 1,
      kind: 'run',
      run_id: this.run.runId,
      created_at: new Date().toISOString(),
      tool: { name: 'redactflow', version: VERSION },
      flow: { ...summary.flow, sha256: summary.flow.sha256 || this.run.flowSha256 },
      detectors,
      thresholds,
      inputs,
      outputs,
      audit: { path: this.path, format: this.file.format, bytes: auditDigest.bytes ?? 0, sha256: auditDigest.sha256 ?? '', records: this.file.count },
      chain: chainInfo(this.file.genesis, this.file.head, this.file.count),
      summary: summaryDigest,
      counts: this.stats.toJSON().counts,
      timings: timingsFrom(summary),
      cost: costFrom(summary),
      fingerprint: this.key !== null && this.config.fingerprint_key_env ? { algorithm: 'hmac-sha256', key_env: this.config.fingerprint_key_env } : null,
    };
    await writeManifest(manifestPathFor(this.path), manifest);
    const reportPath = reportPathFor(this.config);
    if (reportPath) await renderReportFile(reportPath, this.stats, { manifest, summary, auditPath: this.path });
  }

  async abort(): Promise<void> {
    this.closed = true;
    await this.file.abort();
  }
}

export async function openAuditWriter(config: AuditConfig, run: AuditRunInfo): Promise<AuditWriter> {
  let key: string | null = null;
  if (config.fingerprint_key_env) {
    const v = (run.env ?? process.env)[config.fingerprint_key_env];
    if (!v) {
      throw new RedactflowError(
        'REDACTION_KEY_MISSING',
        `audit.fingerprint_key_env names ${config.fingerprint_key_env}, which is not set; set it to a secret key (e.g. 32 random bytes, hex) or remove the option`,
        { exitCode: 2 },
      );
    }
    key = v;
  }
  const file = await ChainedAuditFile.create(config.path, auditFormatFor(config.path, config.format), genesisFor(run.runId), {
    rowGroupSize: run.rowGroupSize,
  });
  return new ChainedAuditWriter(config, run, file, key);
}
