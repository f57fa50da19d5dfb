// Shared helpers of the local detector tests.
import type { Entity } from '../../../src/detect/detector.ts';

export interface Found {
  type: string;
  value: string;
  begin: number;
  end: number;
  score: number;
}

export function describeEntities(text: string, ents: readonly Entity[]): Found[] {
  return ents.map((e) => ({ type: e.type, value: text.slice(e.begin, e.end), begin: e.begin, end: e.end, score: e.score }));
}
