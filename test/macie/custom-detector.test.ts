// Macie custom data identifiers evaluated locally: Macie's keyword-distance, ignore-word and case rules, the
// regex dialect translation, and the detector through the factory with a real identifiers file.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileIdentifier, findIdentifierMatches, type CustomDataIdentifier } from '../../src/detect/macie/custom-identifiers.ts';
import { compileMacieRegex, translateMacieRegex } from '../../src/detect/macie/macie-regex.ts';
import { createDetector } from '../../src/detect/create-detector.ts';
import { DetectorError } from '../../src/errors.ts';

const count = (def: CustomDataIdentifier, text: string) => findIdentifierMatches(compileIdentifier(def), text).length;
const EMP: CustomDataIdentifier = { name: 'Employee ID', regex: 'EMP-\\d{6}', keywords: ['employee id'], maximumMatchDistance: 20 };

describe('keywords: end of keyword to end of match, within maximumMatchDistance', () => {
  // "employee id" ends at 11; the match is 10 characters, so the filler decides the distance.
  const text = (filler: number) => `employee id${' '.repeat(filler)}EMP-123456`;

  it('just inside: distance == maximumMatchDistance counts', () => {
    // distance = filler + 10 (the match's own length)
    expect(count(EMP, text(10))).toBe(1);
    const [m] = findIdentifierMatches(compileIdentifier(EMP), text(10));
    expect(m).toEqual({ begin: 21, end: 31, keyword: 'employee id', distance: 20 });
  });

  it('just outside: one more character does not', () => {
    expect(count(EMP, text(11))).toBe(0);
  });

  it('the default distance is 50', () => {
    const def = { ...EMP, maximumMatchDistance: undefined };
    expect(count(def, text(40))).toBe(1);
    expect(count(def, text(41))).toBe(0);
  });

  it('a keyword after the match, or overlapping it, does not count; no keywords → every match counts', () => {
    expect(count(EMP, 'EMP-123456 is my employee id')).toBe(0);
    expect(count({ ...EMP, keywords: ['EMP-1'], regex: 'EMP-1\\d{5}' }, 'EMP-123456')).toBe(0);
    expect(count({ name: 'x', regex: 'EMP-\\d{6}' }, 'EMP-123456 EMP-654321, EMP-1')).toBe(2);
  });

  it('keywords are case-insensitive', () => {
    expect(count(EMP, 'EMPLOYEE ID: EMP-123456')).toBe(1);
    expect(count(EMP, 'Employee Id: EMP-123456')).toBe(1);
    // ...the regex is not (PCRE is case-sensitive unless (?i)).
    expect(count(EMP, 'employee id: emp-123456')).toBe(0);
    expect(count({ ...EMP, regex: '(?i)EMP-\\d{6}' }, 'employee id: emp-123456')).toBe(1);
  });

  it('the closest preceding keyword decides, and each match is judged on its own', () => {
    const t = `employee id EMP-111111${' '.repeat(30)}EMP-222222 employee id EMP-333333`;
    const got = findIdentifierMatches(compileIdentifier(EMP), t).map((m) => t.slice(m.begin, m.end));
    expect(got).toEqual(['EMP-111111', 'EMP-333333']);
  });

  it('distance counts code points, not UTF-16 units', () => {
    const emoji = '\u{1F600}'; // 2 UTF-16 units, 1 code point
    const t = `employee id${emoji.repeat(10)}EMP-123456`; // 10 code points + 10 = 20
    const [m] = findIdentifierMatches(compileIdentifier(EMP), t);
    expect(m.distance).toBe(20);
    expect(t.slice(m.begin, m.end)).toBe('EMP-123456');
    expect(count(EMP, `employee id${emoji.repeat(11)}EMP-123456`)).toBe(0);
  });
});

describe('ignore words: a match that contains one is dropped, case-sensitively', () => {
  const DEF: CustomDataIdentifier = { name: 'Ticket', regex: '(?i)tkt-[a-z0-9]{6}', ignoreWords: ['test'] };
  it('drops a match containing the ignore word', () => {
    expect(count(DEF, 'tkt-test99')).toBe(0);
    expect(count(DEF, 'tkt-ab1234')).toBe(1);
  });
  it('keeps a match where the ignore word appears with another case', () => {
    expect(count(DEF, 'TKT-TEST99')).toBe(1);
    expect(count(DEF, 'tkt-Test99')).toBe(1);
  });
  it('an ignore word outside the match does not matter', () => {
    expect(count(DEF, 'test tkt-ab1234 test')).toBe(1);
  });
});

