// NAME spans on hand-written ticket sentences: names stop at a sentence end, contractions and pronouns are never
// names, job titles are context (not part of the name, unlike "Mr."/"Dr."), a month before a day number is a
// date, a city before ", ST" is a place, multi-part East/South-East Asian names stay whole, and capitalised
// sentence-initial words or code labels are not names. Runs the shipped recognizer on normalized text, and the
// whole local detector for the same sentences (other recognizers must not bring the old spans back).
import { describe, expect, it } from 'vitest';
import { createLocalDetector } from '../../../src/detect/local/local-detector.ts';
import { normalize } from '../../../src/detect/local/normalize.ts';
import { nameRecognizer } from '../../../src/detect/local/recognizers/name-recognizer.ts';
import { nameTokens } from '../../../src/detect/local/recognizers/name-tokens.ts';

/** NAME spans of `text` (every score: the redact step's threshold is applied later). */
function names(text: string): string[] {
  const n = normalize(text);
  return nameRecognizer.recognize(n).map((c) => n.text.slice(c.begin, c.end));
}

// [sentence, expected NAME spans (exactly, in order)]
const cases: [string, string[]][] = [
  // A dot after an ordinary word ends the sentence; after a title, initial or one-letter particle it does not.
  ["Thanks, Olga. I'll send the contract to her today.", ['Olga']],
  ['Thanks, Olga. Maria will call you back.', ['Olga', 'Maria']],
  ['Spoke with Mr. Smith. He agreed to the refund.', ['Mr. Smith']],
  ['Please call Anna J. Smith about the invoice.', ['Anna J. Smith']],
  ['We spoke to J. R. Smith.', ['J. R. Smith']],
  ["Cesar Y. O'Connell is a Administrator, education", ["Cesar Y. O'Connell"]],
  // Contractions and pronouns.
  ["I was born on March 3, 1985 and I'm 39 years old.", []],
  ["I'm Kurt, the account owner.", ['Kurt']],
  ["We've asked and she'd agreed, but they don't know him.", []],
  // Job titles are context; forms of address are part of the name.
  ['Agent Chen escalated the case on Jan 14.', ['Chen']],
  ['Officer Daniel Brooks filed the report.', ['Daniel Brooks']],
  ['Nurse Patel called the patient back.', ['Patel']],
  ['Dr. Ana Ruiz reviewed the claim.', ['Dr. Ana Ruiz']],
  ['Judge Bruen is a Engineer, biomedical', ['Judge Bruen']],
  ['Timmy Wuckert lives at 2710 Judge Brook', ['Timmy Wuckert']],
  // Months before a day number or a year are dates.
  ['We met on 14 Jan and again on Jan 21st.', []],
  ['The plan renews Mar 2025 for the customer.', []],
  ['Jan Kowalski called on May 5.', ['Jan Kowalski']],
  // Multi-part names.
  ['Account holder: Nguyen Van An, routing 021000021, account 4829103746.', ['Nguyen Van An']],
  ['Please refund Ng Wei Ling for order 5521.', ['Ng Wei Ling']],
  ['Tran Thi Mai paid the invoice.', ['Tran Thi Mai']],
  // Code labels and capitalised sentence openers.
  ['Wire to IBAN DE89 3704 0044 0532 0130 00 (BIC COBADEFFXXX).', []],
  ['Server rebooted at 02:00 UTC, no customer impact.', []],
  // Places before a state or province code.
  ['The technician Wei Zhang visited 4500 Oak Grove Rd, Suite 210, Austin, TX 78745 on Tuesday.', ['Wei Zhang']],
  ['Meet me in Portland, OR at noon.', []],
  ['Thanks Sam, OK?', ['Sam']],
];

describe('NAME spans on ticket sentences', () => {
  it.each(cases)('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });
});

describe('NAME spans through the local detector', () => {
  it('reports the same NAME spans as the recognizer alone', async () => {
    const detector = await createLocalDetector({ workers: 0 });
    try {
      const texts = cases.map(([t]) => t);
      const results = await detector.detect(texts);
      const got = results.map((r, i) => r.entities.filter((e) => e.type === 'NAME').map((e) => texts[i]!.slice(e.begin, e.end)));
      expect(got).toEqual(cases.map(([, want]) => want));
    } finally {
      await detector.close?.();
    }
  });
});

describe('name token classes', () => {
  it.each([
    ["I'm", 'W'], ["I'll", 'W'], ["we've", 'W'], ["she'd", 'W'], ["don't", 'W'], ['him', 'W'], ['themselves', 'W'],
    ['IBAN', 'D'], ["O'Brien", 'L'], ["D'Angelo", 'L'],
  ])('%s is class %s', (word, cls) => {
    expect(nameTokens(`x ${word} x`)[1]!.cls).toBe(cls);
  });
});
