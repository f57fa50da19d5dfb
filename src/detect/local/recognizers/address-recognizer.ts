// ADDRESS: US-style street lines (number + street + suffix [+ unit]), "City, ST 12345" tails, PO boxes,
// multi-line blocks, UK postcodes and continental forms ("Rue de Rivoli 12", "Hauptstraße 5", "Via Roma 10").
// Suffixes are the USPS Publication 28 street suffixes (written here, not taken from any generator's list).
import type { Candidate, NormalizedText, Recognizer } from '../recognizer.ts';
import type { DecisionExplanation } from '../../detector.ts';
import { loadGazetteers } from '../gazetteers/gazetteers.ts';
import { features, isRegexSpace, lowerIncludesAny, wordDictionary, type TextFeatures } from '../features.ts';

const SUFFIXES = [
  'street', 'st', 'str', 'avenue', 'ave', 'av', 'road', 'rd', 'lane', 'ln', 'drive', 'dr', 'court', 'ct', 'boulevard', 'blvd',
  'way', 'wy', 'place', 'pl', 'terrace', 'ter', 'circle', 'cir', 'parkway', 'pkwy', 'highway', 'hwy', 'trail', 'trl',
  'square', 'sq', 'loop', 'path', 'pike', 'alley', 'aly', 'crossing', 'xing', 'plaza', 'plz', 'ridge', 'rdg', 'ridges',
  'run', 'row', 'walk', 'point', 'pt', 'points', 'light', 'lights', 'mount', 'mt', 'mountain', 'mtn', 'mountains', 'hill', 'hills',
  'heights', 'hts', 'park', 'parks', 'fork', 'forks', 'ford', 'fords', 'harbor', 'harbors', 'hbr', 'island', 'islands', 'isle',
  'junction', 'junctions', 'jct', 'key', 'keys', 'knoll', 'knolls', 'landing', 'lndg', 'manor', 'manors', 'meadow', 'meadows',
  'mill', 'mills', 'mission', 'motorway', 'orchard', 'oval', 'pass', 'passage', 'pine', 'pines', 'port', 'ports', 'prairie', 'ranch',
  'rapid', 'rapids', 'rest', 'river', 'shoal', 'shoals', 'shore', 'shores', 'spring', 'springs', 'station', 'stravenue',
  'stream', 'summit', 'throughway', 'trace', 'track', 'tunnel', 'turnpike', 'union', 'unions', 'valley', 'valleys',
  'view', 'views', 'village', 'villages', 'ville', 'vista', 'well', 'wells', 'crescent', 'cres', 'close', 'gardens', 'garden',
  'grove', 'groves', 'green', 'greens', 'glen', 'glens', 'expressway', 'expy', 'freeway', 'fwy', 'bypass', 'causeway', 'center', 'centre',
  'centers', 'cove', 'coves', 'creek', 'crest', 'dale', 'dam', 'divide', 'estate', 'estates', 'extension', 'ext', 'falls', 'fall',
  'field', 'fields', 'flat', 'flats', 'forge', 'forges', 'forest', 'gateway', 'haven', 'hollow', 'inlet', 'lake', 'lakes',
  'lock', 'locks', 'lodge', 'neck', 'overpass', 'radial', 'ramp', 'route', 'rte', 'skyway', 'spur', 'spurs', 'underpass', 'via',
  'bridge', 'brook', 'brooks', 'burg', 'burgs', 'bluff', 'bluffs', 'bottom', 'branch', 'bend', 'beach', 'canyon', 'cape', 'club',
  'common', 'commons', 'corner', 'corners', 'course', 'curve', 'camp', 'cliff', 'cliffs', 'fort', 'ferry', 'flats', 'harbour',
  'hwy', 'mews', 'wynd', 'row', 'parade', 'esplanade', 'quay', 'embankment', 'approach', 'rise', 'gate', 'gardens',
  'land', 'rue', 'wall', 'mall', 'viaduct', 'trafficway', 'plain', 'plains', 'loaf', 'streets', 'roads', 'ways', 'squares',
  'drives', 'courts', 'circles', 'crossroad', 'crossroads', 'extensions', 'harbors', 'lights', 'orchards', 'ranches',
  'stream', 'close', 'croft', 'green', 'hollow', 'isle', 'cswy', 'shoals', 'vly', 'vw', 'mnr', 'mdws',
  'walks', 'ramp', 'broadway', 'greenway', 'oaks', 'beeches', 'maltings', 'paddocks', 'meadows', 'orchard', 'willows',
  'chase', 'grange', 'limes', 'elms', 'pines', 'birches', 'poplars', 'sycamores', 'hawthorns', 'laurels', 'coppice',
  'spinney', 'firs', 'cedars', 'lindens', 'hollies', 'glebe', 'leys', 'warren', 'nook', 'fold', 'garth', 'brow', 'end',
  'annex', 'anx', 'arcade', 'arc', 'bayou', 'byu', 'parkways', 'pkwys',
];
// A house number then "The X", a direction then a name ("949 N Main"), or a whole cell of number + words.
const NUM_THE_RE = new RegExp(`(?<![\\p{L}\\d.,/:-])${'(?:\\d{1,6}[A-Za-z]?)'}\\s+(?:The|N|S|E|W|NE|NW|SE|SW)\\.?\\s+[\\p{Lu}][\\p{L}'’-]+(?:\\s+[\\p{Lu}][\\p{L}'’-]+){0,2}(?![\\p{L}\\d])`, 'gu');
const SUFFIX = `(?:${[...new Set(SUFFIXES)].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DIR = '(?:N|S|E|W|NE|NW|SE|SW|N\\.E|N\\.W|S\\.E|S\\.W|North|South|East|West|Northeast|Northwest|Southeast|Southwest)\\.?';
const WORD = "(?:\\d{1,3}(?:st|nd|rd|th)|[\\p{L}][\\p{L}\\p{M}'’.-]*)";
const NUM = '(?:\\d{1,6}[A-Za-z]?(?:-\\d{1,5})?|\\d+\\s?1/2)';
const UNIT = "(?:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg|building|lot|dept|department|#|no|flat|box|space|spc|trlr|trailer|hngr|pier|slip)\\.?\\s*#?\\s*[A-Za-z0-9][A-Za-z0-9-]{0,6}(?![\\p{L}\\d])";
const STATES2 = 'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR|GU|VI|AS|MP|AA|AE|AP';
const STATE_NAMES = 'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|District of Columbia|Puerto Rico';
const CITY = "[\\p{Lu}][\\p{L}\\p{M}'’.-]+(?:[ -][\\p{Lu}][\\p{L}\\p{M}'’.-]+){0,3}";
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}';
const ZIP = '\\d{5}(?:-\\d{4})?';

// Street line: number, optional direction, 1-4 words, a suffix; then more "word suffix" pairs, a direction.
const STREET_RE = new RegExp(`(?<![\\p{L}\\d.,/:-])${NUM}\\s+(?:${DIR}\\s+)?(?:${WORD}\\s+){1,4}?${SUFFIX}(?![\\p{L}\\d])`, 'giu');
const STREET_MORE_RE = new RegExp(`^(?:\\s+(?:${WORD}\\s+){0,2}${SUFFIX}(?![\\p{L}\\d])|\\s+${DIR}(?![\\p{L}\\d]))`, 'iu');
const UNIT_RE = new RegExp(`^\\s*,?\\s*${UNIT}`, 'iu');
// Tail after a street: ", City, ST 12345", "\nCity, State", " 12345", ", London SW1A 2AA".
const TAIL_RE = new RegExp(`^\\s*[,\\n]?\\s*(?:${CITY}\\s*,?\\s*(?:(?:${STATES2})(?![\\p{L}])|(?:${STATE_NAMES}))(?:\\s*,?\\s*${ZIP})?|${CITY}\\s*,?\\s*${UK_POSTCODE}|${CITY}\\s*,\\s*${ZIP}|(?:${STATES2})\\s+${ZIP}|${ZIP}(?:\\s+${CITY})?)(?![\\p{L}\\d])`, 'u');
const PO_BOX_RE = /(?<![\p{L}])(?:p\.?\s?o\.?\s?box|post\s+office\s+box|pmb|p\.?o\.?\s+drawer)\s*#?\s*\d{1,6}(?!\d)/giu;
// City, ST 12345 | City, State 12345 | City, ST (scored lower) on their own.
const CSZ_RE = new RegExp(`(?<![\\p{L}])(${CITY})\\s*,\\s*(?:((?:${STATES2}))(?![\\p{L}])|(${STATE_NAMES}))(?:\\s*,?\\s*(${ZIP}))?(?!\\d)`, 'gu');
// Continental: "Rue de Rivoli 12", "Via Roma 10", "Calle Mayor 5", "Avenida Paulista 1578".
// The house number may lead ("77 Rue de Rivoli", group 1) or follow ("Via Roma 10", group 2; after a comma only
// 1-3 digits, group 3: ", 75001" is a postcode). With neither, a postcode + city must follow (checked below).
const CONT_PREFIX_RE = /(?<![\p{L}\d])(?:(\d{1,4}[a-zA-Z]?),?\s+)?(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|quai|impasse|calle|avenida|avda\.?|plaza|paseo|camino|carrer|via|viale|piazza|corso|largo|rua|travessa|praça|ulica|ul\.|straße|strasse)\s+(?:(?:de|del|della|di|da|do|dos|das|des|du|la|le|les|el|los|las|l'|d')\s*)*[\p{Lu}][\p{L}\p{M}'’-]+(?:\s+[\p{Lu}][\p{L}\p{M}'’-]+){0,3}(?:(?:\s+(\d{1,5}[a-zA-Z]?)|,\s*(\d{1,3}[a-zA-Z]?))(?![\p{L}\d]))?/giu;
// German/Dutch/Nordic compounds: "Hauptstraße 5", "Lindenweg 12a", "Keizersgracht 123".
const COMPOUND_RE = /(?<![\p{L}])[\p{Lu}][\p{L}\p{M}-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|steig|chaussee|straat|laan|plein|gracht|kade|singel|vej|gade|gatan|vägen|veien|gata)\s+\d{1,5}[a-zA-Z]?(?![\p{L}\d])/gu;
// Continental postcode + city after a street: ", 75001 Paris", ", 10115 Berlin", ", D-10115 Berlin".
const CONT_TAIL_RE = /^\s*,?\s*(?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{2}-\d{3})\s+[\p{Lu}][\p{L}\p{M}'’-]+(?:\s+[\p{Lu}][\p{L}\p{M}'’-]+)?/u;
// Australian/NZ/Japanese tails after a street: ", Wellington 6011", ", Sydney NSW 2000", ", Tokyo 153-0063"
// (a comma first: "12 Harbour Road Version 2020" is no tail).
const INTL_TAIL_RE = new RegExp(`^\\s*,\\s*${CITY}(?:\\s+(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT))?,?\\s+(?:\\d{4}|\\d{3}-\\d{4})(?![\\p{L}\\d-])`, 'u');
// ", Little Whinging" after a street: taken only when the words are a known city (gazetteer).
const CITY_AFTER_RE = new RegExp(`^\\s*,\\s*(${CITY})(?![\\p{L}\\d])`, 'u');
// A unit/floor written before the street line: "Unit 4, 12 Harbour Road", "Flat 2, 10 Downing Street".
// The unit id holds a digit or is one letter ("Flat B"), so "2 units, 12 Main Street" keeps its start.
const LEAD_UNIT_RE = /(?<![\p{L}\d])(?:apt|apartment|suite|ste|unit|flat|level|lvl|floor|fl|room|rm|shop|office|bldg|building)(?:\.\s*|\s*#\s*|\s+)(?:[A-Za-z]?\d[A-Za-z0-9-]{0,5}|[A-Za-z])(?![\p{L}\d]),\s+$/iu;
// Japanese block addresses: "2-11-3 Meguro, Meguro-ku, Tokyo 153-0063"; a ward/city suffix (-ku, -shi...) is
// required (a bare "1-800-555 Sales" is no address).
const JP_WARD = '(?:ku|shi|gun|cho|chō|machi|mura)';
const JP_RE = new RegExp(`(?<![\\p{L}\\d.,/:-])\\d{1,4}-\\d{1,4}(?:-\\d{1,4})?,?\\s+\\p{Lu}\\p{Ll}+(?:-${JP_WARD})?(?:,\\s*\\p{Lu}\\p{Ll}+(?:-${JP_WARD})?){0,3}(?:,?\\s+\\d{3}-\\d{4})?(?![\\p{L}\\d-])`, 'gu');
const JP_WARD_IN = new RegExp(`\\p{Ll}-${JP_WARD}(?![\\p{L}])`, 'u');
const JP_WORDS = lowerIncludesAny(['-ku', '-shi', '-gun', '-cho', '-chō', '-machi', '-mura']);
const BARE_STREET_RE = new RegExp(`^\\s*${NUM}\\s+(?:${DIR}\\s+)?[\\p{Lu}][\\p{L}'’-]+(?:\\s+[\\p{Lu}][\\p{L}'’-]+){0,3}\\s*$`, 'u');
const UNIT_TAIL_RE = new RegExp(`\\s*,?\\s*${UNIT}\\s*$`, 'iu');
// Cheap gates (literal-led, no look-behind) so the costly patterns run only on texts that can match.
const COMPOUND_GATE = /(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|steig|chaussee|straat|laan|plein|gracht|kade|singel|vej|gade|gatan|vägen|veien|gata)\s+\d/;
const PREFIX_GATE = /(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|quai|impasse|calle|avenida|avda|plaza|paseo|camino|carrer|via|viale|piazza|corso|largo|rua|travessa|praça|ulica|ul\.|straße|strasse)\s/;
const CSZ_GATE = new RegExp(`,\\s*(?:(?:${STATES2})(?![\\p{L}])|(?:${STATE_NAMES}))`, 'u');
const UK_POSTCODE_RE = new RegExp(`(?<![A-Za-z\\d])${UK_POSTCODE}(?![A-Za-z\\d])`, 'g');
// Cheaper necessary conditions in front of the gates above (the gates still decide).
const PREFIX_WORDS = lowerIncludesAny(['rue', 'avenue', 'av.', 'boulevard', 'bd', 'place', 'chemin', 'allée', 'quai', 'impasse', 'calle', 'avenida', 'avda', 'plaza', 'paseo', 'camino', 'carrer', 'via', 'viale', 'piazza', 'corso', 'largo', 'rua', 'travessa', 'praça', 'ulica', 'ul.', 'straße', 'strasse']);
const COMPOUND_WORDS = ['straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm', 'ufer', 'steig', 'chaussee', 'straat', 'laan', 'plein', 'gracht', 'kade', 'singel', 'vej', 'gade', 'gatan', 'vägen', 'veien', 'gata'];

// CONT_PREFIX_RE's prefix words on ASCII text ("allée", "praça", "straße" need other characters), by whether
// a '.' ends them ("av.", "ul.", "avda."), and a bit per word length for each first letter (a cheap filter
// before the Set lookups).
const PREFIX_PLAIN = new Set(['rue', 'avenue', 'boulevard', 'bd', 'place', 'chemin', 'quai', 'impasse', 'calle', 'avenida', 'avda', 'plaza', 'paseo', 'camino', 'carrer', 'via', 'viale', 'piazza', 'corso', 'largo', 'rua', 'travessa', 'ulica', 'strasse']);
const PREFIX_DOTTED = new Set(['av', 'ul', 'avda']);
const PREFIX_DICT = wordDictionary([...PREFIX_PLAIN, ...PREFIX_DOTTED]);
const PREFIX_LENGTHS = new Int32Array(26);
for (const w of [...PREFIX_PLAIN, ...PREFIX_DOTTED]) PREFIX_LENGTHS[w.charCodeAt(0) - 97] |= 1 << w.length;
// The same words by (first letter, length): compared in place, no substring per space.
const PREFIX_BY_KEY = new Map<number, { plain: string[]; dotted: string[] }>();
for (const [set, dotted] of [[PREFIX_PLAIN, false], [PREFIX_DOTTED, true]] as const) {
  for (const w of set) {
    const key = (w.charCodeAt(0) - 97) * 32 + w.length;
    let b = PREFIX_BY_KEY.get(key);
    if (!b) PREFIX_BY_KEY.set(key, (b = { plain: [], dotted: [] }));
    (dotted ? b.dotted : b.plain).push(w);
  }
}

/**
 * Necessary for CONT_PREFIX_RE on ASCII text: a prefix word starting a word (its look-behind, or the spaces
 * after a house number, keep a letter or digit from coming before it) and followed by a space. Stands for
 * PREFIX_WORDS + PREFIX_GATE, which looked at every "rue" in "true".
 */
function mayPrefixStreet(lower: string, f: TextFeatures): boolean {
  // Only ' ' for spaces (no '\t' '\n' '\v' '\f' '\r'): look left of each ' ' found by indexOf.
  if ((f.ctrl & 0x3e00) === 0) {
    for (let k = lower.indexOf(' '); k > 0; k = lower.indexOf(' ', k + 1)) {
      const dotted = lower.charCodeAt(k - 1) === 46;
      const e = dotted ? k - 1 : k;
      let p = e;
      while (p > 0 && e - p < 10 && isLowerAscii(lower.charCodeAt(p - 1))) p--;
      if (p === e || e - p >= 10 || (p > 0 && isLowerAscii(lower.charCodeAt(p - 1)))) continue;
      const c = lower.charCodeAt(p) - 97;
      if ((PREFIX_LENGTHS[c] & (1 << (e - p))) === 0 || (p > 0 && isDigit(lower.charCodeAt(p - 1)))) continue;
      const bucket = PREFIX_BY_KEY.get(c * 32 + (e - p));
      if (bucket) for (const w of dotted ? bucket.dotted : bucket.plain) if (lower.startsWith(w, p)) return true;
    }
    return false;
  }
  const n = lower.length;
  for (let p = 0; p < n; p++) {
    const c = lower.charCodeAt(p) - 97;
    if (c < 0 || c >= 26) continue;
    let k = p + 1;
    while (k < n && isLowerAscii(lower.charCodeAt(k))) k++;
    const prev = p > 0 ? lower.charCodeAt(p - 1) : -1;
    if ((PREFIX_LENGTHS[c] & (1 << (k - p))) !== 0 && k - p < 31 && !isDigit(prev)) {
      const after = lower.charCodeAt(k);
      if (isRegexSpace(after)) {
        if (PREFIX_PLAIN.has(lower.slice(p, k))) return true;
      } else if (after === 46 && isRegexSpace(lower.charCodeAt(k + 1)) && PREFIX_DOTTED.has(lower.slice(p, k))) return true;
    }
    p = k;
  }
  return false;
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}
const COMPOUND_BY_LAST = new Map<number, string[]>();
for (const w of COMPOUND_WORDS) {
  const c = w.charCodeAt(w.length - 1);
  COMPOUND_BY_LAST.set(c, [...(COMPOUND_BY_LAST.get(c) ?? []), w]);
}

/**
 * COMPOUND_GATE.test(lower) by a scan: some "<word><spaces><digit>" (the regex tried every position). Each
 * "<space><digit>" is a space before a digit-run start (the runs of the text being recognized).
 */
function compoundGate(lower: string): boolean {
  for (let r = 0; r < runCount; r++) {
    let k = runs[2 * r] - 1;
    if (k < 0 || !isRegexSpace(lower.charCodeAt(k))) continue;
    while (k > 0 && isRegexSpace(lower.charCodeAt(k - 1))) k--;
    const last = COMPOUND_BY_LAST.get(lower.charCodeAt(k - 1));
    if (last) for (const w of last) if (lower.endsWith(w, k)) return true;
  }
  return false;
}

/** Necessary for CSZ_GATE: a ',' then optional spaces then an ASCII capital (every state starts with one). */
function commaCapital(s: string): boolean {
  for (let i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) {
    let j = i + 1;
    while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
    const c = s.charCodeAt(j);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** Same regex anchored at a given index (sticky) instead of `^` on a slice: no substring per call. */
function sticky(re: RegExp): RegExp {
  if (!re.source.startsWith('^')) throw new Error('sticky: pattern must start with ^');
  return new RegExp(re.source.slice(1), re.flags.replace('g', '') + 'y');
}
const STREET_MORE_Y = sticky(STREET_MORE_RE);
// STREET_RE tried only where it can start (a digit not preceded by one): the look-behind at its head made the
// global regex try every index of every text. Same matches: the leftmost start wins either way.
const STREET_Y = new RegExp(STREET_RE.source, 'iuy');
const NUM_THE_Y = new RegExp(NUM_THE_RE.source, 'uy');
const UNIT_Y = sticky(UNIT_RE);
const TAIL_Y = sticky(TAIL_RE);
const CONT_TAIL_Y = sticky(CONT_TAIL_RE);
const INTL_TAIL_Y = sticky(INTL_TAIL_RE);
const CITY_AFTER_Y = sticky(CITY_AFTER_RE);
function execAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

// The current text's runs of ASCII digits: [start, end) pairs in runs[0, 2 * runCount), found once per text
// (between the first and last digit features() saw) for the digit-led patterns below.
let runs = new Int32Array(64);
let runCount = 0;

function findDigitRuns(s: string, first: number, last: number): void {
  runCount = 0;
  if (first < 0) return;
  for (let i = first; i <= last; i++) {
    if (!isDigit(s.charCodeAt(i))) continue;
    let j = i + 1;
    while (j <= last && isDigit(s.charCodeAt(j))) j++;
    if (2 * runCount + 2 > runs.length) {
      const r = new Int32Array(runs.length * 2);
      r.set(runs);
      runs = r;
    }
    runs[2 * runCount] = i;
    runs[2 * runCount + 1] = j;
    runCount++;
    i = j;
  }
}

/**
 * A digit-led global regex's exec(s) from `from` (STREET_RE, NUM_THE_RE), by its sticky form at each digit-run
 * start at or after `from` (their look-behind fails after a digit).
 */
function nextAtRuns(sticky: RegExp, s: string, from: number): RegExpExecArray | null {
  for (let r = 0; r < runCount; r++) {
    const p = runs[2 * r];
    if (p < from) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(s);
    if (m) return m;
  }
  return null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const NUM_THE_WORDS = ['The', 'N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW'];

/** "\s+(?:The|N|S|E|W|NE|NW|SE|SW)\.?\s" at j (NUM_THE_RE after its number; the spaces are taken whole). */
function spacesThenDirection(s: string, j: number): boolean {
  if (j >= s.length || !isRegexSpace(s.charCodeAt(j))) return false;
  while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
  const d = s.charCodeAt(j);
  if (d !== 84 && d !== 78 && d !== 83 && d !== 69 && d !== 87) return false;
  for (const w of NUM_THE_WORDS) {
    if (!s.startsWith(w, j)) continue;
    let k = j + w.length;
    if (s.charCodeAt(k) === 46) k++;
    if (isRegexSpace(s.charCodeAt(k))) return true;
  }
  return false;
}

/**
 * Necessary for NUM_THE_RE: after the last digit of some digit run (any other digit is followed by a digit),
 * an optional letter, spaces, The|N|S|E|W|NE|NW|SE|SW, an optional '.', and a space.
 */
function numTheGate(s: string): boolean {
  for (let r = 0; r < runCount; r++) {
    const i = runs[2 * r + 1];
    if (spacesThenDirection(s, i)) return true;
    const c = s.charCodeAt(i);
    if (((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && spacesThenDirection(s, i + 1)) return true;
  }
  return false;
}

const BARE_START = /^\s*\d/u;
const CITY_PREFIX_WORDS = new Set(['lake', 'new', 'north', 'south', 'east', 'west', 'port', 'fort', 'mount', 'mt', 'mt.', 'saint', 'st', 'st.', 'san', 'santa', 'los', 'las', 'el', 'la', 'le', 'glen', 'palm', 'grand', 'little', 'big', 'upper', 'lower', 'old', 'bay', 'cape', 'point', 'royal', 'ste', 'ste.', 'des', 'de']);
// Hoisted: the bundler turns \p{..} literals into `new RegExp` calls, which would run per match.
const CAPITALISED_AFTER_PREFIX = /\s(?:(?:de|del|della|di|da|do|dos|das|des|du|la|le|les|el|los|las|l'|d')\s*)*\p{Lu}/u;

// Every PO_BOX_RE form holds one of these words (no other character case-folds into their letters).
const PO_BOX_WORDS = lowerIncludesAny(['box', 'pmb', 'drawer']);
/** Necessary for PO_BOX_RE: a 'p' (any case) followed by '.', 'o', 'm' (any case) or a space. */
function mayPoBox(lower: string): boolean {
  for (let i = lower.indexOf('p'); i >= 0 && i + 1 < lower.length; i = lower.indexOf('p', i + 1)) {
    const c = lower.charCodeAt(i + 1);
    if (c === 46 || c === 111 || c === 109 || isRegexSpace(c)) return true;
  }
  return false;
}

// Lowercase street lines ("1309 sansom st") are fine, "3 more on the way" / "30 min run" are not: the words
// between number and suffix must be capitalised, or be no frequent English word before an abbreviated suffix.
const ABBREV = new Set(['st', 'ave', 'av', 'rd', 'ln', 'dr', 'blvd', 'ct', 'pl', 'pkwy', 'hwy', 'cir', 'ter', 'trl', 'sq']);
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'more', 'on', 'in', 'of', 'to', 'for', 'da', 'min', 'mins', 'minute', 'minutes', 'hour', 'hours', 'sec', 'seconds', 'second', 'day', 'days', 'week', 'weeks', 'year', 'years', 'ago', 'times', 'people', 'of', 'and', 'or', 'my', 'your', 'our', 'their', 'his', 'her', 'its', 'new', 'old', 'big', 'little', 'great', 'good', 'best']);
const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west']);
/** /^(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)\.?$/i (no character outside ASCII lower-cases into these). */
function isDirection(w: string): boolean {
  const x = w.charCodeAt(w.length - 1) === 46 ? w.slice(0, -1) : w;
  return x.length <= 5 && DIRECTIONS.has(x.toLowerCase());
}

/** The whitespace-separated words of a match (it has no leading/trailing whitespace: digit first, suffix last). */
function wordsOf(match: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= match.length; i++) {
    const space = i === match.length || isRegexSpace(match.charCodeAt(i));
    if (space) {
      if (start >= 0) out.push(match.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

/** The match's word count when it is a plausible street line, else -1. */
function plausibleStreet(match: string): number {
  const words = wordsOf(match);
  const last = words[words.length - 1]!;
  const suffix = (last.charCodeAt(last.length - 1) === 46 ? last.slice(0, -1) : last).toLowerCase();
  // Words between the house number and the suffix, directions left out.
  let first: string | undefined;
  for (let k = 1; k < words.length - 1; k++) {
    const w = words[k]!;
    if (isDirection(w)) continue;
    if (FUNCTION_WORDS.has(w)) return -1; // lowercase only: "Day Junction" is a street
    first ??= w;
  }
  if (first !== undefined && upperOrDigitFirst(first)) return words.length;
  return ABBREV.has(suffix) ? words.length : -1;
}

const UPPER_OR_DIGIT_FIRST = /^[\p{Lu}\d]/u;
/** /^[\p{Lu}\d]/u.test(w), without the regex for an ASCII first character. */
function upperOrDigitFirst(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return UPPER_OR_DIGIT_FIRST.test(w);
}

interface Span { begin: number; end: number; score: number; pattern: string; notes: string[] }

// The text being recognized: its lower-cased form, and whether it is all ASCII (then the prechecks below are
// exact: no character outside ASCII case-folds into an ASCII letter under the regexes' /iu).
let curLower = '';
let curAscii = false;

const MORE_WORDS = new Set([...SUFFIXES, 'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);
const MORE_MAX = Math.max(...[...MORE_WORDS].map((w) => w.length));
const MORE_LENGTHS = new Int32Array(26);
for (const w of MORE_WORDS) MORE_LENGTHS[w.charCodeAt(0) - 97] |= 1 << w.length;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Necessary for STREET_MORE_Y at e on ASCII text: spaces at e, and one of the next three words starts with a
 * suffix or direction that is a whole letter run not followed by a digit (the regex puts SUFFIX or DIR at the
 * start of one of them, each followed by an optional '.' and no letter or digit).
 */
function mayStreetMore(s: string, e: number): boolean {
  if (!curAscii) return true;
  if (e >= s.length || !isRegexSpace(s.charCodeAt(e))) return false;
  let j = e;
  for (let w = 0; w < 3; w++) {
    while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
    if (j >= s.length) return false;
    let k = j;
    while (k < s.length && isAsciiLetter(s.charCodeAt(k))) k++;
    if (k > j && k - j <= MORE_MAX && (MORE_LENGTHS[curLower.charCodeAt(j) - 97] & (1 << (k - j))) !== 0 && !isDigit(s.charCodeAt(k)) && MORE_WORDS.has(curLower.slice(j, k))) return true;
    while (k < s.length && !isRegexSpace(s.charCodeAt(k))) k++;
    j = k;
  }
  return false;
}

const UNIT_BY_FIRST = new Map<number, string[]>();
const UNIT_WORDS = ['apt', 'apartment', 'suite', 'ste', 'unit', 'fl', 'floor', 'rm', 'room', 'bldg', 'building', 'lot', 'dept', 'department', '#', 'no', 'flat', 'box', 'space', 'spc', 'trlr', 'trailer', 'hngr', 'pier', 'slip'];

for (const w of UNIT_WORDS) UNIT_BY_FIRST.set(w.charCodeAt(0), [...(UNIT_BY_FIRST.get(w.charCodeAt(0)) ?? []), w]);

/** Necessary for UNIT_Y at e on ASCII text: after spaces, an optional ',' and spaces, a unit word starts. */
function mayUnit(s: string, e: number): boolean {
  if (!curAscii) return true;
  let j = e;
  while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) === 44) {
    j++;
    while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
  }
  const byFirst = UNIT_BY_FIRST.get(curLower.charCodeAt(j));
  if (byFirst) for (const w of byFirst) if (curLower.startsWith(w, j)) return true;
  return false;
}

function extendTail(s: string, end: number, notes: string[]): number {
  let e = end;
  for (let guard = 0; guard < 4; guard++) {
    const more = mayStreetMore(s, e) ? execAt(STREET_MORE_Y, s, e) : null;
    if (more) { e += more[0].length; continue; }
    const unit = mayUnit(s, e) ? execAt(UNIT_Y, s, e) : null;
    if (unit) { e += unit[0].length; notes.push('unit'); continue; }
    break;
  }
  // Every tail below starts, after spaces, with ',', a digit, a capital or a non-ASCII letter: other
  // characters (" and can be ...") end the address without running them.
  let j = e;
  while (j < s.length && isRegexSpace(s.charCodeAt(j))) j++;
  const next = j < s.length ? s.charCodeAt(j) : -1;
  if (next < 128 && next !== 44 && !isDigit(next) && !(next >= 65 && next <= 90)) return e;
  const tail = execAt(TAIL_Y, s, e);
  // A dot ending the tail ends the sentence ("... 10115 Berlin."), it is not part of the address.
  if (tail) { e += tail[0].length - (tail[0].endsWith('.') ? 1 : 0); notes.push('city-state-zip'); }
  else {
    const ct = execAt(CONT_TAIL_Y, s, e);
    if (ct) { e += ct[0].length - (ct[0].endsWith('.') ? 1 : 0); notes.push('postcode-city'); }
    else {
      const it = execAt(INTL_TAIL_Y, s, e);
      if (it) { e += it[0].length; notes.push('city-postcode'); }
      else e = knownCityAfter(s, e, notes);
    }
  }
  return e;
}

/** Extends over ", <City>" when its words (longest first, then fewer) are a gazetteer city. */
function knownCityAfter(s: string, e: number, notes: string[]): number {
  const m = execAt(CITY_AFTER_Y, s, e);
  if (!m) return e;
  // CITY may take a sentence's full stop ("..., Springfield."): it is not part of the name.
  const city = m[1]!.replace(/\.+$/, '');
  const ends: number[] = [];
  for (let i = 0; i < city.length; i++) if (city[i] === ' ' || city[i] === '-') ends.push(i);
  ends.push(city.length);
  const cities = loadGazetteers().cities;
  for (let k = ends.length - 1; k >= 0; k--) {
    const cand = city.slice(0, ends[k]).toLowerCase();
    if (cities.has(cand) || cities.has(cand.replace(/-/g, ' '))) {
      notes.push('gazetteer:city');
      return e + m[0].length - m[1]!.length + ends[k]!;
    }
  }
  return e;
}


export function createAddressRecognizer(): Recognizer {
  return {
    name: 'address',
    types: ['ADDRESS'],
    mayMatch(text: NormalizedText): boolean {
      // Every form needs a digit except "City, State" without ZIP, which needs a comma.
      return features(text).digits > 0 || text.text.includes(',');
    },
    recognize(text: NormalizedText): Candidate[] {
      const s = text.text;
      const spans: Span[] = [];
      const f = features(text);
      curLower = text.lower;
      curAscii = f.ascii;
      const hasDigit = f.digits > 0;
      if (hasDigit) {
        findDigitRuns(s, f.firstDigit, f.lastDigit);
        let from: number;
        for (let m = nextAtRuns(STREET_Y, s, 0); m; m = nextAtRuns(STREET_Y, s, from)) {
          from = m.index + m[0].length;
          const words = plausibleStreet(m[0]);
          if (words < 0) continue;
          const notes: string[] = ['street'];
          const end = extendTail(s, m.index + m[0].length, notes);
          // Number + one word + suffix is the weakest form ("2 Queen St" vs "I have 3 dogs Walk").
          let score = words >= 3 ? 0.85 : 0.7;
          if (notes.includes('city-state-zip') || notes.includes('unit')) score = 0.95;
          spans.push({ begin: m.index, end, score, pattern: 'us-street', notes });
          from = Math.max(from, end);
        }
        for (let m = numTheGate(s) ? nextAtRuns(NUM_THE_Y, s, 0) : null; m; m = nextAtRuns(NUM_THE_Y, s, m.index + m[0].length)) {
          const notes = ['street', 'the-or-direction'];
          spans.push({ begin: m.index, end: extendTail(s, m.index + m[0].length, notes), score: 0.7, pattern: 'us-street', notes });
        }
        // A cell that is only "<number> <Capitalised words> [unit]" is a street line ("9574 Oaklands").
        if (s.length <= 80 && BARE_START.test(s) && BARE_STREET_RE.test(s.replace(UNIT_TAIL_RE, ''))) {
          const begin = s.length - s.trimStart().length;
          spans.push({ begin, end: s.trimEnd().length, score: 0.65, pattern: 'bare-street-cell', notes: ['street'] });
        }
        PO_BOX_RE.lastIndex = 0;
        for (let m = PO_BOX_WORDS(text) && mayPoBox(text.lower) ? PO_BOX_RE.exec(s) : null; m; m = PO_BOX_RE.exec(s)) {
          const notes = ['po-box'];
          spans.push({ begin: m.index, end: extendTail(s, m.index + m[0].length, notes), score: 0.92, pattern: 'po-box', notes });
        }
        for (const re of [CONT_PREFIX_RE, COMPOUND_RE]) {
          if (re === COMPOUND_RE ? !compoundGate(text.lower) || !COMPOUND_GATE.test(text.lower) : curAscii ? !PREFIX_DICT(text) || !mayPrefixStreet(text.lower, f) : !PREFIX_WORDS(text) || !PREFIX_GATE.test(text.lower)) continue;
          re.lastIndex = 0;
          for (let m = re.exec(s); m; m = re.exec(s)) {
            // "5th place out of 11": the street name after a prefix word must be capitalised.
            if (re === CONT_PREFIX_RE && !CAPITALISED_AFTER_PREFIX.test(m[1] ? m[0].slice(m[1].length).replace(/^[,\s]+/, '') : m[0])) continue;
            const notes = ['street'];
            let len = m[0].length;
            let ambiguous = false;
            if (re === CONT_PREFIX_RE && m[1] && !m[2] && !m[3]) {
              // Number first: the name is the capitalised words after the prefix ("got 2 Avenue Tickets for you"
              // stops at "for"), and an English-looking prefix needs a postcode/city after it.
              const lead = leadFormLength(m[0], m[1].length);
              if (lead.len < 0) continue;
              len = lead.len;
              ambiguous = lead.ambiguous;
            }
            const end = extendTail(s, m.index + len, notes);
            // "Rue de Rivoli" with no house number anywhere: only with a postcode + city after it.
            if (re === CONT_PREFIX_RE && ((!m[1] && !m[2] && !m[3]) || ambiguous) && notes.length === 1) continue;
            spans.push({ begin: m.index, end, score: notes.length > 1 ? 0.9 : 0.8, pattern: re === COMPOUND_RE ? 'compound-street' : 'prefix-street', notes });
          }
        }
        JP_RE.lastIndex = 0;
        for (let m = JP_WORDS(text) ? JP_RE.exec(s) : null; m; m = JP_RE.exec(s)) {
          if (!JP_WARD_IN.test(m[0])) continue;
          spans.push({ begin: m.index, end: m.index + m[0].length, score: 0.85, pattern: 'jp-block', notes: ['street', 'ward'] });
        }
        UK_POSTCODE_RE.lastIndex = 0;
        for (let m = features(text).upperDigit > 0 ? UK_POSTCODE_RE.exec(s) : null; m; m = UK_POSTCODE_RE.exec(s)) {
          spans.push({ begin: m.index, end: m.index + m[0].length, score: 0.6, pattern: 'uk-postcode', notes: [] });
        }
      }
      CSZ_RE.lastIndex = 0;
      for (let m = commaCapital(s) && CSZ_GATE.test(s) ? CSZ_RE.exec(s) : null; m; m = CSZ_RE.exec(s)) {
        const cities = loadGazetteers().cities;
        let begin = m.index;
        let city = m[1]!;
        // Keep only the trailing city words ("I live in Austin, TX": not "I live in").
        const words = city.split(/\s+/);
        let best = -1;
        for (let k = 0; k < words.length; k++) if (cities.has(words.slice(k).join(' ').toLowerCase())) { best = k; break; }
        // "Lake Leland", "New Cary", "South Milton": a city-name prefix word stays with the known city after it.
        if (best > 0 && CITY_PREFIX_WORDS.has(words[best - 1]!.toLowerCase())) best--;
        if (best > 0) {
          const drop = words.slice(0, best).join(' ').length + 1;
          begin += drop;
          city = city.slice(drop);
        }
        const known = best >= 0;
        const zip = m[4] !== undefined;
        const abbr = m[2] !== undefined;
        if (!zip && !known) continue;
        if (!known && words.length > 2) { begin = m.index + city.lastIndexOf(words[words.length - 1]!); }
        const score = zip ? (known ? 0.92 : 0.85) : abbr ? 0.75 : 0.6;
        spans.push({ begin, end: m.index + m[0].length, score, pattern: 'city-state', notes: [known ? 'gazetteer:city' : 'city-shape', ...(zip ? ['zip'] : [])] });
      }
      for (const sp of spans) if (sp.notes[0] === 'street') leadingUnit(s, sp);
      return merge(s, spans).map((sp) => ({ type: 'ADDRESS' as const, begin: sp.begin, end: sp.end, score: sp.score, explanation: explanationOf(sp) }));
    },
  };
}

const PARTICLE = /^(?:de|del|della|di|da|do|dos|das|des|du|la|le|les|el|los|las|l'|d')$/i;
// Prefix words that are also English words ("2 Avenue Tickets", "3 Via Bluetooth"), unlike "rue" or "calle".
const AMBIGUOUS_PREFIX = /^(?:avenue|av\.|boulevard|bd|place|plaza|camino|via|corso|largo)$/i;
const CAPITAL_OR_ELIDED = /^(?:[ldLD]['’])?\p{Lu}/u;
const NON_SPACE = /\S+/g;

/** Length of a number-first prefix-street match up to its last capitalised name word (-1: none). */
function leadFormLength(m0: string, leadLen: number): { len: number; ambiguous: boolean } {
  let len = -1;
  let seenPrefix = false;
  let ambiguous = false;
  NON_SPACE.lastIndex = leadLen;
  for (let w = NON_SPACE.exec(m0); w; w = NON_SPACE.exec(m0)) {
    const word = w[0].replace(/^,+/, '');
    if (word === '') continue;
    if (!seenPrefix) {
      seenPrefix = true;
      ambiguous = AMBIGUOUS_PREFIX.test(word);
      continue;
    }
    if (PARTICLE.test(word)) continue;
    if (!CAPITAL_OR_ELIDED.test(word)) break;
    len = w.index + w[0].length;
  }
  return { len, ambiguous };
}

/** Moves a street span's start back over a unit written before it ("Unit 4, 12 Harbour Road"). */
function leadingUnit(s: string, sp: Span): void {
  // Cheap test first: the street must follow ", " (the unit is written "Unit 4, 12 Harbour Road").
  if (sp.begin < 3 || !isRegexSpace(s.charCodeAt(sp.begin - 1))) return;
  let k = sp.begin - 1;
  while (k > 0 && isRegexSpace(s.charCodeAt(k - 1))) k--;
  if (s.charCodeAt(k - 1) !== 44) return;
  const before = s.slice(Math.max(0, sp.begin - 24), sp.begin);
  const m = LEAD_UNIT_RE.exec(before);
  if (!m) return;
  sp.begin -= m[0].length;
  sp.score = Math.max(sp.score, 0.9);
  sp.notes.push('unit');
}

// A few dozen (pattern, score, notes) combinations repeat on every row: one frozen explanation each instead of
// one per entity (less for the collector to copy while results are held; the audit encodes each once).
const explanations = new Map<string, Map<number, Map<string, DecisionExplanation>>>();
let explanationCount = 0;

function explanationOf(sp: Span): DecisionExplanation {
  let byScore = explanations.get(sp.pattern);
  if (!byScore) explanations.set(sp.pattern, (byScore = new Map()));
  let byNotes = byScore.get(sp.score);
  if (!byNotes) byScore.set(sp.score, (byNotes = new Map()));
  // Notes are fixed tokens without ','; one note (the usual 'street') needs no joined key.
  const key = sp.notes.length === 1 ? sp.notes[0]! : sp.notes.join(',');
  let x = byNotes.get(key);
  if (!x) {
    x = Object.freeze({ recognizer: 'address', pattern: sp.pattern, base_score: sp.score, notes: Object.freeze(sp.notes) as string[] });
    if (explanationCount < 10_000) {
      byNotes.set(key, x);
      explanationCount++;
    }
  }
  return x;
}

/** Overlapping spans, and spans separated only by commas/whitespace (multi-line blocks), become one. */
function merge(s: string, spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.begin - b.begin || b.end - a.end);
  const out: Span[] = [spans[0]!];
  for (let i = 1; i < spans.length; i++) {
    const cur = spans[i]!;
    const prev = out[out.length - 1]!;
    if (cur.begin <= prev.end || /^[\s,]{1,4}$/.test(s.slice(prev.end, cur.begin))) {
      prev.end = Math.max(prev.end, cur.end);
      prev.score = Math.max(prev.score, cur.score, Math.min(0.95, Math.max(prev.score, cur.score) + 0.05));
      for (const n of cur.notes) if (!prev.notes.includes(n)) prev.notes.push(n);
    } else out.push(cur);
  }
  return out;
}

export const addressRecognizer: Recognizer = createAddressRecognizer();
