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

// Tokens of the interning trie below (unique objects: they cannot collide with any value of an explanation).
const OBJ = {};
const ARR = {};
const END = {};

class TrieNode {
  readonly next = new Map<unknown, TrieNode>();
  id = -1;
}

/** Worker side: interns types and explanations across batches. */
export class ResultEncoder {
  private size = 0;
  private types = new Map<string, number>();
  private root = new TrieNode();
  // Frozen explanations (the recognizers share one object per shape) by identity: one lookup instead of a
  // walk of the trie. A frozen object cannot change, so its id stays right until the table is reset.
  private frozen = new WeakMap<object, number>();

  private step(node: TrieNode, token: unknown): TrieNode {
    let n = node.next.get(token);
    if (n === undefined) {
      n = new TrieNode();
      node.next.set(token, n);
    }
    return n;
  }

  /**
   * Walks a value as a token sequence (OBJ key value ... END, ARR value ... END, primitives as themselves): an
   * unambiguous spelling of its structure, so one trie leaf = one JSON text. Thousands of entities per batch
   * share a few dozen explanation shapes: a few Map lookups each instead of a JSON.stringify per entity.
   */
  private walk(node: TrieNode, v: unknown): TrieNode {
    if (v === null || typeof v !== 'object') return this.step(node, v);
    if (Array.isArray(v)) {
      let n = this.step(node, ARR);
      for (let i = 0; i < v.length; i++) n = this.walk(n, v[i]);
      return this.step(n, END);
    }
    let n = this.step(node, OBJ);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) n = this.walk(this.step(n, k), o[k]);
    return this.step(n, END);
  }

  private explanationId(x: DecisionExplanation, added: string[]): number {
    const known = this.frozen.get(x);
    if (known !== undefined) return known;
    const id = this.explanationIdByValue(x, added);
    if (deeplyFrozen(x)) this.frozen.set(x, id);
    return id;
  }

  private explanationIdByValue(x: DecisionExplanation, added: string[]): number {
    const leaf = this.walk(this.root, x);
    if (leaf.id < 0) {
      leaf.id = this.size++;
      added.push(JSON.stringify(x));
    }
    return leaf.id;
  }

  private typeId(t: string, added: string[]): number {
    let id = this.types.get(t);
    if (id === undefined) {
      id = this.size++;
      this.types.set(t, id);
      added.push(JSON.stringify(t));
    }
    return id;
  }

  encode(results: readonly DetectResult[]): EncodedResults {
    let reset = false;
    if (this.size > MAX_TABLE) {
      this.size = 0;
      this.types = new Map();
      this.root = new TrieNode();
      this.frozen = new WeakMap();
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
        ints[4 * k] = this.typeId(e.type, added);
        ints[4 * k + 1] = e.explanation ? this.explanationId(e.explanation, added) : -1;
        ints[4 * k + 2] = e.begin;
        ints[4 * k + 3] = e.end;
        scores[k] = e.score;
        k++;
      }
    }
    return { counts, ints, scores, added, reset, errors };
  }
}

function deeplyFrozen(o: unknown): boolean {
  if (o === null || typeof o !== 'object') return true;
  if (!Object.isFrozen(o)) return false;
  for (const v of Object.values(o)) if (!deeplyFrozen(v)) return false;
  return true;
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
        const type = this.table[e.ints[4 * k]] as PiiType;
        // Built whole (one object shape, no property added afterwards): this runs on the main thread.
        entities[j] =
          x >= 0
            ? { type, begin: e.ints[4 * k + 2], end: e.ints[4 * k + 3], score: e.scores[k], explanation: this.table[x] as DecisionExplanation }
            : { type, begin: e.ints[4 * k + 2], end: e.ints[4 * k + 3], score: e.scores[k] };
      }
      out[i] = { entities };
    }
    for (const { index, error } of e.errors) out[index].error = error;
    return out;
  }
}
