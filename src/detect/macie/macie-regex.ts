// Macie custom data identifier regexes → JavaScript RegExp, with a report of every dialect difference.
//
// Macie documents its regex syntax as "a subset of the PCRE library". PCRE and JavaScript agree on most of
// it (literals, classes, \d \w \b, greedy/lazy quantifiers, groups, alternation, lookahead); where they differ
// this module either translates the construct so JS behaves like PCRE, or reports it:
//   translated (same behaviour in JS):
//     \A → ^   \z → $   \Z and plain $ → (?=\n?$) (PCRE's $ also matches before a final newline)
//     .  → [^\n] (JS's . also excludes \r, U+2028, U+2029)      \s → [\t\n\v\f\r ] (JS's \s adds Unicode spaces)
//     \h \H \v \V \R (PCRE's horizontal/vertical space; JS's \v is one character)   \e   \x{HH}   \Q...\E
//     POSIX classes [[:digit:]] etc.   []abc] (a leading ] is literal in PCRE, JS's [] is empty)
//     possessive X*+ X++ X?+ X{n,m}+ and atomic (?>X) → (?=(?<__aN>X))\k<__aN> (exact emulation)
//     a leading (?i) (?s) (?m) → JS flags   (?#comment) removed   (?P<n>...) and (?'n'...) → (?<n>...)
//   differs (kept, reported: JS accepts it but Macie may reject it or match differently):
//     lookbehind (JS: any length; PCRE: fixed length), named groups, backreferences, \p{...} (property names
//     differ; needs JS's u flag), unknown letter escapes (PCRE: error; JS: the letter), a /.../flags literal
//     (Macie takes a bare pattern: the slashes are literal), a pattern over Macie's 512-character limit
//   unsupported (compile fails): scoped or mid-pattern inline flags, (?x), \G, recursion, conditionals,
//     backtracking verbs, branch reset, \S \H \V inside a class.
import { DetectorError } from '../../errors.ts';

export type DialectNoteKind = 'translated' | 'differs' | 'unsupported';

export interface DialectNote {
  kind: DialectNoteKind;
  /** The construct as written (from the pattern, never from data). */
  construct: string;
  /** Offset in the Macie pattern. */
  index: number;
  message: string;
}

export interface CompiledMacieRegex {
  /** JavaScript source equivalent to the Macie pattern. */
  source: string;
  /** Always includes `g`. */
  flags: string;
  notes: DialectNote[];
}

const S_CLASS = '\\t\\n\\v\\f\\r ';
const H_CLASS = '\\t \\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const V_CLASS = '\\n\\v\\f\\r\\x85\\u2028\\u2029';
const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: S_CLASS,
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~',
};

/** Escapes a literal for use outside a character class (valid with and without the u flag). */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&');
}

