// The speed prefilters of the local detector must never change a result: each is checked here against the
// plain test it stands in front of, on the real texts of the bench datasets and on seeded random strings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/detect/detector.ts';
import { dedupe } from '../../../src/detect/local/detect-core.ts';
import { features, isRegexSpace, lowerIncludesAny } from '../../../src/detect/local/features.ts';
import { normalize } from '../../../src/detect/local/normalize.ts';
import { mulberry32 } from '../../../src/util/prng.ts';

const datasetTexts = (file: string): string[] =>
  readFileSync(new URL(`../../../bench/datasets/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);

const real = [...datasetTexts('tickets.jsonl'), ...datasetTexts('crm.jsonl')];

function randomTexts(n: number, alphabet: string[], seed: number): string[] {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = 1 + Math.floor(rnd() * 24);
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(s);
  }
  return out;
}

describe('lowerIncludesAny', () => {
  const needles = ['pass', 'pwd', 'contrase', 'mot de', 'a/c', 'y.o.', '-old', 'allée', 'str.', 'ring', 'acct'];
  const test = lowerIncludesAny(needles);
  it('answers like needles.some(includes) on the lower-cased text (real texts)', () => {
    let hits = 0;
    for (const s of real) {
      const t = normalize(s);
      const want = needles.some((w) => t.lower.includes(w));
      if (want) hits++;
      expect(test(t)).toBe(want);
    }
    expect(hits).toBeGreaterThan(0);
  });
  it('answers like needles.some(includes) on random strings over the needles letters', () => {
    const texts = randomTexts(5000, ['p', 'a', 's', 'w', 'd', 'r', 'i', 'n', 'g', ' ', '.', '/', 'c', 't', 'o', 'l', 'é', 'E', 'PASS'], 7);
    let hits = 0;
    for (const s of texts) {
      const t = normalize(s);
      const want = needles.some((w) => t.lower.includes(w));
      if (want) hits++;
      expect(test(t)).toBe(want);
    }
    expect(hits).toBeGreaterThan(100);
  });
});

describe('features', () => {
  it('longest [A-Z0-9] and [A-Z] runs', () => {
    const f = features(normalize('vin 1HGCM82633A004352, code ABCDEFg'));
    expect(f.maxUpperAlnumRun).toBe(17);
    expect(f.maxUpperRun).toBe(6);
  });
  it('maxUpperRun >= 6 is /[A-Z]{6}/ and maxUpperAlnumRun >= 17 is /[A-Z0-9]{17}/', () => {
    const texts = [...real, ...randomTexts(5000, ['A', 'B', 'Z', '1', '9', 'a', ' ', '-'], 11)];
    for (const s of texts) {
      const f = features(normalize(s));
      expect(f.maxUpperRun >= 6).toBe(/[A-Z]{6}/.test(s));
      expect(f.maxUpperRun >= 2).toBe(/[A-Z]{2}/.test(s));
      expect(f.maxUpperAlnumRun >= 4).toBe(/[A-Z0-9]{4}/.test(s));
    }
  });
});

describe('isRegexSpace', () => {
  it('is the regex \\s class on every UTF-16 code unit', () => {
    for (let c = 0; c < 0x10000; c++) expect(isRegexSpace(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});

describe('dedupe order without index wrappers', () => {
  it('equal spans keep the first registered (input order), also past the insertion-sort size', () => {
    const mk = (i: number, begin: number, end: number, score: number): Entity => ({ type: 'URL', begin, end, score, explanation: { recognizer: `r${i}` } });
    for (const n of [3, 40]) {
      const ents: Entity[] = [];
      // Pairs of identical spans and scores, far apart: dedupe keeps the first of each pair.
      for (let i = 0; i < n; i++) ents.push(mk(i, (n - (i >> 1)) * 100, (n - (i >> 1)) * 100 + 5, 0.5));
      const out = dedupe(ents);
      expect(out).toHaveLength(Math.ceil(n / 2));
      for (const e of out) expect(Number(e.explanation!.recognizer.slice(1)) % 2).toBe(0);
      expect(out.map((e) => e.begin)).toEqual([...out.map((e) => e.begin)].sort((a, b) => a - b));
    }
  });
});

describe('result encoder interning', () => {
  it('keeps explanations apart that a naive key would merge, and shares equal ones', async () => {
    const { ResultDecoder, ResultEncoder } = await import('../../../src/detect/local/result-codec.ts');
    const explanations = [
      { recognizer: 'a', pattern: 'b' },
      { recognizer: 'a', pattern: 'b', notes: [] as string[] },
      { recognizer: 'a', pattern: 'b', notes: ['x', 'y'] },
      { recognizer: 'a', pattern: 'b', notes: ['x,y'] },
      { recognizer: 'a', pattern: 'b', notes: ['x'], context: ['y'] },
      { recognizer: 'a', pattern: 'b', context: ['x', 'y'] },
      { recognizer: 'a', pattern: 'b', base_score: 1 },
      { recognizer: 'a', pattern: 'b', base_score: 1, validator: { name: 'v', result: 'valid' as const } },
      { recognizer: 'a', pattern: 'b', validator: { name: 'v', result: 'valid' as const }, base_score: 1 },
      { pattern: 'b', recognizer: 'a' },
      { recognizer: 'a', pattern: '1' },
      { recognizer: 'a', pattern: 'b', base_score: 0.5 },
    ];
    const results = [...explanations, ...explanations].map((explanation, i) => ({ entities: [{ type: 'URL' as const, begin: i, end: i + 1, score: 0.5, explanation }] }));
    const enc = new ResultEncoder();
    const encoded = enc.encode(results);
    // One table entry for the type and one per distinct explanation (JSON key order is part of the identity).
    expect(encoded.added).toHaveLength(1 + explanations.length);
    const decoded = new ResultDecoder().decode(encoded);
    expect(decoded).toEqual(results);
    expect(decoded[0].entities[0].explanation).toBe(decoded[explanations.length].entities[0].explanation);
  });
});
