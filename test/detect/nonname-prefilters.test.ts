// The local detector's speed prefilters (features computed with normalize's ASCII test, the needle program of
// lowerIncludesAny, the context-word start table) must answer exactly like the plain computations they
// replace: checked here against reference implementations on seeded random strings and real texts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/detect/local/context.ts';
import { features, lowerIncludesAny, lowerMayContain } from '../../src/detect/local/features.ts';
import { normalize } from '../../src/detect/local/normalize.ts';
import type { NormalizedText } from '../../src/detect/local/recognizer.ts';
import { mulberry32 } from '../../src/util/prng.ts';

const real = readFileSync(new URL('../../bench/datasets/tickets.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

function randomTexts(n: number, alphabet: string[], seed: number, maxLen = 40): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = 1 + Math.floor(rnd() * maxLen);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(s);
  }
  return out;
}

const ALPHABET = ['a', 'b', 'e', 'm', 'z', 'A', 'K', 'Z', '0', '5', '9', ' ', '-', '.', '/', ':', '@', ']', ')', "'", '#', '\t', '\n', 'é', 'ß', '１', '\u200b'];

/** The digit-group rule of features() written the obvious way (as it was before the one-pass scan). */
function maxDigitGroupRef(s: string): number {
  let group = 0;
  let max = 0;
  let sepRun = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      group++;
      sepRun = 0;
      max = Math.max(max, group);
    } else if ((c === 32 || c === 45 || c === 46 || c === 47) && group > 0 && sepRun < 3) sepRun++;
    else {
      group = 0;
      sepRun = 0;
    }
  }
  return max;
}

const longest = (s: string, re: RegExp): number => Math.max(0, ...(s.match(re) ?? []).map((m) => m.length));

describe('features (one pass, kept on the text)', () => {
  it('equals the plain computations on random and real texts', () => {
    const texts = [...randomTexts(4000, ALPHABET, 3), ...real];
    for (const raw of texts) {
      const t = normalize(raw);
      const s = t.text;
      const f = features(t);
      const count = (c: string): number => s.split(c).length - 1;
      expect(f.digits).toBe((s.match(/[0-9]/g) ?? []).length);
      expect(f.upper).toBe((s.match(/[A-Z]/g) ?? []).length);
      expect(f.maxDigitGroup).toBe(maxDigitGroupRef(s));
      expect([f.colons, f.dashes, f.dots, f.slashes, f.ats, f.closeBrackets, f.closeParens]).toEqual([':', '-', '.', '/', '@', ']', ')'].map(count));
      expect(f.maxUpperAlnumRun).toBe(longest(s, /[A-Z0-9]+/g));
      expect(f.maxUpperRun).toBe(longest(s, /[A-Z]+/g));
      expect(f.upperDigit).toBe((s.match(/[A-Z](?=\d)/g) ?? []).length);
      expect(f.firstDigit).toBe(s.search(/\d/));
      let last = -1;
      for (let i = 0; i < s.length; i++) if (/\d/.test(s[i])) last = i;
      expect(f.lastDigit).toBe(last);
      expect(f.ascii).toBe(!/[^\x00-\x7f]/.test(s));
      // Same features object on the second call (kept on the text).
      expect(features(t)).toBe(f);
    }
  });

  it('works for texts not made by normalize()', () => {
    const mk = (s: string): NormalizedText => ({ original: s, text: s, lower: s.toLowerCase(), toOriginal: (i) => i, toOriginalEnd: (i) => i });
    const a = mk('AB12 x 123-45-6789');
    const b = mk('no digits');
    expect(features(a).maxDigitGroup).toBe(9);
    expect(features(b).digits).toBe(0);
    expect(features(a).upperDigit).toBe(1);
  });
});

describe('lowerIncludesAny needle program', () => {
  const needles = ["i'm", 'i’m', 'y/o', 'y.o.', '-ku', 'straße', 'allée', 'pass', 'passport', 'str.', 'am', 'a/c', 'ring', 'z'];
  it('answers like needles.some(includes), and lowerMayContain never says false for a present needle', () => {
    const test = lowerIncludesAny(needles);
    const mays = needles.map(lowerMayContain);
    const alphabet = ['i', "'", '’', 'm', 'y', '/', 'o', '.', '-', 'k', 'u', 's', 't', 'r', 'a', 'ß', 'S', 'l', 'é', 'e', 'p', 'c', ' ', 'n', 'g', 'z', 'A', 'M'];
    let hits = 0;
    for (const raw of [...randomTexts(6000, alphabet, 5, 16), ...real]) {
      const t = normalize(raw);
      const want = needles.some((w) => t.lower.includes(w));
      if (want) hits++;
      expect(test(t)).toBe(want);
      needles.forEach((w, i) => {
        if (t.lower.includes(w)) expect(mays[i](t)).toBe(true);
      });
    }
    expect(hits).toBeGreaterThan(1000);
  });
});

