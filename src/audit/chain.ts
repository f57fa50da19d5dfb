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

  // Memos of the runs of members between the per-record values (rows, offsets, scores, hashes): a run's records
  // share their column, decision, detector, file, flow, operator, run id, threshold, type and version, so each
  // run of members is copied as one slice instead of being assembled from its parts. Keys compare by identity;
  // objects only count when frozen (a mutable object could change between records).
  // Keyed by the member that alternates from record to record (decision; type), checked on the others.
  private m1 = new Map<unknown, { column: unknown; detector: unknown; bytes: Uint8Array }>();
  private m2: [unknown, unknown, unknown] = [UNSET, UNSET, UNSET];
  private s2: Uint8Array = EMPTY;
  private m3: unknown = UNSET;
  private s3: Uint8Array = EMPTY;
  private m4 = new Map<unknown, { threshold: unknown; version: unknown; bytes: Uint8Array }>();
  /** The last hash the caller vouched for (markHex): the next record's `prev`, no need to check it is hex. */
  private trustedHex: string | null = null;

  /** Encodes `r` (without `hash`, without the closing brace) into `buf[0, length)`. */
  encodeOpen(r: AuditRecord): void {
    this.length = 0;
    if (!regular(r)) return this.utf8(canonicalJson({ ...r, hash: undefined }).slice(0, -1));
    this.bytes(K.begin);
    this.value(r.begin);
    const m1 = this.m1.get(r.decision);
    if (m1 === undefined || m1.column !== r.column || m1.detector !== r.detector) {
      const at = this.length;
      this.bytes(K.column);
      this.value(r.column);
      this.bytes(K.decision);
      this.value(r.decision);
      this.bytes(K.detector);
      this.value(r.detector);
      this.bytes(K.end);
      if (this.m1.size > 64) this.m1.clear();
      this.m1.set(r.decision, { column: r.column, detector: memoKey(r.detector), bytes: Buffer.from(this.buf.subarray(at, this.length)) });
    } else this.bytes(m1.bytes);
    this.value(r.end);
    if (r.explanation !== undefined) {
      this.bytes(K.explanation);
      this.value(r.explanation);
    }
    if (r.fingerprint !== undefined) {
      this.bytes(K.file);
      this.value(r.file);
      this.bytes(K.fingerprint);
      this.hexOrValue(r.fingerprint);
      this.bytes(K.flow_sha256);
      this.value(r.flow_sha256);
      this.bytes(K.operator);
      this.value(r.operator);
    } else {
      const m2 = this.m2;
      if (r.file !== m2[0] || r.flow_sha256 !== m2[1] || r.operator !== m2[2]) {
        const at = this.length;
        this.bytes(K.file);
        this.value(r.file);
        this.bytes(K.flow_sha256);
        this.value(r.flow_sha256);
        this.bytes(K.operator);
        this.value(r.operator);
        this.s2 = Buffer.from(this.buf.subarray(at, this.length));
        this.m2 = [r.file, r.flow_sha256, r.operator];
      } else this.bytes(this.s2);
    }
    if (r.prev !== undefined) {
      this.bytes(K.prev);
      this.hexOrValue(r.prev);
    }
    if (r.request_id !== undefined) {
      this.bytes(K.request_id);
      this.value(r.request_id);
    }
    this.bytes(K.row);
    this.value(r.row);
    if (r.run_id !== this.m3) {
      const at = this.length;
      this.bytes(K.run_id);
      this.value(r.run_id);
      this.bytes(K.score);
      this.s3 = Buffer.from(this.buf.subarray(at, this.length));
      this.m3 = r.run_id;
    } else this.bytes(this.s3);
    this.value(r.score);
    const m4 = this.m4.get(r.type);
    if (m4 === undefined || m4.threshold !== r.threshold || m4.version !== r.version) {
      const at = this.length;
      this.bytes(K.threshold);
      this.value(r.threshold);
      this.bytes(K.type);
      this.value(r.type);
      this.bytes(K.version);
      this.value(r.version);
      if (this.m4.size > 256) this.m4.clear();
      this.m4.set(r.type, { threshold: r.threshold, version: r.version, bytes: Buffer.from(this.buf.subarray(at, this.length)) });
    } else this.bytes(m4.bytes);
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
const EMPTY = new Uint8Array(0);
/** A memo key for a member's value: itself, unless it is an object that could still change. */
const memoKey = (v: unknown): unknown => (typeof v === 'object' && v !== null && !Object.isFrozen(v) ? UNSET : v);

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
