// `classify: { sample_rows: 1000, columns?: [...], output?: report.json, min_score?: 0.5, detector?: local }`
// — column-level PII discovery (Glue's "detect fields containing PII", presidio-structured): rows pass through
// unchanged; a seeded reservoir sample of each column is run through the detector at the end, and a JSON report
// says which PII types each column holds, in what share of its sampled non-null cells, and what to do with it:
// `redact_column` (the cells ARE the PII: replace whole cells, no per-cell detection needed), `redact_entities`
// (free text that contains PII: run `redact` on it), `keep`, or `empty`. The report never holds cell content.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { defineTransform } from './transform.ts';
import { detectorRefSchema } from '../src/detect/detector-config.ts';
import type { Detector } from '../src/detect/detector.ts';
import { cellToText, type Batch, type Cell } from '../src/table/batch.ts';
import { mulberry32 } from '../src/util/prng.ts';
import { RedactflowError } from '../src/errors.ts';

export const classifyOptions = z
  .object({
    /** Rows sampled per column (seeded reservoir over the whole input). */
    sample_rows: z.number().int().min(1).max(1_000_000).default(1000),
    /** Columns to classify; default every column. */
    columns: z.array(z.string().min(1)).optional(),
    /** Where to write the JSON report (relative to the flow file); default: only logged. */
    output: z.string().min(1).optional(),
    /** Entities scored below this are ignored. */
    min_score: z.number().min(0).max(1).default(0.5),
    /** A type must appear in at least this share of non-null cells to be reported. */
    min_share: z.number().min(0).max(1).default(0.02),
    seed: z.number().int().default(1),
    detector: detectorRefSchema.optional(),
  })
  .strict();

export type ClassifyOptions = z.output<typeof classifyOptions>;

export type ColumnDecision = 'redact_column' | 'redact_entities' | 'keep' | 'empty';

export interface ColumnTypeStat {
  type: string;
  /** Sampled non-null cells holding at least one entity of this type. */
  cells: number;
  /** cells / non-null sampled cells. */
  share: number;
  /** Share of non-null sampled cells that this type covers (almost) entirely: the cell is the value. */
  full_cell_share: number;
  mean_score: number;
}

export interface ColumnReport {
  column: string;
  sampled: number;
  non_null: number;
  types: ColumnTypeStat[];
  suggested: ColumnDecision;
  /** For `redact_column`: the type the column holds. */
  suggested_type?: string;
}

export interface ClassifyReport {
  version: 1;
  rows_seen: number;
  sample_rows: number;
  min_score: number;
  detector: { name: string; version: string };
  columns: ColumnReport[];
}

function cellText(v: Cell | undefined): string | null {
  const s = cellToText(v);
  return s === null || s.trim() === '' ? null : s;
}

/** Seeded reservoir sample of rows' texts for a fixed set of columns; then classification with a detector. */
export class ColumnClassifier {
  private readonly rnd: () => number;
  private columns: string[] | null;
  private readonly sample: (string | null)[][] = [];
  private seen = 0;

  constructor(private readonly o: Pick<ClassifyOptions, 'sample_rows' | 'min_score' | 'min_share' | 'seed'> & { columns?: string[] }) {
    this.rnd = mulberry32(o.seed);
    this.columns = o.columns ?? null;
  }

  get rowsSeen(): number {
    return this.seen;
  }

  add(batch: Pick<Batch, 'fields' | 'rows' | 'file'>): void {
    if (this.columns === null) this.columns = batch.fields.map((f) => f.name);
    const names = new Set(batch.fields.map((f) => f.name));
    for (const c of this.columns) {
      if (!names.has(c)) throw new RedactflowError('COLUMN_MISSING', `classify: column "${c}" is not in ${batch.file}`);
    }
    const cols = this.columns;
    for (const row of batch.rows) {
      this.seen++;
      let slot = -1;
      if (this.sample.length < this.o.sample_rows) slot = this.sample.length;
      else {
        const j = Math.floor(this.rnd() * this.seen);
        if (j < this.o.sample_rows) slot = j;
      }
      if (slot >= 0) this.sample[slot] = cols.map((c) => cellText(row[c]));
    }
  }

