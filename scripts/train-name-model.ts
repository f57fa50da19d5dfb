// Trains the NAME token tagger (logistic regression over tokenFeatures) on WNUT-17 train and writes
// data/models/name-tagger.json. Deterministic (seeded shuffles). wnut17_dev is never read here (it is the
// validation set of `npm run bench:quality`).
// Calibration: 7-fold cross-validation over the training sentences gives every token an out-of-fold margin;
// the Platt scaling is fitted on those, then the final weights are fitted on all sentences.
// Run: npx tsx scripts/train-name-model.ts [--cv] [path/to/wnut17_train.jsonl]
//   --cv  also prints out-of-fold figures of the whole NAME recognizer (each fold's sentences scored by a
//         model that never saw them), per tagger threshold, and writes no model.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/util/prng.ts';
import { nameTokens } from '../src/detect/local/recognizers/name-tokens.ts';
import { createNameRecognizer } from '../src/detect/local/recognizers/name-recognizer.ts';
import { LEXICAL_FEATURE, NameTagger, textMode, tokenFeatures, type NameTaggerModel } from '../src/detect/local/model/name-tagger.ts';
import type { NormalizedText } from '../src/detect/local/recognizer.ts';
import { codePointToUtf16 } from '../src/text/offsets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const cvMode = args.includes('--cv');
const trainPath = args.find((a) => !a.startsWith('--')) ?? resolve(root, '..', 'shared', 'data', 'dev', 'wnut17_train.jsonl');
const FOLDS = 7;

interface Gold { id: string; text: string; spans: { type: string | null; begin: number; end: number }[]; ignore?: { begin: number; end: number }[] }
interface Example { feats: string[]; y: number }
interface Encoded { ids: Int32Array; y: number }

