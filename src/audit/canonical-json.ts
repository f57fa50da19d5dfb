// Canonical JSON for hashing: object keys sorted by UTF-16 code units, no whitespace, `undefined` members
// dropped, numbers in ECMAScript shortest form (the same rules as RFC 8785 for the values an audit holds), so
// any language can recompute a record's hash from its parsed JSON.
import { hash } from 'node:crypto';
import { RedactflowError } from '../errors.ts';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RedactflowError('AUDIT_INVALID', 'audit values must be finite numbers');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new RedactflowError('AUDIT_INVALID', `audit values cannot be of type ${typeof value}`);
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot crypto.hash: about 2.5x cheaper than createHash() for the audit's ~600-byte records.
  return hash('sha256', data, 'hex');
}
