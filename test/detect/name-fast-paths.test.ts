// The NAME recognizer's fast paths (token cache records with per-word flags, the city-list prefix search, the
// ASCII social-text test from tokens) must answer exactly what the slow definitions answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGazetteers } from '../../src/detect/local/gazetteers/gazetteers.ts';
import { normalize } from '../../src/detect/local/normalize.ts';
import { nameRecognizer } from '../../src/detect/local/recognizers/name-recognizer.ts';
import {
  COMPANY_MARKERS, MONTHS, PLACE_ENDERS, PLACE_OPENERS, ROLE_TITLES, STREET_AFTER, WF_CITY, WF_CITY_HEAD, WF_COMPANY,
  WF_MONTH, WF_PLACE_ENDER, WF_PLACE_OPENER, WF_ROLE, WF_STREET, cityFlags, listFlags, nameTokens, type TokenScan,
} from '../../src/detect/local/recognizers/name-tokens.ts';

const CITIES = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'gazetteers', 'cities.txt'), 'utf8').split('\n').filter(Boolean);

describe('city list prefix search', () => {
  const g = loadGazetteers();
  it('finds exactly the words some multi-word city starts with', () => {
    const heads = new Set(CITIES.filter((c) => c.includes(' ')).map((c) => c.slice(0, c.indexOf(' '))));
    // Every head, every single-word city and a few words in no city name.
    const words = new Set([...heads, ...CITIES.filter((c) => !c.includes(' ')).slice(0, 3000), 'zzqx', 'anna', 'smith', 'a', 'la']);
    let yes = 0;
    for (const w of words) {
      const expected = heads.has(w);
      expect(g.cities.hasPrefix(w + ' '), w).toBe(expected);
      if (expected) yes++;
    }
    expect(yes).toBe(heads.size);
    expect(yes).toBeGreaterThan(1000);
  });

  it('refuses a one-character prefix (its lines may span buckets)', () => {
    expect(() => g.cities.hasPrefix('a')).toThrow(RangeError);
  });
});

describe('token flags', () => {
  const g = loadGazetteers();
  it('carry the word lists and city flags of cached tokens, -1 for glued parts and numbers', () => {
    const text = 'Officer Brooks met Ana at 12 Main Street, San Jose on March 3 near Palm Springs; write to ana.b@acme-co.com';
    const toks = nameTokens(text);
    const byWord = new Map(toks.map((t) => [text.slice(t.begin, t.end), t]));
    expect(byWord.get('Officer')!.flags & WF_ROLE).toBe(WF_ROLE);
    expect(byWord.get('Street')!.flags & WF_STREET).toBe(WF_STREET);
    expect(byWord.get('San')!.flags & (WF_PLACE_OPENER | WF_CITY_HEAD)).toBe(WF_PLACE_OPENER | WF_CITY_HEAD);
    expect(byWord.get('March')!.flags & WF_MONTH).toBe(WF_MONTH);
    expect(byWord.get('Springs')!.flags & WF_PLACE_ENDER).toBe(WF_PLACE_ENDER);
    expect(byWord.get('12')!.flags).toBe(-1);
    const glued = toks.filter((t) => text.slice(t.begin, t.end).includes('@') || text.charAt(t.end) === '.' && text.charAt(t.end + 1) !== ' ');
    expect(glued.length).toBeGreaterThan(0);
    for (const t of glued) expect(t.flags, text.slice(t.begin, t.end)).toBe(-1);
    for (const t of toks) {
      const expected = (ROLE_TITLES.has(t.lower) ? WF_ROLE : 0) | (PLACE_OPENERS.has(t.lower) ? WF_PLACE_OPENER : 0) |
        (STREET_AFTER.has(t.lower) ? WF_STREET : 0) | (COMPANY_MARKERS.has(t.lower) ? WF_COMPANY : 0) |
        (MONTHS.has(t.lower) ? WF_MONTH : 0) | (PLACE_ENDERS.has(t.lower) ? WF_PLACE_ENDER : 0);
      expect(listFlags(t.lower), t.lower).toBe(expected);
      if (t.flags >= 0) expect(t.flags, t.lower).toBe(expected | cityFlags(g, t.lower));
    }
    expect(cityFlags(g, 'qwxzv')).toBe(0);
    expect(cityFlags(g, 'boston') & WF_CITY).toBe(WF_CITY);
  });

  it('gives words longer than the inline key the same fields on a cache hit', () => {
    const text = 'Mr Supercalifragilisticexpialidocious-Smith and Wolfeschlegelsteinhausenbergerdorff met';
    const first = nameTokens(text).map((t) => ({ ...t }));
    expect(first.some((t) => t.end - t.begin > 22)).toBe(true);
    expect(nameTokens(text)).toEqual(first);
    // Same characters in another text at another offset: found in place, not confused with a near-identical key.
    const other = nameTokens('x Wolfeschlegelsteinhausenbergerdorfg Wolfeschlegelsteinhausenbergerdorff');
    expect(other[2]!.lower).toBe('wolfeschlegelsteinhausenbergerdorff');
    expect(other[1]!.lower).toBe('wolfeschlegelsteinhausenbergerdorfg');
  });

  it('reports whether the scanned text is ASCII', () => {
    const scan: TokenScan = { ascii: false };
    nameTokens('Jose Nunez, 12 Main St', scan);
    expect(scan.ascii).toBe(true);
    for (const text of ['José Núñez', 'Anna 😀', 'D’Angelo', 'Ann–Marie', 'x\u00a0y', 'ok 𝒜']) {
      nameTokens(text, scan);
      expect(scan.ascii, text).toBe(false);
    }
  });
});

describe('social-text test on ASCII texts', () => {
  // In social text (mentions, chat words, tokenized punctuation, all-lowercase chat) the tagger runs: rule names
  // get a "model:" note. Elsewhere the rules alone decide (no note).
  const tagged = (text: string): boolean =>
    nameRecognizer.recognize(normalize(text)).some((c) => (c.explanation.notes ?? []).some((n) => n.startsWith('model:')) || c.explanation.pattern === 'model');
  it('runs the tagger on each kind of social text', () => {
    for (const text of [
      '@jdoe Ray Rice is here', 'Ray Rice is here #nfl', 'Ray Rice is here , again', 'Ray Rice is here lol',
      'RT Ray Rice is here', 'Ray Rice is here http://t.co/x', 'Ray Rice is here u', "Ray Rice ' s here", 'LOL Ray Rice is here',
    ]) expect(tagged(text), text).toBe(true);
  });

  it('leaves table cells and plain sentences to the rules', () => {
    for (const text of [
      'Larue Beer is a Designer, ceramics/pottery who lives at 306 Barton Unions and can be emailed at larue.beer78@hotmail.com',
      'Ray Rice is here, again.', 'Ray Rice wrote to ray@example.com', 'Ray Rice is here lolz', "RAY RICE'S car", 'Ray Rice: 12:30',
    ]) expect(tagged(text), text).toBe(false);
  });
});