function examples(g: Gold): Example[] {
  const toks = nameTokens(g.text);
  const mode = textMode(toks);
  const spans = g.spans.filter((s) => s.type === 'NAME').map((s) => [codePointToUtf16(g.text, s.begin), codePointToUtf16(g.text, s.end)] as const);
  return toks.map((t, i) => ({
    feats: tokenFeatures(g.text, toks, i, mode),
    y: spans.some(([b, e]) => t.begin < e && b < t.end) ? 1 : 0,
  }));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Fits the weights on `fit` (SGD, seeded); returns the pruned, rounded model without calibration. */
function fitWeights(fit: Example[]): { weights: Record<string, number>; bias: number } {
  // Lexical features seen fewer than 3 times are not learned: otherwise the model memorises the training
  // sentences' names (high train recall, poor on new text).
  const counts = new Map<string, number>();
  for (const ex of fit) for (const f of ex.feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  const names: string[] = [];
  const enc: Encoded[] = fit.map((ex) => {
    const ids: number[] = [];
    for (const f of ex.feats) {
      if (LEXICAL_FEATURE.test(f) && (counts.get(f) ?? 0) < 3) continue;
      let id = index.get(f);
      if (id === undefined) { id = names.length; names.push(f); index.set(f, id); }
      ids.push(id);
    }
    return { ids: Int32Array.from(ids), y: ex.y };
  });
  const w = new Float64Array(names.length);
  let bias = -3;
  const rand = mulberry32(17);
  const order = enc.map((_, i) => i);
  const l2 = 1e-5;
  for (let epoch = 0; epoch < 12; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = 0.2 / (1 + epoch);
    for (const idx of order) {
      const ex = enc[idx]!;
      let z = bias;
      for (const id of ex.ids) z += w[id]!;
      const g = ex.y - sigmoid(z);
      // Names are rare (~2% of tokens): weight positives up so recall is reachable at useful thresholds.
      const cw = ex.y === 1 ? 3 : 1;
      bias += lr * g * cw;
      for (const id of ex.ids) w[id] = w[id]! + lr * (g * cw - l2 * w[id]!);
    }
  }
  // Prune tiny weights, round the rest (keeps the JSON small).
  const weights: Record<string, number> = {};
  const sorted = names.map((f, id) => [f, w[id]!] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [f, v] of sorted) if (Math.abs(v) >= 0.02) weights[f] = round3(v);
  return { weights, bias: round3(bias) };
}

function marginOf(m: { weights: Record<string, number>; bias: number }, ex: Example): number {
  let z = m.bias;
  for (const f of ex.feats) z += m.weights[f] ?? 0;
  return z;
}

/** Platt scaling: a, b minimising the log loss of sigmoid(a * z + b) on (margin, label) pairs. */
function platt(zs: readonly (readonly [number, number])[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 2000; it++) {
    let ga = 0;
    let gb = 0;
    for (const [z, y] of zs) {
      const d = y - sigmoid(a * z + b);
      ga += d * z;
      gb += d;
    }
    a += (0.5 * ga) / zs.length;
    b += (0.5 * gb) / zs.length;
  }
  return { a: +a.toFixed(4), b: +b.toFixed(4) };
}

function toModel(m: { weights: Record<string, number>; bias: number }, calibration: { a: number; b: number }): NameTaggerModel {
  const features = Object.keys(m.weights);
  return { version: 3, features, weights: features.map((f) => m.weights[f]!), bias: m.bias, calibration };
}

function identity(s: string): NormalizedText {
  return { original: s, text: s, lower: s.toLowerCase(), toOriginal: (i) => i, toOriginalEnd: (i) => i };
}

interface Tally { tp: number; fp: number; fn: number; gold: number; hidden: number; hiN: number; hiOk: number }

/** NAME figures of the recognizer on `golds`, counted like ../shared/tools/score-pii.mjs (NAME only). */
function tallyRecognizer(golds: Gold[], tagger: NameTagger, threshold: number, t: Tally): void {
  const rec = createNameRecognizer({ tagger, modelThreshold: threshold });
  for (const g of golds) {
    const spans = g.spans.filter((s) => s.type === 'NAME').map((s) => ({ begin: codePointToUtf16(g.text, s.begin), end: codePointToUtf16(g.text, s.end) }));
    const anySpans = g.spans.map((s) => ({ begin: codePointToUtf16(g.text, s.begin), end: codePointToUtf16(g.text, s.end) }));
    const ignore = (g.ignore ?? []).map((s) => ({ begin: codePointToUtf16(g.text, s.begin), end: codePointToUtf16(g.text, s.end) }));
    const ents = rec.recognize(identity(g.text));
    const ov = (a: { begin: number; end: number }, b: { begin: number; end: number }): boolean => a.begin < b.end && b.begin < a.end;
    for (const s of spans) {
      t.gold++;
      if (ents.some((e) => ov(e, s))) t.tp++;
      else t.fn++;
      let covered = 0;
      for (let k = s.begin; k < s.end; k++) if (ents.some((e) => e.begin <= k && k < e.end)) covered++;
      if (covered >= 0.9 * (s.end - s.begin)) t.hidden++;
    }
    for (const e of ents) {
      const hitsAny = anySpans.some((s) => ov(e, s));
      if (!hitsAny && ignore.some((s) => ov(e, s))) continue;
      const ok = spans.some((s) => ov(e, s));
      if (!ok) t.fp++;
      if (e.score >= 0.8) { t.hiN++; if (ok) t.hiOk++; }
    }
  }
}

function main(): void {
  const gold = readFileSync(trainPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Gold);
  const perSentence = gold.map(examples);
  const foldOf = (i: number): number => i % FOLDS;

  // Out-of-fold margins (calibration) and fold models (cross-validated figures).
  const oof: [number, number][] = [];
  const foldModels: { weights: Record<string, number>; bias: number }[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const fit = perSentence.filter((_, i) => foldOf(i) !== k).flat();
    const m = fitWeights(fit);
    foldModels.push(m);
    perSentence.forEach((exs, i) => { if (foldOf(i) === k) for (const ex of exs) oof.push([marginOf(m, ex), ex.y]); });
  }
  const calibration = platt(oof);
  const report: Record<string, unknown> = { sentences: gold.length, tokens: oof.length, calibration };
  for (const th of [0.3, 0.5, 0.8]) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [z, y] of oof) {
      const p = sigmoid(calibration.a * z + calibration.b) >= th;
      if (p && y) tp++;
      else if (p) fp++;
      else if (y) fn++;
    }
    report[`oof_token_p${th}`] = { precision: +(tp / (tp + fp || 1)).toFixed(3), recall: +(tp / (tp + fn || 1)).toFixed(3) };
  }

  if (cvMode) {
    const thresholds = [0.12, 0.18, 0.25, 0.35];
    const figures: Record<string, unknown> = {};
    for (const th of thresholds) {
      const t: Tally = { tp: 0, fp: 0, fn: 0, gold: 0, hidden: 0, hiN: 0, hiOk: 0 };
      for (let k = 0; k < FOLDS; k++) {
        const tagger = new NameTagger(toModel(foldModels[k]!, calibration));
        tallyRecognizer(gold.filter((_, i) => foldOf(i) === k), tagger, th, t);
      }
      const P = t.tp / (t.tp + t.fp || 1);
      const R = t.tp / (t.tp + t.fn || 1);
      figures[`threshold_${th}`] = {
        precision: +P.toFixed(3), recall: +R.toFixed(3), f2: +((5 * P * R) / (4 * P + R || 1)).toFixed(3),
        redaction_recall: +(t.hidden / (t.gold || 1)).toFixed(3), ge_0_8: `${t.hiOk}/${t.hiN}`,
      };
    }
    report.cv_recognizer = figures;
    console.log(JSON.stringify(report, null, 1));
    return;
  }

  const final = fitWeights(perSentence.flat());
  const model = toModel(final, calibration);
  mkdirSync(join(root, 'data', 'models'), { recursive: true });
  writeFileSync(join(root, 'data', 'models', 'name-tagger.json'), JSON.stringify(model) + '\n');
  console.log(JSON.stringify({ ...report, features: model.features.length }));
}

main();
