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
