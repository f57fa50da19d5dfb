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
// (CanonicalRecordEncoder.encodeOpen writes them out in this order.)
const SORTED_KEYS = ['begin', 'column', 'decision', 'detector', 'end', 'explanation', 'file', 'fingerprint', 'flow_sha256', 'operator', 'prev', 'request_id', 'row', 'run_id', 'score', 'threshold', 'type', 'version'] as const;
const KNOWN = new Set<string>([...SORTED_KEYS, 'hash']);

/**
 * canonicalJson of records without `hash`, fast: hashing is the audit's hot loop (~3 records per row). The JSON
 * of repeated strings (column, type, decision, file, ...) and of frozen shared objects (the detector's name and
 * version, the local detector's interned explanations) is computed once and reused. Same output as
 * canonicalJson({...record, hash: undefined}).
 */
export class CanonicalRecordEncoder {
  private strings = new Map<string, string>();
  private objects = new WeakMap<object, string>();

  private str(v: string): string {
    if (v.length > 256) return JSON.stringify(v);
    let s = this.strings.get(v);
    if (s === undefined) {
      // Bounded: values like request ids or fingerprints never repeat.
      if (this.strings.size >= 4096) this.strings.clear();
      s = JSON.stringify(v);
      this.strings.set(v, s);
    }
    return s;
  }

  private numbers = new Map<number, string>();

  /** Scores (4 decimals) and thresholds take few distinct values: their shortest form is computed once. */
  private num(v: number): string {
    let s = this.numbers.get(v);
    if (s === undefined) {
      if (this.numbers.size >= 16384) this.numbers.clear();
      s = canonicalJson(v);
      this.numbers.set(v, s);
    }
    return s;
  }

  private value(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return this.str(v);
      case 'number':
        // Integers (rows, offsets) print the same in every form; finite checks live in canonicalJson.
        return Number.isInteger(v) ? String(v) : this.num(v);
      case 'object':
        if (v !== null && Object.isFrozen(v)) {
          let s = this.objects.get(v);
          if (s === undefined) {
            s = canonicalJson(v);
            this.objects.set(v, s);
          }
          return s;
        }
        return canonicalJson(v);
      default:
        return canonicalJson(v);
    }
  }

  /** Only known members, and every required one present: the shape the written-out encoder below handles. */
  private regular(r: AuditRecord): boolean {
    for (const k in r) if (!KNOWN.has(k)) return false;
    return (
      r.begin !== undefined && r.column !== undefined && r.decision !== undefined && r.detector !== undefined && r.end !== undefined &&
      r.file !== undefined && r.flow_sha256 !== undefined && r.operator !== undefined && r.row !== undefined && r.run_id !== undefined &&
      r.score !== undefined && r.threshold !== undefined && r.type !== undefined && r.version !== undefined
    );
  }

  /** The canonical JSON without its closing brace, so the JSON line can append `hash` without re-encoding. */
  encodeOpen(r: AuditRecord): string {
    if (!this.regular(r)) return canonicalJson({ ...r, hash: undefined }).slice(0, -1);
    // Members in sorted order, written out (direct property reads are what makes this fast).
    let s = `{"begin":${this.value(r.begin)},"column":${this.value(r.column)},"decision":${this.value(r.decision)},"detector":${this.value(r.detector)},"end":${this.value(r.end)}`;
    if (r.explanation !== undefined) s += `,"explanation":${this.value(r.explanation)}`;
    s += `,"file":${this.value(r.file)}`;
    if (r.fingerprint !== undefined) s += `,"fingerprint":${hex(r.fingerprint) ? `"${r.fingerprint}"` : this.value(r.fingerprint)}`;
    s += `,"flow_sha256":${this.value(r.flow_sha256)},"operator":${this.value(r.operator)}`;
    if (r.prev !== undefined) s += `,"prev":${hex(r.prev) ? `"${r.prev}"` : this.value(r.prev)}`;
    if (r.request_id !== undefined) s += `,"request_id":${this.value(r.request_id)}`;
    return `${s},"row":${this.value(r.row)},"run_id":${this.value(r.run_id)},"score":${this.value(r.score)},"threshold":${this.value(r.threshold)},"type":${this.value(r.type)},"version":${this.value(r.version)}`;
  }

  encode(record: AuditRecord): string {
    return this.encodeOpen(record) + '}';
  }
}

// Hashes and fingerprints are hex and never repeat: written as they are, not through the string cache.
const HEX = /^[0-9a-f]*$/;
const hex = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);

const shared = new CanonicalRecordEncoder();

/** canonicalJson of a record without `hash`. */
export function canonicalRecord(record: AuditRecord): string {
  return shared.encode(record);
}

/** Hash of a record (its `hash` member is ignored). */
export function recordHash(record: AuditRecord): string {
  return sha256Hex(canonicalRecord(record));
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
