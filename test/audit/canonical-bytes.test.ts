// The audit file writes records through CanonicalRecordBytes (UTF-8 straight into a buffer); its bytes must be
// exactly the UTF-8 of the canonical JSON text that verify recomputes, for every shape a record can take.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/audit-record.ts';
import { CanonicalRecordBytes, recordHash } from '../../src/audit/chain.ts';
import { canonicalJson, sha256Hex } from '../../src/audit/canonical-json.ts';
import { mulberry32 } from '../../src/util/prng.ts';

const detector = Object.freeze({ name: 'local', version: '0.1.0' });
const explanation = Object.freeze({ recognizer: 'email', pattern: 'email', validator: { name: 'email', result: 'valid' as const }, context: ['mail'] });

function base(i: number): AuditRecord {
  return {
    version: 1,
    run_id: 'run-1',
    flow_sha256: 'ab'.repeat(32),
    file: 'data/customers.csv',
    row: i,
    column: 'pii_col',
    begin: 3,
    end: 17,
    type: 'EMAIL',
    score: 0.9731,
    threshold: 0.5,
    decision: 'redacted',
    operator: 'replace',
    detector,
    prev: 'cd'.repeat(32),
  };
}

function bytesOf(enc: CanonicalRecordBytes, r: AuditRecord): string {
  enc.encodeOpen(r);
  enc.closeBrace();
  return enc.buf.subarray(0, enc.length).toString('utf8');
}

describe('CanonicalRecordBytes', () => {
  it('writes the canonical JSON of every record shape, byte for byte', () => {
    const rnd = mulberry32(7);
    const enc = new CanonicalRecordBytes();
    const odd = ['naïve 列 😀', 'e\u0301', 'quote " and \\ back', 'line\nbreak', '\ud800 lone', 'x'.repeat(300), ''];
    const records: AuditRecord[] = [];
    for (let i = 0; i < 400; i++) {
      const r = base(i * 7919 + Math.floor(rnd() * 1e9));
      if (i % 3 === 0) r.column = odd[i % odd.length];
      if (i % 4 === 0) r.file = `s3://bucket/${odd[(i + 1) % odd.length]}.csv`;
      if (i % 5 === 0) r.explanation = i % 10 === 0 ? explanation : { recognizer: 'name', notes: [odd[i % odd.length]], score_parts: [0.5, 0.25] } as never;
      if (i % 6 === 0) r.fingerprint = 'ef'.repeat(32);
      if (i % 7 === 0) r.request_id = `req-${i}-${odd[i % odd.length].slice(0, 5)}`;
      if (i % 8 === 0) r.operator = null;
      if (i % 9 === 0) delete r.prev;
      r.decision = (['redacted', 'below_threshold', 'allow_listed', 'type_not_selected'] as const)[Math.floor(rnd() * 4)];
      r.type = ['NAME', 'EMAIL', 'ADDRESS', 'CUSTOM:DENY_LIST'][Math.floor(rnd() * 4)];
      if (i % 17 === 0) r.detector = { name: 'comprehend', version: '2' };
      r.score = Math.round(rnd() * 1e4) / 1e4;
      r.threshold = [0, 0.5, 0.85, 1][i % 4];
      r.begin = [0, 5, 2147483647, 2147483648, 10 ** 15][i % 5];
      if (i % 11 === 0) (r as unknown as Record<string, unknown>).extra = { nested: [1, 'two', null] }; // irregular: generic path
      if (i % 13 === 0) r.fingerprint = 'NOT-HEX ' + odd[i % odd.length];
      records.push(r);
    }
    for (const r of records) {
      const expected = canonicalJson({ ...r, hash: undefined });
      expect(bytesOf(enc, r)).toBe(expected);
      expect(sha256Hex(enc.buf.subarray(0, enc.length))).toBe(recordHash(r));
    }
  });

  it('never reuses a memoised run of members for a mutable object that changed between records', () => {
    const enc = new CanonicalRecordBytes();
    const det = { name: 'local', version: '1' };
    const a = { ...base(1), detector: det };
    expect(bytesOf(enc, a)).toBe(canonicalJson(a));
    det.version = '2';
    const b = { ...base(2), detector: det };
    expect(bytesOf(enc, b)).toBe(canonicalJson(b));
    // Runs of records that share members, then records that differ in one member each.
    const runs = [base(3), base(4), { ...base(5), type: 'NAME' }, { ...base(6), threshold: 0.7 }, { ...base(7), run_id: 'run-2' }, { ...base(8), operator: null }, base(9)];
    for (const r of [...runs, ...runs.reverse()]) expect(bytesOf(enc, r)).toBe(canonicalJson(r));
  });

  it('writes a hash vouched for with markHex as it is, and checks any other prev', () => {
    const enc = new CanonicalRecordBytes();
    const h = sha256Hex('x');
    enc.markHex(h);
    const r = { ...base(1), prev: h };
    expect(bytesOf(enc, r)).toBe(canonicalJson(r));
    const odd = { ...base(2), prev: 'Not "hex"' };
    expect(bytesOf(enc, odd)).toBe(canonicalJson(odd));
  });

  it('grows its buffer for records larger than it', () => {
    const enc = new CanonicalRecordBytes();
    const r = base(1);
    r.explanation = { recognizer: 'x', notes: Array.from({ length: 3000 }, (_, i) => `note ${i} é`) } as never;
    expect(bytesOf(enc, r)).toBe(canonicalJson(r));
    expect(bytesOf(enc, base(2))).toBe(canonicalJson(base(2)));
  });
});
