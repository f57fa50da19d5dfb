// The run summary: written as JSON beside the audit (`summary.json`) and printed as a table on the terminal.

export interface DecisionCounts {
  redacted: number;
  below_threshold: number;
  allow_listed: number;
  type_not_selected: number;
}

export interface RunSummary {
  version: 1;
  run_id: string;
  flow: { name?: string; path: string; sha256: string };
  started_at: string;
  finished_at: string;
  seconds: number;
  rows_in: number;
  rows_out: number;
  rows_per_second: number;
  rows_quarantined: number;
  /** Audit records written (= entities detected). */
  entities: number;
  /** type → column → decision → count */
  counts: Record<string, Record<string, DecisionCounts>>;
  inputs: { path: string; bytes?: number }[];
  output: { path: string; bytes: number; rows: number } | null;
  audit: { path: string; records: number } | null;
  detectors: { name: string; version: string; stats?: Record<string, number | undefined> }[];
  counters: Record<string, number>;
}

export function emptyDecisionCounts(): DecisionCounts {
  return { redacted: 0, below_threshold: 0, allow_listed: 0, type_not_selected: 0 };
}
