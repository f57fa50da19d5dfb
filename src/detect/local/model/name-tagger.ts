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
  /** Feature names and their weights, parallel arrays (features absent here weigh 0). Arrays, not an object:
   * JSON.parse builds a 10k-key object several times slower, and this is on the detector's start-up path. */
  features: string[];
  weights: number[];
  bias: number;
  /** Platt scaling fitted on held-out margins: p = sigmoid(a * z + b). */
  calibration: { a: number; b: number };
}

const MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'data', 'models', 'name-tagger.json');

function rankBucket(r: number): string {
  return r < 0 ? 'none' : r < 200 ? 'top200' : r < 1000 ? 'top1k' : r < 5000 ? 'top5k' : 'rare';
}

function shape(s: string): string {
  return s.replace(/\p{Lu}+/gu, 'X').replace(/\p{Ll}+/gu, 'x').replace(/\d+/g, 'd').slice(0, 6);
}

/**
 * Casing of the whole text: in all-lowercase chat or shouted text, a word's casing says little; in Headline Case
 * it says less. Computed once per text and passed to tokenFeatures.
 */
export type TextMode = 'lower' | 'upper' | 'title' | 'normal';

export function textMode(toks: readonly WordToken[]): TextMode {
  let words = 0;
  let caps = 0;
  let upper = 0;
  for (const t of toks) {
    if (t.cls === 'X' && t.casing === 'mixed') continue;
    words++;
    if (t.casing === 'title') caps++;
    else if (t.casing === 'upper') upper++;
  }
  if (words === 0) return 'normal';
  if (caps === 0 && upper === 0) return 'lower';
  if (upper >= 0.7 * words && words >= 2) return 'upper';
  if ((caps + upper) / words > 0.6 && words >= 4) return 'title';
  return 'normal';
}

/** A letter repeated three times ("sooo", "wooow"): chat spelling, rarely a name. */
function repeated(s: string): boolean {
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) === s.charCodeAt(i - 1) && s.charCodeAt(i) === s.charCodeAt(i - 2)) return true;
  return false;
}

function nonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return true;
  return false;
}

/** Features of the token itself (its text, classes, casing, position and the text's casing): cacheable. */
function selfFeatures(raw: string, t: WordToken, mode: TextMode): string[] {
  const start = t.sentenceStart ? 1 : 0;
  const wd = t.word ? 1 : 0;
  const fr = rankBucket(t.firstRank);
  const lr = rankBucket(t.lastRank);
  const f = [
    `w=${t.lower}`, `c=${t.cls}`, `k=${t.casing}`, `ck=${t.cls}|${t.casing}`, `s=${start}|${t.casing}`,
    `sh=${shape(raw)}`, `fr=${fr}`, `lr=${lr}`, `wd=${wd}`,
    `suf=${t.lower.slice(-3)}`, `pre=${t.lower.slice(0, 3)}`, `len=${Math.min(t.lower.length, 10)}`,
    // Conjunctions a linear model cannot form itself.
    `m=${mode}|${t.casing}`, `mc=${mode}|${t.cls}|${t.casing}`, `cks=${t.cls}|${t.casing}|${start}|${wd}`,
    `frk=${fr}|${t.casing}|${mode}`, `lrk=${lr}|${t.casing}|${mode}`,
    `suf2=${t.lower.slice(-2)}`, `suf4=${t.lower.slice(-4)}`,
  ];
  const c0 = raw.charCodeAt(0);
  if (c0 === 64) f.push('at');
  if (c0 === 35) f.push('hash');
  if (nonAscii(t.lower)) f.push(`na|${t.casing}`);
  if (repeated(t.lower)) f.push('rep');
  if (t.world) f.push(`world|${t.casing}`);
  return f;
}

/** Features of token `i` from its neighbours. */
function contextFeatures(text: string, toks: readonly WordToken[], i: number): string[] {
  const t = toks[i]!;
  const p = toks[i - 1];
  const n = toks[i + 1];
  const pp = toks[i - 2];
  const nn = toks[i + 2];
  const pw = p ? p.lower : '<s>';
  const nw = n ? n.lower : '</s>';
  const f = [
    `gap=${t.gapBefore.trim().slice(-2)}`,
    `pw=${pw}`, `nw=${nw}`, `pc=${p ? p.cls + '|' + p.casing : '<s>'}`,
    `nc=${n ? n.cls + '|' + n.casing : '</s>'}`, `ngap=${n ? n.gapBefore.trim().slice(0, 2) : '</s>'}`,
    `pcc=${p ? p.cls : '<s>'}|${t.cls}`, `ccn=${t.cls}|${n ? n.cls : '</s>'}`,
    `pcn=${p ? p.cls : '<s>'}|${t.cls}|${n ? n.cls : '</s>'}`,
    `pkn=${p ? p.casing : '<s>'}|${t.casing}|${n ? n.casing : '</s>'}`,
    `pwk=${pw}|${t.casing}`, `nwk=${nw}|${t.casing}`,
    `p2=${pp ? pp.lower : '<s>'}`, `n2=${nn ? nn.lower : '</s>'}`,
  ];
  if (p && text.charCodeAt(p.begin) === 64) f.push('p_at');
  if (n && text.charCodeAt(n.begin) === 64) f.push('n_at');
  return f;
}

/** Feature names of token `i` (the same features train and run the model). */
export function tokenFeatures(text: string, toks: readonly WordToken[], i: number, mode: TextMode = textMode(toks)): string[] {
  const t = toks[i]!;
  return [...selfFeatures(text.slice(t.begin, t.end), t, mode), ...contextFeatures(text, toks, i)];
}

/** Prefixes of the features that name a word (learned only when seen often enough in training). */
export const LEXICAL_FEATURE = /^(?:w|pw|nw|suf|pre|pwk|nwk|p2|n2|suf2|suf4)=/;

export class NameTagger {
  private readonly weights: Map<string, number>;
  private readonly bias: number;
  private readonly a: number;
  private readonly b: number;
  constructor(model: NameTaggerModel) {
    if (model.features.length !== model.weights.length) throw new RedactflowError('INTERNAL', 'name tagger model: features and weights differ in length');
    this.weights = new Map();
    for (let i = 0; i < model.features.length; i++) this.weights.set(model.features[i]!, model.weights[i]!);
    this.bias = model.bias;
    this.a = model.calibration.a;
    this.b = model.calibration.b;
  }

  // Sum of the self features' weights per token text, position and text casing (the same words recur).
  private readonly selfCache = new Map<string, number>();

  /** Raw margin of token `i` being part of a person's name. */
  margin(text: string, toks: readonly WordToken[], i: number, mode: TextMode = textMode(toks)): number {
    const t = toks[i]!;
    const raw = text.slice(t.begin, t.end);
    const key = `${mode}${t.sentenceStart ? 1 : 0}${t.cls}${raw}`;
    let self = this.selfCache.get(key);
    if (self === undefined) {
      self = 0;
      for (const f of selfFeatures(raw, t, mode)) self += this.weights.get(f) ?? 0;
      if (this.selfCache.size >= 50_000) this.selfCache.clear();
      this.selfCache.set(key, self);
    }
    let z = this.bias + self;
    for (const f of contextFeatures(text, toks, i)) z += this.weights.get(f) ?? 0;
    return z;
  }

  /** Calibrated probability that token `i` is part of a person's name. */
  probability(text: string, toks: readonly WordToken[], i: number, mode: TextMode = textMode(toks)): number {
    return 1 / (1 + Math.exp(-(this.a * this.margin(text, toks, i, mode) + this.b)));
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
