// Recognises the seed's two Pandas UDFs by what their code does, not by the node's display name:
// - "prep": `series.apply(lambda x: x[:N] + DELIM)` (or `series.str[:N] + DELIM`): truncates each cell and
//   appends a row delimiter so the next UDF can pack many cells into one Comprehend call. The redact step
//   packs cells itself (by UTF-8 bytes, without putting a delimiter into the data), so this becomes no step.
// - "comprehend redact": calls Comprehend's `detect_pii_entities` and replaces each entity with "[" + Type +
//   "]", optionally only above a Score threshold, then splits the packed text on the delimiter.
// Anything else returns null and the importer fails naming the node.

export interface PrepUdf {
  kind: 'prep';
  delimiter: string;
  /** The truncation length expression as written (e.g. `min(len(x), COMPREHEND_MAX_CHARS - len(CELL_DELIM))`). */
  truncates: boolean;
}

export interface ComprehendRedactUdf {
  kind: 'comprehend_redact';
  language?: string;
  region?: string;
  /** Native replace template (`[{type}]`). */
  template: string;
  /** Score threshold found in the code (`e['Score'] > 0.8`), if any. */
  minScore?: number;
  /** Delimiter the packed text is split on, if any. */
  splitOn?: string;
}

const STR = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`;

function unquote(lit: string): string {
  const body = lit.slice(1, -1);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Module-level and function-level `NAME = "literal"` constants. */
function stringConstants(code: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = new RegExp(String.raw`^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(${STR})[ \t]*(?:#.*)?$`, 'gm');
  for (const m of code.matchAll(re)) out.set(m[1], unquote(m[2]));
  return out;
}

function resolveString(expr: string, consts: Map<string, string>): string | undefined {
  const e = expr.trim();
  if (new RegExp(`^(?:${STR})$`).test(e)) return unquote(e);
  return consts.get(e);
}

/** Code without comments and docstrings, so a commented-out call is not taken for a real one. */
function stripComments(code: string): string {
  return code
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, '""')
    .replace(new RegExp(`(${STR})|#.*$`, 'gm'), (m, s: string | undefined) => s ?? '');
}

export function recognizePrepUdf(code: string): PrepUdf | null {
  const c = stripComments(code);
  if (/\bboto3\b|detect_pii_entities|\brequests\b|\bopen\(/.test(c)) return null;
  const consts = stringConstants(c);
  const delimRef = String.raw`(${STR}|[A-Za-z_]\w*)`;
  // return series.apply(lambda x: x[:...] + DELIM)
  const lambda = new RegExp(
    String.raw`return\s+(\w+)\.(?:apply|map)\(\s*lambda\s+(\w+)\s*:\s*\2\s*(\[\s*:[^\]\n]*\])?\s*\+\s*${delimRef}\s*\)\s*$`,
    'm',
  ).exec(c);
  // return series.str[:N] + DELIM / series.str.slice(0, N) + DELIM / series + DELIM
  const vector = new RegExp(
    String.raw`return\s+(\w+)((?:\.str)?\[\s*:[^\]\n]*\]|\.str\.slice\([^)\n]*\))?\s*\+\s*${delimRef}\s*$`,
    'm',
  ).exec(c);
  const m = lambda ?? vector;
  if (!m) return null;
  const delimExpr = lambda ? lambda[4] : vector![3];
  const delimiter = resolveString(delimExpr, consts);
  if (delimiter === undefined || delimiter === '') return null;
  // The function must not do anything else: one return, no loops over rows, no other calls with effects.
  if ((c.match(/\breturn\b/g) ?? []).length !== 1) return null;
  return { kind: 'prep', delimiter, truncates: Boolean(lambda ? lambda[3] : vector![2]) };
}

export function recognizeComprehendRedactUdf(code: string): ComprehendRedactUdf | null {
  const c = stripComments(code);
  if (!/\.detect_pii_entities\s*\(/.test(c)) return null;
  const consts = stringConstants(c);
  const lang = /LanguageCode\s*=\s*(["'])(\w+)\1/.exec(c)?.[2];
  const region = /region_name\s*=\s*(["'])([\w-]+)\1/.exec(c)?.[2];
  const typeRef = String.raw`\w+\[\s*["']Type["']\s*\]`;
  const concatForm = new RegExp(String.raw`["']\[["']\s*\+\s*${typeRef}\s*\+\s*["']\]["']`).test(c);
  const fForm = new RegExp(String.raw`f(["'])\[\{\s*\w+\[\s*(["'])Type\2\s*\]\s*\}\]\1`).test(c);
  const formatForm = /(["'])\[\{\}\]\1\.format\(\s*\w+\[\s*(["'])Type\2\s*\]\s*\)/.test(c);
  if (!concatForm && !fForm && !formatForm) return null;
  let minScore: number | undefined;
  const score = /\[\s*(["'])Score\1\s*\]\s*(>=|>)\s*([0-9]*\.?[0-9]+)/.exec(c);
  if (score) minScore = Number(score[3]);
  const split = new RegExp(String.raw`\.split\(\s*(${STR}|[A-Za-z_]\w*)\s*\)`).exec(c);
  const splitOn = split ? resolveString(split[1], consts) : undefined;
  return { kind: 'comprehend_redact', language: lang, region, template: '[{type}]', minScore, splitOn };
}
