// Word tokens and their name evidence (gazetteer membership, casing, position) for the NAME recognizer and
// the name tagger. Works on the normalized text; offsets are normalized-text indexes.
import { loadGazetteers, type Gazetteers } from '../gazetteers/gazetteers.ts';

export type Casing = 'title' | 'upper' | 'lower' | 'mixed';

/** Name role of a token: F first name, L surname, B both, C frequent word that is also a name, W frequent
 * English word, V rarer word-list word (could be a foreign name: "Neele", "Divo"), U unknown, T title, S suffix, P particle, I initial, D never a name (months, brands...), X not a word. */
export type NameClass = 'F' | 'L' | 'B' | 'C' | 'W' | 'V' | 'U' | 'T' | 'S' | 'P' | 'I' | 'D' | 'X';

export interface WordToken {
  begin: number;
  end: number;
  lower: string;
  casing: Casing;
  cls: NameClass;
  firstRank: number;
  lastRank: number;
  /** In the English word list (many names are too: it only tempers single-word evidence). */
  word: boolean;
  /** First word of a sentence, line or cell (capitalisation says nothing there). */
  sentenceStart: boolean;
  /** Characters between the previous token's end and this token's begin. */
  gapBefore: string;
  /** Followed directly by '.', e.g. "Mr." or "J.". */
  dot: boolean;
  /** An unknown word (class U) found in the list of names of many origins. */
  world: boolean;
  /** WF_* flags of `lower` (list and city flags), or -1 for glued parts and numbers (not cached: look them up
   * with listFlags / cityFlags). */
  flags: number;
}

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'madam', 'mme', 'mlle', 'herr', 'frau',
  'rev', 'fr', 'sra', 'srta', 'señor', 'señora', 'monsieur', 'madame', 'capt', 'captain', 'lt', 'sgt', 'col',
  'gen', 'hon', 'judge', 'officer', 'det', 'lord', 'lady',
]);
// Only these titles are strong enough to make the next capitalised word a name on their own.
export const STRONG_TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'mme', 'mlle', 'herr', 'frau', 'señor', 'señora', 'sra', 'srta', 'monsieur', 'madame', 'rev', 'sgt', 'capt']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'phd', 'md', 'dds', 'dvm', 'esq', 'cpa', 'rn', 'jd', 'mba']);
const PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'los', 'las', 'der', 'den', 'di', 'du', 'la', 'le', 'bin', 'binti', 'ibn', 'al', 'el', 'dos', 'das', 'ter', 'ten', 'st', 'mac', 'y']);
const DENY = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun',
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida',
  'georgia', 'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine',
  'maryland', 'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska',
  'nevada', 'hampshire', 'jersey', 'mexico', 'york', 'carolina', 'dakota', 'ohio', 'oklahoma', 'oregon',
  'pennsylvania', 'rhode', 'tennessee', 'texas', 'utah', 'vermont', 'virginia', 'washington', 'wisconsin', 'wyoming',
  'america', 'american', 'usa', 'canada', 'england', 'britain', 'london', 'paris', 'china', 'india', 'france',
  'germany', 'spain', 'italy', 'japan', 'africa', 'europe', 'asia', 'australia', 'ireland', 'scotland', 'wales',
  'apple', 'google', 'amazon', 'microsoft', 'facebook', 'twitter', 'instagram', 'youtube', 'netflix', 'uber',
  'tesla', 'samsung', 'sony', 'nike', 'visa', 'mastercard', 'paypal', 'iphone', 'ipad', 'android', 'windows',
  'linux', 'mozilla', 'chrome', 'safari', 'firefox', 'opera', 'gecko', 'webkit', 'applewebkit', 'khtml', 'trident',
  'presto', 'macintosh', 'mac', 'ubuntu', 'edge', 'version', 'mobile', 'ios', 'os', 'cpu', 'intel', 'ppc',
  'llc', 'inc', 'ltd', 'plc', 'corp', 'co', 'group', 'gmbh', 'sons', 'company', 'bank', 'university', 'school',
  'street', 'st', 'avenue', 'ave', 'road', 'rd', 'lane', 'ln', 'drive', 'dr', 'court', 'ct', 'boulevard', 'blvd',
  'apt', 'suite', 'ste', 'unit', 'floor', 'box', 'po', 'usd', 'eur', 'gbp', 'cad',
  'christmas', 'easter', 'god', 'jesus', 'lord', 'allah', 'covid', 'ok', 'okay', 'asap', 'fyi', 'faq', 'pos', 'net',
  // Labels of account and record numbers ("IBAN DE89..."): never a person ("Vin" is: all-caps "VIN" before a
  // code is caught by the recognizer).
  'iban', 'imei', 'isbn', 'itin', 'ssn', 'bic', 'sku', 'api', 'url', 'pdf', 'csv', 'json', 'xml', 'html', 'sql',
]);

