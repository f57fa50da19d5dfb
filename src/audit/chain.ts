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

/** Hash of a record (its `hash` member is ignored). */
export function recordHash(record: AuditRecord): string {
  const { hash: _hash, ...rest } = record;
  return sha256Hex(canonicalJson(rest));
}

/** Returns a copy of `record` chained after `prev` (members in schema order, `prev`/`hash` last). */
export function chainRecord(record: AuditRecord, prev: string): AuditRecord {
  const { prev: _p, hash: _h, ...rest } = record;
  const linked: AuditRecord = { ...rest, prev };
  linked.hash = recordHash(linked);
  return linked;
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
