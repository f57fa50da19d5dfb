// `npm run bench:quality`: scores the local detector on the shared dev sets (WNUT-17 train/dev, the fraud
// registration table's cell-level truth) and on our generated sets (bench/datasets/), with the shared scorer
// (../shared/tools/score-pii.mjs). Prints one JSON object. Never prints cell content.
import { redactOptionsSchema } from '../src/redact/redact-options.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { createLocalDetector } from '../src/detect/local/local-detector.ts';
import type { Detector, Entity } from '../src/detect/detector.ts';
import { utf16OffsetsToCodePoints } from '../src/text/offsets.ts';
import { generateAll } from './datasets/generate.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(ROOT, '..', 'shared');
const SCORER = join(SHARED, 'tools', 'score-pii.mjs');
const DATASETS = join(ROOT, 'bench', 'datasets');

interface GoldSpan { type: string | null; begin: number; end: number }
interface GoldRecord { id: string; text: string; spans: GoldSpan[]; ignore?: GoldSpan[] }
interface PredEntity { type: string; begin: number; end: number; score: number }

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

function toCodePoints(text: string, ents: Entity[]): PredEntity[] {
  const offs = utf16OffsetsToCodePoints(text, ents.flatMap((e) => [e.begin, e.end]));
  return ents.map((e, i) => ({ type: e.type, begin: offs[2 * i]!, end: offs[2 * i + 1]!, score: e.score }));
}

interface TypeFigures { tp: number; fp: number; fn: number; precision: number; recall: number }

/** Runs the shared scorer; returns its final JSON line plus the per-type table it prints. */
function score(goldPath: string, predPath: string, types?: string): Record<string, unknown> {
  const args = [SCORER, goldPath, predPath, ...(types ? ['--types', types] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n');
  const summary = JSON.parse(out[out.length - 1]!) as Record<string, number>;
  const perType: Record<string, TypeFigures> = {};
  for (const line of out.slice(1, -1)) {
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)/.exec(line);
    if (m) perType[m[1]!] = { tp: +m[2]!, fp: +m[3]!, fn: +m[4]!, precision: +m[5]!, recall: +m[6]! };
  }
  const r = (x: number): number => +x.toFixed(4);
  return {
    typed_precision: summary.typed_precision, typed_recall: summary.typed_recall, typed_f1: summary.typed_f1,
    typed_f2: summary.typed_f2, strict_f2: summary.strict_f2, redaction_recall: summary.redaction_recall,
    redaction_precision: summary.redaction_precision, gold_spans: summary.gold_spans, predictions: summary.predictions,
    per_type: Object.fromEntries(Object.entries(perType).map(([t, f]) => [t, { ...f, precision: r(f.precision), recall: r(f.recall) }])),
  };
}

/** Precision of entities scored >= `min`, counted like the scorer (typed overlap; ignore-only hits skipped). */
function precisionAtScore(gold: GoldRecord[], preds: Map<string, PredEntity[]>, min: number): { n: number; precision: number; per_type: Record<string, { n: number; precision: number }> } {
  let n = 0;
  let ok = 0;
  const byType = new Map<string, { n: number; ok: number }>();
  const overlap = (a: { begin: number; end: number }, b: { begin: number; end: number }): boolean => a.begin < b.end && b.begin < a.end;
  for (const g of gold) {
    for (const e of preds.get(g.id) ?? []) {
      if (e.score < min) continue;
      const hitsGold = g.spans.some((s) => overlap(s, e));
      if (!hitsGold && (g.ignore ?? []).some((s) => overlap(s, e))) continue;
      n++;
      const hit = g.spans.some((s) => s.type === e.type && overlap(s, e));
      if (hit) ok++;
      const t = byType.get(e.type) ?? { n: 0, ok: 0 };
      t.n++;
      if (hit) t.ok++;
      byType.set(e.type, t);
    }
  }
  const per_type = Object.fromEntries([...byType].map(([t, v]) => [t, { n: v.n, precision: +(v.ok / (v.n || 1)).toFixed(4) }]));
  return { n, precision: +(ok / (n || 1)).toFixed(4), per_type };
}

async function scoreJsonl(detector: Detector, goldPath: string, work: string, name: string, types?: string): Promise<Record<string, unknown>> {
  const gold = readJsonl<GoldRecord>(goldPath);
  const results = await detector.detect(gold.map((g) => g.text));
  const preds = new Map<string, PredEntity[]>();
  gold.forEach((g, i) => preds.set(g.id, toCodePoints(g.text, results[i]!.entities)));
  const predPath = join(work, `${name}.pred.jsonl`);
  writeFileSync(predPath, gold.map((g) => JSON.stringify({ id: g.id, entities: preds.get(g.id) })).join('\n') + '\n');
  const all = score(goldPath, predPath);
  const out: Record<string, unknown> = { records: gold.length, ...all, scored_ge_0_8: precisionAtScore(gold, preds, 0.8) };
  if (types) out[`only_${types}`] = score(goldPath, predPath, types);
  return out;
}

interface ColumnTruth { pii: Record<string, string>; not_pii: string[] }

/** What a redact step with default options redacts: entities at or above its default `min_score`. */
const REDACT_MIN_SCORE = redactOptionsSchema.parse({ columns: ['_'] }).min_score;

/**
 * Cell-level truth: every cell of a PII column fully hidden; no cell of the other columns changed — as a redact
 * step with its default threshold would leave them (the text sets above score every entity, like `detect`).
 */
async function scoreTable(detector: Detector, csvPath: string, columnsPath: string): Promise<Record<string, unknown>> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(csvPath, 'utf8'), { header: true, skipEmptyLines: true });
  const truth = JSON.parse(readFileSync(columnsPath, 'utf8')) as ColumnTruth;
  const perColumn: Record<string, Record<string, number | string>> = {};
  let piiCells = 0;
  let hidden = 0;
  let typedHidden = 0;
  let otherCells = 0;
  let changed = 0;
  const scored: { ok: boolean; score: number }[] = [];
  for (const col of [...Object.keys(truth.pii), ...truth.not_pii]) {
    const cells = parsed.data.map((r) => r[col] ?? '');
    const res = await detector.detect(cells);
    const wantType = truth.pii[col];
    let colHit = 0;
    cells.forEach((cell, i) => {
      const all = res[i]!.entities;
      const ents = all.filter((e) => e.score >= REDACT_MIN_SCORE);
      if (wantType) {
        if (!cell.trim()) return;
        piiCells++;
        const cover = new Uint8Array(cell.length);
        for (const e of ents) cover.fill(1, e.begin, e.end);
        let full = true;
        for (let k = 0; k < cell.length; k++) if (!cover[k] && !/\s/.test(cell[k]!)) { full = false; break; }
        if (full) { hidden++; colHit++; }
        if (full && ents.every((e) => e.type === wantType)) typedHidden++;
        for (const e of all) scored.push({ ok: e.type === wantType, score: e.score });
      } else {
        otherCells++;
        if (ents.length > 0) { changed++; colHit++; }
        for (const e of all) scored.push({ ok: false, score: e.score });
      }
    });
    perColumn[col] = wantType
      ? { type: wantType, cells: cells.length, hidden_pct: +((100 * colHit) / (cells.length || 1)).toFixed(2) }
      : { type: 'not_pii', cells: cells.length, changed_pct: +((100 * colHit) / (cells.length || 1)).toFixed(2) };
  }
  const hi = scored.filter((s) => s.score >= 0.8);
  return {
    rows: parsed.data.length,
    redact_min_score: REDACT_MIN_SCORE,
    pii_cells_hidden_pct: +((100 * hidden) / (piiCells || 1)).toFixed(2),
    pii_cells_hidden_right_type_pct: +((100 * typedHidden) / (piiCells || 1)).toFixed(2),
    non_pii_cells_changed_pct: +((100 * changed) / (otherCells || 1)).toFixed(2),
    scored_ge_0_8: { n: hi.length, precision: +(hi.filter((s) => s.ok).length / (hi.length || 1)).toFixed(4) },
    per_column: perColumn,
  };
}

