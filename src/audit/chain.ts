// The tamper-evidence chain: record i carries `prev` = hash of record i-1 (the genesis for the first) and
// `hash` = SHA-256 over the canonical JSON of the record without `hash`. The genesis is derived from the run id
// so records cannot be spliced in from another run's audit.
import type { AuditRecord } from './audit-record.ts';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

export const CHAIN_ALGORITHM = 'sha256';
export const CHAIN_CANONICALIZATION = 'json-sorted-keys';

export function genesisFor(runId: string): string {
  return sha256Hex(`redactflow-audit-v1\n${runId}`);
}

// The record's members in canonical (sorted) order, for the fast path below.
const SORTED_KEYS = ['begin', 'column', 'decision', 'detector', 'end', 'explanation', 'file', 'fingerprint', 'flow_sha256', 'operator', 'prev', 'request_id', 'row', 'run_id', 'score', 'threshold', 'type', 'version'] as const;
const KNOWN = new Set<string>([...SORTED_KEYS, 'hash']);

/** canonicalJson of a record without `hash`; a fast path for the known members (hashing is the audit's hot loop). */
export function canonicalRecord(record: AuditRecord): string {
  const o = record as unknown as Record<string, unknown>;
  for (const k in o) if (!KNOWN.has(k)) return canonicalJson({ ...o, hash: undefined });
  let s = '{';
  for (const k of SORTED_KEYS) {
    const v = o[k];
    if (v === undefined) continue;
    if (s.length > 1) s += ',';
    s += `"${k}":${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return s + '}';
}

/** Hash of a record (its `hash` member is ignored). */
export function recordHash(record: AuditRecord): string {
  return sha256Hex(canonicalRecord(record));
}

/**
 * Chains `record` after `prev`, in place (sets `prev` and `hash`; copying records doubled the audit's cost per
 * record). Returns the same object.
 */
export function chainRecord(record: AuditRecord, prev: string): AuditRecord {
  record.prev = prev;
  record.hash = recordHash(record);
  return record;
}

export type ChainProblem = { kind: 'prev' | 'hash'; index: number };

/** Incremental chain check: feed records in order; returns the first problem or null. */
export class ChainChecker {
  private expectedPrev: string;
  count = 0;
  constructor(genesis: string) {
    this.expectedPrev = genesis;
  }
  get head(): string {
    return this.expectedPrev;
  }
  check(record: AuditRecord): ChainProblem | null {
    const index = this.count++;
    if (record.prev !== this.expectedPrev) return { kind: 'prev', index };
    if (typeof record.hash !== 'string' || recordHash(record) !== record.hash) return { kind: 'hash', index };
    this.expectedPrev = record.hash;
    return null;
  }
}
