// The shipped gazetteers load from data/gazetteers/ and answer lookups (sorted, binary-searched files).
import { describe, expect, it } from 'vitest';
import { loadGazetteers } from '../../../src/detect/local/gazetteers/gazetteers.ts';
import { SortedLexicon } from '../../../src/detect/local/gazetteers/sorted-lexicon.ts';

describe('SortedLexicon', () => {
  const words = ['apple', 'banana', 'cherry', 'kiwi', 'zucchini'];
  const lex = new SortedLexicon(words.join('\n') + '\n');
  it.each(words)('finds %s', (w) => expect(lex.has(w)).toBe(true));
  it.each(['', 'a', 'appl', 'apples', 'bananas', 'mango', 'zz'])('does not find "%s"', (w) => expect(lex.has(w)).toBe(false));
  it('reads the number of "word<TAB>number" lines', () => {
    const ranked = new SortedLexicon('brown\t4\njones\t3\nsmith\t0\n');
    expect([ranked.get('smith'), ranked.get('jones'), ranked.get('brown'), ranked.get('smit')]).toEqual([0, 3, 4, undefined]);
  });
  // The first-two-characters index must find exactly what a scan finds: one-letter keys, keys whose second or
  // first unit is non-ASCII, a tab right after the first letter, words sharing their first two letters.
  it('finds through its bucket index what a linear scan finds', () => {
    const keys = ['a', 'aa', 'ab', 'abc', 'a\u00e9', 'a\u00e9z', 'b', 'ba', 'z\u00f6e', '\u00e9cole', '\u00f6l', '\u00e4z', '\u00e5a', '\u4e2d\u6587', '\ud83d\ude00x']
      .sort();
    const lines = keys.map((k, i) => (i % 2 === 0 ? k : `${k}\t${i}`));
    const lex2 = new SortedLexicon(lines.join('\n'));
    const probes = [...keys, '', 'ac', 'a\u00e8', 'c', '\u00e9', '\u00e9col', 'zz', 'a\t', '\u4e2d', 'abcd'];
    for (const w of probes) {
      const i = keys.indexOf(w);
      expect([w, lex2.has(w)]).toEqual([w, i >= 0]);
      expect([w, lex2.get(w)]).toEqual([w, i < 0 ? undefined : i % 2 === 0 ? 0 : i]);
    }
  });
});

describe('shipped gazetteers', () => {
  const g = loadGazetteers();
  it('ranks census first names and surnames by frequency', () => {
    expect(g.firstRank.get('james')).toBe(0);
    expect(g.lastRank.get('smith')).toBe(0);
    expect(g.lastRank.get('johnson')).toBe(1);
    expect(g.lastRank.get('obrien')).toBeGreaterThan(0);
  });
  it('knows English words, frequent words and cities', () => {
    expect(g.words.has('engineer')).toBe(true);
    expect(g.words.has('szöllösy')).toBe(false);
    expect(g.common.has('will')).toBe(true);
    expect(g.cities.has('springfield')).toBe(true);
  });
});