/** Company markers: a run of names followed by one of these is an organisation, not a person. */
export const COMPANY_MARKERS = new Set(['llc', 'inc', 'ltd', 'plc', 'corp', 'co', 'group', 'gmbh', 'sons', 'company', 'partners', 'associates', 'bank', 'foundation', 'university', 'college', 'hospital', 'school', 'institute', 'labs', 'ag', 'sa', 'bv']);

// Place-name openers ("Port Layla", "New Theodore", "Lake Emoryview") and street words after a name.
export const PLACE_OPENERS = new Set(['north', 'south', 'east', 'west', 'new', 'lake', 'port', 'fort', 'mount', 'saint', 'san', 'santa', 'los', 'las', 'el', 'glen', 'great', 'little', 'upper', 'lower', 'old', 'point', 'cape', 'bay']);

export const STREET_AFTER = new Set(['street', 'st', 'avenue', 'ave', 'road', 'rd', 'lane', 'ln', 'drive', 'blvd', 'boulevard', 'way', 'court', 'ct', 'place', 'terrace', 'parkway', 'pkwy', 'highway', 'hwy', 'circle', 'square', 'plaza', 'trail']);

export const PLACE_ENDERS = new Set(['springs', 'beach', 'grove', 'heights', 'valley', 'city', 'falls', 'creek', 'harbor', 'village', 'gardens', 'island', 'bay', 'hills', 'viejo', 'grande', 'vista', 'county', 'township', 'park', 'town', 'summit', 'center', 'junction', 'station']);

// Job titles and ranks before a name ("Agent Chen", "Officer Brooks", "Nurse Patel"): context that makes the
// next words a name, but not part of it (unlike "Mr."/"Dr."/"Judge", forms of address, which are).
export const ROLE_TITLES = new Set([
  'agent', 'officer', 'nurse', 'detective', 'det', 'inspector', 'sergeant', 'sgt', 'deputy', 'sheriff', 'constable',
  'trooper', 'lieutenant', 'lt', 'captain', 'capt', 'colonel', 'col', 'gen', 'corporal', 'coach', 'pastor',
  'technician', 'supervisor', 'manager', 'director', 'representative', 'rep', 'clerk', 'advisor', 'adviser',
  'counselor', 'dispatcher', 'paramedic',
]);

// Month names: followed by a day number or a year they are a date ("Jan 14", "March 2024"), not a name.
export const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

// Per-word flags the NAME rules test on tokens, looked up once per distinct word (kept in the token cache's
// record) instead of a set lookup per token per rule.
export const WF_ROLE = 1;
export const WF_PLACE_OPENER = 2;
export const WF_STREET = 4;
export const WF_COMPANY = 8;
export const WF_MONTH = 16;
export const WF_PLACE_ENDER = 32;
/** A city (cities.has(word)). */
export const WF_CITY = 64;
/** A city name starts with the word and a space. */
export const WF_CITY_HEAD = 128;
const WORD_FLAG_SETS: [ReadonlySet<string>, number][] = [
  [ROLE_TITLES, WF_ROLE], [PLACE_OPENERS, WF_PLACE_OPENER], [STREET_AFTER, WF_STREET], [COMPANY_MARKERS, WF_COMPANY],
  [MONTHS, WF_MONTH], [PLACE_ENDERS, WF_PLACE_ENDER],
];
const WORD_FLAGS = new Map<string, number>();
for (const [set, flag] of WORD_FLAG_SETS) for (const w of set) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | flag);