/** The context matcher's find() as it was: the regex over the window's slice, no start table in front. */
function referenceFind(words: readonly string[], lower: string, begin: number, end: number, before: number, after: number): string[] | null {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alts = [...words].sort((a, b) => b.length - a.length).map((w) => `${/^\w/.test(w) ? '\\b' : ''}${w.split(/\s+/).map(esc).join('[\\s._/-]{0,3}')}${/\w$/.test(w) ? '\\b' : ''}`);
  const re = new RegExp(`(?:${alts.join('|')})`, 'g');
  const from = Math.max(0, begin - before);
  const to = Math.min(lower.length, end + after);
  const sliceStart = Math.max(0, from - 1);
  const seg = lower.slice(sliceStart, Math.min(lower.length, to + 1));
  let found: string[] | null = null;
  for (let m = re.exec(seg); m !== null; m = re.exec(seg)) {
    const at = sliceStart + m.index;
    if (at < from) continue;
    if (at >= to || at + m[0].length > to) break;
    if (at >= begin && at < end) continue;
    const w = m[0].replace(/[\s._/-]+/g, ' ');
    if (found === null) found = [w];
    else if (!found.includes(w)) found.push(w);
  }
  return found;
}

describe('context find with the start table', () => {
  it('finds what the plain windowed regex finds (random texts and windows)', () => {
    const words = ['email', 'e-mail', 'mail', 'contact', 'ss#', 'social security', 'd.o.b', 'pin', 'pin code'];
    const ctx = createContext(words);
    const alphabet = ['email', 'mail', 'e-mail', 'ed', 'x', ' ', '.', '-', '_', 'contact', 'ss#', 'social', 'security', 'socialsecurity', 'd.o.b', 'pin', 'code', 'spin', '9', 'é'];
    const rnd = mulberry32(9);
    let nonNull = 0;
    for (const raw of randomTexts(3000, alphabet, 13, 14)) {
      const t = normalize(raw);
      for (let k = 0; k < 6; k++) {
        const begin = Math.floor(rnd() * (t.text.length + 1));
        const end = Math.min(t.text.length, begin + Math.floor(rnd() * 6));
        const before = Math.floor(rnd() * 30);
        const after = Math.floor(rnd() * 20);
        const want = referenceFind(words, t.lower, begin, end, before, after);
        if (want) nonNull++;
        expect(ctx.find(t, begin, end, before, after)).toEqual(want);
      }
      expect(ctx.anywhere(t)).toBe(new RegExp(words.map((w) => w.split(/\s+/).join('[\\s._/-]{0,3}').replace(/\./g, '\\.')).map((w) => `${/^\w/.test(w) ? '\\b' : ''}${w}${/\w$/.test(w) ? '\\b' : ''}`).join('|')).test(t.lower));
    }
    expect(nonNull).toBeGreaterThan(1000);
  });
});

describe('result encoder with shared frozen explanations', () => {
  it('encodes a shared frozen explanation like an equal fresh one, and follows a mutated unfrozen one', async () => {
    const { ResultDecoder, ResultEncoder } = await import('../../src/detect/local/result-codec.ts');
    const enc = new ResultEncoder();
    const dec = new ResultDecoder();
    const shared = Object.freeze({ recognizer: 'address', pattern: 'us-street', base_score: 0.85, notes: Object.freeze(['street']) as string[] });
    const fresh = { recognizer: 'address', pattern: 'us-street', base_score: 0.85, notes: ['street'] };
    // Frozen on the outside only: its notes can still change, so it must not be cached by identity.
    const half = Object.freeze({ recognizer: 'x', pattern: 'p', notes: ['a'] });
    const batch = (explanation: typeof fresh | typeof half) => [{ entities: [{ type: 'ADDRESS' as const, begin: 0, end: 3, score: 0.85, explanation }] }];
    const a = dec.decode(enc.encode(batch(shared)));
    const a2 = dec.decode(enc.encode(batch(shared)));
    const b = dec.decode(enc.encode(batch(fresh)));
    expect(b).toEqual(a);
    expect(b[0].entities[0].explanation).toBe(a[0].entities[0].explanation);
    expect(a2[0].entities[0].explanation).toBe(a[0].entities[0].explanation);
    const c1 = dec.decode(enc.encode(batch(half)));
    half.notes.push('b');
    const c2 = dec.decode(enc.encode(batch(half)));
    expect(c1[0].entities[0].explanation).toEqual({ recognizer: 'x', pattern: 'p', notes: ['a'] });
    expect(c2[0].entities[0].explanation).toEqual({ recognizer: 'x', pattern: 'p', notes: ['a', 'b'] });
    // An entity without explanation decodes without the key.
    const d = dec.decode(enc.encode([{ entities: [{ type: 'URL', begin: 1, end: 2, score: 0.5 }] }]));
    expect(Object.keys(d[0].entities[0])).toEqual(['type', 'begin', 'end', 'score']);
  });
});
