// manifest.json beside the audit: what ran, on what, producing what, and the hashes that tie the audit, the
// summary and the output together. Schema: schemas/manifest.v1.json.
import { readFile, writeFile, rename } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import type { DecisionCounts, RunSummary } from '../run-summary.ts';
import type { FileDigest } from './file-digest.ts';
import type { AuditFormat } from './read-audit.ts';
import { CHAIN_ALGORITHM, CHAIN_CANONICALIZATION } from './chain.ts';
import { RedactflowError } from '../errors.ts';

export const MANIFEST_VERSION = 1;

export interface ManifestPart {
  run_id: string;
  audit: FileDigest & { records: number };
  manifest: FileDigest;
  chain_head: string;
  flow_sha256: string | null;
}

export interface AuditManifest {
  manifest_version: 1;
  kind: 'run' | 'merged';
  run_id: string;
  created_at: string;
  tool: { name: 'redactflow'; version: string };
  flow: { name?: string; path: string; sha256: string } | null;
  detectors: { name: string; version: string; stats?: Record<string, number | undefined> }[];
  /** Distinct thresholds applied, per entity type (from the records). */
  thresholds: Record<string, number[]>;
  inputs: FileDigest[];
  outputs: (FileDigest & { rows?: number })[];
  audit: { path: string; format: AuditFormat; bytes: number; sha256: string; records: number };
  chain: { algorithm: string; canonicalization: string; genesis: string; head: string; records: number };
  summary: FileDigest | null;
  /** type → column → decision → count (from the records). */
  counts: Record<string, Record<string, DecisionCounts>>;
  timings: { started_at: string; finished_at: string; seconds: number; rows_in: number; rows_out: number; rows_per_second: number } | null;
  /** Detector request/billing figures, present when a billed detector (Comprehend) ran. */
  cost: { detector: string; stats: Record<string, number | undefined>; estimated_usd?: number }[] | null;
  fingerprint: { algorithm: 'hmac-sha256'; key_env: string } | null;
  parts?: ManifestPart[];
}

export function summaryPathFor(auditPath: string): string {
  return `${dirname(auditPath)}/summary.json`;
}

export function manifestPathFor(auditPath: string): string {
  return join(dirname(auditPath), 'manifest.json');
}

/** Public DetectPiiEntities price per unit (100 characters), used only when the stats carry no cost figure. */
const COMPREHEND_USD_PER_UNIT = 0.0001;

export function costFrom(summary: RunSummary | null): AuditManifest['cost'] {
  if (!summary) return null;
  const billed = summary.detectors.filter((d) => d.stats && (d.name === 'comprehend' || d.stats.units !== undefined || d.stats.cost_usd !== undefined));
  if (billed.length === 0) return null;
  return billed.map((d) => {
    const stats = { ...(d.stats ?? {}) };
    const est = stats.cost_usd ?? (d.name === 'comprehend' && stats.units !== undefined ? stats.units * COMPREHEND_USD_PER_UNIT : undefined);
    return est !== undefined ? { detector: d.name, stats, estimated_usd: Math.round(est * 1e6) / 1e6 } : { detector: d.name, stats };
  });
}

export function timingsFrom(summary: RunSummary | null): AuditManifest['timings'] {
  if (!summary) return null;
  return {
    started_at: summary.started_at,
    finished_at: summary.finished_at,
    seconds: summary.seconds,
    rows_in: summary.rows_in,
    rows_out: summary.rows_out,
    rows_per_second: summary.rows_per_second,
  };
}

export async function writeManifest(path: string, manifest: AuditManifest): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  await writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(tmp, path);
}

export async function readManifest(path: string): Promise<AuditManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new RedactflowError('AUDIT_INVALID', `${path}: manifest not found (it is written beside the audit at the end of a run)`, { cause: e });
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new RedactflowError('AUDIT_INVALID', `${path}: manifest is not valid JSON`);
  }
  const o = m as Partial<AuditManifest>;
  if (typeof o !== 'object' || o === null || o.manifest_version !== MANIFEST_VERSION || !o.chain || !o.audit || typeof o.run_id !== 'string') {
    throw new RedactflowError('AUDIT_INVALID', `${path}: not a redactflow manifest (manifest_version ${MANIFEST_VERSION})`);
  }
  return o as AuditManifest;
}

export async function readManifestIfExists(path: string): Promise<AuditManifest | null> {
  try {
    return await readManifest(path);
  } catch {
    return null;
  }
}

export const chainInfo = (genesis: string, head: string, records: number): AuditManifest['chain'] => ({
  algorithm: CHAIN_ALGORITHM,
  canonicalization: CHAIN_CANONICALIZATION,
  genesis,
  head,
  records,
});
