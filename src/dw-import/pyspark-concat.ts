// Recognises the one kind of custom PySpark code the importer translates: a single
//   df = df.withColumn("out", concat(col("a"), lit(" is a "), col("b"), ...))
// (or concat_ws(sep, ...)), with imports. It tokenises the Python properly (string literals with escapes and
// prefixes, comments, line continuations inside brackets) rather than pattern-matching text, so a literal
// containing a comma or a parenthesis parses right, and any other statement is refused instead of ignored.

export type ConcatPart = { column: string } | { literal: string };

export interface ConcatSpec {
  output: string;
  /** `concat`: a null part nulls the row (Spark). `concat_ws`: null parts are skipped. */
  fn: 'concat' | 'concat_ws';
  separator?: string;
  parts: ConcatPart[];
}

type Tok =
  | { t: 'name'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: string }
  | { t: 'op'; v: string }
  | { t: 'nl' };

export class PySparkParseError extends Error {}

const PY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function tokenizePython(code: string): Tok[] {
  const toks: Tok[] = [];
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && code[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') {
      if (depth === 0 && toks.length && toks[toks.length - 1].t !== 'nl') toks.push({ t: 'nl' });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ';') {
      if (c === ';' && depth === 0) toks.push({ t: 'nl' });
      i++;
      continue;
    }
    const str = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(code.slice(i, i + 5));
    if (str && (str[1] === '' || /[a-zA-Z_]/.test(c))) {
      const prefix = str[1].toLowerCase();
      if (prefix.includes('f') || prefix.includes('b')) throw new PySparkParseError('f-strings and byte strings are not translated');
      const raw = prefix.includes('r');
      const q = str[2];
      i += str[0].length;
      let v = '';
      for (;;) {
        if (i >= code.length) throw new PySparkParseError('unterminated string literal');
        if (code.startsWith(q, i)) { i += q.length; break; }
        const ch = code[i];
        if (ch === '\n' && q.length === 1) throw new PySparkParseError('unterminated string literal');
        if (ch === '\\' && !raw) {
          const e = code[i + 1];
          if (e === '\n') { i += 2; continue; }
          if (e in PY_ESCAPES) { v += PY_ESCAPES[e]; i += 2; continue; }
          if (e === 'x' || e === 'u' || e === 'U') {
            const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            const hex = code.slice(i + 2, i + 2 + n);
            if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new PySparkParseError('bad escape in string literal');
            v += String.fromCodePoint(parseInt(hex, 16));
            i += 2 + n;
            continue;
          }
          v += ch; // Python keeps unknown escapes as-is (backslash included)
          i++;
          continue;
        }
        if (ch === '\\' && raw) { v += code.slice(i, i + 2); i += 2; continue; }
        v += ch;
        i++;
      }
      // Adjacent literals concatenate ("a" "b").
      const last = toks[toks.length - 1];
      if (last && last.t === 'str') last.v += v;
      else toks.push({ t: 'str', v });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(code.slice(i))!;
      toks.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_.eE+-]*/.exec(code.slice(i))!;
      toks.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    toks.push({ t: 'op', v: c });
    i++;
  }
  if (toks.length && toks[toks.length - 1].t !== 'nl') toks.push({ t: 'nl' });
  return toks;
}

class Parser {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(k = 0): Tok | undefined { return this.toks[this.i + k]; }
  done(): boolean { return this.i >= this.toks.length; }
  isOp(v: string, k = 0): boolean { const t = this.peek(k); return !!t && t.t === 'op' && t.v === v; }
  isName(v?: string, k = 0): boolean { const t = this.peek(k); return !!t && t.t === 'name' && (v === undefined || t.v === v); }
  expectOp(v: string): void {
    if (!this.isOp(v)) throw new PySparkParseError(`expected "${v}"`);
    this.i++;
  }
  name(): string {
    const t = this.peek();
    if (!t || t.t !== 'name') throw new PySparkParseError('expected a name');
    this.i++;
    return t.v;
  }
  str(): string {
    const t = this.peek();
    if (!t || t.t !== 'str') throw new PySparkParseError('expected a string literal');
    this.i++;
    return t.v;
  }
  skipLine(): void {
    while (!this.done() && this.peek()!.t !== 'nl') this.i++;
    this.i++;
  }
  /** A dotted name: `concat`, `F.concat`, `pyspark.sql.functions.concat` → its last part and its qualifier. */
  dotted(): { last: string; qual: string[] } {
    const parts = [this.name()];
    while (this.isOp('.') && this.isName(undefined, 1)) { this.i++; parts.push(this.name()); }
    return { last: parts[parts.length - 1], qual: parts.slice(0, -1) };
  }
}

