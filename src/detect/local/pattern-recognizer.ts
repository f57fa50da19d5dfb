// A declarative recognizer: regexes (compiled once, global) + optional validator + context words. Most
// recognizers are one call to `definePatternRecognizer`; the few with special logic write `recognize` by hand
// and reuse `scoreCandidate`.
import type { PiiType } from '../pii-types.ts';
import type { DecisionExplanation } from '../detector.ts';
import type { Candidate, NormalizedText, Recognizer } from './recognizer.ts';
import { createContext, type ContextMatcher } from './context.ts';

export interface PatternDef {
  /** Pattern name for the decision explanation. */
  name: string;
  /**
   * Must have the 'g' flag; the whole match is the entity (use lookbehind/lookahead for boundaries), unless
   * `valueGroup` names the capture group that holds it (that group must end the match: "password: (x)").
   */
  regex: RegExp;
  valueGroup?: number;
  /** Score before validation/context. */
  score: number;
  /** Pattern only reported when a context word is near (scored `score` + boost). */
  requireContext?: boolean;
  /** Cheap per-text test; false skips this pattern's regex (prefilter, like the recognizer's `mayMatch`). */
  gate?(text: NormalizedText): boolean;
}

export type ValidatorVerdict = 'valid' | 'invalid' | 'not_applicable';

export interface ValidatorDef {
  name: string;
  check(value: string): ValidatorVerdict;
}

export interface PatternRecognizerSpec {
  name: string;
  type: PiiType;
  patterns: PatternDef[];
  /** Whole-word context words that raise the score. */
  context?: readonly string[];
  /** Added when a context word is near (default 0.35), and the floor reached with context (default 0.6). */
  contextBoost?: number;
  contextFloor?: number;
  /** Characters looked at before/after the candidate for context (default 48 / 24). */
  window?: [number, number];
  /** Whole-word words that lower the score (e.g. "order", "zip" near an SSN-looking number). */
  negativeContext?: readonly string[];
  /** Subtracted when a negative word is near (default 0.4). */
  negativePenalty?: number;
  /** Characters looked at before/after the candidate for negative words (default 24 / 0: "order 123..."). */
  negativeWindow?: [number, number];
  validator?: ValidatorDef;
  /** Score given when the validator says 'valid' (if higher than the pattern's). */
  validScore?: number;
  /** 'invalid' drops the candidate unless this score is set. */
  invalidScore?: number;
  mayMatch?(text: NormalizedText): boolean;
  /** Extra look at the match (e.g. the character before it); false drops it. */
  accept?(text: NormalizedText, begin: number, end: number, value: string): boolean;
}

export interface ScoreInput {
  base: number;
  verdict?: { name: string; result: ValidatorVerdict };
  validScore?: number;
  context?: string[] | null;
  contextBoost?: number;
  contextFloor?: number;
  negative?: string[] | null;
  negativePenalty?: number;
}

// Explanations without validator or context words are few (recognizer × pattern × base score) and repeat on
// every row: one frozen object each instead of one per entity (less for the collector to copy while results
// are held; the audit encodes a frozen explanation once). Bounded, in case a caller varies base scores freely.
const plain = new Map<string, Map<string, Map<number, DecisionExplanation>>>();
let plainCount = 0;

function plainExplanation(recognizer: string, pattern: string, base: number): DecisionExplanation {
  let byPattern = plain.get(recognizer);
  if (!byPattern) plain.set(recognizer, (byPattern = new Map()));
  let byBase = byPattern.get(pattern);
  if (!byBase) byPattern.set(pattern, (byBase = new Map()));
  let x = byBase.get(base);
  if (!x) {
    x = Object.freeze({ recognizer, pattern, base_score: base });
    if (plainCount < 10_000) {
      byBase.set(base, x);
      plainCount++;
    }
  }
  return x;
}

/** Score and explanation of one candidate, shared by every recognizer so scores mean the same everywhere. */
export function scoreCandidate(recognizer: string, pattern: string, s: ScoreInput): { score: number; explanation: DecisionExplanation } {
  let score = s.base;
  if (s.verdict?.result === 'valid' && s.validScore !== undefined) score = Math.max(score, s.validScore);
  if (s.context) score = Math.max(score + (s.contextBoost ?? 0.35), s.contextFloor ?? 0.6);
  if (s.negative) score -= s.negativePenalty ?? 0.4;
  score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  if (!s.verdict && !s.context?.length && !s.negative?.length) return { score, explanation: plainExplanation(recognizer, pattern, s.base) };
  const explanation: DecisionExplanation = { recognizer, pattern, base_score: s.base };
  if (s.verdict) explanation.validator = s.verdict;
  if (s.context || s.negative) {
    const ctx = [...(s.context ?? []), ...(s.negative ?? []).map((w) => `-${w}`)];
    if (ctx.length) explanation.context = ctx;
  }
  return { score, explanation };
}

/**
 * Pattern candidates scored below this are dropped: context-free weak shapes (a bare 9-digit number as an SSN,
 * eight capital letters as a SWIFT code) are noise, not evidence. Between this floor and the default threshold
 * 0.5 they are reported (and audited as below_threshold).
 */
export const MIN_REPORTED_SCORE = 0.25;

export function definePatternRecognizer(spec: PatternRecognizerSpec): Recognizer {
  const ctx: ContextMatcher | null = spec.context?.length ? createContext(spec.context) : null;
  const neg: ContextMatcher | null = spec.negativeContext?.length ? createContext(spec.negativeContext) : null;
  const [before, after] = spec.window ?? [48, 24];
  const [negBefore, negAfter] = spec.negativeWindow ?? [24, 0];
  const recognizer: Recognizer = {
    name: spec.name,
    types: [spec.type],
    recognize(text) {
      const out: Candidate[] = [];
      const s = text.text;
      for (const p of spec.patterns) {
        if (p.gate && !p.gate(text)) continue;
        const re = p.regex;
        re.lastIndex = 0;
        for (let m = re.exec(s); m !== null; m = re.exec(s)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          const value = p.valueGroup === undefined ? m[0] : m[p.valueGroup];
          if (value === undefined || value.length === 0) continue;
          const end = m.index + m[0].length;
          const begin = end - value.length;
          if (spec.accept && !spec.accept(text, begin, end, value)) continue;
          let verdict: { name: string; result: ValidatorVerdict } | undefined;
          if (spec.validator) {
            const result = spec.validator.check(value);
            verdict = { name: spec.validator.name, result };
            if (result === 'invalid' && spec.invalidScore === undefined) continue;
          }
          const context = ctx ? ctx.find(text, begin, end, before, after) : null;
          if (p.requireContext && !context) continue;
          const negative = neg ? neg.find(text, begin, end, negBefore, negAfter) : null;
          const base = verdict?.result === 'invalid' ? (spec.invalidScore ?? 0) : p.score;
          const { score, explanation } = scoreCandidate(spec.name, p.name, {
            base,
            verdict,
            validScore: spec.validScore,
            context,
            contextBoost: spec.contextBoost,
            contextFloor: spec.contextFloor,
            negative,
            negativePenalty: spec.negativePenalty,
          });
          if (score < MIN_REPORTED_SCORE) continue;
          out.push({ type: spec.type, begin, end, score, explanation });
        }
      }
      return out;
    },
  };
  if (spec.mayMatch) recognizer.mayMatch = spec.mayMatch;
  return recognizer;
}

/** Only the ASCII digits of a string. */
export function digitsOf(s: string): string {
  let d = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) d += s[i];
  }
  return d;
}
