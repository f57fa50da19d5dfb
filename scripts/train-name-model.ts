// Trains the NAME token tagger (logistic regression over tokenFeatures) on WNUT-17 train and writes
// data/models/name-tagger.json. Deterministic (seeded shuffle). 85% of the training sentences fit the weights,
// the other 15% fit the Platt calibration. wnut17_dev is never read here (it is for validation only).
// Run: npx tsx scripts/train-name-model.ts [path/to/wnut17_train.jsonl]
import { mulberry32 } from '../src/util/prng.ts';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nameTokens } from '../src/detect/local/recognizers/name-tokens.ts';
import { tokenFeatures, type NameTaggerModel } from '../src/detect/local/model/name-tagger.ts';
import { codePointToUtf16 } from '../src/text/offsets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const trainPath = process.argv[2] ?? resolve(root, '..', 'shared', 'data', 'dev', 'wnut17_train.jsonl');

interface Gold { id: string; text: string; spans: { type: string; begin: number; end: number }[] }
interface Example { feats: string[]; y: number }

function examples(g: Gold): Example[] {
  const toks = nameTokens(g.text);
  const spans = g.spans.filter((s) => s.type === 'NAME').map((s) => [codePointToUtf16(g.text, s.begin), codePointToUtf16(g.text, s.end)] as const);
  return toks.map((t, i) => ({
    feats: tokenFeatures(g.text, toks, i),
    y: spans.some(([b, e]) => t.begin < e && b < t.end) ? 1 : 0,
  }));
}

// Seeded PRNG for the shuffle.
const rng = mulberry32;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

const gold = readFileSync(trainPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Gold);
const fit: Example[] = [];
const cal: Example[] = [];
gold.forEach((g, i) => (i % 7 === 3 ? cal : fit).push(...examples(g)));

// Lexical features seen fewer than 3 times are not learned: otherwise the model memorises the training
// sentences' names (high train recall, poor on new text).
const counts = new Map<string, number>();
for (const ex of fit) for (const f of ex.feats) counts.set(f, (counts.get(f) ?? 0) + 1);
const LEXICAL = /^(?:w|pw|nw|suf|pre)=/;
for (const ex of fit) ex.feats = ex.feats.filter((f) => !LEXICAL.test(f) || (counts.get(f) ?? 0) >= 3);

const w = new Map<string, number>();
let bias = -3;
const rand = rng(17);
const order = fit.map((_, i) => i);
const l2 = 1e-5;
for (let epoch = 0; epoch < 12; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const lr = 0.2 / (1 + epoch);
  for (const idx of order) {
    const ex = fit[idx]!;
    let z = bias;
    for (const f of ex.feats) z += w.get(f) ?? 0;
    const g = ex.y - sigmoid(z);
    // Names are rare (~2% of tokens): weight positives up so recall is reachable at useful thresholds.
    const cw = ex.y === 1 ? 3 : 1;
    bias += lr * g * cw;
    for (const f of ex.feats) {
      const cur = w.get(f) ?? 0;
      w.set(f, cur + lr * (g * cw - l2 * cur));
    }
  }
}

// Prune tiny weights, round the rest (keeps the JSON small).
const weights: Record<string, number> = {};
for (const [f, v] of [...w.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= 0.02) weights[f] = Math.round(v * 1000) / 1000;

// Platt scaling on the held-out sentences.
const margin = (ex: Example): number => ex.feats.reduce((z, f) => z + (weights[f] ?? 0), Math.round(bias * 1000) / 1000);
let a = 1;
let b = 0;
const zs = cal.map((ex) => [margin(ex), ex.y] as const);
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

// Held-out token figures at p >= 0.5 and p >= 0.3.
const report: Record<string, number> = {};
for (const th of [0.3, 0.5, 0.8]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [z, y] of zs) {
    const p = sigmoid(a * z + b) >= th;
    if (p && y) tp++;
    else if (p) fp++;
    else if (y) fn++;
  }
  report[`p${th}_precision`] = +(tp / (tp + fp || 1)).toFixed(3);
  report[`p${th}_recall`] = +(tp / (tp + fn || 1)).toFixed(3);
}

const model: NameTaggerModel = { version: 1, weights, bias: Math.round(bias * 1000) / 1000, calibration: { a: +a.toFixed(4), b: +b.toFixed(4) } };
mkdirSync(join(root, 'data', 'models'), { recursive: true });
writeFileSync(join(root, 'data', 'models', 'name-tagger.json'), JSON.stringify(model) + '\n');
console.log(JSON.stringify({ fit_tokens: fit.length, calibration_tokens: cal.length, features: Object.keys(weights).length, ...report, calibration: model.calibration }));