/** The list flags of a lower-cased word (without the city flags). */
export function listFlags(lower: string): number {
  return WORD_FLAGS.get(lower) ?? 0;
}

/** The city flags of a lower-cased word (two searches of the city list). */
export function cityFlags(g: Gazetteers, lower: string): number {
  return (g.cities.has(lower) ? WF_CITY : 0) | (g.cities.hasPrefix(lower + ' ') ? WF_CITY_HEAD : 0);
}

// Tokens: letters (with marks), joined by inner apostrophes or hyphens; also grabs glued digits/underscores/@/#
// so that "fraud_Kuhn", "@paulwalk" or "x86_64" become one non-name token (see nameTokens).
const LETTERS = /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*$/u;

function casingOf(s: string): Casing {
  const c0 = s.charCodeAt(0);
  // ASCII fast path: one pass over the characters.
  if (c0 < 128) {
    let up = 0;
    let low = 0;
    let other = false;
    for (let i = 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) up++;
      else if (c >= 97 && c <= 122) low++;
      else if (c >= 128) { other = true; break; }
    }
    if (!other) {
      const headUp = c0 >= 65 && c0 <= 90;
      const headLow = c0 >= 97 && c0 <= 122;
      if (headLow || (!headUp && up === 0)) return up === 0 ? 'lower' : 'mixed';
      if (low === 0) return s.length === 1 ? 'title' : up === 0 && s.length > 1 && !headUp ? 'lower' : 'upper';
      return 'title';
    }
  }
  const lower = s.toLowerCase();
  const upper = s.toUpperCase();
  if (s === lower) return 'lower';
  if (s === upper) return s.length === 1 ? 'title' : 'upper';
  const head = s.charAt(0);
  if (head === head.toUpperCase() && s.slice(1) === s.slice(1).toLowerCase()) return 'title';
  // McDonald, O'Brien, DeShawn, Jean-Luc: capitalised with inner capitals; "iPod", "ro-RO" are not names.
  return head === head.toUpperCase() ? 'title' : 'mixed';
}

function rankOf(m: { get(k: string): number | undefined }, key: string): number {
  const r = m.get(key);
  return r === undefined ? -1 : r;
}

export interface NameLookup {
  firstRank: number;
  lastRank: number;
  other: boolean;
  word: boolean;
  common: boolean;
}

