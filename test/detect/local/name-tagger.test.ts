// NAME tagger and the social-text paths of the NAME recognizer: the shipped model loads and is deterministic,
// punctuation-free chat gets the tagger's names below the redact threshold, table-like cells stay clean.
import { describe, expect, it } from 'vitest';
import type { NormalizedText } from '../../../src/detect/local/recognizer.ts';
import { createNameRecognizer, nameRecognizer } from '../../../src/detect/local/recognizers/name-recognizer.ts';
import { loadNameTagger, textMode, tokenFeatures } from '../../../src/detect/local/model/name-tagger.ts';
import { nameTokens } from '../../../src/detect/local/recognizers/name-tokens.ts';
import { loadGazetteers } from '../../../src/detect/local/gazetteers/gazetteers.ts';

function identity(s: string): NormalizedText {
  return { original: s, text: s, lower: s.toLowerCase(), toOriginal: (i) => i, toOriginalEnd: (i) => i };
}

function found(s: string, rec = nameRecognizer): [string, number][] {
  return rec.recognize(identity(s)).map((c) => [s.slice(c.begin, c.end), c.score]);
}

describe('name tagger model', () => {
  it('loads the shipped weights and scores a capitalised unknown name above a function word', () => {
    const tagger = loadNameTagger();
    expect(tagger).not.toBeNull();
    const text = 'lol Kenny and Shaq had me weak , hillary clinton too';
    const toks = nameTokens(text);
    const p = toks.map((_, i) => tagger!.probability(text, toks, i));
    const at = (w: string): number => p[toks.findIndex((t) => text.slice(t.begin, t.end) === w)]!;
    expect(at('Kenny')).toBeGreaterThan(at('had'));
    expect(at('hillary')).toBeGreaterThan(at('weak'));
    for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
    // Same features on the same input (the trainer and the recognizer share tokenFeatures).
    expect(tokenFeatures(text, toks, 1)).toEqual(tokenFeatures(text, toks, 1, textMode(toks)));
  });

  it('reads the casing of the whole text', () => {
    expect(textMode(nameTokens('obama is so cool'))).toBe('lower');
    expect(textMode(nameTokens('BEST OF RANBIR EVER'))).toBe('upper');
    expect(textMode(nameTokens('Watch The Best Goals Of The Season'))).toBe('title');
    expect(textMode(nameTokens('I met Sarah at the shop'))).toBe('normal');
  });
});

describe('name recognizer: punctuation-free chat', () => {
  it('reports the tagger names below the default redact threshold (0.5)', () => {
    const a = found('Themba is obsessed');
    expect(a.map(([w]) => w)).toEqual(['Themba']);
    expect(a[0]![1]).toBeLessThan(0.5);
    expect(found('Kapil very nice').map(([w]) => w)).toEqual(['Kapil']);
  });

  it('counts "I" and short capitals as chat words, not as punctuation', () => {
    const got = found('I think kishan is the best');
    expect(got.map(([w]) => w)).toEqual(['kishan']);
    expect(got[0]![1]).toBeLessThan(0.5);
  });

  it('uses no tagger when the option says null (rules only)', () => {
    expect(found('Themba is obsessed', createNameRecognizer({ tagger: null }))).toEqual([]);
  });

  it('leaves job titles and cities without a name at or above 0.5', () => {
    for (const cell of ['Chartered loss adjuster', 'Sales and marketing manager', 'Teacher of English as a foreign language', 'West Des Moines', 'Armed forces logistics officer']) {
      expect(found(cell).filter(([, s]) => s >= 0.5)).toEqual([]);
    }
  });

  it('keeps the rules\' names in such text as they are', () => {
    const [c] = found('my friend John Smith is here');
    expect(c![0]).toBe('John Smith');
    expect(c![1]).toBeGreaterThanOrEqual(0.8);
  });
});

describe('name recognizer: social-media text, novel and split names', () => {
  const spans = (s: string): string[] => found(s).map(([w]) => w);

  it('joins initials of tokenized text into the name', () => {
    expect(spans('George N . Parks , UMass band director')).toContain('George N . Parks');
    expect(spans('Thanks for the reminder , Sara B . Focusing on the good .')).toContain('Sara B .');
  });

  it('reports lowercase words outside every word list in chat, with low scores', () => {
    const text = 'where is kishan ? lol';
    const got = found(text);
    expect(got.map(([w]) => w)).toContain('kishan');
    for (const [, score] of got) expect(score).toBeLessThan(0.5);
  });

  it('finds a name after a number that is not a house number', () => {
    expect(spans('21 Times Emma Watson Proved She May Actually Be A Witch In 2014 - http://t.co/x')).toEqual(expect.arrayContaining([expect.stringContaining('Emma Watson')]));
  });
});

describe('names of many origins (world-names gazetteer)', () => {
  it('marks unknown words found in the list, never English words or listed names', () => {
    const g = loadGazetteers();
    expect(g.worldNames.has('kishan')).toBe(true);
    expect(g.worldNames.has('the')).toBe(false);
    expect(g.worldNames.has('love')).toBe(false);
    const toks = nameTokens('kishan and sitaram love emma');
    expect(toks.map((t) => [t.lower, t.cls, t.world])).toEqual([
      ['kishan', 'U', true], ['and', 'W', false], ['sitaram', 'U', true], ['love', 'W', false], ['emma', 'B', false],
    ]);
  });
});
