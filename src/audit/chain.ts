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

// The record's members in canonical (sorted) order (CanonicalRecordBytes.encodeOpen writes them out in it).
const SORTED_KEYS = ['begin', 'column', 'decision', 'detector', 'end', 'explanation', 'file', 'fingerprint', 'flow_sha256', 'operator', 'prev', 'request_id', 'row', 'run_id', 'score', 'threshold', 'type', 'version'] as const;
const KNOWN = new Set<string>([...SORTED_KEYS, 'hash']);

/** Only known members, and every required one present: the shape the written-out encoder handles. */
function regular(r: AuditRecord): boolean {
  for (const k in r) if (!KNOWN.has(k)) return false;
  return (
    r.begin !== undefined && r.column !== undefined && r.decision !== undefined && r.detector !== undefined && r.end !== undefined &&
    r.file !== undefined && r.flow_sha256 !== undefined && r.operator !== undefined && r.row !== undefined && r.run_id !== undefined &&
    r.score !== undefined && r.threshold !== undefined && r.type !== undefined && r.version !== undefined
  );
}

/**
 * canonicalJson of a record without `hash` (and without its closing brace until closeBrace), written as UTF-8
 * bytes straight into a reused buffer: the audit file hashes those bytes and appends them, so a record costs no
 * intermediate strings (a string encoder allocated ~2.5 KB per record: concatenations, flattening for the hash,
 * encoding for the write). Hashing is the audit's hot loop (~3 records per row): the UTF-8 of repeated members
 * (column, type, decision, file, run id, the detector, interned explanations, scores) is computed once.
 */
export class CanonicalRecordBytes {
  private strings = new Map<string, Uint8Array>();
  private objects = new WeakMap<object, Uint8Array>();
  private numbers = new Map<number, Uint8Array>();
  /** The encoded record: `buf[0, length)`. */
  buf = Buffer.allocUnsafe(16384);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + n));
    this.buf.copy(b, 0, 0, this.length);
    this.buf = b;
  }

  private bytes(b: Uint8Array): void {
    this.ensure(b.length);
    const buf = this.buf;
    let at = this.length;
    // Short runs (keys, types, numbers) copy faster in a loop than through set()'s call overhead.
    if (b.length < 16) for (let i = 0; i < b.length; i++) buf[at++] = b[i];
    else {
      buf.set(b, at);
      at += b.length;
    }
    this.length = at;
  }

  private ascii(s: string): void {
    this.ensure(s.length);
    this.length += this.buf.write(s, this.length, 'latin1');
  }

  private int(v: number): void {
    // Integers below 2^31 (rows, offsets): digits written directly; anything else through the text encoder.
    if (v >= 0 && v < 2147483648 && v === (v | 0)) {
      this.ensure(10);
      const buf = this.buf;
      if (v === 0) {
        buf[this.length++] = 0x30;
        return;
      }
      let digits = 1;
      for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
      let at = this.length + digits;
      this.length = at;
      for (let x = v; x > 0; x = (x / 10) | 0) buf[--at] = 0x30 + (x % 10);
      return;
    }
    this.ascii(String(v));
  }

  private str(v: string): void {
    if (v.length > 256) return this.utf8(JSON.stringify(v));
    let b = this.strings.get(v);
    if (b === undefined) {
      if (this.strings.size >= 4096) this.strings.clear();
      b = Buffer.from(JSON.stringify(v));
      this.strings.set(v, b);
    }
    this.bytes(b);
  }

  private utf8(s: string): void {
    this.ensure(3 * s.length);
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.str(v);
      case 'number': {
        if (Number.isInteger(v)) return this.int(v);
        let b = this.numbers.get(v);
        if (b === undefined) {
          if (this.numbers.size >= 16384) this.numbers.clear();
          b = Buffer.from(canonicalJson(v));
          this.numbers.set(v, b);
        }
        return this.bytes(b);
      }
      case 'object':
        if (v !== null && Object.isFrozen(v)) {
          let b = this.objects.get(v);
          if (b === undefined) {
            b = Buffer.from(canonicalJson(v));
            this.objects.set(v, b);
          }
          return this.bytes(b);
        }
        return this.utf8(canonicalJson(v));
      default:
        return this.utf8(canonicalJson(v));
    }
  }

  // Memos of the runs of members between the per-record values (RUNS): a run's records share their column,
  // decision, detector, file, flow, operator, run id, threshold, type and version, so each run is copied as one
  // slice instead of being assembled from its parts. Values compare by identity; objects only count when frozen
  // (a mutable object could change between records).
  private readonly runs = RUNS.map(() => new Map<unknown, { a: unknown; b: unknown; bytes: Uint8Array }>());
  /** The last hash the caller vouched for (markHex): the next record's `prev`, no need to check it is hex. */
  private trustedHex: string | null = null;

  /** Encodes `r` (without `hash`, without the closing brace) into `buf[0, length)`. */
  encodeOpen(r: AuditRecord): void {
    this.length = 0;
    if (!regular(r)) return this.utf8(canonicalJson({ ...r, hash: undefined }).slice(0, -1));
    this.member('begin', r.begin);
    this.run(0, r.decision, r.column, r.detector, r);
    this.value(r.end);
    if (r.explanation !== undefined) this.member('explanation', r.explanation);
    if (r.fingerprint !== undefined) {
      // The fingerprint sits inside run 1 and never repeats: that run is written member by member.
      this.member('file', r.file);
      this.bytes(K.fingerprint);
      this.hexOrValue(r.fingerprint);
      this.member('flow_sha256', r.flow_sha256);
      this.member('operator', r.operator);
    } else this.run(1, r.file, r.flow_sha256, r.operator, r);
    if (r.prev !== undefined) {
      this.bytes(K.prev);
      this.hexOrValue(r.prev);
    }
    if (r.request_id !== undefined) this.member('request_id', r.request_id);
    this.member('row', r.row);
    this.run(2, r.run_id, undefined, undefined, r);
    this.value(r.score);
    this.run(3, r.type, r.threshold, r.version, r);
  }

  private member(key: (typeof SORTED_KEYS)[number], v: unknown): void {
    this.bytes(K[key]);
    this.value(v);
  }

  /**
   * Run `i` of RUNS: copied from its memo when the record's values are the ones it was made for (`key` picks
   * the memo entry: the member that alternates between records), else written member by member and memoised.
   */
  private run(i: number, key: unknown, a: unknown, b: unknown, r: AuditRecord): void {
    const memo = this.runs[i];
    const m = memo.get(key);
    if (m !== undefined && m.a === a && m.b === b) return this.bytes(m.bytes);
    const at = this.length;
    const { keys, then } = RUNS[i];
    for (const k of keys) this.member(k, r[k]);
    if (then) this.bytes(K[then]);
    if (memo.size > 256) memo.clear();
    memo.set(memoKey(key), { a: memoKey(a), b: memoKey(b), bytes: Buffer.from(this.buf.subarray(at, this.length)) });
  }

  /** Vouches that `h` is lowercase hex (a hash the caller computed): when it comes back as `prev`, no check. */
  markHex(h: string): void {
    this.trustedHex = h;
  }

  /** Appends the closing brace: `buf[0, length)` is then the record's canonical JSON, the hashed text. */
  closeBrace(): void {
    this.ensure(1);
    this.buf[this.length++] = 0x7d;
  }

  private hexOrValue(v: string): void {
    if (v !== this.trustedHex && !hex(v)) return this.value(v);
    this.ensure(v.length + 2);
    this.buf[this.length++] = 0x22;
    this.length += this.buf.write(v, this.length, 'latin1');
    this.buf[this.length++] = 0x22;
  }
}

