// A small logistic-regression token tagger for NAME in noisy social-media text (lowercase names, nicknames,
// single surnames), trained by scripts/train-name-model.ts on WNUT-17 train (CC-BY 4.0) and shipped as JSON
// in data/models/. Used by the NAME recognizer only on text that looks like social media (cheap gate).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedactflowError } from '../../../errors.ts';
import type { WordToken } from '../recognizers/name-tokens.ts';

export interface NameTaggerModel {
  version: number;
  /** Feature → weight (features absent here weigh 0). */
  weights: Record<string, number>;
  bias: number;
  /** Platt scaling fitted on a held-out part of the training data: p = sigmoid(a * z + b). */
  calibration: { a: number; b: number };
}

const MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'data', 'models', 'name-tagger.json');

function rankBucket(r: number): string {
  return r < 0 ? 'none' : r < 200 ? 'top200' : r < 1000 ? 'top1k' : r < 5000 ? 'top5k' : 'rare';
}

function shape(s: string): string {
  return s.replace(/\p{Lu}+/gu, 'X').replace(/\p{Ll}+/gu, 'x').replace(/\d+/g, 'd').slice(0, 6);
}

/** Feature names of token `i` (the same function trains and runs the model). */
export function tokenFeatures(text: string, toks: readonly WordToken[], i: number): string[] {
  const t = toks[i]!;
  const raw = text.slice(t.begin, t.end);
  const p = toks[i - 1];
  const n = toks[i + 1];
  const gap = t.gapBefore.trim();
  const f = [
    `w=${t.lower}`, `c=${t.cls}`, `k=${t.casing}`, `ck=${t.cls}|${t.casing}`, `s=${t.sentenceStart ? 1 : 0}|${t.casing}`,
    `sh=${shape(raw)}`, `fr=${rankBucket(t.firstRank)}`, `lr=${rankBucket(t.lastRank)}`, `wd=${t.word ? 1 : 0}`,
    `suf=${t.lower.slice(-3)}`, `pre=${t.lower.slice(0, 3)}`, `gap=${gap.slice(-2)}`, `len=${Math.min(t.lower.length, 10)}`,
    `pw=${p ? p.lower : '<s>'}`, `nw=${n ? n.lower : '</s>'}`, `pc=${p ? p.cls + '|' + p.casing : '<s>'}`,
    `nc=${n ? n.cls + '|' + n.casing : '</s>'}`, `ngap=${n ? n.gapBefore.trim().slice(0, 2) : '</s>'}`,
    `pcc=${p ? p.cls : '<s>'}|${t.cls}`, `ccn=${t.cls}|${n ? n.cls : '</s>'}`,
  ];
  if (raw.charCodeAt(0) === 64) f.push('at');
  if (raw.charCodeAt(0) === 35) f.push('hash');
  return f;
}

export class NameTagger {
  private readonly weights: Map<string, number>;
  private readonly bias: number;
  private readonly a: number;
  private readonly b: number;
  constructor(model: NameTaggerModel) {
    this.weights = new Map(Object.entries(model.weights));
    this.bias = model.bias;
    this.a = model.calibration.a;
    this.b = model.calibration.b;
  }

  /** Raw margin of token `i` being part of a person's name. */
  margin(text: string, toks: readonly WordToken[], i: number): number {
    let z = this.bias;
    for (const f of tokenFeatures(text, toks, i)) z += this.weights.get(f) ?? 0;
    return z;
  }

  /** Calibrated probability that token `i` is part of a person's name. */
  probability(text: string, toks: readonly WordToken[], i: number): number {
    return 1 / (1 + Math.exp(-(this.a * this.margin(text, toks, i) + this.b)));
  }
}

let cached: NameTagger | null | undefined;

/** The shipped tagger, loaded once; null when the model file is absent (the rules still run). */
export function loadNameTagger(): NameTagger | null {
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(MODEL_PATH, 'utf8');
  } catch {
    cached = null;
    return cached;
  }
  try {
    cached = new NameTagger(JSON.parse(text) as NameTaggerModel);
  } catch (cause) {
    throw new RedactflowError('INTERNAL', 'model file data/models/name-tagger.json is not valid', { cause });
  }
  return cached;
}
