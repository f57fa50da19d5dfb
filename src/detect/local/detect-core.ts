// The local detector's work for one text, shared by the main thread and the worker threads (so results are
// identical with and without workers): normalize, run the recognizers, map back, de-duplicate, sort.
import type { DetectResult, Entity } from '../detector.ts';
import type { PiiType } from '../pii-types.ts';
import type { Candidate, Recognizer } from './recognizer.ts';
import { normalize } from './normalize.ts';
import { stableSort } from '../../util/stable-sort.ts';
import { recognizers as registry } from './recognizers/index.ts';

/** The registered recognizers that can emit at least one of `types` (all when `types` is empty/undefined). */
export function selectRecognizers(types?: readonly string[]): Recognizer[] {
  if (!types || types.length === 0) return registry.slice();
  const want = new Set(types);
  return registry.filter((r) => r.types.some((t) => want.has(t)));
}

export function detectText(text: string | null, recognizers: readonly Recognizer[], types?: ReadonlySet<PiiType>): Entity[] {
  if (text === null || text === undefined || text.length === 0) return [];
  const nt = normalize(text);
  let ents: Entity[] | null = null;
  for (let k = 0; k < recognizers.length; k++) {
    const r = recognizers[k];
    if (r.mayMatch && !r.mayMatch(nt)) continue;
    const found: Candidate[] = r.recognize(nt);
    for (let j = 0; j < found.length; j++) {
      const c = found[j];
      if (types && !types.has(c.type)) continue;
      (ents ??= []).push({ type: c.type, begin: nt.toOriginal(c.begin), end: nt.toOriginalEnd(c.end), score: c.score, explanation: c.explanation });
    }
  }
  return ents === null ? [] : dedupe(ents);
}

/** Dedupe's order: begin, then longer first, then higher score. */
function byBeginLongerHigher(a: Entity, b: Entity): number {
  return a.begin - b.begin || b.end - a.end || b.score - a.score;
}

function byBeginEnd(a: Entity, b: Entity): number {
  return a.begin - b.begin || a.end - b.end;
}

/**
 * Same span → keep the highest score (ties: first registered recognizer). Same type, one span inside the
 * other → keep the outer span with the higher of the two scores ("Jan 5th 2021 at 9:15 am" stays one date).
 * Same type partly overlapping → keep the higher score (ties: the longer span). Different types overlapping →
 * keep both: the redactor resolves them.
 */
export function dedupe(ents: Entity[]): Entity[] {
  if (ents.length < 2) return ents;
  // Stable, so ties keep the recognizers' order (first registered wins).
  const sorted = ents.slice();
  stableSort(sorted, byBeginLongerHigher);
  // The usual case (one name, one address, one e-mail): non-empty spans, none overlapping. Nothing to merge,
  // and the order below would be this one (begins all differ).
  if (disjoint(sorted)) return sorted;
  const keep: Entity[] = [];
  // `keep` is in begin order: entries that begin more than the longest span before `e` cannot overlap it, so
  // the backward scan stops there (linear on long texts with many entities).
  let maxLen = 0;
  for (const e of ents) maxLen = Math.max(maxLen, e.end - e.begin);
  for (const e of sorted) {
    let drop = false;
    for (let k = keep.length - 1; k >= 0; k--) {
      const o = keep[k];
      if (o.begin + maxLen < e.begin) break;
      const overlaps = o.begin < e.end && e.begin < o.end;
      if (!overlaps) continue;
      const same = o.begin === e.begin && o.end === e.end;
      if (same || o.type === e.type) {
        if (!same && o.type === e.type && (contains(o, e) || contains(e, o))) {
          const outer = contains(o, e) ? o : e;
          const score = Math.max(o.score, e.score);
          keep[k] = outer.score >= score ? outer : { ...outer, score, explanation: withNote(outer.explanation, 'merged_nested_span') };
        } else if (better(e, o)) keep[k] = e;
        drop = true;
        break;
      }
    }
    if (!drop) keep.push(e);
  }
  // A replacement can break the begin order only for equal begins; re-sort cheaply.
  stableSort(keep, byBeginEnd);
  return keep;
}

/** Spans sorted by begin are non-empty and each ends at or before the next one begins. */
function disjoint(sorted: Entity[]): boolean {
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (e.end <= e.begin) return false;
    if (i + 1 < sorted.length && e.end > sorted[i + 1].begin) return false;
  }
  return true;
}

function withNote(x: Entity['explanation'], note: string): Entity['explanation'] {
  return x ? { ...x, notes: [...(x.notes ?? []), note] } : { recognizer: 'local', notes: [note] };
}

function contains(a: Entity, b: Entity): boolean {
  return a.begin <= b.begin && b.end <= a.end;
}

function better(a: Entity, b: Entity): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return a.end - a.begin > b.end - b.begin;
}

export function detectBatch(texts: readonly (string | null)[], recognizers: readonly Recognizer[], types?: ReadonlySet<PiiType>): DetectResult[] {
  const out: DetectResult[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    try {
      out[i] = { entities: detectText(texts[i], recognizers, types) };
    } catch (e) {
      // Fail closed for this text only; the message names the recognizer failure, never the text.
      out[i] = { entities: [], error: { code: 'DETECTOR_FAILED', message: `local detector failed on text ${i}: ${(e as Error)?.name ?? 'Error'}` } };
    }
  }
  return out;
}
