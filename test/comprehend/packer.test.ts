// The packer: byte limits, windows of long texts, offsets mapped back through code points, clipping at text
// boundaries, null/empty texts. Requests are "detected" with a regex detector as Comprehend would see them
// (code-point offsets into the request text), then mapped back.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEPARATOR,
  MAX_REQUEST_BYTES,
  mapEntities,
  mergeWindowEntities,
  packTexts,
  splitWindows,
  utf8Bytes,
  type MappedEntity,
  type PackedRequest,
} from '../../src/detect/comprehend/packer.ts';
import { estimateUnits } from '../../src/detect/comprehend/cost.ts';
import { utf16OffsetsToCodePoints } from '../../src/text/offsets.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { regexDetector } from './helpers.ts';

/** Detects on each request like the service would and maps back: per text, the merged entities. */
async function detectPacked(texts: readonly (string | null)[], maxBytes?: number): Promise<{ requests: PackedRequest[]; perText: MappedEntity[][] }> {
  const { requests, windows } = packTexts(texts, { maxBytes });
  const det = regexDetector();
  const perText: MappedEntity[][] = texts.map(() => []);
  for (const r of requests) {
    const [res] = await det.detect([r.text]);
    const offs: number[] = [];
    for (const e of res.entities) offs.push(e.begin, e.end);
    const cps = utf16OffsetsToCodePoints(r.text, offs);
    const raw = res.entities.map((e, k) => ({ type: e.type, score: e.score, begin: cps[2 * k], end: cps[2 * k + 1] }));
    for (const m of mapEntities(r, raw)) perText[m.textIndex].push(m);
  }
  return { requests, perText: perText.map((l, t) => (windows[t] > 1 ? mergeWindowEntities(l) : l)) };
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function words(rand: () => number, bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = 'lorem ipsum dolor sit amet consectetur adipiscing elit'.split(' ')[Math.floor(rand() * 8)];
    parts.push(w);
    n += w.length + 1;
  }
  return parts.join(' ').slice(0, bytes);
}

function assertRequestsValid(requests: PackedRequest[], maxBytes = MAX_REQUEST_BYTES): void {
  for (const r of requests) {
    expect(r.segments.length).toBeGreaterThan(0);
    expect(r.bytes).toBe(utf8Bytes(r.text));
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.bytes).toBeLessThanOrEqual(maxBytes);
    expect(r.chars).toBe([...r.text].length);
    // Never a lone surrogate (a split pair) in what is sent.
    expect(hasLoneSurrogate(r.text)).toBe(false);
  }
}

describe('packTexts', () => {
  it('packs in order, joined by the separator, within the byte limit', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `row ${i} mail r${i}@example.com`);
    const { requests } = packTexts(texts, { maxBytes: 5000 });
    assertRequestsValid(requests, 5000);
    expect(requests.map((r) => r.text).join(DEFAULT_SEPARATOR)).toBe(texts.join(DEFAULT_SEPARATOR));
    // Greedy: every request but the last is full enough that the next text would not have fitted.
    for (let k = 0; k < requests.length - 1; k++) {
      const next = texts[requests[k + 1].segments[0].textIndex];
      expect(requests[k].bytes + 1 + utf8Bytes(next)).toBeGreaterThan(5000);
    }
  });

  it('sends a text exactly at the limit alone, with no empty request before or after it', () => {
    const exact = 'a '.repeat(MAX_REQUEST_BYTES / 2 - 1) + 'zz';
    expect(utf8Bytes(exact)).toBe(MAX_REQUEST_BYTES);
    const { requests, windows } = packTexts(['short one', exact, 'short two']);
    assertRequestsValid(requests);
    expect(requests.map((r) => r.segments.map((s) => s.textIndex))).toEqual([[0], [1], [2]]);
    expect(requests[1].text).toBe(exact);
    expect(requests[1].bytes).toBe(MAX_REQUEST_BYTES);
    expect(windows).toEqual([1, 1, 1]);
    // As the first text too (the seed's flow sent an empty first chunk here).
    expect(packTexts([exact]).requests.map((r) => r.bytes)).toEqual([MAX_REQUEST_BYTES]);
  });

  it('makes no request for null and empty texts', () => {
    expect(packTexts([null, '', null, '']).requests).toEqual([]);
    const { requests, windows } = packTexts([null, 'a@b.co', '', null, 'x']);
    expect(requests).toHaveLength(1);
    expect(requests[0].text).toBe(`a@b.co${DEFAULT_SEPARATOR}x`);
    expect(requests[0].segments.map((s) => s.textIndex)).toEqual([1, 4]);
    expect(windows).toEqual([0, 1, 0, 0, 1]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 20,000 four-byte emoji = 40,000 UTF-16 units but 80,000 bytes: two such texts do not fit in one request.
    const emoji = '😀'.repeat(20_000);
    const { requests } = packTexts([emoji, emoji]);
    assertRequestsValid(requests);
    expect(requests).toHaveLength(2);
    expect(requests[0].chars).toBe(20_000);
  });
});

