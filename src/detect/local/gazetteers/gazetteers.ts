// Loads the compact gazetteers committed in data/gazetteers/ (built by scripts/build-gazetteers.ts) once per
// process. Plain newline-separated files: loading is a split + Map/Set fill, no dependency on npm layouts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedactflowError } from '../../../errors.ts';
import { SortedLexicon } from './sorted-lexicon.ts';

export interface Gazetteers {
  /** Lower-cased first name → frequency rank (0 = most frequent). */
  readonly firstRank: ReadonlyMap<string, number>;
  /** Lower-cased surname → frequency rank (binary-searched "surname\trank" lines). */
  readonly lastRank: { get(name: string): number | undefined };
  /** Other people names (any role, many origins). */
  readonly otherNames: ReadonlySet<string>;
  /** English words (any frequency; many names are in it too). */
  readonly words: SortedLexicon;
  /** Frequent English words (hand-written): a name found here is only weak evidence. */
  readonly common: ReadonlySet<string>;
  /** City names (lower-cased). */
  readonly cities: SortedLexicon;
  /** Given names and surnames of many origins that are in none of the lists above nor the English words
   * ("kishan", "sitaram"): weak evidence, used for words that are otherwise unknown. */
  readonly worldNames: SortedLexicon;
}

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'data', 'gazetteers');

function readLines(file: string): string[] {
  return readText(file).split('\n');
}

function readText(file: string): string {
  try {
    return readFileSync(join(DATA_DIR, file), 'utf8');
  } catch (cause) {
    throw new RedactflowError('INTERNAL', `gazetteer file data/gazetteers/${file} cannot be read`, { cause });
  }
}

function rankMap(file: string): Map<string, number> {
  const m = new Map<string, number>();
  const lines = readLines(file);
  for (let i = 0; i < lines.length; i++) if (lines[i]) m.set(lines[i]!, i);
  return m;
}

function set(file: string): Set<string> {
  const s = new Set<string>();
  for (const l of readLines(file)) if (l) s.add(l);
  return s;
}

let cached: Gazetteers | undefined;

/** The gazetteers, loaded on first call (tens of milliseconds) and shared afterwards. */
export function loadGazetteers(): Gazetteers {
  if (cached) return cached;
  const common = new Set<string>();
  for (const line of readLines('src/common-words.txt')) {
    if (line.startsWith('#')) continue;
    for (const w of line.split(/\s+/)) if (w) common.add(w);
  }
  cached = {
    firstRank: rankMap('first-names.txt'),
    lastRank: new SortedLexicon(readText('last-names.txt')),
    otherNames: set('other-names.txt'),
    words: new SortedLexicon(readText('english-words.txt')),
    common,
    cities: new SortedLexicon(readText('cities.txt')),
    worldNames: new SortedLexicon(readText('world-names.txt')),
  };
  return cached;
}