/** Module aliases under which pyspark.sql.functions may be called (`F.col`, `functions.col`, `sf.col`). */
function isFunctionsQualifier(qual: string[], aliases: Set<string>): boolean {
  if (qual.length === 0) return true;
  const q = qual.join('.');
  return aliases.has(q) || q === 'pyspark.sql.functions';
}

function parsePart(p: Parser, df: string, aliases: Set<string>): ConcatPart {
  // df["a"] / df.a
  if (p.isName(df) && p.isOp('[', 1)) {
    p.i += 2;
    const column = p.str();
    p.expectOp(']');
    return { column };
  }
  const f = p.dotted();
  if (f.qual.length === 1 && f.qual[0] === df && !p.isOp('(')) return { column: f.last };
  if (!isFunctionsQualifier(f.qual, aliases) || (f.last !== 'col' && f.last !== 'lit' && f.last !== 'column')) {
    throw new PySparkParseError(`concat argument ${[...f.qual, f.last].join('.')}(...) is not col(...) or lit(...)`);
  }
  p.expectOp('(');
  const t = p.peek();
  let v: string;
  if (f.last === 'lit' && t && t.t === 'num') { v = t.v; p.i++; }
  else v = p.str();
  if (p.isOp(',')) throw new PySparkParseError(`${f.last}(...) with more than one argument`);
  p.expectOp(')');
  return f.last === 'lit' ? { literal: v } : { column: v };
}

/**
 * Parses the PySpark code of a custom-code node. Returns the concat it performs, or throws PySparkParseError
 * saying why it is not (only) that.
 */
export function parsePySparkConcat(code: string): ConcatSpec {
  const p = new Parser(tokenizePython(code));
  const aliases = new Set<string>();
  let spec: ConcatSpec | undefined;
  while (!p.done()) {
    if (p.peek()!.t === 'nl') { p.i++; continue; }
    if (p.isName('from') || p.isName('import')) {
      // `import pyspark.sql.functions as F` / `from pyspark.sql import functions as F` record the alias.
      const start = p.i;
      p.skipLine();
      const line = p.toks.slice(start, p.i);
      const words = line.map((t) => ('v' in t ? t.v : '\n'));
      const text = words.join(' ').replace(/ \. /g, '.');
      const m = /(?:^import pyspark\.sql\.functions|^from pyspark\.sql import functions) as (\w+)/.exec(text);
      if (m) aliases.add(m[1]);
      else if (/^from pyspark\.sql import functions\b/.test(text)) aliases.add('functions');
      continue;
    }
    if (spec) throw new PySparkParseError('more than one statement besides imports');
    // df = df.withColumn("out", concat(...))
    const target = p.name();
    p.expectOp('=');
    const src = p.name();
    if (src !== target) throw new PySparkParseError(`assigns ${target} from ${src}, not a transform of the table`);
    p.expectOp('.');
    const method = p.name();
    if (method !== 'withColumn') throw new PySparkParseError(`calls df.${method}(...), not df.withColumn(...)`);
    p.expectOp('(');
    const output = p.str();
    p.expectOp(',');
    const fn = p.dotted();
    if (!isFunctionsQualifier(fn.qual, aliases) || (fn.last !== 'concat' && fn.last !== 'concat_ws')) {
      throw new PySparkParseError(`withColumn computes ${[...fn.qual, fn.last].join('.')}(...), not concat(...)`);
    }
    p.expectOp('(');
    let separator: string | undefined;
    if (fn.last === 'concat_ws') {
      separator = p.str();
      p.expectOp(',');
    }
    const parts: ConcatPart[] = [];
    while (!p.isOp(')')) {
      parts.push(parsePart(p, src, aliases));
      if (p.isOp(',')) p.i++;
      else if (!p.isOp(')')) throw new PySparkParseError('expected "," or ")" in concat(...)');
    }
    p.expectOp(')');
    p.expectOp(')');
    if (!p.done() && p.peek()!.t !== 'nl') throw new PySparkParseError('unexpected code after withColumn(...)');
    if (parts.length === 0) throw new PySparkParseError('concat() with no arguments');
    spec = { output, fn: fn.last, separator, parts };
  }
  if (!spec) throw new PySparkParseError('no df = df.withColumn(...) statement');
  return spec;
}

/** Native combine_columns template: `{col}` for columns, literals with `{`/`}` doubled. */
export function toTemplate(spec: ConcatSpec): string {
  const esc = (s: string) => s.replace(/\{/g, '{{').replace(/\}/g, '}}');
  const pieces = spec.parts.map((part) => {
    if ('literal' in part) return esc(part.literal);
    if (/[{}]/.test(part.column)) throw new PySparkParseError(`column name with "{" or "}" cannot be templated`);
    return `{${part.column}}`;
  });
  return spec.fn === 'concat_ws' ? pieces.join(esc(spec.separator ?? '')) : pieces.join('');
}
