// Issue 2's must-shows for bad input and leaks, through the real CLI process.
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rf-cli-'));
const SECRET_EMAIL = 'zelda.quartermain@secretmail.example';
const SECRET_NAME = 'Zelda Quartermain';

function flow(name: string, steps: string, source = 'in.csv', sink = 'out/result.csv'): string {
  const p = join(dir, name);
  writeFileSync(p, `version: 1\nsource: { path: ${source} }\nsteps:\n${steps}\nsink: { path: ${sink} }\naudit: { path: out/audit.jsonl }\n`);
  return p;
}

const redactStep = `  - redact: { columns: [note], detector: { type: local } }`;

beforeAll(() => {
  writeFileSync(join(dir, 'in.csv'), `id,note\n1,"Contact ${SECRET_NAME} at ${SECRET_EMAIL}, card 4111 1111 1111 1111"\n2,nothing here\n3,\n`);
});

function noPartialOutputs(sub = 'out'): void {
  const d = join(dir, sub);
  if (!existsSync(d)) return;
  const files = readdirSync(d);
  expect(files.filter((f) => f.startsWith('result') || f.endsWith('.partial') || f.includes('.partial-'))).toEqual([]);
}

describe.concurrent('redactflow run (process)', () => {
  it('runs a flow, writes output, audit and summary, and prints no cell content', async () => {
    const f = flow('ok.yaml', redactStep);
    const r = await runCli(['run', f, '--log-format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'out/result.csv'), 'utf8');
    expect(out).not.toContain(SECRET_EMAIL);
    expect(out).toContain('[EMAIL]');
    expect(out).toContain('[CREDIT_DEBIT_NUMBER]');
    const audit = readFileSync(join(dir, 'out/audit.jsonl'), 'utf8');
    const summary = JSON.parse(readFileSync(join(dir, 'out/summary.json'), 'utf8'));
    expect(audit.trim().split('\n').length).toBe(summary.entities);
    for (const text of [r.stdout, r.stderr, audit, JSON.stringify(summary)]) {
      expect(text).not.toContain(SECRET_EMAIL);
      expect(text).not.toContain('Quartermain');
      expect(text).not.toContain('4111');
    }
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.at(-1).event).toBe('run_completed');
    expect(events.at(-1).rows_out).toBe(3);
  });

  it('--input/--output/--audit/--detector override the flow', async () => {
    const f = flow('ovr.yaml', redactStep);
    writeFileSync(join(dir, 'other.jsonl'), JSON.stringify({ id: 9, note: `mail ${SECRET_EMAIL}` }) + '\n');
    const r = await runCli(['run', f, '--input', join(dir, 'other.jsonl'), '--output', join(dir, 'o2/out.jsonl'), '--audit', join(dir, 'o2/a.jsonl'), '--detector', 'local']);
    expect(r.code).toBe(0);
    const row = JSON.parse(readFileSync(join(dir, 'o2/out.jsonl'), 'utf8').trim());
    expect(row).toEqual({ id: 9, note: 'mail [EMAIL]' });
    expect(existsSync(join(dir, 'o2/a.jsonl'))).toBe(true);
  });

  const bad: [string, string | Buffer, RegExp, string][] = [
    ['ragged.csv', `id,note\n1,a\n2,b,${SECRET_NAME}\n`, /ragged\.csv:3/, SECRET_NAME],
    ['unterminated.csv', `id,note\n1,"${SECRET_NAME}\n2,b\n`, /unterminated\.csv:2/, SECRET_NAME],
    ['invalid-utf8.csv', Buffer.concat([Buffer.from(`id,note\n1,${SECRET_NAME} `), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]), /invalid-utf8\.csv/, SECRET_NAME],
    ['empty.csv', '', /empty\.csv/, 'zzz-nothing'],
  ];
  for (const [name, content, where, secret] of bad) {
    it(`fails clearly on ${name} and leaves no partial output`, async () => {
      writeFileSync(join(dir, name), content);
      const f = flow(`bad-${name}.yaml`, redactStep, name, `out-${name}/result.csv`);
      const r = await runCli(['run', f]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(where);
      expect(r.stderr).toMatch(/INPUT_/);
      expect(r.stderr + r.stdout).not.toContain(secret);
      expect(r.stderr + r.stdout).not.toContain('Quartermain');
      noPartialOutputs(`out-${name}`);
    });
  }

  it('fails on a missing column named by a step before writing anything', async () => {
    const f = flow('missing.yaml', `  - redact: { columns: [nope] }`, 'in.csv', 'out-missing/result.csv');
    const r = await runCli(['run', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/COLUMN_MISSING.*step 1 \(redact\).*"nope"/);
    noPartialOutputs('out-missing');
  });

  it('an unknown step or a wrong option type is a usage error (exit 2) listing every problem', async () => {
    const f = flow('invalid.yaml', `  - frobnicate: {}\n  - sample: { size: "ten" }`);
    const r = await runCli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid\.yaml: steps\.0: unknown step "frobnicate"/);
    expect(r.stderr).toMatch(/invalid\.yaml: steps\.1\.sample\.size: expected number/);
    const run = await runCli(['run', f]);
    expect(run.code).toBe(2);
  });

  it('refuses the hash operator without its key, before reading data', async () => {
    const f = flow('hash.yaml', `  - redact: { columns: [note], operator: { type: hash, key_env: RF_TEST_HASH_KEY } }`, 'in.csv', 'out-hash/result.csv');
    const r = await runCli(['run', f], { env: { RF_TEST_HASH_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RF_TEST_HASH_KEY/);
    noPartialOutputs('out-hash');
    const ok = await runCli(['run', f], { env: { RF_TEST_HASH_KEY: 'k1' } });
    expect(ok.code).toBe(0);
    const a = readFileSync(join(dir, 'out-hash/result.csv'), 'utf8');
    expect(a).toMatch(/\[EMAIL:[0-9a-f]{16}\]/);
  });

  it("a step's own exception never brings a cell's text to stderr", async () => {
    writeFileSync(
      join(dir, 'leaky-step.ts'),
      // No imports: the temp folder has no node_modules to resolve zod from (a user's project would).
      `export const options = { safeParse: (v) => ({ success: true, data: v }) };
export function apply(batch) { throw new Error('bad value: ' + String(batch.rows[0].note)); }
`,
    );
    const f = flow('leaky.yaml', `  - custom: { module: ./leaky-step.ts }`, 'in.csv', 'out-leaky/result.csv');
    const r = await runCli(['run', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STEP_FAILED.*step 1 \(custom\) failed: Error/);
    expect(r.stderr + r.stdout).not.toContain('Quartermain');
    noPartialOutputs('out-leaky');
  });

  it('prints help for every verb and the JSON Schema', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const verb of ['run', 'validate', 'schema', 'detect']) expect(help.stdout).toContain(verb);
    const runHelp = await runCli(['run', '--help']);
    expect(runHelp.stdout).toContain('--detector');
    const schema = await runCli(['schema']);
    expect(JSON.parse(schema.stdout).title).toMatch(/redactflow flow/);
  });
});