const UNSET = Symbol('unset');
/** A memo key for a member's value: itself, unless it is an object that could still change. */
const memoKey = (v: unknown): unknown => (typeof v === 'object' && v !== null && !Object.isFrozen(v) ? UNSET : v);

/**
 * The runs of members between a record's own values (offsets, row, score, hashes), in canonical order, each
 * followed by the key of the value after it: a run's records share them. Memoised by the first member passed
 * to run() (decision, file, run id, type), checked on the other two.
 */
const RUNS: readonly { keys: readonly (typeof SORTED_KEYS)[number][]; then?: (typeof SORTED_KEYS)[number] }[] = [
  { keys: ['column', 'decision', 'detector'], then: 'end' },
  { keys: ['file', 'flow_sha256', 'operator'] },
  { keys: ['run_id'], then: 'score' },
  { keys: ['threshold', 'type', 'version'] },
];

// `"key":` (with the comma before every member but the first), in canonical order.
const K = Object.fromEntries(
  SORTED_KEYS.map((k) => [k, Buffer.from(`${k === 'begin' ? '{' : ','}${JSON.stringify(k)}:`)]),
) as Record<(typeof SORTED_KEYS)[number], Buffer>;

// Hashes and fingerprints are hex and never repeat: written as they are, not through the string cache.
const HEX = /^[0-9a-f]*$/;
const hex = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);

const shared = new CanonicalRecordBytes();

/** Hash of a record (its `hash` member is ignored). */
export function recordHash(record: AuditRecord): string {
  shared.encodeOpen(record);
  shared.closeBrace();
  return sha256Hex(shared.buf.subarray(0, shared.length));
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