  async classify(detector: Detector, signal?: AbortSignal): Promise<ClassifyReport> {
    const cols = this.columns ?? [];
    const out: ColumnReport[] = [];
    for (let ci = 0; ci < cols.length; ci++) {
      const texts = this.sample.map((r) => r[ci]);
      const nonNull = texts.filter((t) => t !== null).length;
      const results = await detector.detect(texts, { signal });
      const stats = new Map<string, { cells: number; full: number; scoreSum: number; scoreN: number }>();
      results.forEach((r, i) => {
        const t = texts[i];
        if (t === null) return;
        if (r.error) throw new RedactflowError('DETECTOR_FAILED', `classify: detection failed for column "${cols[ci]}" (${r.error.code})`);
        const byType = new Map<string, { covered: Set<number>; scores: number[] }>();
        for (const e of r.entities) {
          if (e.score < this.o.min_score) continue;
          let b = byType.get(e.type);
          if (!b) byType.set(e.type, (b = { covered: new Set(), scores: [] }));
          for (let k = e.begin; k < e.end; k++) b.covered.add(k);
          b.scores.push(e.score);
        }
        const meaningful = t.replace(/\s/g, '').length;
        for (const [type, b] of byType) {
          let s = stats.get(type);
          if (!s) stats.set(type, (s = { cells: 0, full: 0, scoreSum: 0, scoreN: 0 }));
          s.cells++;
          let coveredNonSpace = 0;
          for (const k of b.covered) if (!/\s/.test(t[k])) coveredNonSpace++;
          if (coveredNonSpace >= 0.8 * meaningful) s.full++;
          for (const x of b.scores) s.scoreSum += x;
          s.scoreN += b.scores.length;
        }
      });
      const types: ColumnTypeStat[] = [...stats]
        .map(([type, s]) => ({
          type,
          cells: s.cells,
          share: round(s.cells / Math.max(1, nonNull)),
          full_cell_share: round(s.full / Math.max(1, nonNull)),
          mean_score: round(s.scoreSum / Math.max(1, s.scoreN)),
        }))
        .filter((s) => s.share >= this.o.min_share)
        .sort((a, b) => b.share - a.share || a.type.localeCompare(b.type));
      out.push({ column: cols[ci], sampled: texts.length, non_null: nonNull, types, ...decide(nonNull, types) });
    }
    return {
      version: 1,
      rows_seen: this.seen,
      sample_rows: this.o.sample_rows,
      min_score: this.o.min_score,
      detector: { name: detector.name, version: detector.version },
      columns: out,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * A column whose cells are (almost) all entirely one PII type is redacted whole; one where PII appears in a
 * noticeable share of cells is free text to redact entity by entity; otherwise it is kept.
 */
function decide(nonNull: number, types: ColumnTypeStat[]): { suggested: ColumnDecision; suggested_type?: string } {
  if (nonNull === 0) return { suggested: 'empty' };
  const fullSum = types.reduce((n, t) => n + t.full_cell_share, 0);
  const top = [...types].sort((a, b) => b.full_cell_share - a.full_cell_share)[0];
  if (top && fullSum >= 0.8) return { suggested: 'redact_column', suggested_type: top.type };
  if (types.some((t) => t.share >= 0.05)) return { suggested: 'redact_entities' };
  return { suggested: 'keep' };
}

export async function writeReport(path: string, report: ClassifyReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.redactflow-tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(report, null, 2) + '\n');
  await rename(tmp, path);
}

export default defineTransform({
  name: 'classify',
  options: classifyOptions,
  columns: (o, input) => ({ requires: o.columns ?? [], output: [...input] }),
  stage: async (o, ctx) => {
    const classifier = new ColumnClassifier(o);
    return {
      push(batch: Batch) {
        classifier.add(batch);
        return [batch];
      },
      async end() {
        const detector = await ctx.getDetector(ctx.detectorOverride ?? o.detector ?? { type: 'local' });
        const report = await classifier.classify(detector, ctx.signal);
        if (o.output && !ctx.dryRun) await writeReport(resolve(ctx.flowDir, o.output), report);
        ctx.log('classify_report', {
          step: ctx.stepIndex + 1,
          rows_seen: report.rows_seen,
          output: o.output ?? null,
          columns: report.columns.map((c) => ({ column: c.column, suggested: c.suggested, types: c.types.map((t) => `${t.type}:${t.share}`) })),
        });
        return [];
      },
    };
  },
});
