// Compact transfer of texts and results between the local detector and its worker threads. Structured cloning
// of 20,000 results with their explanation objects costs more main-thread time than detecting them inline, so
// texts travel as one string + offsets, and results as typed arrays (transferred, not copied) plus a
// per-worker table of interned types and explanations, sent once each.
import type { DecisionExplanation, DetectResult, Entity } from '../detector.ts';
import type { PiiType } from '../pii-types.ts';

export interface EncodedTexts {
  joined: string;
  /** Per text: start in `joined`, then end; end -1 for null. */
  bounds: Int32Array<ArrayBuffer>;
}

export function encodeTexts(texts: readonly (string | null)[]): EncodedTexts {
  const bounds = new Int32Array(texts.length * 2);
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    bounds[2 * i] = at;
    if (typeof t !== 'string') {
      bounds[2 * i + 1] = -1;
      continue;
    }
    parts.push(t);
    at += t.length;
    bounds[2 * i + 1] = at;
  }
  return { joined: parts.join(''), bounds };
}

export function decodeTexts(e: EncodedTexts): (string | null)[] {
  const n = e.bounds.length / 2;
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const end = e.bounds[2 * i + 1];
    // Slices share the joined batch: the worker keeps no text after answering, so it is freed as a whole.
    out[i] = end < 0 ? null : e.joined.slice(e.bounds[2 * i], end);
  }
  return out;
}

export interface EncodedResults {
  /** Entities per text. */
  counts: Int32Array<ArrayBuffer>;
  /** Per entity: type id, explanation id (-1: none), begin, end. */
  ints: Int32Array<ArrayBuffer>;
  scores: Float64Array<ArrayBuffer>;
  /** Table entries first used in this batch (JSON), appended in order to the receiver's table. */
  added: string[];
  /** The sender's table was cleared before this batch (it grows only with new explanation shapes). */
  reset: boolean;
  errors: { index: number; error: { code: string; message: string } }[];
}

const MAX_TABLE = 20_000;

/** Worker side: interns types and explanations across batches. */
export class ResultEncoder {
  private table = new Map<string, number>();

  private id(key: string, added: string[]): number {
    let id = this.table.get(key);
    if (id === undefined) {
      id = this.table.size;
      this.table.set(key, id);
      added.push(key);
    }
    return id;
  }

  encode(results: readonly DetectResult[]): EncodedResults {
    let reset = false;
    if (this.table.size > MAX_TABLE) {
      this.table = new Map();
      reset = true;
    }
    let total = 0;
    for (const r of results) total += r.entities.length;
    const counts = new Int32Array(results.length);
    const ints = new Int32Array(total * 4);
    const scores = new Float64Array(total);
    const added: string[] = [];
    const errors: EncodedResults['errors'] = [];
    let k = 0;
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      counts[i] = r.entities.length;
      if (r.error) errors.push({ index: i, error: r.error });
      for (const e of r.entities) {
        ints[4 * k] = this.id(JSON.stringify(e.type), added);
        ints[4 * k + 1] = e.explanation ? this.id(JSON.stringify(e.explanation), added) : -1;
        ints[4 * k + 2] = e.begin;
        ints[4 * k + 3] = e.end;
        scores[k] = e.score;
        k++;
      }
    }
    return { counts, ints, scores, added, reset, errors };
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Main-thread side, one per worker: rebuilds results; explanations are shared frozen objects. */
export class ResultDecoder {
  private table: unknown[] = [];

  decode(e: EncodedResults): DetectResult[] {
    if (e.reset) this.table = [];
    for (const s of e.added) this.table.push(deepFreeze(JSON.parse(s) as unknown));
    const out: DetectResult[] = new Array(e.counts.length);
    let k = 0;
    for (let i = 0; i < e.counts.length; i++) {
      const n = e.counts[i];
      const entities: Entity[] = new Array(n);
      for (let j = 0; j < n; j++, k++) {
        const x = e.ints[4 * k + 1];
        const ent: Entity = { type: this.table[e.ints[4 * k]] as PiiType, begin: e.ints[4 * k + 2], end: e.ints[4 * k + 3], score: e.scores[k] };
        if (x >= 0) ent.explanation = this.table[x] as DecisionExplanation;
        entities[j] = ent;
      }
      out[i] = { entities };
    }
    for (const { index, error } of e.errors) out[index].error = error;
    return out;
  }
}
