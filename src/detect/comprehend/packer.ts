// Packs many texts into few DetectPiiEntities requests and maps the entities of each response back to the text
// they belong to, by offsets only (a delimiter inside the data changes nothing). Pure: no I/O, no SDK.
//
// Rules (the seed's flow got each of these wrong):
// - the limit is UTF-8 BYTES (the API's 100 KB), not characters; never an empty request;
// - null/empty texts produce no request;
// - texts are joined by a separator so one row's text does not run into the next;
// - a text longer than the limit is split into overlapping windows cut at whitespace, nothing truncated, and the
//   entities found twice in an overlap are reported once;
// - an entity that crosses a text boundary is clipped to each text it touches and reported for each.
import { codePointLength } from '../../text/offsets.ts';
import { codePointOffsetsToUtf16 } from '../../text/offsets.ts';

/** The API's limit: 100 KB of UTF-8 per DetectPiiEntities request. */
export const MAX_REQUEST_BYTES = 100_000;

/**
 * One newline between texts: a line break, so sentence-level context does not run across rows, and one character,
 * so the separators cost < 1% extra units on typical ~100-character cells (see bench/comprehend-bench.ts).
 */
export const DEFAULT_SEPARATOR = '\n';

export interface PackOptions {
  /** Largest request in UTF-8 bytes (default and maximum 100,000). */
  maxBytes?: number;
  separator?: string;
  /** Overlap between the windows of a text longer than `maxBytes` (default min(2000, maxBytes / 10) bytes). */
  overlapBytes?: number;
}

/** A piece of one text inside one request. All offsets are UTF-16. */
export interface Segment {
  /** Index of the text in the `texts` array given to `packTexts`. */
  textIndex: number;
  /** Where the piece starts in its text. */
  textStart: number;
  /** Where the piece starts in the request text. */
  requestStart: number;
  length: number;
  /** Which window of its text this is (0 for a text that fits in one request). */
  window: number;
}

export interface PackedRequest {
  text: string;
  /** UTF-8 bytes of `text` (≤ maxBytes, ≥ 1). */
  bytes: number;
  /** Unicode code points of `text`: what Comprehend bills. */
  chars: number;
  /** In request order; non-overlapping; separated by the separator. */
  segments: Segment[];
}

export interface PackResult {
  requests: PackedRequest[];
  /** Per input text: how many windows it was split into (0 for null/empty texts). */
  windows: number[];
}

/** An entity as Comprehend reports it: code-point offsets into the request text. */
export interface RawEntity {
  type: string;
  score: number;
  begin: number;
  end: number;
}

/** An entity mapped back to its text: UTF-16 offsets into that text. */
export interface MappedEntity {
  textIndex: number;
  /** Index of the request segment (piece) the entity was mapped to. */
  segment: number;
  window: number;
  type: string;
  score: number;
  begin: number;
  end: number;
  /** True when the entity ran past this text's piece (into the separator or the next text) and was cut. */
  clipped: boolean;
}

export function resolvePackOptions(options: PackOptions = {}): Required<PackOptions> {
  const maxBytes = Math.floor(options.maxBytes ?? MAX_REQUEST_BYTES);
  if (!(maxBytes >= 16 && maxBytes <= MAX_REQUEST_BYTES)) {
    throw new RangeError(`maxBytes must be between 16 and ${MAX_REQUEST_BYTES}`);
  }
  const separator = options.separator ?? DEFAULT_SEPARATOR;
  if (separator.length === 0 || utf8Bytes(separator) * 4 > maxBytes) throw new RangeError('separator must be non-empty and short');
  const overlapBytes = Math.floor(options.overlapBytes ?? Math.min(2000, maxBytes / 10));
  if (!(overlapBytes >= 0 && overlapBytes <= maxBytes / 4)) throw new RangeError('overlapBytes must be between 0 and maxBytes / 4');
  return { maxBytes, separator, overlapBytes };
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Code points in `s` (what Comprehend counts and bills). */
export { codePointLength };

/** UTF-8 bytes of the code unit(s) at `i` and how many UTF-16 units they span (a pair is never split). */
function unitAt(s: string, i: number): [bytes: number, units: number] {
  const c = s.charCodeAt(i);
  if (c < 0x80) return [1, 1];
  if (c < 0x800) return [2, 1];
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [4, 2];
  }
  // BMP and lone surrogates (which Buffer encodes as U+FFFD, 3 bytes).
  return [3, 1];
}

