// `audit diff A B`: what a threshold or detector change redacts more or less, by type and column. Records are
// matched by (file, row, column, begin, end, type). A is indexed in memory (one small entry per record), B is
// streamed.
import type { AuditDecision } from './audit-record.ts';
import { readAudit } from './read-audit.ts';
import { DECISIONS } from './audit-stats.ts';

export interface DiffCounts {
  /** Redacted in B, not in A (kept in A, or not detected in A). */
  more_redacted: number;
  /** Redacted in A, not in B. */
  less_redacted: number;
  /** Redacted in both. */
  same_redacted: number;
  /** In both, kept in both. */
  same_kept: number;
  /** Detected only in A / only in B (a detector change). */
  only_a: number;
  only_b: number;
}

export interface AuditDiff {
  a: { path: string; records: number; thresholds: Record<string, number[]> };
  b: { path: string; records: number; thresholds: Record<string, number[]> };
  /** type → column → counts */
  by_type_column: Record<string, Record<string, DiffCounts>>;
  totals: DiffCounts;
  /** Decision transitions A → B for matched records ("below_threshold→redacted": n). */
  transitions: Record<string, number>;
}

const emptyDiff = (): DiffCounts => ({ more_redacted: 0, less_redacted: 0, same_redacted: 0, same_kept: 0, only_a: 0, only_b: 0 });

const keyOf = (r: { file: string; row: number; column: string; begin: number; end: number; type: string }): string =>
  `${r.file}\u0000${r.row}\u0000${r.column}\u0000${r.begin}\u0000${r.end}\u0000${r.type}`;

function addThreshold(m: Record<string, number[]>, type: string, t: number): void {
  const l = (m[type] ??= []);
  if (!l.includes(t) && l.length < 32) l.push(t);
}

export async function diffAudits(pathA: string, pathB: string): Promise<AuditDiff> {
  const a = new Map<string, number>();
  const thrA: Record<string, number[]> = {};
  const thrB: Record<string, number[]> = {};
  let nA = 0;
  let nB = 0;
  for await (const r of readAudit(pathA)) {
    nA++;
    a.set(keyOf(r), DECISIONS.indexOf(r.decision));
    addThreshold(thrA, r.type, r.threshold);
  }
  const by: Record<string, Record<string, DiffCounts>> = {};
  const totals = emptyDiff();
  const transitions: Record<string, number> = {};
  const bump = (type: string, column: string, k: keyof DiffCounts) => {
    ((by[type] ??= {})[column] ??= emptyDiff())[k]++;
    totals[k]++;
  };
  for await (const r of readAudit(pathB)) {
    nB++;
    addThreshold(thrB, r.type, r.threshold);
    const k = keyOf(r);
    const da = a.get(k);
    const redB = r.decision === 'redacted';
    if (da === undefined) {
      bump(r.type, r.column, 'only_b');
      if (redB) bump(r.type, r.column, 'more_redacted');
      continue;
    }
    a.delete(k);
    const decA: AuditDecision = DECISIONS[da];
    if (decA !== r.decision) transitions[`${decA}→${r.decision}`] = (transitions[`${decA}→${r.decision}`] ?? 0) + 1;
    const redA = decA === 'redacted';
    bump(r.type, r.column, redA && redB ? 'same_redacted' : redA ? 'less_redacted' : redB ? 'more_redacted' : 'same_kept');
  }
  for (const [k, da] of a) {
    const [, , column, , , type] = k.split('\u0000');
    bump(type, column, 'only_a');
    if (DECISIONS[da] === 'redacted') bump(type, column, 'less_redacted');
  }
  const sorted: AuditDiff['by_type_column'] = {};
  for (const t of Object.keys(by).sort()) {
    sorted[t] = {};
    for (const c of Object.keys(by[t]).sort()) sorted[t][c] = by[t][c];
  }
  for (const m of [thrA, thrB]) for (const t of Object.keys(m)) m[t].sort((x, y) => x - y);
  return {
    a: { path: pathA, records: nA, thresholds: thrA },
    b: { path: pathB, records: nB, thresholds: thrB },
    by_type_column: sorted,
    totals,
    transitions,
  };
}