describe('regex dialect', () => {
  it('translates PCRE-only constructs to equivalent JavaScript', () => {
    const cases: [string, string, number][] = [
      ['\\d++5', '123455', 0], // possessive: \d++ eats the 5, no backtracking → no match (PCRE)
      ['\\d+5', '123455', 1],
      ['(?>a+)b', 'aaab', 1],
      ['(?:ab)++ab', 'abab', 0], // possessive group: no backtracking into it
      ['(?:ab)+ab', 'abab', 1],
      ['(?m)^b$', 'a\nb\nc', 1],
      ['(?i)abc', 'ABC', 1],
      ['[[:digit:]]{3}-[[:alpha:]]{2}', '123-ab', 1],
      ['\\Aabc\\z', 'abc', 1],
      ['abc$', 'abc\n', 1], // PCRE's $ matches before a final newline
      ['a.c', 'a\rc', 1], // PCRE's . matches \r (JS's does not)
      ['a\\sb', 'a\u00a0b', 0], // PCRE's \s is ASCII whitespace only
      ['\\Qa.b\\E', 'a.b axb', 1],
      ['[]x]+', ']x]', 1],
      ['\\x{41}\\x{1F600}', 'A\u{1F600}', 1],
    ];
    for (const [re, text, n] of cases) {
      expect(count({ name: 'd', regex: re }, text), `${re} on ${JSON.stringify(text)}`).toBe(n);
    }
    expect(translateMacieRegex('\\d++').notes.map((n) => n.kind)).toEqual(['translated']);
  });

  it('reports JS-accepted constructs Macie may treat differently', () => {
    const kinds = (re: string) => translateMacieRegex(re).notes.filter((n) => n.kind === 'differs').map((n) => n.construct);
    expect(kinds('(?<=ID:)\\d+')).toEqual(['(?<=']);
    expect(kinds('(?<year>\\d{4})')).toEqual(['(?<year>']);
    expect(kinds('\\p{Lu}+')).toEqual(['\\p{Lu}']);
    expect(kinds('/emp-\\d+/i')).toEqual(['/.../i']);
    expect(kinds('(a)\\1')).toEqual(['\\1']);
    expect(kinds('EMP-\\d{6}')).toEqual([]);
  });

  it('refuses what JavaScript cannot express, naming the identifier and construct', () => {
    expect(() => compileMacieRegex('a(?i:b)c', 'Scoped')).toThrow(DetectorError);
    expect(() => compileMacieRegex('a(?i:b)c', 'Scoped')).toThrow(/identifier "Scoped": regex uses \(\?i: at 1/);
    expect(() => compileMacieRegex('\\Gabc', 'G')).toThrow(/\\G/);
    expect(() => compileMacieRegex('(?x) a b', 'X')).toThrow(/\(\?x\)/);
    expect(() => compileMacieRegex('(a', 'Broken')).toThrow(/identifier "Broken": regex does not compile/);
  });
});

describe('the macie_custom detector through the factory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rf-macie-'));
    writeFileSync(
      join(dir, 'ids.json'),
      JSON.stringify([
        EMP,
        { name: 'Project code', regex: 'PRJ-[A-Z]{4}', ignoreWords: ['TEST'], id: 'abc', arn: 'arn:aws:macie2:us-east-1:1:custom-data-identifier/abc' },
      ]),
    );
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ name: 'x', regex: 'a', keywords: ['ab'] }]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the identifiers file against baseDir and reports CUSTOM:<name> entities with UTF-16 offsets', async () => {
    const d = await createDetector({ type: 'macie_custom', identifiers: 'ids.json' }, { baseDir: dir });
    expect(d.name).toBe('macie_custom');
    expect(d.version).toMatch(/^1\+[0-9a-f]{12}$/);
    const texts = ['\u{1F600} Employee ID: EMP-123456, project PRJ-ABCD and PRJ-TEST', null, '', 'nothing here'];
    const res = await d.detect(texts);
    expect(res).toHaveLength(4);
    const ents = res[0].entities;
    expect(ents.map((e) => [e.type, texts[0]!.slice(e.begin, e.end), e.score])).toEqual([
      ['CUSTOM:Employee_ID', 'EMP-123456', 1],
      ['CUSTOM:Project_code', 'PRJ-ABCD', 1],
    ]);
    expect(ents[0].explanation).toEqual({ recognizer: 'macie_custom', pattern: 'Employee ID', context: ['employee id'], notes: ['keyword_distance:12'] });
    expect(res.slice(1).every((r) => r.entities.length === 0 && !r.error)).toBe(true);
    expect(d.stats?.()).toMatchObject({ identifiers: 2, matches: 2 });
  });

  it('rejects an invalid identifiers file before detecting anything', async () => {
    await expect(createDetector({ type: 'macie_custom', identifiers: 'bad.json' }, { baseDir: dir })).rejects.toThrow(/bad\.json: not an array of custom data identifiers: 0\.keywords\.0/);
    await expect(createDetector({ type: 'macie_custom', identifiers: 'missing.json' }, { baseDir: dir })).rejects.toThrow(/missing\.json: cannot read the identifiers file \(ENOENT\)/);
  });
});
