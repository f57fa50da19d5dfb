// Strict streaming UTF-8 decoding shared by the text formats. We cut chunks at character boundaries ourselves
// (instead of TextDecoder's stream mode) so that on invalid input we know exactly which text was valid before the
// fault: the reader can then name the line and column where the bad bytes are.

/** Raised by decodeUtf8 at the first invalid byte; `validPrefix` is the text decoded before it in this chunk. */
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

function decodeStrict(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new Utf8Fault(decoder.decode(bytes.subarray(0, bad)));
  }
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

/** Decodes a byte stream into strings (one per input chunk, roughly). A leading BOM is removed. */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string, void, undefined> {
  let pending: Uint8Array | null = null;
  let first = true;
  for await (let chunk of chunks) {
    let head = '';
    if (pending !== null) {
      // Finish the character split across chunks with a small separate decode (no copy of the whole chunk).
      const need = seqLength(pending[0]) - pending.length;
      const joined: Uint8Array = new Uint8Array(pending.length + Math.min(need, chunk.length));
      joined.set(pending);
      joined.set(chunk.subarray(0, need), pending.length);
      chunk = chunk.subarray(need);
      if (joined.length < seqLength(pending[0])) {
        pending = joined;
        continue;
      }
      pending = null;
      head = decodeStrict(joined);
    }
    const cut = completeLength(chunk);
    let text: string;
    try {
      text = head + decodeStrict(cut === chunk.length ? chunk : chunk.subarray(0, cut));
    } catch (e) {
      if (e instanceof Utf8Fault) throw new Utf8Fault(head + e.validPrefix);
      throw e;
    }
    if (cut < chunk.length) pending = chunk.slice(cut);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  if (pending !== null) throw new Utf8Fault(''); // truncated sequence at end of input
}
