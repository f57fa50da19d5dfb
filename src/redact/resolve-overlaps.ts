// Overlapping entities that are to be redacted are merged into one region, so no part of any of them stays
// visible. The region takes the type (and so the operator) of its winner: the longest entity; ties go to the
// higher score, then to the earlier start. Entities are never partly redacted.

import { stableSort } from '../util/stable-sort.ts';

export interface Span {
  type: string;
  begin: number;
  end: number;
  score: number;
}

export interface Region {
  begin: number;
  end: number;
  /** The entity whose type and operator the region takes. */
  winner: Span;
}

function beats(a: Span, b: Span): boolean {
  const la = a.end - a.begin;
  const lb = b.end - b.begin;
  if (la !== lb) return la > lb;
  if (a.score !== b.score) return a.score > b.score;
  return a.begin < b.begin;
}

const byBeginLongerFirst = (a: Span, b: Span) => a.begin - b.begin || b.end - a.end;

/** Disjoint regions covering every span, sorted by begin. Touching (not overlapping) spans stay separate. */
export function resolveOverlaps(spans: readonly Span[]): Region[] {
  const sorted: Span[] = [];
  for (const s of spans) if (s.end > s.begin) sorted.push(s);
  stableSort(sorted, byBeginLongerFirst);
  const out: Region[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.begin < last.end) {
      last.end = Math.max(last.end, s.end);
      if (beats(s, last.winner)) last.winner = s;
    } else out.push({ begin: s.begin, end: s.end, winner: s });
  }
  return out;
}
