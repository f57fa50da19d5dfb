// The cell-level checker behind `audit verify`, on real operator outputs (replace, mask, remove, hash, partial),
// code-point offsets with astral characters, and the ways an output can disagree with its audit.
import { describe, it, expect } from 'vitest';
import { checkCell, checkRedactedText } from '../../src/audit/cell-check.ts';
import { replaceOperator } from '../../src/redact/operators/replace.ts';
import { maskOperator } from '../../src/redact/operators/mask.ts';
import { removeOperator } from '../../src/redact/operators/remove.ts';
import { partialOperator } from '../../src/redact/operators/partial.ts';
import { hashOperator } from '../../src/redact/operators/hash.ts';
import type { Operator } from '../../src/redact/operator.ts';
import { codePointOffsetsToUtf16 } from '../../src/text/offsets.ts';

/** Applies an operator to code-point spans the way the redactor does (right to left). */
function redact(text: string, spans: { begin: number; end: number; type: string }[], op: Operator): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.begin - a.begin)) {
    const [b, e] = codePointOffsetsToUtf16(text, [s.begin, s.end]);
    out = out.slice(0, b) + op.apply(text.slice(b, e), s.type) + out.slice(e);
  }
  return out;
}

const text = 'Call 👩‍🚀 Ana Lima at ana.lima@example.com or 555-0100, ok';
// Code points: the astronaut emoji is 3 code points (woman, ZWJ, rocket) but 5 UTF-16 units.
const name = { begin: 9, end: 17, type: 'NAME' };
const email = { begin: 21, end: 41, type: 'EMAIL' };
const phone = { begin: 45, end: 53, type: 'PHONE' };

describe('checkRedactedText', () => {
  it('spans are code points: they address the right text after an emoji', () => {
    const [b, e] = codePointOffsetsToUtf16(text, [email.begin, email.end]);
    expect(text.slice(b, e)).toBe('ana.lima@example.com');
    const [nb, ne] = codePointOffsetsToUtf16(text, [name.begin, name.end]);
    expect(text.slice(nb, ne)).toBe('Ana Lima');
  });

  const ops: [string, Operator][] = [
    ['replace', replaceOperator()],
    ['mask', maskOperator('*')],
    ['remove', removeOperator()],
    ['partial', partialOperator(4, '*')],
    ['hash', hashOperator('K', 16, { K: 'k' })],
  ];
  for (const [label, op] of ops) {
    it(`accepts output redacted with ${label}`, () => {
      const spans = [name, email, phone];
      expect(checkRedactedText(text, redact(text, spans, op), spans)).toEqual({ ok: true });
    });
  }

  it('rejects a span left in clear, naming which one', () => {
    const out = redact(text, [name, phone], replaceOperator());
    expect(checkRedactedText(text, out, [name, email, phone])).toEqual({ ok: false, problem: 'span_not_redacted', span: 1 });
  });

  it('rejects changes outside the spans (context changed or extra text)', () => {
    const out = redact(text, [email], replaceOperator());
    expect(checkRedactedText(text, out.replace('Call', 'Cal'), [email])).toMatchObject({ ok: false, problem: 'context_changed' });
    expect(checkRedactedText(text, out + '!', [email])).toMatchObject({ ok: false, problem: 'context_changed' });
    expect(checkRedactedText(text, out.replace(' or ', ' and '), [email, phone])).toMatchObject({ ok: false, problem: 'context_changed' });
  });

  it('treats overlapping and touching spans as one place', () => {
    const a = { begin: 21, end: 29, type: 'NAME' };
    const [b, e] = codePointOffsetsToUtf16(text, [21, 41]);
    const out = text.slice(0, b) + '[EMAIL]' + text.slice(e);
    expect(checkRedactedText(text, out, [a, email])).toEqual({ ok: true });
    const touching = [{ begin: 0, end: 4 }, { begin: 4, end: 5 }];
    expect(checkRedactedText('abcd efg', '[X][Y]efg', touching)).toEqual({ ok: true });
  });

  it('rejects spans outside the cell', () => {
    expect(checkRedactedText('short', 'short', [{ begin: 2, end: 9 }])).toMatchObject({ ok: false, problem: 'span_out_of_range' });
    expect(checkRedactedText('short', 'short', [{ begin: 3, end: 3 }])).toMatchObject({ ok: false, problem: 'span_out_of_range' });
  });

  it('does not accept a partial redaction that still holds the whole span', () => {
    expect(checkRedactedText('id 1234 end', 'id 1234 end', [{ begin: 3, end: 7 }])).toMatchObject({ ok: false, problem: 'span_not_redacted' });
    expect(checkRedactedText('id 1234 end', 'id x1234 end', [{ begin: 3, end: 7 }])).toMatchObject({ ok: false, problem: 'span_not_redacted' });
  });
});

describe('checkCell', () => {
  it('cells without redacted spans must be unchanged (formats may retype them)', () => {
    expect(checkCell('abc', 'abc', [])).toEqual({ ok: true });
    expect(checkCell(42, '42', [])).toEqual({ ok: true });
    expect(checkCell(null, '', [])).toEqual({ ok: true });
    expect(checkCell(new Date('2020-01-02T03:04:05.000Z'), '2020-01-02T03:04:05.000Z', [])).toEqual({ ok: true });
    expect(checkCell('abc', 'abd', [])).toEqual({ ok: false, problem: 'changed_without_record' });
    expect(checkCell('abc', null, [])).toEqual({ ok: false, problem: 'changed_without_record' });
  });

  it('a span on a non-text cell is an error; a wholly removed cell may be null', () => {
    expect(checkCell(12345, '[SSN]', [{ begin: 0, end: 5 }])).toMatchObject({ ok: false, problem: 'not_text' });
    expect(checkCell('ana@x.io', null, [{ begin: 0, end: 8 }])).toEqual({ ok: true });
    expect(checkCell('hi ana@x.io', null, [{ begin: 3, end: 11 }])).toMatchObject({ ok: false, problem: 'context_changed' });
  });
});
