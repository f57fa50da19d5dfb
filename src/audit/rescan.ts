// `audit rescan OUTPUT`: the leak check. Runs a detector (ideally another one than the run's) over the
// redacted output's text cells and reports residual PII by file/row/column/type — positions only, never
// content. Redaction tokens ("[NAME]", "[EMAIL:3f2a…]") are blanked before detection so they do not count.
import type { Detector } from './../detect/detector.ts';
import { createDetector } from '../detect/create-detector.ts';
import { detectorRefSchema } from '../detect/detector-config.ts';
import { openSource } from '../io/open-table.ts';
import { utf16OffsetsToCodePoints } from '../text/offsets.ts';
import { RedactflowError } from '../errors.ts';

export interface Residual {
  file: string;
  row: number;
  column: string;
  type: string;
  /** Code points. */
  begin: number;
  end: number;
  score: number;
}

export interface RescanOptions {
  output: string;
  /** Detector type (`local`, `comprehend`, ...) or an instance (library use). Default local. */
  detector?: string | Detector;
  /** Only these columns (default every text column). */
  columns?: string[];
  /** Residuals at or above this score fail the check (default 0.5). */
  minScore?: number;
  /** Keep at most this many residuals in the result (counts are always complete). Default 1000. */
  maxListed?: number;
  batchSize?: number;
}

export interface RescanResult {
  output: string;
  detector: { name: string; version: string };
  rows: number;
  cells: number;
  min_score: number;
  /** Residuals at or above min_score. */
  residuals: number;
  /** type → column → count (at or above min_score). */
  counts: Record<string, Record<string, number>>;
  listed: Residual[];
}

/** Redaction tokens written by the replace and hash operators. */
const TOKEN = /\[[A-Z][A-Z0-9_]*(?::[A-Za-z0-9_.-]+)?(?::[0-9a-f]{4,64})?\]/g;

/** Blanks redaction tokens (same length, so offsets stay those of the output cell). */
export function blankTokens(text: string): string {
  return text.replace(TOKEN, (m) => ' '.repeat(m.length));
}

export async function rescanOutput(opts: RescanOptions): Promise<RescanResult> {
  const minScore = opts.minScore ?? 0.5;
  const maxListed = opts.maxListed ?? 1000;
  let detector: Detector;
  let own = false;
  if (typeof opts.detector === 'object') detector = opts.detector;
  else {
    const parsed = detectorRefSchema.safeParse(opts.detector ?? 'local');
    if (!parsed.success) throw new RedactflowError('USAGE', `unknown detector "${opts.detector}" (local, comprehend, macie_custom)`, { exitCode: 2 });
    detector = await createDetector(parsed.data);
    own = true;
  }
  const result: RescanResult = {
    output: opts.output,
    detector: { name: detector.name, version: detector.version },
    rows: 0,
    cells: 0,
    min_score: minScore,
    residuals: 0,
    counts: {},
    listed: [],
  };
  try {
    const source = await openSource({ path: opts.output });
    for await (const batch of source.batches({ batchSize: opts.batchSize ?? 2048 })) {
      const names = batch.fields.map((f) => f.name);
      if (opts.columns) {
        const missing = opts.columns.filter((c) => !names.includes(c));
        if (missing.length) throw new RedactflowError('COLUMN_MISSING', `${batch.file}: no column ${missing.map((c) => `"${c}"`).join(', ')}`);
      }
      const cols = opts.columns ?? names;
      for (const column of cols) {
        const texts: (string | null)[] = batch.rows.map((r) => {
          const v = r[column];
          return typeof v === 'string' && v.length > 0 ? blankTokens(v) : null;
        });
        result.cells += texts.filter((t) => t !== null).length;
        const found = await detector.detect(texts);
        found.forEach((res, i) => {
          if (res.error) throw new RedactflowError('DETECTOR_FAILED', `${batch.file}: row ${batch.rowNumbers[i]}, column ${column}: detection failed (${res.error.code})`);
          for (const e of res.entities) {
            if (e.score < minScore) continue;
            result.residuals++;
            const byCol = (result.counts[e.type] ??= {});
            byCol[column] = (byCol[column] ?? 0) + 1;
            if (result.listed.length < maxListed) {
              const [begin, end] = utf16OffsetsToCodePoints(texts[i]!, [e.begin, e.end]);
              result.listed.push({ file: batch.file, row: batch.rowNumbers[i], column, type: e.type, begin, end, score: Math.round(e.score * 1000) / 1000 });
            }
          }
        });
      }
      result.rows += batch.rows.length;
    }
  } finally {
    if (own) await detector.close?.();
  }
  return result;
}
