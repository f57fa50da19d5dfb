// NAME recognizer: positives with exact offsets (sentences and bare cells, casings, origins), negatives from the
// customer table's non-PII columns and capitalised common words. Identity NormalizedText: no tricks here.
import { describe, expect, it } from 'vitest';
import type { NormalizedText } from '../../../src/detect/local/recognizer.ts';
import { createNameRecognizer, nameRecognizer } from '../../../src/detect/local/recognizers/name-recognizer.ts';

function identity(s: string): NormalizedText {
  return { original: s, text: s, lower: s.toLowerCase(), toOriginal: (i) => i, toOriginalEnd: (i) => i };
}

function names(s: string, minScore = 0): string[] {
  return nameRecognizer.recognize(identity(s)).filter((c) => c.score >= minScore).map((c) => s.slice(c.begin, c.end));
}

describe('name recognizer: positives', () => {
  const cases: [string, string[], number][] = [
    ['Hi, my name is John Smith and I need help.', ['John Smith'], 0.8],
    ['Please contact Mr. O\'Brien today.', ['Mr. O\'Brien'], 0.8],
    ['Jean-Luc Picard, Jr. wrote back', ['Jean-Luc Picard, Jr.'], 0.8],
    ['Ng Wei Ling called about the refund.', ['Ng Wei Ling'], 0.8],
    ['Dear Ms. Szymborska,', ['Ms. Szymborska'], 0.8],
    ['Thanks, Emma', ['Emma'], 0.8],
    ['Dr. Ana Ruiz III reviewed the claim', ['Dr. Ana Ruiz III'], 0.8],
    ['Maria Garcia-Lopez', ['Maria Garcia-Lopez'], 0.8],
    ['john smith', ['john smith'], 0.8],
    ['JOHN SMITH', ['JOHN SMITH'], 0.8],
    ['Krisztián Szöllösy', ['Krisztián Szöllösy'], 0.5],
    ['ray rice', ['ray rice'], 0.5],
    ['I met Sarah yesterday', ['Sarah'], 0.5],
    ['Aliya Anderson', ['Aliya Anderson'], 0.5],
    ['hanga lászló', ['hanga lászló'], 0.5],
    ['Georgia Pfeffer', ['Georgia Pfeffer'], 0.5],
    ['Kim Hildebrand Sr.', ['Kim Hildebrand Sr.'], 0.8],
    ['Thanks, Virginia', ['Virginia'], 0.8],
    // Bare cells shaped like a name: casing and position are the evidence (score below the 0.8 band).
    ['Ernestine Will', ['Ernestine Will'], 0.5],
    ['Joanie Von', ['Joanie Von'], 0.5],
    ['Glen Walter', ['Glen Walter'], 0.5],
    ['Van Sanford', ['Van Sanford'], 0.5],
    ['Al Sauer', ['Al Sauer'], 0.5],
    ['Tyrel N. Will', ['Tyrel N. Will'], 0.5],
  ];
  it.each(cases)('%s', (text, expected, minScore) => {
    expect(names(text, minScore)).toEqual(expected);
  });

  it('reports exact offsets and an explanation without the text', () => {
    const text = 'Ticket 42: customer Robert Johnson asked for a callback.';
    const [c] = nameRecognizer.recognize(identity(text));
    expect(c).toBeDefined();
    expect([c!.begin, c!.end]).toEqual([20, 34]);
    expect(c!.type).toBe('NAME');
    expect(c!.explanation.recognizer).toBe('name');
    expect(JSON.stringify(c!.explanation)).not.toContain('Robert');
    expect(c!.explanation.notes).toContain('gazetteer:B+B');
  });

  it('finds lowercase first names in social text only in loose mode', () => {
    const text = 'omg emma is so cute';
    expect(names(text)).toEqual(['emma']);
    expect(createNameRecognizer({ loose: false }).recognize(identity(text))).toEqual([]);
  });
});

describe('name recognizer: negatives', () => {
  const negatives = [
    'Engineer, civil', 'Manager', 'Scientist, research (physical sciences)', 'Sales executive',
    'Chief Executive Officer', "Barrister's clerk", 'Therapist, art', 'fraud_Kuhn LLC',
    'fraud_Schumm, Bauch and Ondricka', 'Kuhn LLC', 'grocery_pos', 'shopping_net', 'Apple', 'May', 'March',
    'Texas', 'New York', 'Thanks for your help.', 'Please call back tomorrow.', 'Chartered loss adjuster',
    'Web designer', 'Tax inspector', 'North Joshuah', 'West Juanita', 'Port Layla', 'New Theodore', 'Lake Emoryview', 'Palm Springs', 'WY', 'USD',
    'fraud_Hauck - Feil', 'fraud_VonRueden, Conn and Windler', 'Order #329077 was delivered but the Gift Card was missing.',
    'Thanks for your help with the Galaxy Tab setup!', '58120 Stella Wells', "I'm going to be at home",
    'Mozilla/5.0 (Macintosh; U; PPC Mac OS X 10_10_1 rv:3.0; tn-ZA) AppleWebKit/533.10.1 (KHTML, like Gecko) Version/5.0.3 Safari/533.10.1',
    'Opera/9.70.(X11; Linux x86_64; crh-UA) Presto/2.9.190 Version/12.00',
  ];
  it.each(negatives)('%s', (text) => {
    expect(names(text, 0.5)).toEqual([]);
  });
});

describe('name recognizer: social-media text (tagger + low-score capitalised words)', () => {
  it('finds casual names and gives them low scores', () => {
    const text = '@paulwalk lol Kenny and Shaq had me weak , hillary clinton too';
    const found = nameRecognizer.recognize(identity(text));
    const spans = found.map((c) => text.slice(c.begin, c.end));
    expect(spans).toContain('Kenny');
    expect(spans).toContain('Shaq');
    expect(spans).toContain('hillary clinton');
    for (const c of found) expect(c.score).toBeLessThan(0.8);
  });

  it('treats tokenized apostrophes, emoji, a trailing " ?" and all-lowercase chat as social text', () => {
    expect(names("Everyday I ' m more and more thankful that Hillary Clinton will never be president")).toEqual(['Hillary Clinton']);
    expect(names('obama is so cool')).toEqual(['obama']);
    expect(names('Kimmel 2015 ?')).toEqual(['Kimmel']);
    expect(names('wow emma is so cute 😀')).toEqual(['emma']);
    expect(names('the package arrived late and the box was damaged')).toEqual([]);
  });

  it('does not run the social-text path on ordinary sentences', () => {
    const text = 'Order #160161 was delivered in December but the Router X200 was missing.';
    expect(names(text)).toEqual([]);
  });
});