describe('long texts', () => {
  const rand = mulberry32(7);
  // ~350 KB of words with e-mails sprinkled through it.
  const parts: string[] = [];
  let i = 0;
  for (let size = 0; size < 350_000; i++) {
    const p = i % 40 === 0 ? `user${i}@mail.example.org` : words(rand, 30);
    parts.push(p);
    size += p.length + 1;
  }
  const long = parts.join(' ');

  it('splits a 350 KB text into overlapping windows cut at whitespace, covering every character', () => {
    expect(utf8Bytes(long)).toBeGreaterThanOrEqual(350_000);
    const ws = splitWindows(long, MAX_REQUEST_BYTES, 2000);
    expect(ws.length).toBeGreaterThanOrEqual(4);
    expect(ws[0][0]).toBe(0);
    expect(ws.at(-1)![1]).toBe(long.length);
    for (let k = 0; k < ws.length; k++) {
      const [s, e] = ws[k];
      expect(utf8Bytes(long.slice(s, e))).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      if (k < ws.length - 1) {
        expect(long[e - 1]).toMatch(/\s/); // cut just after whitespace
        expect(ws[k + 1][0]).toBeLessThan(e); // overlaps the next window
        expect(ws[k + 1][0]).toBeGreaterThan(s);
        expect(long[ws[k + 1][0] - 1]).toMatch(/\s/); // next window starts at a word
      }
    }
  });

  it('finds every entity of a 350 KB text exactly once: in the overlap, and across a window cut', async () => {
    // ASCII, so UTF-16 index = byte offset: the first window's byte limit falls inside the multi-word name, so
    // window 0 sees only "Agent Xavier Quentin" and window 1 (which starts ~2 KB earlier) sees it whole.
    const name = 'Agent Xavier Quentin Yount';
    const email = 'in.the.overlap@windows.example.com';
    const nameAt = MAX_REQUEST_BYTES - 12;
    const emailAt = MAX_REQUEST_BYTES - 900;
    let text = long.slice(0, emailAt) + ` ${email} ` + long.slice(emailAt + email.length + 2, nameAt) + ` ${name} `;
    text += long.slice(text.length);
    const ws = splitWindows(text, MAX_REQUEST_BYTES, 2000);
    expect(ws[0][1]).toBeGreaterThan(nameAt + 1);
    expect(ws[0][1]).toBeLessThan(nameAt + 1 + name.length); // the cut is inside the name
    expect(ws[1][0]).toBeLessThan(emailAt); // the e-mail is in both windows
    const { requests, perText } = await detectPacked(['first row a@b.co', text, 'last row c@d.co']);
    assertRequestsValid(requests);
    const expected = [...text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+|Agent(?: [A-Z][a-z]+)+/g)].map((m) => `${m.index}-${m.index + m[0].length}`);
    expect(perText[1].map((e) => `${e.begin}-${e.end}`)).toEqual(expected);
    expect(perText[1].filter((e) => text.slice(e.begin, e.end) === email)).toHaveLength(1);
    expect(perText[1].filter((e) => e.type === 'NAME').map((e) => text.slice(e.begin, e.end))).toEqual([name]);
    expect(perText[0].map((e) => e.begin)).toEqual([10]);
    expect(perText[2].map((e) => e.begin)).toEqual([9]);
    // Nothing truncated: the windows' pieces cover the whole text.
    const covered = new Uint8Array(text.length);
    for (const r of requests) for (const s of r.segments) if (s.textIndex === 1) covered.fill(1, s.textStart, s.textStart + s.length);
    expect(covered.every((c) => c === 1)).toBe(true);
  });

  it('cuts a whitespace-free text at code-point boundaries, never inside a pair or before a combining mark', () => {
    const blob = ('e\u0301😀' + 'x'.repeat(13)).repeat(8000); // no whitespace at all
    const ws = splitWindows(blob, 10_000, 500);
    const pieces = ws.map(([s, e]) => blob.slice(s, e));
    for (const p of pieces) {
      expect(hasLoneSurrogate(p)).toBe(false);
      expect(p).not.toMatch(/^\p{M}/u);
      expect(utf8Bytes(p)).toBeLessThanOrEqual(10_000);
    }
    expect(ws.at(-1)![1]).toBe(blob.length);
    for (let k = 1; k < ws.length; k++) expect(ws[k][0]).toBeLessThanOrEqual(ws[k - 1][1]);
  });
});

