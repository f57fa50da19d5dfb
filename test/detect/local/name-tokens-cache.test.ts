// Token classes come from a bounded cache keyed on the token's characters: a word must get the same class and
// fields before and after the cache fills up and is cleared (more than 100,000 distinct words in between).
import { describe, expect, it } from 'vitest';
import { nameTokens } from '../../../src/detect/local/recognizers/name-tokens.ts';

const SAMPLE = "Dear Mr. O'Brien, Maria Garcia-Lopez and ray rice met Smith at 4 Main St; ÁLVARO Núñez wrote to jean.doe@example.com";

/** Distinct capitalised made-up words: "Qa", "Qb", ... in base 26. */
function madeUpWords(from: number, n: number): string {
  const words: string[] = [];
  for (let i = from; i < from + n; i++) {
    let w = '';
    for (let k = i; ; k = Math.floor(k / 26) - 1) {
      w = String.fromCharCode(97 + (k % 26)) + w;
      if (k < 26) break;
    }
    words.push(`Q${w}`);
  }
  return words.join(' ');
}

describe('name token cache', () => {
  it('gives the same tokens before and after it is cleared', () => {
    const before = nameTokens(SAMPLE).map((t) => ({ ...t }));
    for (let i = 0; i < 120_000; i += 4000) nameTokens(madeUpWords(i, 4000));
    expect(nameTokens(SAMPLE)).toEqual(before);
    expect(before.map((t) => SAMPLE.slice(t.begin, t.end) + ':' + t.cls).slice(0, 4)).toEqual(['Dear:C', 'Mr:T', "O'Brien:L", 'Maria:B']);
  });

  it('keeps words that differ only in casing apart', () => {
    const toks = nameTokens('Rose rose ROSE Rose');
    expect(toks.map((t) => t.casing)).toEqual(['title', 'lower', 'upper', 'title']);
    expect(toks.map((t) => t.lower)).toEqual(['rose', 'rose', 'rose', 'rose']);
  });

  it('hands out fresh tokens on every call', () => {
    const a = nameTokens('Anna Smith');
    const b = nameTokens('Bob Jones');
    expect(a[0]).not.toBe(b[0]);
    expect(a.map((t) => t.lower)).toEqual(['anna', 'smith']);
  });
});
