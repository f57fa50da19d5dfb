// Streams the records of an audit file, JSON Lines or Parquet (detected from the leading magic bytes), in
// order and in constant memory. Malformed input fails with the record number, never its text.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditRecord } from './audit-record.ts';
import { readParquetAudit } from './audit-parquet.ts';
import { RedactflowError } from '../errors.ts';
import { AuditInvalidError } from './audit-invalid-error.ts';

export { AuditInvalidError };

export type AuditFormat = 'jsonl' | 'parquet';

export async function detectAuditFormat(path: string): Promise<AuditFormat> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new RedactflowError('AUDIT_INVALID', `${path}: audit not found or unreadable`, { cause: e });
  }
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return bytesRead === 4 && buf.toString('latin1') === 'PAR1' ? 'parquet' : 'jsonl';
  } finally {
    await fh.close();
  }
}

const REQUIRED: [keyof AuditRecord, string][] = [
  ['file', 'string'],
  ['row', 'number'],
  ['column', 'string'],
  ['begin', 'number'],
  ['end', 'number'],
  ['type', 'string'],
  ['score', 'number'],
  ['threshold', 'number'],
  ['decision', 'string'],
];

function checkShape(path: string, n: number, v: unknown): AuditRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AuditInvalidError(path, n, 'not a JSON object');
  const o = v as Record<string, unknown>;
  for (const [k, t] of REQUIRED) {
    if (typeof o[k] !== t) throw new AuditInvalidError(path, n, `member "${k}" must be a ${t}`);
  }
  if (typeof o.detector !== 'object' || o.detector === null) throw new AuditInvalidError(path, n, 'member "detector" must be an object');
  return o as unknown as AuditRecord;
}

async function* readJsonlAudit(path: string): AsyncGenerator<AuditRecord> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.length === 0) throw new AuditInvalidError(path, n, 'empty line');
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new AuditInvalidError(path, n, 'not valid JSON');
    }
    yield checkShape(path, n, v);
  }
}

/** Records of an audit, in file order. */
export async function* readAudit(path: string): AsyncGenerator<AuditRecord> {
  const format = await detectAuditFormat(path);
  if (format === 'parquet') {
    let n = 0;
    for await (const r of readParquetAudit(path)) yield checkShape(path, ++n, r);
  } else {
    yield* readJsonlAudit(path);
  }
}