export function lookupName(g: Gazetteers, lower: string): NameLookup {
  let firstRank = rankOf(g.firstRank, lower);
  let lastRank = rankOf(g.lastRank, lower);
  let other = g.otherNames.has(lower);
  // O'Brien / D'Angelo are listed without the apostrophe in the census.
  if (firstRank < 0 && lastRank < 0 && !other && /['’]/.test(lower)) {
    const bare = lower.replace(/['’]/g, '');
    firstRank = rankOf(g.firstRank, bare);
    lastRank = rankOf(g.lastRank, bare);
    other = g.otherNames.has(bare);
  }
  // Hyphenated: Jean-Luc, Smith-Jones — a name when every part is one.
  if (firstRank < 0 && lastRank < 0 && !other && lower.includes('-')) {
    const parts = lower.split('-');
    const looks = parts.map((p) => lookupName(g, p));
    if (looks.every((l) => l.firstRank >= 0 || l.lastRank >= 0 || l.other)) {
      const allFirst = looks.every((l) => l.firstRank >= 0);
      return { firstRank: allFirst ? Math.max(...looks.map((l) => l.firstRank)) : -1, lastRank: allFirst ? -1 : 1000, other: false, word: false, common: false };
    }
  }
  return { firstRank, lastRank, other, word: g.words.has(lower), common: g.common.has(lower) };
}

// Unknown words shaped like place names ("Emoryview", "Liamville", "Unaboro"): not people.
const PLACE_ENDING = /(?:ville|boro|borough|burgh|view|haven|side|mouth|furt|fort|shire|town|chester|port|stadt|dorf|hausen)$/;

// Function words that the name lists contain ("To", "An", "Do"): never a name.
const STOP = new Set(['re', 'fw', 'fwd', 'to', 'a', 'an', 'the', 'and', 'or', 'but', 'in', 'on', 'at', 'by', 'for', 'of', 'with', 'from', 'is', 'are', 'was', 'be', 'me', 'my', 'you', 'he', 'she', 'we', 'it', 'his', 'her', 'so', 'no', 'do', 'go', 'if', 'as', 'up', 'us', 'im', 'ur', 'u', 'ya', 'yo', 'oh', 'ok', 'hi', 'hey', 'lol', 'not', 'all', 'can', 'will', 'just', 'now', 'new', 'one', 'our', 'your', 'their', 'this', 'that', 'who', 'how', 'why', 'what', 'when', 'get', 'got', 'see', 'more', 'day', 'out', 'has', 'had', 'have', 'been', 'love', 'like', 'too', 'very', 'much', 'man', 'big', 'best', 'good', 'great', 'back', 'home', 'last', 'first', 'next',
  // Pronouns.
  'him', 'they', 'them', 'mine', 'yours', 'hers', 'ours', 'theirs', 'myself', 'yourself', 'himself', 'herself', 'itself', 'ourselves', 'themselves']);

// Contractions ("I'm", "I'll", "we've", "she'd", "don't"): never a name, though "im" or "ill" may be in a list.
const CONTRACTION = /['’](?:m|ll|re|ve|d|t)$/;

/** A word's class and the lookup fields its tokens copy (flat: one object to read per token). */
interface Classified { cls: NameClass; firstRank: number; lastRank: number; word: boolean; world: boolean }

function classify(g: Gazetteers, lower: string, dot: boolean): Classified {
  const r = classifyWord(g, lower, dot);
  const world = r.cls === 'U' && g.worldNames.has(lower);
  const look = r.look;
  return { cls: r.cls, firstRank: look !== null ? look.firstRank : -1, lastRank: look !== null ? look.lastRank : -1, word: look !== null ? look.word : false, world };
}

function classifyWord(g: Gazetteers, lower: string, dot: boolean): { cls: NameClass; look: NameLookup | null } {
  if (TITLES.has(lower) && (dot || lower.length > 3 || STRONG_TITLES.has(lower))) return { cls: 'T', look: null };
  if (SUFFIXES.has(lower) && lower !== 'v') return { cls: 'S', look: null };
  if (PARTICLES.has(lower)) return { cls: 'P', look: null };
  if (lower.length === 1) return { cls: dot ? 'I' : 'X', look: null };
  if (STOP.has(lower) || CONTRACTION.test(lower)) return { cls: 'W', look: null };
  const look = lookupName(g, lower);
  if (DENY.has(lower)) return { cls: 'D', look };
  const isName = look.firstRank >= 0 || look.lastRank >= 0 || look.other;
  if (!isName) return { cls: look.common ? 'W' : PLACE_ENDING.test(lower) ? 'D' : look.word ? 'V' : 'U', look };
  if (look.common) return { cls: 'C', look };
  if (look.firstRank >= 0 && (look.lastRank >= 0 || look.other)) return { cls: 'B', look };
  return { cls: look.firstRank >= 0 ? 'F' : 'L', look };
}

// A cache of what a token's raw text alone decides (its casing, lower-case form, letters-only shape and class
// without a dot after it), keyed on the raw token's characters, hashed and compared in place in the text: a hit
// builds no string at all (no slice, no toLowerCase). Bounded, cleared when full (a smaller cap was measurably
// slower on real cells).
//
// Laid out for the CPU cache: real cells bring a few content words per cell out of thousands, so most lookups
// miss the CPU cache, and each dependent load (slot, key string, info object...) costs a trip to memory. An
// entry is one 64-byte record in a typed array holding the hash, the fields and the key's characters (up to
// 22 units inline; longer keys are compared with their string): a hit reads the slot index and one record.
const CACHE_MAX = 100_000;
const MAX_SLOTS = 1 << 18; // load factor under 0.4 at CACHE_MAX
const REC = 16; // Int32 per record
const R_HASH = 0;
const R_LEN = 1;
const R_META = 2; // casing | letters << 2 | class << 3 | word << 7 | world << 8 | WF_* flags << 9
const R_FIRST = 3;
const R_LAST = 4;
const R_KEY = 5; // key units, two per Int32 (low half first)
const INLINE_UNITS = 2 * (REC - R_KEY);
const CASINGS: readonly Casing[] = ['title', 'upper', 'lower', 'mixed'];
const CLASSES: readonly NameClass[] = ['F', 'L', 'B', 'C', 'W', 'V', 'U', 'T', 'S', 'P', 'I', 'D', 'X'];
// Starts small (real columns repeat a few thousand words) and doubles at load 0.4. Slot: entry index + 1, 0 empty.
let slots = 1 << 14;
let slotEntry = new Int32Array(slots);
let recs = new Int32Array(REC * 1024);
let entries = 0;
let cacheKeys: string[] = [];
let cacheLowers: string[] = [];
/** Class with a dot after the token, computed on first need. */
let cacheDotted: (Classified | null)[] = [];

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
function hashAt(text: string, begin: number, end: number): number {
  let h = FNV_BASIS;
  for (let k = begin; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  return h;
}

function insertSlot(h: number, entry: number): void {
  const mask = slots - 1;
  let slot = h & mask;
  while (slotEntry[slot] !== 0) slot = (slot + 1) & mask;
  slotEntry[slot] = entry + 1;
}

/** Whether record `base` holds the key text[begin, begin + len). */
function keyEquals(text: string, begin: number, len: number, base: number, entry: number): boolean {
  if (len > INLINE_UNITS) return cacheKeys[entry] === text.slice(begin, begin + len);
  const r = recs;
  let q = 0;
  for (; q + 1 < len; q += 2) {
    const packed = r[base + R_KEY + (q >> 1)]!;
    if ((packed & 0xffff) !== text.charCodeAt(begin + q) || packed >>> 16 !== text.charCodeAt(begin + q + 1)) return false;
  }
  return q === len || (r[base + R_KEY + (q >> 1)]! & 0xffff) === text.charCodeAt(begin + q);
}

/** Entry of text[begin, end) (`h`: its hashAt), from the cache or computed and remembered. */
function entryAt(text: string, begin: number, end: number, h: number): number {
  const len = end - begin;
  const mask = slots - 1;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const e = slotEntry[slot]! - 1;
    if (e < 0) break;
    const base = e * REC;
    if (recs[base + R_HASH] === h && recs[base + R_LEN] === len && keyEquals(text, begin, len, base, e)) return e;
  }
  if (entries >= CACHE_MAX) {
    slotEntry.fill(0);
    entries = 0;
    cacheKeys = [];
    cacheLowers = [];
    cacheDotted = [];
  } else if (entries + 1 > slots * 0.4 && slots < MAX_SLOTS) {
    slots *= 2;
    slotEntry = new Int32Array(slots);
    for (let e = 0; e < entries; e++) insertSlot(recs[e * REC + R_HASH]!, e);
  }
  const e = entries++;
  if ((e + 1) * REC > recs.length) {
    const grown = new Int32Array(recs.length * 2);
    grown.set(recs);
    recs = grown;
  }
  const raw = text.slice(begin, end);
  const casing = casingOf(raw);
  const lower = casing === 'lower' && raw.charCodeAt(0) < 128 ? raw : raw.toLowerCase();
  const letters = casing !== 'mixed' && lettersOnly(raw);
  const g = loadGazetteers();
  const p = letters ? classify(g, lower, false) : NOT_A_WORD;
  const flags = listFlags(lower) | cityFlags(g, lower);
  const base = e * REC;
  recs[base + R_HASH] = h;
  recs[base + R_LEN] = len;
  recs[base + R_META] = CASINGS.indexOf(casing) | (letters ? 4 : 0) | (CLASSES.indexOf(p.cls) << 3) | (p.word ? 128 : 0) | (p.world ? 256 : 0) | (flags << 9);
  recs[base + R_FIRST] = p.firstRank;
  recs[base + R_LAST] = p.lastRank;
  if (len <= INLINE_UNITS) {
    for (let q = 0; q < len; q += 2) recs[base + R_KEY + (q >> 1)] = raw.charCodeAt(q) | (q + 1 < len ? raw.charCodeAt(q + 1) << 16 : 0);
  }
  cacheKeys.push(raw);
  cacheLowers.push(lower);
  cacheDotted.push(null);
  insertSlot(h, e);
  return e;
}

function dottedClass(g: Gazetteers, e: number): Classified {
  return cacheDotted[e] ?? (cacheDotted[e] = classify(g, cacheLowers[e]!, true));
}

/** `text === text.toUpperCase()` without building the upper-case copy for ASCII text. */
export function isAllUpper(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 128) return text === text.toUpperCase();
  }
  return true;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
}

/** Letters only (plus inner ' ’ -): ASCII fast path, the Unicode regex otherwise. */
function lettersOnly(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 39 || c === 45) continue;
    if (c >= 128) return LETTERS.test(raw);
    return false;
  }
  // ASCII letters: the tokenizer only puts ' and - between letters.
  return true;
}

