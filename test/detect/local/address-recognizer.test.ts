// ADDRESS recognizer: street lines with units and city/state/ZIP tails, PO boxes, multi-line blocks and non-US
// forms (exact spans); negatives from the customer table's non-PII columns (states, ZIPs, phones, timestamps).
import { describe, expect, it } from 'vitest';
import type { NormalizedText } from '../../../src/detect/local/recognizer.ts';
import { addressRecognizer } from '../../../src/detect/local/recognizers/address-recognizer.ts';

function identity(s: string): NormalizedText {
  return { original: s, text: s, lower: s.toLowerCase(), toOriginal: (i) => i, toOriginalEnd: (i) => i };
}

function addresses(s: string): string[] {
  return addressRecognizer.recognize(identity(s)).map((c) => s.slice(c.begin, c.end));
}

describe('address recognizer: positives', () => {
  const cases: [string, string[]][] = [
    ['62857 Carlson Lane Fake St.', ['62857 Carlson Lane Fake St.']],
    ['5961 Fuentes Light Fake St.', ['5961 Fuentes Light Fake St.']],
    ['123 Main St Apt 4B', ['123 Main St Apt 4B']],
    ['123 main st apt 4b', ['123 main st apt 4b']],
    ['Ship to 123 Main St Apt 4B, Springfield, IL 62704 please', ['123 Main St Apt 4B, Springfield, IL 62704']],
    ['94618 Jessica Pike Suite 941', ['94618 Jessica Pike Suite 941']],
    ['100 N. Main Street, Suite 200', ['100 N. Main Street, Suite 200']],
    ['PO Box 1234, Austin, TX 78701', ['PO Box 1234, Austin, TX 78701']],
    ['742 Evergreen Terrace\nSpringfield, OR 97477', ['742 Evergreen Terrace\nSpringfield, OR 97477']],
    ['1 Infinite Loop, Cupertino, CA 95014', ['1 Infinite Loop, Cupertino, CA 95014']],
    ['10 Downing Street, London SW1A 2AA', ['10 Downing Street, London SW1A 2AA']],
    ['Rue de Rivoli 12, 75001 Paris', ['Rue de Rivoli 12, 75001 Paris']],
    ['Meine Adresse ist Hauptstraße 5, 10115 Berlin.', ['Hauptstraße 5, 10115 Berlin']],
    ['Via Roma 10', ['Via Roma 10']],
    ['I live in Austin, TX.', ['Austin, TX']],
    ['949 N Main', ['949 N Main']],
    ['36187 Day Junction Fake St.', ['36187 Day Junction Fake St.']],
    ['1309 sansom st', ['1309 sansom st']],
    ['20848 The Oaks', ['20848 The Oaks']],
    ['9574 Oaklands', ['9574 Oaklands']],
    ['147 Carmelo Walks Apt. 601', ['147 Carmelo Walks Apt. 601']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(addresses(text)).toEqual(expected);
  });

  it('gives offsets, scores and an explanation without the text', () => {
    const text = 'Deliver to 221B Baker Street tomorrow';
    const [c] = addressRecognizer.recognize(identity(text));
    expect([c!.begin, c!.end, c!.type]).toEqual([11, 28, 'ADDRESS']);
    expect(c!.score).toBeGreaterThanOrEqual(0.8);
    expect(c!.explanation).toMatchObject({ recognizer: 'address', pattern: 'us-street' });
    expect(JSON.stringify(c!.explanation)).not.toContain('Baker');
  });
});

describe('address recognizer: negatives', () => {
  const negatives = [
    'WY', '33953', '(555)355 - 1785', '2022-12-04T06:07:46Z', 'Engineer, civil', 'I have 3 dogs',
    'Order 12345 shipped on May 5', '3 Queen beds', 'fraud_Kuhn LLC', 'grocery_pos', 'Texas',
    'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36',
    'Scientist, research (physical sciences)', 'Version 5.0.3 Safari', 'I bought 3 Apples today',
    'We have 2 Queen beds and 1 King bed', 'I have a 7 hour drive tomorrow', 'Got 3 more on the way',
    'Swim team took 5th place out of 11 teams', 'managed a 30 min run',
  ];
  it.each(negatives)('%s', (text) => {
    expect(addresses(text)).toEqual([]);
  });
});
