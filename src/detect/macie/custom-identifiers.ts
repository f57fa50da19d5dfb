// Macie custom data identifiers evaluated locally, with Macie's documented semantics
// (CreateCustomDataIdentifier API reference and the Macie user guide):
// - regex: the pattern, at most 512 characters, in Macie's PCRE subset (translated by macie-regex.ts).
//   Matches are found left to right without overlapping (like a global match); empty matches never count.
// - keywords (0-50, each 3-90 characters): "one of which must precede and be within proximity
//   (maximumMatchDistance) of the regular expression to match"; "keywords aren't case sensitive".
//   maximumMatchDistance (1-300, default 50) is "the maximum number of characters that can exist between the
//   END of at least one complete keyword and the END of the text that matches the regex", and "the keyword
//   precedes all the text that matches". So a match [b, e) counts when some keyword occurrence ending at k
//   has k <= b and e - k <= maximumMatchDistance (distances counted in Unicode code points). With no
//   keywords every match counts.
// - ignoreWords (0-10, each 4-90 characters): "if the text matched by the regular expression contains any
//   string in this array, Macie ignores it"; "ignore words are case sensitive".
// Not reproduced: Macie also accepts a keyword found in a structured file's column or field NAME (no distance
// applies then); a detector only sees cell text, so put such identifiers on the columns they are meant for.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DetectorError } from '../../errors.ts';
import { isBmpOnly, utf16ToCodePoint } from '../../text/offsets.ts';
import { compileMacieRegex, escapeRegExp, type DialectNote } from './macie-regex.ts';

export const DEFAULT_MAXIMUM_MATCH_DISTANCE = 50;

/** One CreateCustomDataIdentifier shape (extra fields such as id, arn, description are kept and ignored). */
export const customDataIdentifierSchema = z
  .object({
    name: z.string().min(1).max(128),
    regex: z.string().min(1).max(512),
    keywords: z.array(z.string().min(3).max(90)).max(50).optional(),
    ignoreWords: z.array(z.string().min(4).max(90)).max(10).optional(),
    maximumMatchDistance: z.number().int().min(1).max(300).optional(),
    description: z.string().optional(),
    id: z.string().optional(),
    arn: z.string().optional(),
  })
  .loose();

export const customDataIdentifiersFileSchema = z.array(customDataIdentifierSchema);

export type CustomDataIdentifier = z.output<typeof customDataIdentifierSchema>;

export interface CompiledIdentifier {
  def: CustomDataIdentifier;
  /** Entity type: `CUSTOM:<name>` with characters outside [A-Za-z0-9_.-] replaced by `_`. */
  type: `CUSTOM:${string}`;
  regex: RegExp;
  keywords: RegExp | null;
  /** One regex per keyword, to find every occurrence's end. */
  keywordRes: readonly { keyword: string; re: RegExp }[];
  ignoreWords: readonly string[];
  maxDistance: number;
  notes: DialectNote[];
}

export interface IdentifierMatch {
  /** UTF-16 offsets, end exclusive. */
  begin: number;
  end: number;
  /** Keyword that satisfied the proximity rule (from the identifier, not the text), if keywords apply. */
  keyword?: string;
  /** Code points between the keyword's end and the match's end. */
  distance?: number;
}

export function entityTypeFor(name: string): `CUSTOM:${string}` {
  return `CUSTOM:${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export function compileIdentifier(def: CustomDataIdentifier): CompiledIdentifier {
  const { regex, notes } = compileMacieRegex(def.regex, def.name);
  const kws = (def.keywords ?? []).filter((k) => k.length > 0);
  return {
    def,
    type: entityTypeFor(def.name),
    regex,
    // `i` for case-insensitive keywords; `u` so case folding works beyond ASCII.
    keywords: kws.length ? new RegExp(kws.map(escapeRegExp).join('|'), 'giu') : null,
    keywordRes: kws.map((k) => ({ keyword: k, re: new RegExp(escapeRegExp(k), 'giu') })),
    ignoreWords: def.ignoreWords ?? [],
    maxDistance: def.maximumMatchDistance ?? DEFAULT_MAXIMUM_MATCH_DISTANCE,
    notes,
  };
}

/** Every keyword occurrence (overlapping ones too) as [end, keyword], sorted by end. */
function keywordEnds(ci: CompiledIdentifier, text: string): { end: number; keyword: string }[] {
  const out: { end: number; keyword: string }[] = [];
  if (!ci.keywords) return out;
  for (const { keyword: kw, re } of ci.keywordRes) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      out.push({ end: m.index + m[0].length, keyword: kw });
      re.lastIndex = m.index + 1;
    }
  }
  return out.sort((a, b) => a.end - b.end);
}

/** Matches of one identifier in one text, after the keyword and ignore-word rules. */
export function findIdentifierMatches(ci: CompiledIdentifier, text: string): IdentifierMatch[] {
  if (!text) return [];
  if (ci.keywords) {
    ci.keywords.lastIndex = 0;
    if (!ci.keywords.test(text)) return []; // cheap reject: no keyword anywhere
  }
  const kwEnds = keywordEnds(ci, text);
  const bmp = isBmpOnly(text);
  const cp = (i: number) => (bmp ? i : utf16ToCodePoint(text, i));
  const out: IdentifierMatch[] = [];
  const re = ci.regex;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const begin = m.index;
    const end = begin + m[0].length;
    if (end === begin) {
      re.lastIndex = begin + 1;
      continue;
    }
    if (ci.ignoreWords.some((w) => m![0].includes(w))) continue;
    if (!ci.keywords) {
      out.push({ begin, end });
      continue;
    }
    // The closest keyword end at or before the match's start gives the smallest distance.
    let lo = 0;
    let hi = kwEnds.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kwEnds[mid].end <= begin) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (best < 0) continue;
    const distance = cp(end) - cp(kwEnds[best].end);
    if (distance <= ci.maxDistance) out.push({ begin, end, keyword: kwEnds[best].keyword, distance });
  }
  return out;
}

/** Reads and validates an identifiers file (a JSON array of CreateCustomDataIdentifier shapes). */
export async function loadCustomDataIdentifiers(path: string): Promise<{ identifiers: CustomDataIdentifier[]; sha256: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DetectorError('macie_custom', `${path}: cannot read the identifiers file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { code: 'DETECTOR_CONFIG', cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DetectorError('macie_custom', `${path}: not valid JSON (${(e as Error).message})`, { code: 'DETECTOR_CONFIG' });
  }
  const r = customDataIdentifiersFileSchema.safeParse(json);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DetectorError('macie_custom', `${path}: not an array of custom data identifiers: ${msg}`, { code: 'DETECTOR_CONFIG' });
  }
  return { identifiers: r.data, sha256: createHash('sha256').update(text).digest('hex') };
}
