import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/create-redactor.ts';
import { resolveOverlaps } from '../../src/redact/resolve-overlaps.ts';
import { createOperator } from '../../src/redact/operators/index.ts';
import { needleDetector } from '../helpers/fake-detector.ts';
import { RedactflowError } from '../../src/errors.ts';

const det = needleDetector([
  { text: 'jane@example.com', type: 'EMAIL', score: 0.99 },
  { text: 'Jane Doe', type: 'NAME', score: 0.9 },
  { text: 'Doe', type: 'NAME', score: 0.3 },
  { text: '123 Main St', type: 'ADDRESS', score: 0.6 },
  { text: 'Main St, Springfield', type: 'ADDRESS', score: 0.95 },
  { text: 'support@example.com', type: 'EMAIL', score: 0.99 },
  { text: '👩‍👩‍👧 Zoë', type: 'NAME', score: 0.8 },
]);

describe('createRedactor', () => {
  it('replaces above-threshold entities with [TYPE] and audits every entity with its decision', async () => {
    const r = createRedactor({ detectorInstance: det, min_score: 0.5, allow: ['support@example.com'] });
    const { rows, records } = await r.redact(
      [{ id: 1, text: 'Jane Doe <jane@example.com> cc support@example.com' }, { id: 2, text: null }],
      ['text'],
    );
    expect(rows[0].text).toBe('[NAME] <[EMAIL]> cc support@example.com');
    expect(rows[1].text).toBeNull();
    expect(rows[0].id).toBe(1);
    const byDecision = Object.fromEntries(records.map((x) => [`${x.type}@${x.begin}`, x.decision]));
    expect(byDecision).toEqual({ 'NAME@0': 'redacted', 'NAME@5': 'below_threshold', 'EMAIL@10': 'redacted', 'EMAIL@31': 'allow_listed' });
    for (const rec of records) {
      expect(JSON.stringify(rec)).not.toContain('jane@example.com');
      expect(rec.row).toBe(1);
      expect(rec.column).toBe('text');
    }
  });

  it('merges overlapping redactions into one region typed by the longest entity', async () => {
    const r = createRedactor({ detectorInstance: det, min_score: 0.5 });
    const { rows } = await r.redact([{ t: 'at 123 Main St, Springfield today' }], ['t']);
    expect(rows[0].t).toBe('at [ADDRESS] today');
    expect(resolveOverlaps([
      { type: 'A', begin: 0, end: 5, score: 0.9 },
      { type: 'B', begin: 3, end: 10, score: 0.5 },
      { type: 'C', begin: 10, end: 12, score: 0.5 },
    ])).toEqual([
      { begin: 0, end: 10, winner: { type: 'B', begin: 3, end: 10, score: 0.5 } },
      { begin: 10, end: 12, winner: { type: 'C', begin: 10, end: 12, score: 0.5 } },
    ]);
    // Equal length: the higher score wins.
    expect(resolveOverlaps([
      { type: 'A', begin: 0, end: 4, score: 0.5 },
      { type: 'B', begin: 2, end: 6, score: 0.9 },
    ])[0].winner.type).toBe('B');
  });

  it('per-type thresholds, operators and `only`', async () => {
    const r = createRedactor({
      detectorInstance: det,
      min_score: 0.5,
      only: ['NAME', 'EMAIL'],
      entities: { NAME: { min_score: 0.95 }, EMAIL: { operator: { type: 'mask', char: '#' } } },
    });
    const { rows, records } = await r.redact([{ t: 'Jane Doe jane@example.com 123 Main St' }], ['t']);
    expect(rows[0].t).toBe('Jane Doe ################ 123 Main St');
    expect(records.find((x) => x.type === 'NAME' && x.begin === 0)?.decision).toBe('below_threshold');
    expect(records.find((x) => x.type === 'NAME' && x.begin === 0)?.threshold).toBe(0.95);
    expect(records.find((x) => x.type === 'ADDRESS')?.decision).toBe('type_not_selected');
  });

  it('reports code-point offsets after emoji and combining marks', async () => {
    const r = createRedactor({ detectorInstance: det });
    const text = 'e\u0301 🎉 jane@example.com';
    const { records } = await r.redact([{ t: text }], ['t']);
    const rec = records.find((x) => x.type === 'EMAIL')!;
    expect([...text].slice(rec.begin, rec.end).join('')).toBe('jane@example.com');
    expect(rec.begin).toBe(5);
  });

  it('deny list values are always redacted; regexes too', async () => {
    const r = createRedactor({ detectorInstance: det, deny: ['Project Falcon', '/ACME-\\d+/'] });
    const { rows, records } = await r.redact([{ t: 'Project Falcon ticket ACME-42' }], ['t']);
    expect(rows[0].t).toBe('[CUSTOM:DENY_LIST] ticket [CUSTOM:DENY_LIST]');
    expect(records.every((x) => x.decision === 'redacted')).toBe(true);
  });

  it('writes to an output column and keeps the input', async () => {
    const r = createRedactor({ detectorInstance: det, output: { t: 't_redacted' } });
    const { rows } = await r.redact([{ t: 'mail jane@example.com' }], ['t']);
    expect(rows[0]).toEqual({ t: 'mail jane@example.com', t_redacted: 'mail [EMAIL]' });
  });

  it('fails closed when detection fails for a cell', async () => {
    const r = createRedactor({ detectorInstance: needleDetector([], { failOn: 'boom' }) });
    await expect(r.redact([{ t: 'ok' }, { t: 'boom' }], ['t'])).rejects.toThrow(/row 2, column t/);
  });
});

describe('operators', () => {
  it('mask keeps the length in code points, partial keeps the last N, remove deletes', () => {
    expect(createOperator({ type: 'mask', char: '*' }).apply('ab😀', 'NAME')).toBe('***');
    expect(createOperator({ type: 'partial', keep_last: 4, char: '*' }).apply('4111111111111111', 'X')).toBe('************1111');
    expect(createOperator({ type: 'partial', keep_last: 4, char: '*' }).apply('123', 'X')).toBe('***');
    expect(createOperator({ type: 'remove' }).apply('x', 'X')).toBe('');
    expect(createOperator({ type: 'replace', template: '<{type}>' }).apply('x', 'EMAIL')).toBe('<EMAIL>');
  });

  it('hash is keyed, deterministic across calls, and refuses to run without its key', () => {
    const env = { K: 'secret-1' };
    const a = createOperator({ type: 'hash', key_env: 'K', length: 16 }, env);
    expect(a.apply('jane@example.com', 'EMAIL')).toBe(a.apply('jane@example.com', 'EMAIL'));
    expect(a.apply('jane@example.com', 'EMAIL')).toMatch(/^\[EMAIL:[0-9a-f]{16}\]$/);
    const b = createOperator({ type: 'hash', key_env: 'K', length: 16 }, { K: 'secret-2' });
    expect(b.apply('jane@example.com', 'EMAIL')).not.toBe(a.apply('jane@example.com', 'EMAIL'));
    expect(() => createOperator({ type: 'hash', key_env: 'MISSING_KEY_VAR', length: 16 }, {})).toThrow(RedactflowError);
  });
});