const WS = /\s/;
const MARK = /\p{M}/u;

/** Largest end ≥ start such that text[start, end) has at most `maxBytes` UTF-8 bytes, on a code-point boundary. */
function advanceBytes(text: string, start: number, maxBytes: number): number {
  let i = start;
  let bytes = 0;
  while (i < text.length) {
    const [b, u] = unitAt(text, i);
    if (bytes + b > maxBytes) break;
    bytes += b;
    i += u;
  }
  return i;
}

/** Moves a cut at `i` back off combining marks (and a pair's low half), so a grapheme's marks stay with it. */
function backOffMarks(text: string, i: number, floor: number): number {
  let j = i;
  while (j > floor && j < text.length && j - i < 32 && isContinuation(text, j)) j--;
  if (j > floor) return j;
  return i;
}

function isContinuation(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (c >= 0xdc00 && c <= 0xdfff) return true;
  return MARK.test(text[j]) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f);
}

/**
 * Splits a text longer than `maxBytes` into windows [start, end) of at most `maxBytes` bytes each, cut just after
 * whitespace when there is any in the window's second half, overlapping by about `overlapBytes`.
 */
export function splitWindows(text: string, maxBytes: number, overlapBytes: number): Array<[start: number, end: number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (;;) {
    let end = advanceBytes(text, start, maxBytes);
    if (end >= text.length) {
      out.push([start, text.length]);
      return out;
    }
    // Cut after the last whitespace in the window's second half; otherwise at a code-point (and mark) boundary.
    const half = start + Math.floor((end - start) / 2);
    let cut = -1;
    for (let k = end - 1; k >= half; k--) {
      if (WS.test(text[k])) {
        cut = k + 1;
        break;
      }
    }
    end = cut > start ? cut : backOffMarks(text, end, half);
    out.push([start, end]);
    // The next window starts about `overlapBytes` before this one's end, just after whitespace when possible.
    let back = end;
    let bytes = 0;
    while (back > start + 1) {
      const prev = back - 1;
      const lowHalf = text.charCodeAt(prev) >= 0xdc00 && text.charCodeAt(prev) <= 0xdfff && prev > 0;
      const from = lowHalf && unitAt(text, prev - 1)[1] === 2 ? prev - 1 : prev;
      const b = unitAt(text, from)[0];
      if (bytes + b > overlapBytes) break;
      bytes += b;
      back = from;
    }
    let next = back;
    for (let k = back; k < end; k++) {
      if (WS.test(text[k])) {
        next = k + 1;
        break;
      }
    }
    if (next >= end) next = back;
    next = backOffMarks(text, next, start + 1);
    // Always progress (a window is at least half of maxBytes, the overlap at most a quarter).
    start = next > start ? next : end;
  }
}

/** One text, or one window of a long text, waiting to be packed into a request. */
export interface Piece {
  textIndex: number;
  window: number;
  /** UTF-16 offset of the piece in its text. */
  textStart: number;
  text: string;
  bytes: number;
}

/** Cuts `texts` into pieces (one per text, several for a text over the limit); null/empty texts give none. */
export function toPieces(texts: readonly (string | null | undefined)[], options: Required<PackOptions>): { pieces: Piece[]; windows: number[] } {
  const pieces: Piece[] = [];
  const windows = new Array<number>(texts.length).fill(0);
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t];
    if (text === null || text === undefined || text.length === 0) continue;
    const bytes = utf8Bytes(text);
    if (bytes <= options.maxBytes) {
      windows[t] = 1;
      pieces.push({ textIndex: t, window: 0, textStart: 0, text, bytes });
      continue;
    }
    const ws = splitWindows(text, options.maxBytes, options.overlapBytes);
    windows[t] = ws.length;
    ws.forEach(([s, e], w) => {
      const piece = text.slice(s, e);
      pieces.push({ textIndex: t, window: w, textStart: s, text: piece, bytes: utf8Bytes(piece) });
    });
  }
  return { pieces, windows };
}

/**
 * Takes the next request from the head of `queue` (from index `start`): the first piece, then every following
 * piece while it still fits with its separator. Returns the request, the pieces in it (parallel to its
 * segments) and the index after them. Never empty when `start < queue.length`.
 */