async function main(): Promise<void> {
  if (!existsSync(SCORER)) {
    console.error(`bench:quality: scorer not found at ${SCORER}`);
    process.exit(2);
  }
  if (!existsSync(join(DATASETS, 'tickets.jsonl'))) generateAll(DATASETS);
  const work = mkdtempSync(join(tmpdir(), 'redactflow-quality-'));
  const t0 = performance.now();
  const detector = await createLocalDetector({ workers: 0 });
  const startupMs = performance.now() - t0;
  try {
    const dev = join(SHARED, 'data', 'dev');
    const report: Record<string, unknown> = {
      detector: detector.name,
      version: detector.version,
      wnut17_train: await scoreJsonl(detector, join(dev, 'wnut17_train.jsonl'), work, 'wnut17_train', 'NAME'),
      wnut17_dev: await scoreJsonl(detector, join(dev, 'wnut17_dev.jsonl'), work, 'wnut17_dev', 'NAME'),
      fraud_registration: await scoreTable(detector, join(dev, 'fraud_registration.csv'), join(dev, 'fraud_registration_columns.json')),
      generated_tickets: await scoreJsonl(detector, join(DATASETS, 'tickets.jsonl'), work, 'tickets'),
      generated_crm: await scoreJsonl(detector, join(DATASETS, 'crm.jsonl'), work, 'crm'),
      // 42 ticket-like sentences written by hand (not by a generator or its templates): many PII types, non-US
      // addresses, lowercase names. Small; a check on what templates do not cover.
      handwritten_tickets: await scoreJsonl(detector, join(DATASETS, 'handwritten-tickets.jsonl'), work, 'handwritten_tickets'),
      generated_customers: await scoreTable(detector, join(DATASETS, 'customers.csv'), join(DATASETS, 'customers_columns.json')),
      elapsed_s: 0,
      detector_setup_ms: +startupMs.toFixed(1),
    };
    report.elapsed_s = +((performance.now() - t0) / 1000).toFixed(2);
    console.log(JSON.stringify(report, null, 1));
  } finally {
    await detector.close?.();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