// Width of an ASCII character in a token's head run: 1 for [A-Za-z0-9_@#], else 0.
const ASCII_HEAD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_HEAD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 64 || c === 35 ? 1 : 0;

// Word characters outside ASCII (\p{L}\p{M}\p{N}), decided once per BMP code unit and remembered.
const WORD_NON_ASCII = /^[\p{L}\p{M}\p{N}]$/u;
const bmpWord = new Int8Array(65536); // 0 unknown, 1 word, 2 not
function isWordUnit(text: string, i: number): number {
  // Returns the width (1 or 2 code units) of the word character at i, or 0.
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return 0;
    return WORD_NON_ASCII.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let k = bmpWord[c]!;
  if (k === 0) {
    k = WORD_NON_ASCII.test(String.fromCharCode(c)) ? 1 : 2;
    bmpWord[c] = k;
  }
  return k === 1 ? 1 : 0;
}

/**
 * Word tokens of `text` (normalized), with name classes. Fresh objects every call: reusing a pool of tokens
 * measured slower (old pooled objects pointing at new strings cost the young-generation GC more than it saves).
 */
export function nameTokens(text: string, scan?: TokenScan): WordToken[] {
  const g = loadGazetteers();
  const out: WordToken[] = [];
  let count = 0;
  let prevEnd = 0;
  let shouting = -1; // computed on first need: text === text.toUpperCase()
  const n = text.length;
  let i = 0;
  let nonAscii = false;
  // Hand-written scan equivalent to /[\p{L}\p{M}\p{N}_@#]+(?:['’-][\p{L}\p{M}\p{N}_]+)*/gu: no match objects. The
  // cache key's hash (FNV-1a over the UTF-16 units) is computed on the way.
  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (c0 >= 128) nonAscii = true;
    let w = c0 < 128 ? ASCII_HEAD[c0]! : isWordUnit(text, i);
    if (w === 0) { i++; continue; }
    const begin = i;
    let h = Math.imul(FNV_BASIS ^ c0, FNV_PRIME);
    if (w === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
    i += w;
    // Head run: word characters, '@' and '#'.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128) w = ASCII_HEAD[c]!;
      else { nonAscii = true; w = isWordUnit(text, i); }
      if (w === 0) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (w === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
      i += w;
    }
    // Joined parts: an apostrophe or hyphen followed by word characters.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!(c === 39 || c === 45 || c === 0x2019)) break;
      w = isWordUnit(text, i + 1);
      if (w === 0) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (c >= 128) nonAscii = true;
      i += 1;
      do {
        for (let u = 0; u < w; u++) {
          const cu = text.charCodeAt(i + u);
          if (cu >= 128) nonAscii = true;
          h = Math.imul(h ^ cu, FNV_PRIME);
        }
        i += w;
      } while (i < n && (w = isWordUnit(text, i)) > 0);
    }
    const mEnd = i;
    let rawEnd = mEnd;
    // Possessive 's is not part of the name.
    const lastCode = text.charCodeAt(mEnd - 1);
    if ((lastCode === 115 || lastCode === 83) && mEnd - begin > 2) {
      const q = text.charCodeAt(mEnd - 2);
      if (q === 39 || q === 0x2019) {
        rawEnd = mEnd - 2;
        h = hashAt(text, begin, rawEnd);
      }
    }
    const end = rawEnd;
    const gapBefore = prevEnd === begin ? '' : begin - prevEnd === 1 && text.charCodeAt(prevEnd) === 32 ? ' ' : text.slice(prevEnd, begin);
    const dot = text.charCodeAt(mEnd) === 46 && rawEnd === mEnd;
    // Parts of paths, user agents, emails and domains ("brenda.nader78@...", "Safari/537").
    const nextCh = text.charCodeAt(mEnd);
    const gapLast = gapBefore.length === 1 ? gapBefore.charCodeAt(0) : -1;
    const glued = gapLast === 47 || gapLast === 61 || gapLast === 92 || gapLast === 64 || gapLast === 46 ||
      nextCh === 47 || nextCh === 64 || (nextCh === 46 && isWordChar(text.charCodeAt(mEnd + 1)));
    // Glued parts and numbers are never words and rarely repeat: not worth a cache entry.
    let entry = -1;
    let casing: Casing;
    let lower: string;
    let meta = 0;
    if (glued || c0 < 65) {
      const raw = text.slice(begin, end);
      casing = casingOf(raw);
      lower = casing === 'lower' && raw.charCodeAt(0) < 128 ? raw : raw.toLowerCase();
    } else {
      entry = entryAt(text, begin, end, h);
      meta = recs[entry * REC + R_META]!;
      casing = CASINGS[meta & 3]!;
      lower = cacheLowers[entry]!;
    }
    let sentenceStart = count === 0;
    if (!sentenceStart && !(gapBefore.length === 1 && gapBefore.charCodeAt(0) === 32)) {
      // Last character of the gap that is not space, quote or opening bracket.
      let k = gapBefore.length - 1;
      let newline = false;
      let last = -1;
      for (; k >= 0; k--) {
        const c = gapBefore.charCodeAt(k);
        if (c === 10 || c === 13 || c === 9) newline = true;
        else if (!(c === 32 || c === 34 || c === 39 || c === 40 || c === 91 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xa0)) { last = c; break; }
      }
      // . ! ? : ; |
      if (last === 46 || last === 33 || last === 63 || last === 58 || last === 59 || last === 124 || newline) {
        // "Mr. Smith" and "J. Smith": the dot ends a title or initial, not a sentence.
        const prev = out[count - 1]!;
        sentenceStart = !(last === 46 && prev.dot && (prev.cls === 'T' || prev.cls === 'I' || prev.cls === 'S'));
      }
    }
    // Short all-caps tokens are codes (states, currencies, "NT"), not names, unless the whole text shouts.
    let code = false;
    if (casing === 'upper' && end - begin <= 3 && !SUFFIXES.has(lower)) {
      if (shouting < 0) shouting = isAllUpper(text) ? 1 : 0;
      code = shouting === 0;
    }
    if (entry >= 0 && !code && (meta & 4) !== 0) {
      if (dot) {
        const r = dottedClass(g, entry);
        out.push({ begin, end, lower, casing, cls: r.cls, firstRank: r.firstRank, lastRank: r.lastRank, word: r.word, sentenceStart, gapBefore, dot, world: r.world, flags: meta >>> 9 });
      } else {
        const base = entry * REC;
        out.push({ begin, end, lower, casing, cls: CLASSES[(meta >>> 3) & 15]!, firstRank: recs[base + R_FIRST]!, lastRank: recs[base + R_LAST]!, word: (meta & 128) !== 0, sentenceStart, gapBefore, dot, world: (meta & 256) !== 0, flags: meta >>> 9 });
      }
    } else {
      out.push({ begin, end, lower, casing, cls: 'X', firstRank: -1, lastRank: -1, word: false, sentenceStart, gapBefore, dot, world: false, flags: entry >= 0 ? meta >>> 9 : -1 });
    }
    count++;
    prevEnd = mEnd;
  }
  if (scan !== undefined) scan.ascii = !nonAscii;
  return out;
}

/** What nameTokens saw while scanning, for callers that need more than the tokens. */
export interface TokenScan {
  /** No UTF-16 unit of the text is outside ASCII. */
  ascii: boolean;
}

const NOT_A_WORD: Classified = { cls: 'X', firstRank: -1, lastRank: -1, word: false, world: false };
