// The detection abstraction (one interface file, one folder per backend: local/, comprehend/, macie/).
// A detector takes a batch of texts and returns, per text, the PII entities found in it.
//
// OFFSETS: `begin`/`end` here are UTF-16 indexes into the JS string (end exclusive), because that is what the
// redactor slices. Backends that speak code points (Comprehend) convert at their boundary; the `detect` CLI
// output and the audit log convert back to code points (src/text/offsets.ts).

import type { PiiType } from './pii-types.ts';

/** Why an entity was reported and scored as it was (Presidio's "decision process"); goes into the audit. */
export interface DecisionExplanation {
  recognizer: string;
  /** Name of the pattern or rule that matched. */
  pattern?: string;
  /** Checksum/format validator that ran, and its verdict. */
  validator?: { name: string; result: 'valid' | 'invalid' | 'not_applicable' };
  /** Context words found near the entity that changed its score (matched as whole words). */
  context?: string[];
  /** Score before context/validation adjustments. */
  base_score?: number;
  /** Free-form short notes (e.g. "gazetteer:first+last"); never the matched text. */
  notes?: string[];
}

export interface Entity {
  type: PiiType;
  /** UTF-16 offsets into the text, end exclusive. */
  begin: number;
  end: number;
  /** Confidence in [0, 1]. */
  score: number;
  explanation?: DecisionExplanation;
  /** Backend request id (Comprehend's x-amzn-RequestId), for the audit record. */
  requestId?: string;
}

export interface DetectOptions {
  signal?: AbortSignal;
  /** Language code (ISO 639-1); detectors that ignore language accept any. */
  language?: string;
}

/** Per-text result. `error` set means detection failed for that text: callers must fail closed. */
export interface DetectResult {
  entities: Entity[];
  error?: { code: string; message: string };
}

export interface DetectorStats {
  requests?: number;
  units?: number;
  retries?: number;
  throttles?: number;
  bytes?: number;
  [key: string]: number | undefined;
}

export interface Detector {
  /** Stable name used in flows and audit records: 'local', 'comprehend', 'macie_custom', ... */
  readonly name: string;
  readonly version: string;
  /**
   * Detects PII in each text. `null`/empty texts yield no entities and cost nothing. The result array is
   * parallel to `texts`.
   */
  detect(texts: readonly (string | null)[], options?: DetectOptions): Promise<DetectResult[]>;
  /** Counters for the run summary (requests, billed units, retries, ...). */
  stats?(): DetectorStats;
  /** Releases worker threads, sockets, ... */
  close?(): Promise<void>;
}

/** Flow-file detector config: `{ type: local }`, `{ type: comprehend, ... }`, ... validated by each backend. */
export interface DetectorConfig {
  type: string;
  [option: string]: unknown;
}
