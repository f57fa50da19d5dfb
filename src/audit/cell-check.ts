// The cell-level check behind `audit verify`: is an output cell consistent with the audit's redacted spans of
// the pre-redaction cell? Consistent means the text outside all redacted spans is preserved, in order, and at
// each redacted place the original span text is gone (whatever the operator put there: "[NAME]", a mask, a
// hash token, a partial value, or nothing). A cell with no redacted span must be unchanged.
import { cellToText, type Cell } from '../table/batch.ts';
import { codePointOffsetsToUtf16, utf16ToCodePoint } from '../text/offsets.ts';

/** A redacted span in code points of the pre-redaction cell, end exclusive. */
export interface RedactedSpan {
  begin: number;
  end: number;
}

export type CellProblem =
  | 'changed_without_record'
  | 'span_not_redacted'
  | 'context_changed'
  | 'span_out_of_range'
  | 'not_text';

export type CellCheck = { ok: true } | { ok: false; problem: CellProblem; /** index into the spans given */ span?: number };

/** Text form of a cell for comparison across formats (CSV reads numbers back as text; null and "" are alike). */
export const cellText = cellToText;

function sameCell(a: string | null, b: string | null): boolean {
  return (a ?? '') === (b ?? '');
}

export function checkCell(pre: Cell | undefined, post: Cell | undefined, spans: readonly RedactedSpan[]): CellCheck {
  const a = cellText(pre);
  const b = cellText(post);
  if (spans.length === 0) return sameCell(a, b) ? { ok: true } : { ok: false, problem: 'changed_without_record' };
  if (a === null || typeof pre !== 'string') return { ok: false, problem: 'not_text', span: 0 };
  if (b === null && a.length > 0) {
    // A null output for a fully redacted cell (e.g. `remove` on the whole value written as null) is consistent
    // only when the spans cover the whole cell.
    return coversAll(a, spans) ? { ok: true } : { ok: false, problem: 'context_changed' };
  }
  return checkRedactedText(a, b ?? '', spans);
}

function coversAll(text: string, spans: readonly RedactedSpan[]): boolean {
  const cpLen = utf16ToCodePoint(text, text.length);
  const sorted = [...spans].sort((x, y) => x.begin - y.begin);
  let pos = 0;
  for (const s of sorted) {
    if (s.begin > pos) return false;
    pos = Math.max(pos, s.end);
  }
  return pos >= cpLen;
}

interface Group {
  b: number; // UTF-16
  e: number;
  /** Original texts of the member spans and their indexes in the caller's array. */
  members: { text: string; index: number }[];
}

export function checkRedactedText(pre: string, post: string, spans: readonly RedactedSpan[]): CellCheck {
  const cpLen = utf16ToCodePoint(pre, pre.length);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (!(Number.isInteger(s.begin) && Number.isInteger(s.end) && s.begin >= 0 && s.end > s.begin && s.end <= cpLen)) {
      return { ok: false, problem: 'span_out_of_range', span: i };
    }
  }
  const order = spans.map((_, i) => i).sort((x, y) => spans[x].begin - spans[y].begin || spans[x].end - spans[y].end);
  const flat: number[] = [];
  for (const i of order) flat.push(spans[i].begin, spans[i].end);
  const u = codePointOffsetsToUtf16(pre, flat);
  // Overlapping or touching spans form one redacted place: their replacements cannot be told apart.
  const groups: Group[] = [];
  order.forEach((idx, k) => {
    const b = u[2 * k];
    const e = u[2 * k + 1];
    const last = groups[groups.length - 1];
    if (last && b <= last.e) {
      last.e = Math.max(last.e, e);
      last.members.push({ text: pre.slice(b, e), index: idx });
    } else {
      groups.push({ b, e, members: [{ text: pre.slice(b, e), index: idx }] });
    }
  });
  const first = pre.slice(0, groups[0].b);
  const tail = pre.slice(groups[groups.length - 1].e);
  if (!post.startsWith(first) || !post.endsWith(tail) || post.length < first.length + tail.length) {
    return { ok: false, problem: 'context_changed' };
  }
  let cursor = first.length;
  const limit = post.length - tail.length;
  for (let g = 0; g < groups.length; g++) {
    let replacement: string;
    if (g === groups.length - 1) {
      replacement = post.slice(cursor, limit);
      cursor = limit;
    } else {
      const between = pre.slice(groups[g].e, groups[g + 1].b);
      const at = post.indexOf(between, cursor);
      if (at < 0 || at + between.length > limit) return { ok: false, problem: 'context_changed' };
      replacement = post.slice(cursor, at);
      cursor = at + between.length;
    }
    const whole = pre.slice(groups[g].b, groups[g].e);
    if (replacement.includes(whole)) return { ok: false, problem: 'span_not_redacted', span: groups[g].members[0].index };
    for (const m of groups[g].members) {
      if (m.text.length > 0 && replacement.includes(m.text)) return { ok: false, problem: 'span_not_redacted', span: m.index };
    }
  }
  return { ok: true };
}
