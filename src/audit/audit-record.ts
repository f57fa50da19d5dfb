// Audit log v1: one record per detected entity, redacted or kept, and why. Never the raw value.
// The JSON Schema of this record lives in schemas/audit-record.v1.json; keep the two in step.
import type { DecisionExplanation } from '../detect/detector.ts';

export const AUDIT_VERSION = 1;

export type AuditDecision = 'redacted' | 'below_threshold' | 'allow_listed' | 'type_not_selected';

export interface AuditRecord {
  version: 1;
  run_id: string;
  flow_sha256: string;
  /** Source file (path or s3:// URI) of the row. */
  file: string;
  /** 1-based data-row number in the source file. */
  row: number;
  /** Column the entity was found in (the redacted input column). */
  column: string;
  /** Code-point offsets into the cell, end exclusive. */
  begin: number;
  end: number;
  type: string;
  score: number;
  /** Threshold that applied to this type. */
  threshold: number;
  decision: AuditDecision;
  /** Operator applied (`replace`, `mask`, ...) or null when the entity was kept. */
  operator: string | null;
  detector: { name: string; version: string };
  explanation?: DecisionExplanation;
  request_id?: string;
  /** Keyed HMAC of the raw value (hex), only when a fingerprint key is configured. */
  fingerprint?: string;
  /** SHA-256 chain (tamper evidence): hash of the previous record and of this one. */
  prev?: string;
  hash?: string;
}
