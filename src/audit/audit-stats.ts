// Streaming aggregates of an audit (constant memory whatever the record count): counts by type × column ×
// decision, a fine score histogram per type (quantiles to ±0.001), thresholds seen, the near-misses closest
// below their threshold (bounded), detectors, and the chain head. Shared by the writer (manifest, report at the
// end of a run), `audit summarize`, `audit report` and `audit merge`.
import type { AuditDecision, AuditRecord } from './audit-record.ts';
import { emptyDecisionCounts, type DecisionCounts } from '../run-summary.ts';

export const FINE_BINS = 1000;
export const DECISIONS: readonly AuditDecision[] = ['redacted', 'below_threshold', 'allow_listed', 'type_not_selected'];

/** A record just below its threshold: position and type only, never content. */
export type NearMiss = Pick<AuditRecord, 'file' | 'row' | 'column' | 'begin' | 'end' | 'type' | 'score' | 'threshold'>;

export interface TypeScores {
  n: number;
  min: number;
  max: number;
  /** FINE_BINS counts over [0, 1]; a score of 1 falls in the last bin. */
  bins: number[];
  /** Distinct thresholds applied to this type (usually one). */
  thresholds: number[];
}

export interface AuditStatsOptions {
  /** Keep at most this many near-misses (default 200). */
  maxNearMisses?: number;
  /** A below-threshold record is a near-miss when score ≥ threshold − margin (default 0.2). */
  nearMissMargin?: number;
}

export interface AuditStatsJson {
  records: number;
  head: string | null;
  counts: Record<string, Record<string, DecisionCounts>>;
  decisions: DecisionCounts;
  scores: Record<string, { n: number; min: number; p10: number; p50: number; p90: number; p99: number; max: number; thresholds: number[] }>;
  detectors: { name: string; version: string }[];
  files: string[];
  near_misses: NearMiss[];
  near_miss_margin: number;
}

export class AuditStats {
  records = 0;
  head: string | null = null;
  readonly counts: Record<string, Record<string, DecisionCounts>> = {};
  readonly decisions: DecisionCounts = emptyDecisionCounts();
  readonly scores = new Map<string, TypeScores>();
  readonly detectors = new Map<string, { name: string; version: string }>();
  /** Distinct source files (bounded: audits name few files; a cap keeps memory flat on odd inputs). */
  readonly files = new Set<string>();
  /** Sorted by descending closeness (score − threshold), bounded. */
  nearMisses: NearMiss[] = [];
  readonly maxNearMisses: number;
  readonly nearMissMargin: number;
  private lastDetector: AuditRecord['detector'] | null = null;
  private lastFile: string | null = null;

  constructor(options: AuditStatsOptions = {}) {
    this.maxNearMisses = options.maxNearMisses ?? 200;
    this.nearMissMargin = options.nearMissMargin ?? 0.2;
  }

  add(r: AuditRecord): void {
    this.records++;
    if (r.hash) this.head = r.hash;
    const byColumn = (this.counts[r.type] ??= {});
    const c = (byColumn[r.column] ??= emptyDecisionCounts());
    if (r.decision in c) {
      c[r.decision]++;
      this.decisions[r.decision]++;
    }
    let s = this.scores.get(r.type);
    if (!s) {
      s = { n: 0, min: Infinity, max: -Infinity, bins: new Array<number>(FINE_BINS).fill(0), thresholds: [] };
      this.scores.set(r.type, s);
    }
    s.n++;
    if (r.score < s.min) s.min = r.score;
    if (r.score > s.max) s.max = r.score;
    s.bins[binOf(r.score)]++;
    if (!s.thresholds.includes(r.threshold) && s.thresholds.length < 32) s.thresholds.push(r.threshold);
    // Records of a run share a handful of detector objects and files: skip the lookups for a repeat.
    if (r.detector !== this.lastDetector) {
      this.lastDetector = r.detector;
      const dk = `${r.detector.name}\u0000${r.detector.version}`;
      if (!this.detectors.has(dk) && this.detectors.size < 64) this.detectors.set(dk, { name: r.detector.name, version: r.detector.version });
    }
    if (r.file !== this.lastFile) {
      this.lastFile = r.file;
      if (this.files.size < 10_000) this.files.add(r.file);
    }
    if (r.decision === 'below_threshold' && r.score >= r.threshold - this.nearMissMargin) this.addNearMiss(r);
  }

  private addNearMiss(r: AuditRecord): void {
    const gap = r.threshold - r.score;
    const list = this.nearMisses;
    if (list.length >= this.maxNearMisses && gap >= list[list.length - 1].threshold - list[list.length - 1].score) return;
    const item: NearMiss = { file: r.file, row: r.row, column: r.column, begin: r.begin, end: r.end, type: r.type, score: r.score, threshold: r.threshold };
    // Binary search for the insertion point (ascending gap = closest to the threshold first).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].threshold - list[mid].score <= gap) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, item);
    if (list.length > this.maxNearMisses) list.pop();
  }

  /** Approximate quantile (bin midpoint, clamped to the exact min/max) of a type's scores. */
  quantile(type: string, q: number): number {
    const s = this.scores.get(type);
    if (!s || s.n === 0) return NaN;
    const target = Math.max(1, Math.ceil(q * s.n));
    let acc = 0;
    for (let i = 0; i < FINE_BINS; i++) {
      acc += s.bins[i];
      if (acc >= target) return Math.min(s.max, Math.max(s.min, round3((i + 0.5) / FINE_BINS)));
    }
    return s.max;
  }

  /** Histogram of a type's scores in `n` equal bins over [0, 1]. */
  histogram(type: string, n = 20): number[] {
    const s = this.scores.get(type);
    const out = new Array<number>(n).fill(0);
    if (!s) return out;
    for (let i = 0; i < FINE_BINS; i++) out[Math.min(n - 1, Math.floor((i * n) / FINE_BINS))] += s.bins[i];
    return out;
  }

  types(): string[] {
    return [...this.scores.keys()].sort();
  }

  toJSON(): AuditStatsJson {
    const scores: AuditStatsJson['scores'] = {};
    for (const t of this.types()) {
      const s = this.scores.get(t)!;
      scores[t] = {
        n: s.n,
        min: s.min,
        p10: this.quantile(t, 0.1),
        p50: this.quantile(t, 0.5),
        p90: this.quantile(t, 0.9),
        p99: this.quantile(t, 0.99),
        max: s.max,
        thresholds: [...s.thresholds].sort((a, b) => a - b),
      };
    }
    return {
      records: this.records,
      head: this.head,
      counts: sortedCounts(this.counts),
      decisions: { ...this.decisions },
      scores,
      detectors: [...this.detectors.values()],
      files: [...this.files].sort(),
      near_misses: this.nearMisses,
      near_miss_margin: this.nearMissMargin,
    };
  }
}

function binOf(score: number): number {
  if (!(score > 0)) return 0;
  if (score >= 1) return FINE_BINS - 1;
  return Math.min(FINE_BINS - 1, Math.floor(score * FINE_BINS));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Counts with types and columns in sorted order (stable output for manifests and diffs). */
export function sortedCounts(counts: Record<string, Record<string, DecisionCounts>>): Record<string, Record<string, DecisionCounts>> {
  const out: Record<string, Record<string, DecisionCounts>> = {};
  for (const t of Object.keys(counts).sort()) {
    out[t] = {};
    for (const c of Object.keys(counts[t]).sort()) out[t][c] = { ...counts[t][c] };
  }
  return out;
}
