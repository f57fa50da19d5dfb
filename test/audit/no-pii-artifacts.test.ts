// On the demo data, no audit artifact (audit, manifest, summary, report, the run's logs, summarize/verify
// output) contains any ground-truth PII value of the example customers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.ts';

interface Truth {
  row: number;
  values: Record<string, string>;
  note_spans: { type: string; text: string }[];
}

function distinctStrings(text: string): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (typeof v === 'number') out.add(String(v));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.add(k);
        walk(x);
      }
    }
  };
  for (const line of text.split('\n')) if (line.trim() && !text.startsWith('{\n')) walk(JSON.parse(line));
  if (text.startsWith('{\n')) walk(JSON.parse(text));
  return out;
}

/** Every value occurring in any of the texts: values indexed by their first 4 characters, texts scanned once. */
function findAll(vals: readonly string[], texts: readonly string[]): string[] {
  const byPrefix = new Map<string, string[]>();
  for (const v of vals) {
    const p = v.slice(0, 4);
    const l = byPrefix.get(p);
    if (l) l.push(v);
    else byPrefix.set(p, [v]);
  }
  const found = new Set<string>();
  for (const t of texts) {
    for (let i = 0; i + 4 <= t.length; i++) {
      const cands = byPrefix.get(t.slice(i, i + 4));
      if (cands) for (const v of cands) if (t.startsWith(v, i)) found.add(v);
    }
  }
  return [...found];
}

let dir: string;
let logs = '';
let values: string[] = [];

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-nopii-'));
  const truth = (await readFile(join(repoRoot, 'examples/data/customers.csv.truth.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Truth);
  values = [...new Set(truth.flatMap((t) => [...Object.values(t.values), ...t.note_spans.map((s) => s.text)]).filter((v) => v && v.length >= 4))];
  const audit = join(dir, 'audit.jsonl');
  const out = join(dir, 'redacted.csv');
  const run = await runCli(['run', 'flows/redact-pii.flow.yaml', '--output', out, '--audit', audit, '--log-format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  const summarize = await runCli(['audit', 'summarize', audit]);
  const verify = await runCli(['audit', 'verify', '--input', 'examples/data/customers.csv', '--output', out, audit]);
  expect(verify.code, verify.stderr).toBe(0);
  logs = [run, summarize, verify].map((r) => r.stdout + r.stderr).join('\n');
});

describe('no ground-truth PII in audit artifacts (demo data)', () => {
  it('the demo run wrote every artifact', async () => {
    expect((await readdir(dir)).sort()).toEqual(['audit.jsonl', 'manifest.json', 'redacted.csv', 'report.html', 'summary.json']);
    expect(values.length).toBeGreaterThan(10_000);
    // The scanner itself finds a planted value.
    expect(findAll(values, ['{"x":"..' + values[123] + '.."}'])).toEqual([values[123]]);
  });

  for (const name of ['audit.jsonl', 'manifest.json', 'summary.json', 'report.html', 'logs']) {
    it(`${name} holds none of the ${'>'}10,000 ground-truth values`, async () => {
      const text = name === 'logs' ? logs : await readFile(join(dir, name), 'utf8');
      expect(text.length).toBeGreaterThan(100);
      // JSON artifacts: every distinct key and string (the audit has thousands of lines, few distinct strings).
      const strings = name.endsWith('.json') || name.endsWith('.jsonl') ? [...distinctStrings(text)] : [text];
      const leaked = findAll(values, strings);
      expect(leaked.length, `${leaked.length} values found in ${name}`).toBe(0);
    });
  }
});