export function translateMacieRegex(pattern: string): CompiledMacieRegex {
  const notes: DialectNote[] = [];
  const note = (kind: DialectNoteKind, index: number, construct: string, message: string) =>
    notes.push({ kind, index, construct, message });
  let flags = 'g';
  let out = '';
  let i = 0;
  let lastAtom = -1;
  let atomicCount = 0;
  let numericBackref = false;
  let needU = false;
  const groups: { start: number; atomic: boolean }[] = [];

  if (pattern.length > 512) note('differs', 0, '(length)', `${pattern.length} characters: Macie accepts at most 512`);
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (literal && pattern.length > 2) {
    note('differs', 0, `/.../${literal[2]}`, 'looks like a JavaScript regex literal: Macie takes the bare pattern, so the slashes (and flags) are matched literally');
  }
  // A leading flag group sets the flags of the whole pattern.
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    let all = true;
    for (const f of lead[1]) {
      if (f === 'i' || f === 's' || f === 'm') {
        if (!flags.includes(f)) flags += f;
      } else {
        all = false;
        note('unsupported', 0, `(?${f})`, `inline flag ${f} has no JavaScript equivalent`);
      }
    }
    if (all) note('translated', 0, lead[0], 'leading inline flags became JavaScript flags');
    i = lead[0].length;
  }
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');

  const wrapAtomic = (start: number) => {
    const name = `__a${++atomicCount}`;
    out = `${out.slice(0, start)}(?=(?<${name}>${out.slice(start)}))\\k<${name}>`;
  };

  /** Escape at pattern[i] === '\\' outside a class; returns the JS text. */
  const escapeOutside = (): string => {
    const at = i;
    const c = pattern[i + 1];
    if (c === undefined) { i++; return '\\\\'; }
    i += 2;
    switch (c) {
      case 'A': note('translated', at, '\\A', 'start of subject → ^'); return '^';
      case 'z': note('translated', at, '\\z', 'end of subject → $'); return '$';
      case 'Z': note('translated', at, '\\Z', 'end or before a final newline'); return '(?=\\n?$)';
      case 's': return `[${S_CLASS}]`;
      case 'S': return `[^${S_CLASS}]`;
      case 'h': note('translated', at, '\\h', 'horizontal whitespace'); return `[${H_CLASS}]`;
      case 'H': note('translated', at, '\\H', 'not horizontal whitespace'); return `[^${H_CLASS}]`;
      case 'v': note('translated', at, '\\v', "PCRE's vertical whitespace class (JS's \\v is one character)"); return `[${V_CLASS}]`;
      case 'V': note('translated', at, '\\V', 'not vertical whitespace'); return `[^${V_CLASS}]`;
      case 'R': note('translated', at, '\\R', 'any newline sequence'); return `(?:\\r\\n|[${V_CLASS}])`;
      case 'e': return '\\x1b';
      case 'G': note('unsupported', at, '\\G', 'no JavaScript equivalent'); return '';
      case 'K': note('unsupported', at, '\\K', 'no JavaScript equivalent'); return '';
      case 'Q': {
        const end = pattern.indexOf('\\E', i);
        const body = pattern.slice(i, end < 0 ? pattern.length : end);
        i = end < 0 ? pattern.length : end + 2;
        note('translated', at, '\\Q...\\E', 'quoted literal');
        return escapeRegExp(body);
      }
      case 'E': return '';
      case 'x': {
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          const hex = pattern.slice(i + 1, end);
          i = end + 1;
          const cp = parseInt(hex, 16);
          note('translated', at, `\\x{${hex}}`, 'code point escape');
          if (cp > 0xffff) { needU = true; return `\\u{${hex}}`; }
          return `\\u${cp.toString(16).padStart(4, '0')}`;
        }
        return '\\x';
      }
      case 'p':
      case 'P': {
        needU = true;
        let prop = pattern[i];
        if (prop === '{') {
          const end = pattern.indexOf('}', i);
          prop = pattern.slice(i + 1, end);
          i = end + 1;
        } else i++;
        note('differs', at, `\\${c}{${prop}}`, 'Unicode property: needs JavaScript\'s u flag, and property names differ between PCRE and JavaScript');
        return `\\${c}{${prop}}`;
      }
      case 'k':
      case 'g': {
        const m = /^(?:<([^>]+)>|\{([^}]+)\}|'([^']+)'|(-?\d+))/.exec(pattern.slice(i));
        const ref = m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : '';
        if (m) i += m[0].length;
        note('differs', at, `\\${c}...`, 'backreference: Macie may reject it');
        if (/^\d+$/.test(ref)) { numericBackref = true; return `\\${ref}`; }
        if (c === 'g' && ref.startsWith('-')) { note('unsupported', at, `\\g${ref}`, 'relative backreference'); return ''; }
        return `\\k<${ref}>`;
      }
      default:
        if (/[1-9]/.test(c)) {
          numericBackref = true;
          note('differs', at, `\\${c}`, 'backreference: Macie may reject it');
          return `\\${c}`;
        }
        if (/[dDwWbBntrf0c]/.test(c) || c === 'u') return `\\${c}`;
        if (/[A-Za-z]/.test(c)) {
          note('differs', at, `\\${c}`, 'unknown escape: PCRE rejects it, JavaScript matches the letter');
        }
        return `\\${c}`;
    }
  };

  /** Character class starting at pattern[i] === '['. */
  const readClass = (): string => {
    const at = i;
    let s = '[';
    i++;
    if (pattern[i] === '^') { s += '^'; i++; }
    if (pattern[i] === ']') { s += '\\]'; i++; note('translated', at, '[]...]', 'leading ] is a literal in PCRE'); }
    while (i < pattern.length && pattern[i] !== ']') {
      const c = pattern[i];
      if (c === '[' && pattern[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
        if (m && POSIX[m[2]] && !m[1]) {
          s += POSIX[m[2]];
          note('translated', i, m[0], 'POSIX class');
          i += m[0].length;
          continue;
        }
        if (m) { note('unsupported', i, m[0], 'negated or unknown POSIX class'); i += m[0].length; continue; }
      }
      if (c === '\\') {
        const e = pattern[i + 1];
        if (e === 's') { s += S_CLASS; i += 2; continue; }
        if (e === 'h') { s += H_CLASS; i += 2; note('translated', i - 2, '\\h', 'horizontal whitespace'); continue; }
        if (e === 'v') { s += V_CLASS; i += 2; note('translated', i - 2, '\\v', 'vertical whitespace'); continue; }
        if (e === 'S' || e === 'H' || e === 'V') { note('unsupported', i, `\\${e}`, `\\${e} inside a class cannot be translated exactly`); i += 2; continue; }
        if (e === 'Q') {
          const end = pattern.indexOf('\\E', i + 2);
          s += escapeClass(pattern.slice(i + 2, end < 0 ? pattern.length : end));
          i = end < 0 ? pattern.length : end + 2;
          continue;
        }
        if (e === 'e') { s += '\\x1b'; i += 2; continue; }
        if (e === 'x' && pattern[i + 2] === '{') {
          const end = pattern.indexOf('}', i);
          const cp = parseInt(pattern.slice(i + 3, end), 16);
          s += cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
          if (cp > 0xffff) needU = true;
          i = end + 1;
          continue;
        }
        if (e === 'p' || e === 'P') {
          needU = true;
          note('differs', i, `\\${e}{...}`, 'Unicode property inside a class');
        }
        s += pattern.slice(i, i + 2);
        i += 2;
        continue;
      }
      s += c;
      i++;
    }
    i++; // the closing ]
    return s + ']';
  };

  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const start = out.length;
      const isAtom = !/[AzZbBGK]/.test(pattern[i + 1] ?? '');
      out += escapeOutside();
      lastAtom = isAtom ? start : -1;
      continue;
    }
    if (c === '[') {
      lastAtom = out.length;
      out += readClass();
      continue;
    }
    if (c === '(') {
      const rest = pattern.slice(i);
      let m: RegExpExecArray | null;
      if (rest.startsWith('(?#')) {
        const end = pattern.indexOf(')', i);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      groups.push({ start: out.length, atomic: false });
      if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!')) {
        out += rest.slice(0, 3);
        i += 3;
      } else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
        note('differs', i, rest.slice(0, 4), 'lookbehind: JavaScript allows any length, PCRE only a fixed length; Macie may reject it');
        out += rest.slice(0, 4);
        i += 4;
      } else if (rest.startsWith('(?>')) {
        note('translated', i, '(?>', 'atomic group emulated with a lookahead and a backreference');
        groups[groups.length - 1].atomic = true;
        out += '(?:';
        i += 3;
      } else if ((m = /^\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest))) {
        note('differs', i, m[0], 'named group: supported by JavaScript and PCRE, but Macie may reject it');
        out += `(?<${m[1] ?? m[2]}>`;
        i += m[0].length;
      } else if ((m = /^\(\?[a-zA-Z^-]*[:)]/.exec(rest))) {
        note('unsupported', i, m[0], 'inline flags inside the pattern (scoped or not at the start) have no JavaScript equivalent');
        out += '(?:';
        i += m[0].length;
        if (m[0].endsWith(')')) { groups.pop(); out = out.slice(0, -3); }
      } else if (rest.startsWith('(?') || rest.startsWith('(*')) {
        note('unsupported', i, rest.slice(0, 3), 'recursion, conditionals, verbs and branch reset have no JavaScript equivalent');
        out += '(?:';
        i += rest.startsWith('(*') ? 2 : 3;
      } else {
        out += '(';
        i++;
      }
      lastAtom = -1;
      continue;
    }
    if (c === ')') {
      const g = groups.pop();
      out += ')';
      i++;
      if (g) {
        if (g.atomic) wrapAtomic(g.start);
        lastAtom = g.start;
      }
      continue;
    }
    const quant = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(pattern.slice(i));
    if (quant) {
      out += quant[0];
      i += quant[0].length;
      if (pattern[i] === '?') { out += '?'; i++; }
      else if (pattern[i] === '+') {
        i++;
        if (lastAtom >= 0) {
          note('translated', i - 1 - quant[0].length, `${quant[0]}+`, 'possessive quantifier emulated with a lookahead and a backreference');
          wrapAtomic(lastAtom);
        } else note('unsupported', i - 1, `${quant[0]}+`, 'possessive quantifier without an atom');
      }
      continue;
    }
    if (c === '.') {
      lastAtom = out.length;
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '$') {
      out += multiline ? '$' : '(?=\\n?$)';
      lastAtom = -1;
      i++;
      continue;
    }
    if (c === '|' || c === '^') {
      out += c;
      lastAtom = -1;
      i++;
      continue;
    }
    lastAtom = out.length;
    // `/` needs no escape in a RegExp source; `{` not forming a quantifier is a literal in both dialects.
    out += c === '{' || c === '}' || c === ']' ? `\\${c}` : c;
    i++;
  }
  if (atomicCount > 0 && numericBackref) {
    note('unsupported', 0, '\\N', 'numbered backreferences together with possessive/atomic constructs cannot be translated');
  }
  if (needU) flags += 'u';
  return { source: out, flags, notes };
}

/** Compiles a Macie pattern; fails with DETECTOR_CONFIG naming the identifier and construct when it cannot. */
export function compileMacieRegex(pattern: string, identifier: string): { regex: RegExp; notes: DialectNote[] } {
  const t = translateMacieRegex(pattern);
  const bad = t.notes.filter((n) => n.kind === 'unsupported');
  if (bad.length) {
    throw new DetectorError('macie_custom', `identifier "${identifier}": regex uses ${bad.map((n) => `${n.construct} at ${n.index} (${n.message})`).join('; ')}`, { code: 'DETECTOR_CONFIG' });
  }
  try {
    return { regex: new RegExp(t.source, t.flags), notes: t.notes };
  } catch (e) {
    throw new DetectorError('macie_custom', `identifier "${identifier}": regex does not compile in JavaScript: ${(e as Error).message}`, { code: 'DETECTOR_CONFIG', cause: e });
  }
}
