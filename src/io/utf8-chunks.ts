// Strict streaming UTF-8 decoding shared by the text formats. We cut chunks at line (or character) boundaries
// ourselves instead of using TextDecoder's stream mode, so that on invalid input we know exactly which text was
// valid before the fault (the reader can then name the line and column of the bad bytes), and so that every
// string handed to a line parser is flat and self-contained.

import { isAscii, isUtf8 } from 'node:buffer';

/** Raised by decodeUtf8Lines at the first invalid byte; `validPrefix` is the text decoded before it in this chunk. */
export class Utf8Fault extends Error {
  readonly validPrefix: string;
  constructor(validPrefix: string) {
    super('invalid UTF-8');
    this.validPrefix = validPrefix;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for invalid leads: the validator flags them). */
function seqLength(lead: number): number {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (bytes.length if all valid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let len: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { len = 2; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { len = 3; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    let cp = b & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return n;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Start of an incomplete trailing sequence (bytes.length if the chunk ends on a character boundary). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    return back < seqLength(b) ? n - back : n;
  }
  return n;
}

/** Smallest span decodeLines classifies as ASCII or not. */
const MIN_BLOCK = 256;

/** Longest line tail carried over to the next chunk by decodeUtf8Lines before it gives up aligning on lines. */
const MAX_CARRY = 8 << 20;

/**
 * Valid UTF-8 `bytes` (whole lines) as strings, each ending at a line end: runs of ASCII lines are decoded as
 * latin1 and runs of other lines as UTF-8. On mixed text this is an order of magnitude faster than decoding the
 * chunk at once (V8 decodes pure ASCII/latin1 spans with a plain copy; a chunk holding a few non-ASCII characters
 * goes through the slow per-character path entirely), and ASCII runs become compact one-byte strings.
 * ASCII runs are slices of one latin1 string of the whole chunk, not strings of their own: a ~1 MiB string is
 * external (off the V8 heap), while the few-KiB run strings were young heap objects that every young collection
 * copied for as long as a cell sliced from them was alive (half the collector's work on mixed-script files).
 */
function decodeLines(bytes: Buffer, out: string[]): void {
  const n = bytes.length;
  let runStart = 0;
  let runAscii = true;
  let p = 0;
  let whole: string | null = null;
  const emit = (ascii: boolean, from: number, to: number): void => {
    if (!ascii) {
      out.push(bytes.toString('utf8', from, to));
      return;
    }
    whole ??= bytes.toString('latin1');
    out.push(whole.slice(from, to));
  };
  while (p < n) {
    // A block is a line, or several short lines (at least MIN_BLOCK bytes): bounds the calls on tiny lines.
    let e = bytes.indexOf(10, p + MIN_BLOCK - 1);
    e = e === -1 ? n : e + 1;
    const ascii = isAscii(bytes.subarray(p, e));
    if (ascii !== runAscii) {
      if (p > runStart) emit(runAscii, runStart, p);
      runStart = p;
      runAscii = ascii;
    }
    p = e;
  }
  if (n > runStart) emit(runAscii, runStart, n);
}

/** Decodes complete lines (or a complete tail), appending to `out`; Utf8Fault carries what `out` already held. */
function decodeInto(bytes: Uint8Array, out: string[]): void {
  const buf = asBuffer(bytes);
  if (isAscii(buf)) {
    if (buf.length > 0) out.push(buf.toString('latin1'));
    return;
  }
  if (!isUtf8(buf)) {
    const bad = firstInvalidUtf8(buf);
    throw new Utf8Fault(out.join('') + decoder.decode(buf.subarray(0, bad)));
  }
  decodeLines(buf, out);
}

/**
 * Decodes a byte stream into strings, a list per input chunk, every string ending at a line feed (except the
 * last of the input). The bytes after the last LF of a chunk wait for the next one, so line parsers never have
 * to prepend a partial line to the next text: `tail + text` makes a V8 cons string whose character access is
 * ~4x slower than a flat string's. A "line" longer than MAX_CARRY is passed on unaligned. A leading BOM is
 * removed.
 */
export async function* decodeUtf8Lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[], void, undefined> {
  let carry: Uint8Array | null = null;
  let first = true;
  const bom = (out: string[]): void => {
    if (first && out.length > 0) {
      if (out[0].charCodeAt(0) === 0xfeff) out[0] = out[0].slice(1);
      first = false;
    }
  };
  for await (const raw of chunks) {
    const out: string[] = [];
    let body = raw;
    if (carry !== null) {
      // The carried line tail plus the rest of that line, decoded on their own (small copy, not the whole chunk).
      const lf = asBuffer(raw).indexOf(10);
      if (lf === -1 && carry.length + raw.length <= MAX_CARRY) {
        carry = Buffer.concat([carry, raw]);
        continue;
      }
      const headEnd = lf === -1 ? completeLength(raw) : lf + 1;
      const head = Buffer.concat([carry, raw.subarray(0, headEnd)]);
      carry = null;
      const cut = lf === -1 ? completeLength(head) : head.length;
      decodeInto(head.subarray(0, cut), out);
      if (cut < head.length) carry = head.subarray(cut);
      body = raw.subarray(headEnd);
    }
    if (body.length > 0) {
      let cut = asBuffer(body).lastIndexOf(10) + 1;
      if (cut === 0 && body.length > MAX_CARRY) cut = completeLength(body);
      decodeInto(body.subarray(0, cut), out);
      if (cut < body.length) carry = carry === null ? body.subarray(cut) : Buffer.concat([carry, body.subarray(cut)]);
    }
    bom(out);
    if (out.length > 0) yield out;
  }
  if (carry !== null && carry.length > 0) {
    const out: string[] = [];
    decodeInto(carry, out); // a truncated sequence at the very end is invalid here
    bom(out);
    yield out;
  }
}
