// Value conversions shared by the binary formats (Parquet, Arrow): decoded library values → Cell on read, and
// Cell → the JS value a typed column needs on write.
import type { Cell, ColumnType } from '../table/batch.ts';

function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : String(x)) : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x));
}

/** A value as hyparquet/apache-arrow decode it → a Cell (int64 becomes a number when it fits exactly). */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    default:
      if (v instanceof Date) return v;
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return jsonText(v);
  }
}

export type Converter = (v: Exclude<Cell, null>) => unknown;

const INTEGER = /^[+-]?\d+$/;

/** Cell → the value a typed column takes (bigint for long, Date for datetime); undefined when it does not fit. */
export const converters: Record<ColumnType, Converter> = {
  string: (v) => (typeof v === 'string' ? v : v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString()) : String(v)),
  long: (v) => {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
    if (typeof v === 'string') return INTEGER.test(v.trim()) ? BigInt(v.trim()) : undefined;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    return undefined;
  },
  double: (v) => {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'string' && v.trim() !== '') {
      const n = Number(v);
      return Number.isNaN(n) && v.trim() !== 'NaN' ? undefined : n;
    }
    return undefined;
  },
  boolean: (v) => {
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    return undefined;
  },
  datetime: (v) => {
    const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : typeof v === 'number' ? new Date(v) : undefined;
    return d === undefined || Number.isNaN(d.getTime()) ? undefined : d;
  },
};
