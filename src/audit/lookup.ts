// Fingerprint lookup: "was this customer's email redacted everywhere?" without the audit holding the value.
// The reviewer supplies values (never on the command line: stdin), we HMAC them with the run's key and list
// the matching records by position and decision.
import { createHmac } from 'node:crypto';
import { readAudit } from './read-audit.ts';
import type { AuditDecision } from './audit-record.ts';

export interface LookupHit {
  /** 1-based index of the value in the list given (the value itself is never echoed). */
  value: number;
  file: string;
  row: number;
  column: string;
  type: string;
  decision: AuditDecision;
}

export async function lookupFingerprints(auditPath: string, values: readonly string[], key: string): Promise<{ hits: LookupHit[]; fingerprinted: number }> {
  const byFp = new Map<string, number>();
  values.forEach((v, i) => byFp.set(createHmac('sha256', key).update(v, 'utf8').digest('hex'), i + 1));
  const hits: LookupHit[] = [];
  let fingerprinted = 0;
  for await (const r of readAudit(auditPath)) {
    if (!r.fingerprint) continue;
    fingerprinted++;
    const i = byFp.get(r.fingerprint);
    if (i !== undefined) hits.push({ value: i, file: r.file, row: r.row, column: r.column, type: r.type, decision: r.decision });
  }
  return { hits, fingerprinted };
}
