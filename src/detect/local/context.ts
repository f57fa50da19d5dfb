// Context words near a candidate raise (or lower) its score. Matched as WHOLE words/phrases on the lower-cased
// normalized text within a character window around the candidate: substring context ("pin" in "shipping",
// "ssn" in "lessnow") is a known false-positive source.
import type { NormalizedText } from './recognizer.ts';
import { lowerIncludesAny, lowerMayContain, perText, wordDictionary } from './features.ts';

export interface ContextMatcher {
  /** The whole-word context words/phrases found within the window, or null when none. */
  find(text: NormalizedText, begin: number, end: number, before?: number, after?: number): string[] | null;
  /** True when any of the words occurs anywhere in the text (cheap prefilter for context-only recognizers). */
  anywhere(text: NormalizedText): boolean;
}

/** The regex \w (no u flag): [A-Za-z0-9_]. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Words are lower-case; a phrase's spaces match any run of spaces/punctuation ("date of birth", "date-of-birth").
 * A word ending in '#' or ':' is matched literally at its end (no trailing word boundary needed).
 */
export function createContext(words: readonly string[], defaultBefore = 48, defaultAfter = 24): ContextMatcher {
  const alts = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => {
      const body = w.split(/\s+/).map(escape).join('[\\s._/-]{0,3}');
      const lead = /^\w/.test(w) ? '\\b' : '';
      const trail = /\w$/.test(w) ? '\\b' : '';
      return `${lead}${body}${trail}`;
    });
  const re = new RegExp(`(?:${alts.join('|')})`, 'g');
  const test = new RegExp(re.source);
  // Every match starts with a word's first part verbatim: a text holding none of them has no context anywhere
  // (one cheap test per text instead of a regex run per candidate).
  // A plain word ('a'-'z' only) matches between \b boundaries: it is then a whole run of letters, which the
  // word dictionary answers from features (no substring search); the other words keep the substring test.
  const plainWords = words.filter((w) => /^[a-z]+$/.test(w));
  const otherHeads = words.filter((w) => !/^[a-z]+$/.test(w)).map((w) => w.split(/\s+/)[0]);
  const plainMay = plainWords.length > 0 ? wordDictionary(plainWords) : null;
  const otherMay = otherHeads.length > 0 ? lowerIncludesAny(otherHeads) : null;
  const present = perText((t) => (plainMay !== null && plainMay(t)) || (otherMay !== null && otherMay(t)));
  // Where a match can start, per text: each word's first part verbatim, with whether the \b before it holds
  // in the whole text and, for one-part words, where the word ends and whether the \b after it holds. The
  // window's slice also has a \b at its own ends (see startsIn).
  const heads = words.map((w) => w.split(/\s+/)[0]);
  const mayHave = heads.map(lowerMayContain);
  const leads = words.map((w) => /^\w/.test(w));
  const trails = words.map((w) => !/\s/.test(w) && /\w$/.test(w));
  let startsText: NormalizedText | null = null;
  // Per occurrence: begin, head end, lead ok (0/1), word end (-1: no \b after), trail ok (0/1).
  let starts = new Int32Array(80);
  let startsLength = 0;
  function findStarts(text: NormalizedText): void {
    startsText = text;
    startsLength = 0;
    const lower = text.lower;
    for (let w = 0; w < heads.length; w++) {
      if (!mayHave[w](text)) continue;
      const h = heads[w];
      for (let at = lower.indexOf(h); at >= 0; at = lower.indexOf(h, at + 1)) {
        const e = at + h.length;
        if (startsLength + 5 > starts.length) {
          const grown = new Int32Array(starts.length * 2);
          grown.set(starts);
          starts = grown;
        }
        const i = startsLength;
        starts[i] = at;
        starts[i + 1] = e;
        starts[i + 2] = !leads[w] || at === 0 || !isWordChar(lower.charCodeAt(at - 1)) ? 1 : 0;
        starts[i + 3] = trails[w] ? e : -1;
        starts[i + 4] = e >= lower.length || !isWordChar(lower.charCodeAt(e)) ? 1 : 0;
        startsLength += 5;
      }
    }
  }
  /** Some match of the regex can start in lower[sliceStart, sliceEnd) searched as a slice (exact prefilter). */
  function startsIn(text: NormalizedText, sliceStart: number, sliceEnd: number): boolean {
    if (text !== startsText) findStarts(text);
    for (let i = 0; i < startsLength; i += 5) {
      const at = starts[i];
      if (at < sliceStart || starts[i + 1] > sliceEnd) continue;
      if (starts[i + 2] === 0 && at !== sliceStart) continue;
      const e = starts[i + 3];
      if (e >= 0 && starts[i + 4] === 0 && e !== sliceEnd) continue;
      return true;
    }
    return false;
  }
  return {
    find(text, begin, end, before = defaultBefore, after = defaultAfter) {
      if (!present(text)) return null;
      const from = Math.max(0, begin - before);
      const to = Math.min(text.lower.length, end + after);
      // Search a slice one character wider than the window (so \b sees the real neighbours): a regex run from
      // `from` over the whole text would make long texts with many candidates quadratic.
      const sliceStart = Math.max(0, from - 1);
      const sliceEnd = Math.min(text.lower.length, to + 1);
      if (!startsIn(text, sliceStart, sliceEnd)) return null;
      const seg = text.lower.slice(sliceStart, sliceEnd);
      let found: string[] | null = null;
      re.lastIndex = 0;
      for (let m = re.exec(seg); m !== null; m = re.exec(seg)) {
        const at = sliceStart + m.index;
        if (at < from) continue;
        if (at >= to || at + m[0].length > to) break;
        // The candidate's own characters are not context.
        if (at >= begin && at < end) continue;
        const w = m[0].replace(/[\s._/-]+/g, ' ');
        if (found === null) found = [w];
        else if (!found.includes(w)) found.push(w);
      }
      return found;
    },
    anywhere(text) {
      return present(text) && startsIn(text, 0, text.lower.length) && test.test(text.lower);
    },
  };
}
