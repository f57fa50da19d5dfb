// `redactflow detect` as a real process: JSON Lines in, code-point offsets out (the score-pii.mjs format).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '../../../bin/redactflow.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Code-point slice, the way score-pii.mjs counts. */
function cpSlice(s: string, b: number, e: number): string {
  return [...s].slice(b, e).join('');
}

describe('redactflow detect', () => {
  it('writes one prediction line per record with code-point offsets', async () => {
    const records = [
      { id: 'a', text: '😀👩‍👩‍👧 José\u0301 mail: jane@example.com, ip 182.89.253.93' },
      { id: 'b', text: 'no pii here' },
      { id: 7, text: 'SSN ５３６-２２-１２３４ and call (555)355 - 1785' },
      { id: 'c', text: null },
      { text: 'card 4111 1111 1111 1111' },
    ];
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    await writeFile(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await run(process.execPath, [bin, 'detect', '--input', input, '--output', output, '--min-score', '0.5']);
    const lines = (await readFile(output, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; entities: { type: string; begin: number; end: number; score: number }[] });
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 7, 'c', 5]);
    const got = lines.map((l, i) => l.entities.map((e) => [e.type, cpSlice(records[i].text ?? '', e.begin, e.end)]));
    expect(got[0]).toEqual([['EMAIL', 'jane@example.com'], ['IP_ADDRESS', '182.89.253.93']]);
    expect(got[1]).toEqual([]);
    expect(got[2]).toEqual([['SSN', '５３６-２２-１２３４'], ['PHONE', '(555)355 - 1785']]);
    expect(got[3]).toEqual([]);
    expect(got[4]).toEqual([['CREDIT_DEBIT_NUMBER', '4111 1111 1111 1111']]);
    // Code points, not UTF-16: the email starts after 2 emoji code points… but 7 UTF-16 units of them.
    const t = records[0].text!;
    expect(lines[0].entities[0].begin).toBe([...t.slice(0, t.indexOf('jane'))].length);
    expect(lines[0].entities[0].begin).toBeLessThan(t.indexOf('jane'));
    for (const l of lines) for (const e of l.entities) expect(e.score).toBeGreaterThanOrEqual(0.5);
  });

  it('writes to stdout, honours --text-field/--id-field, and fails with the line number on bad JSON', async () => {
    const input = join(dir, 'fields.jsonl');
    await writeFile(input, `{"key":"k1","body":"ip 10.1.2.3"}\n`);
    const { stdout } = await run(process.execPath, [bin, 'detect', '--input', input, '--text-field', 'body', '--id-field', 'key', '--min-score', '0.5']);
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 'k1', entities: [{ type: 'IP_ADDRESS', begin: 3, end: 11 }] });

    const bad = join(dir, 'bad.jsonl');
    const output = join(dir, 'bad-out.jsonl');
    await writeFile(bad, `{"id":1,"text":"secret 536-22-1234"}\n{"id":2,"text":"oops\n`);
    const err = await run(process.execPath, [bin, 'detect', '--input', bad, '--output', output]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain(':2');
    expect(err?.stderr).not.toContain('536-22-1234');
    expect((await readdir(dir)).filter((f) => f.startsWith('bad-out'))).toEqual([]);
  });

  it('reports every entity by default (thresholds belong to the redact step), --min-score filters', async () => {
    const input = join(dir, 'low.jsonl');
    await writeFile(input, JSON.stringify({ id: 1, text: 'lol emma and ryan were there tho , @kaite said so' }) + '\n');
    const all = JSON.parse((await run(process.execPath, [bin, 'detect', '--input', input])).stdout.trim()) as { entities: { score: number }[] };
    const high = JSON.parse((await run(process.execPath, [bin, 'detect', '--input', input, '--min-score', '0.9'])).stdout.trim()) as { entities: { score: number }[] };
    expect(all.entities.length).toBeGreaterThan(high.entities.length);
    expect(all.entities.some((e) => e.score < 0.5)).toBe(true);
    for (const e of high.entities) expect(e.score).toBeGreaterThanOrEqual(0.9);
  });

  it('rejects an unknown detector with exit code 2', async () => {
    const input = join(dir, 'one.jsonl');
    await writeFile(input, `{"id":1,"text":"x"}\n`);
    const err = await run(process.execPath, [bin, 'detect', '--input', input, '--detector', 'nope']).then(() => null, (e: { code: number }) => e);
    expect(err?.code).toBe(2);
  });
});
