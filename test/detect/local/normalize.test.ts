import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/detect/local/normalize.ts';

describe('normalize', () => {
  it('is the identity on ASCII text', () => {
    const s = 'Call 555-123-4567 or mail Jane@Example.com';
    const n = normalize(s);
    expect(n.text).toBe(s);
    expect(n.lower).toBe(s.toLowerCase());
    expect(n.toOriginal(5)).toBe(5);
    expect(n.toOriginalEnd(17)).toBe(17);
  });

  it('folds full-width characters and maps offsets back', () => {
    const s = 'ssn：１２３－４５－６７８９!';
    const n = normalize(s);
    expect(n.text).toBe('ssn:123-45-6789!');
    const b = n.text.indexOf('123');
    const e = b + '123-45-6789'.length;
    expect(s.slice(n.toOriginal(b), n.toOriginalEnd(e))).toBe('１２３－４５－６７８９');
  });

  it('removes zero-width characters and soft hyphens but keeps them inside the mapped span', () => {
    const s = 'x j\u200Bane@exa\u00ADmple.c\u200Dom y';
    const n = normalize(s);
    expect(n.text).toBe('x jane@example.com y');
    const b = n.text.indexOf('jane');
    const e = n.text.indexOf(' y');
    expect(n.toOriginal(b)).toBe(2);
    expect(n.toOriginalEnd(e)).toBe(s.indexOf(' y'));
    expect(n.lower.length).toBe(n.text.length);
  });

  it('folds homoglyph @ and dash/space variants', () => {
    expect(normalize('a＠b.com').text).toBe('a@b.com');
    expect(normalize('a﹫b.com').text).toBe('a@b.com');
    expect(normalize('555\u2013123\u2014 4567').text).toBe('555-123- 4567');
    expect(normalize('555\u00A0123\u2009 4567').text).toBe('555 123  4567');
  });

  it('maps back exactly after emoji and combining marks', () => {
    const s = '😀👩‍👩‍👧 Zoe\u0301 ｍａｉｌ: joe@x.org';
    const n = normalize(s);
    const b = n.text.indexOf('joe');
    const e = b + 'joe@x.org'.length;
    expect(s.slice(n.toOriginal(b), n.toOriginalEnd(e))).toBe('joe@x.org');
    const mb = n.text.indexOf('mail');
    expect(s.slice(n.toOriginal(mb), n.toOriginalEnd(mb + 4))).toBe('ｍａｉｌ');
  });

  it('keeps the lower-case copy the same length when lower-casing would expand', () => {
    const n = normalize('İstanbul é');
    expect(n.lower.length).toBe(n.text.length);
  });
});
