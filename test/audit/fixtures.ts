// Seeded synthetic audit records (positions, types and scores only) for report, summarize, diff and bench.
import type { AuditRecord, AuditDecision } from '../../src/audit/audit-record.ts';
import type { RunSummary } from '../../src/run-summary.ts';
import { mulberry32 } from '../../src/util/prng.ts';

const TYPES = ['NAME', 'EMAIL', 'PHONE', 'SSN', 'ADDRESS', 'CREDIT_DEBIT_NUMBER', 'IP_ADDRESS', 'DATE_TIME'];
const COLUMNS = ['pii_col', 'note', 'customer_email', 'phone'];

export interface SyntheticOptions {
  seed?: number;
  runId?: string;
  threshold?: (type: string) => number;
  file?: string;
}

/** An endless, deterministic stream of plausible records (row numbers increase). */
export function* syntheticRecords(n: number, o: SyntheticOptions = {}): Generator<AuditRecord> {
  const rnd = mulberry32(o.seed ?? 7);
  const runId = o.runId ?? 'synthetic-run';
  let row = 1;
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.4) row++;
    const type = TYPES[Math.floor(rnd() * TYPES.length)];
    const column = COLUMNS[Math.floor(rnd() * COLUMNS.length)];
    const threshold = o.threshold?.(type) ?? (type === 'NAME' ? 0.7 : 0.5);
    // Scores cluster high with a tail of weak candidates, like a real recognizer's.
    const score = Math.round((rnd() < 0.75 ? 0.6 + rnd() * 0.4 : rnd() * 0.7) * 1000) / 1000;
    const allow = rnd() < 0.01;
    const decision: AuditDecision = score < threshold ? 'below_threshold' : allow ? 'allow_listed' : 'redacted';
    const begin = Math.floor(rnd() * 80);
    yield {
      version: 1,
      run_id: runId,
      flow_sha256: 'a'.repeat(64),
      file: o.file ?? 'data/customers.csv',
      row,
      column,
      begin,
      end: begin + 5 + Math.floor(rnd() * 20),
      type,
      score,
      threshold,
      decision,
      operator: decision === 'redacted' ? 'replace' : null,
      detector: { name: 'local', version: '0.1.0' },
      explanation: { recognizer: type.toLowerCase(), base_score: score },
    };
  }
}

export function syntheticSummary(runId: string, records: number, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    version: 1,
    run_id: runId,
    flow: { name: 'synthetic', path: 'flows/synthetic.flow.yaml', sha256: 'a'.repeat(64) },
    started_at: '2026-01-01T00:00:00.000Z',
    finished_at: '2026-01-01T00:00:10.000Z',
    seconds: 10,
    rows_in: records,
    rows_out: records,
    rows_per_second: records / 10,
    rows_quarantined: 0,
    entities: records,
    counts: {},
    inputs: [],
    output: null,
    audit: null,
    detectors: [{ name: 'comprehend', version: '2024-01', stats: { requests: 120, units: 5400, retries: 2, throttles: 1 } }],
    counters: {},
    ...extra,
  };
}