describe('mapping entities back to texts', () => {
  it('maps by offsets: "<R>" and the separator inside texts change nothing', async () => {
    const texts = [
      'a<R>b x1@e.co',
      `line one${DEFAULT_SEPARATOR}line two secret-22 <R>`,
      '<R>',
      `${DEFAULT_SEPARATOR}${DEFAULT_SEPARATOR}x3@e.co${DEFAULT_SEPARATOR}`,
      null,
      'tail secret-5',
    ];
    const { requests, perText } = await detectPacked(texts);
    expect(requests).toHaveLength(1);
    const got = perText.map((l, t) => l.map((e) => (texts[t] ?? '').slice(e.begin, e.end)));
    expect(got).toEqual([['x1@e.co'], ['secret-22'], [], ['x3@e.co'], [], ['secret-5']]);
  });

  it('converts code points to UTF-16 with emoji and combining marks before the entity, near a request boundary', async () => {
    const rand = mulberry32(3);
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const pre = ['😀', 'e\u0301', '👩‍👩‍👧', '中文', 'ñ'][i % 5].repeat(1 + Math.floor(rand() * 6));
      texts.push(`${pre} é${pre} m${i}@x.io ${pre}`);
    }
    const { requests, perText } = await detectPacked(texts, 2000);
    assertRequestsValid(requests, 2000);
    expect(requests.length).toBeGreaterThan(10);
    perText.forEach((l, i) => expect(l.map((e) => texts[i].slice(e.begin, e.end))).toEqual([`m${i}@x.io`]));
  });

  it('clips an entity that crosses a text boundary to each text and reports both parts', () => {
    const { requests } = packTexts(['call 555 12', '34 now', 'x']);
    const r = requests[0];
    // A service-side entity "555 12\n34" crossing from text 0 into text 1 (code points = UTF-16 here).
    const begin = r.text.indexOf('555');
    const end = r.text.indexOf(' now');
    const mapped = mapEntities(r, [{ type: 'PHONE', score: 0.8, begin, end }]);
    expect(mapped.map((m) => [m.textIndex, m.begin, m.end, m.clipped])).toEqual([
      [0, 5, 11, true],
      [1, 0, 2, true],
    ]);
    // An entity only on the separator maps to nothing.
    const sep = r.text.indexOf(DEFAULT_SEPARATOR);
    expect(mapEntities(r, [{ type: 'NAME', score: 0.5, begin: sep, end: sep + 1 }])).toEqual([]);
  });

  it('joins a window-cut entity with its whole twin from the next window', () => {
    const merged = mergeWindowEntities([
      { window: 0, type: 'NAME', score: 0.6, begin: 100, end: 104 },
      { window: 1, type: 'NAME', score: 0.9, begin: 100, end: 110 },
      { window: 0, type: 'EMAIL', score: 0.9, begin: 50, end: 60 },
      { window: 0, type: 'ADDRESS', score: 0.7, begin: 10, end: 20 },
      { window: 0, type: 'ADDRESS', score: 0.8, begin: 15, end: 25 },
      { window: 1, type: 'EMAIL', score: 0.9, begin: 200, end: 210 },
    ]);
    // Overlapping entities from the SAME window are left as the detector reported them.
    expect(merged.map((e) => [e.type, e.begin, e.end, e.score])).toEqual([
      ['ADDRESS', 10, 20, 0.7],
      ['ADDRESS', 15, 25, 0.8],
      ['EMAIL', 50, 60, 0.9],
      ['NAME', 100, 110, 0.9],
      ['EMAIL', 200, 210, 0.9],
    ]);
  });
});

describe('units', () => {
  it('bills max(3, ceil(chars / 100)) per request', () => {
    expect([0, 1, 299, 300, 301, 1000, 100_000, 100_001].map(estimateUnits)).toEqual([3, 3, 3, 3, 4, 10, 1000, 1001]);
  });
});