export function takeRequest<P extends Piece>(queue: readonly P[], start: number, options: Required<PackOptions>): { request: PackedRequest; pieces: P[]; next: number } {
  const { maxBytes, separator } = options;
  const sepBytes = utf8Bytes(separator);
  const sepChars = codePointLength(separator);
  const parts: string[] = [];
  const segments: Segment[] = [];
  const taken: P[] = [];
  let bytes = 0;
  let chars = 0;
  let length = 0;
  let i = start;
  for (; i < queue.length; i++) {
    const p = queue[i];
    if (taken.length > 0) {
      if (bytes + sepBytes + p.bytes > maxBytes) break;
      parts.push(separator);
      bytes += sepBytes;
      chars += sepChars;
      length += separator.length;
    }
    segments.push({ textIndex: p.textIndex, textStart: p.textStart, requestStart: length, length: p.text.length, window: p.window });
    taken.push(p);
    parts.push(p.text);
    bytes += p.bytes;
    chars += codePointLength(p.text);
    length += p.text.length;
  }
  return { request: { text: parts.join(''), bytes, chars, segments }, pieces: taken, next: i };
}

/** Packs `texts` into requests (greedy, in order); null/empty texts are skipped (no request, no segment). */
export function packTexts(texts: readonly (string | null | undefined)[], options?: PackOptions): PackResult {
  const resolved = resolvePackOptions(options);
  const { pieces, windows } = toPieces(texts, resolved);
  const requests: PackedRequest[] = [];
  for (let i = 0; i < pieces.length; ) {
    const { request, next } = takeRequest(pieces, i, resolved);
    requests.push(request);
    i = next;
  }
  return { requests, windows };
}

/**
 * Maps a response's entities (code-point offsets into the request text) to the texts of the request, clipping
 * each entity to every text piece it overlaps; parts falling only on separators are dropped.
 */
export function mapEntities(request: PackedRequest, entities: readonly RawEntity[]): MappedEntity[] {
  if (entities.length === 0) return [];
  const offsets: number[] = [];
  for (const e of entities) offsets.push(e.begin, e.end);
  const utf16 = codePointOffsetsToUtf16(request.text, offsets);
  const segs = request.segments;
  const out: MappedEntity[] = [];
  entities.forEach((e, k) => {
    const b = utf16[2 * k];
    const end = utf16[2 * k + 1];
    if (!(end > b)) return;
    // First segment whose end is after b.
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].requestStart + segs[mid].length <= b) lo = mid + 1;
      else hi = mid;
    }
    for (let s = lo; s < segs.length && segs[s].requestStart < end; s++) {
      const seg = segs[s];
      const segEnd = seg.requestStart + seg.length;
      const cb = Math.max(b, seg.requestStart);
      const ce = Math.min(end, segEnd);
      if (ce <= cb) continue;
      out.push({
        textIndex: seg.textIndex,
        segment: s,
        window: seg.window,
        type: e.type,
        score: e.score,
        begin: cb - seg.requestStart + seg.textStart,
        end: ce - seg.requestStart + seg.textStart,
        clipped: b < seg.requestStart || end > segEnd,
      });
    }
  });
  return out;
}

/**
 * Joins the entities found in the windows of one text: an entity seen by two windows (same type, overlapping) is
 * reported once, as the union of the two spans (a window cut may have seen only part of it), with the higher
 * score. Entities from the same window are left as the detector reported them. Sorted by (begin, end).
 */
export function mergeWindowEntities<T extends { window: number; type: string; score: number; begin: number; end: number }>(
  entities: readonly T[],
): T[] {
  const sorted = [...entities].sort((a, b) => a.begin - b.begin || a.end - b.end || a.window - b.window);
  const out: T[] = [];
  // Per type, the kept entities that may still overlap a later one (sorted by begin, so only those ending later).
  const open = new Map<string, T[]>();
  for (const e of sorted) {
    let list = open.get(e.type);
    if (!list) open.set(e.type, (list = []));
    // Drop kept entities that end before this one begins: they cannot overlap anything later.
    let w = 0;
    for (const k of list) if (k.end > e.begin) list[w++] = k;
    list.length = w;
    const twin = list.find((k) => k.window !== e.window && k.begin < e.end && e.begin < k.end);
    if (twin) {
      twin.begin = Math.min(twin.begin, e.begin);
      twin.end = Math.max(twin.end, e.end);
      twin.score = Math.max(twin.score, e.score);
      continue;
    }
    const copy = { ...e };
    out.push(copy);
    list.push(copy);
  }
  return out.sort((a, b) => a.begin - b.begin || a.end - b.end);
}
