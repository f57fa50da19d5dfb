// End to end through the CLI (`node bin/redactflow.js run`): a flow whose redact step uses the Comprehend
// detector against the emulator. A permanently failing endpoint fails the run (exit 1, clear error, no output
// rows written unredacted) or, with on_error: quarantine, sends the rows to quarantine; a healthy endpoint
// redacts and the audit records carry the request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startComprehendEmulator, type ComprehendEmulator } from '../../src/emulator/comprehend-emulator.ts';
import { credentials, regexDetector } from './helpers.ts';

const repo = new URL('../..', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/redactflow.js', ...args], {
      cwd: repo,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const rows = Array.from({ length: 40 }, (_, i) => ({ id: i, text: `customer ${i} writes from c${i}@mail.example.com, secret-${1000 + i}` }));

async function flowFile(dir: string, endpoint: string, extra = ''): Promise<string> {
  await writeFile(join(dir, 'in.csv'), `id,text\n${rows.map((r) => `${r.id},"${r.text}"`).join('\n')}\n`);
  const flow = join(dir, 'flow.yaml');
  await writeFile(
    flow,
    [
      'version: 1',
      'name: comprehend-e2e',
      'source: { path: in.csv, format: csv }',
      'steps:',
      '  - redact:',
      '      columns: [text]',
      `      detector: { type: comprehend, language: en, region: us-east-1, endpoint: "${endpoint}", max_retries: 1, max_tps: 200 }`,
      '      operator: { type: replace }',
      extra,
      'sink: { path: out.csv }',
      'audit: { path: audit.jsonl }',
      '',
    ].join('\n'),
  );
  return flow;
}

describe('redactflow run with the comprehend detector', () => {
  let broken: ComprehendEmulator;
  let healthy: ComprehendEmulator;
  let dir: string;
  beforeAll(async () => {
    broken = await startComprehendEmulator({ detector: regexDetector(), failRate: 1 });
    healthy = await startComprehendEmulator({ detector: regexDetector() });
    dir = await mkdtemp(join(tmpdir(), 'rf-comprehend-'));
  });
  afterAll(async () => {
    await broken.close();
    await healthy.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the run (exit 1) with a clear error under a permanently failing endpoint, writing no output rows', async () => {
    const d = join(dir, 'fail');
    await mkdir(d, { recursive: true });
    const flow = await flowFile(d, broken.url);
    const r = await run(['run', flow, '--log-format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/DETECTOR_FAILED/);
    expect(r.stderr).toMatch(/InternalServerException/);
    // No cell content in what the user sees.
    expect(r.stderr + r.stdout).not.toMatch(/mail\.example\.com|secret-1/);
    // Nothing unredacted on disk: no output at all, or none of the raw values in it.
    const out = join(d, 'out.csv');
    if (existsSync(out)) expect(await readFile(out, 'utf8')).not.toMatch(/mail\.example\.com|secret-1/);
    expect(broken.stats().failed).toBeGreaterThanOrEqual(2); // the first attempt and its one retry
  });

  it('quarantines the rows instead with on_error: quarantine, and writes none of them to the output', async () => {
    const d = join(dir, 'quarantine');
    await mkdir(d, { recursive: true });
    const flow = await flowFile(d, broken.url, '      on_error: quarantine\n      quarantine: { path: quarantine.jsonl }');
    const r = await run(['run', flow, '--log-format', 'json']);
    expect(r.code).toBe(0);
    const out = existsSync(join(d, 'out.csv')) ? await readFile(join(d, 'out.csv'), 'utf8') : '';
    expect(out).not.toMatch(/mail\.example\.com|secret-1/);
    const q = (await readFile(join(d, 'quarantine.jsonl'), 'utf8')).trim().split('\n');
    expect(q).toHaveLength(rows.length);
    expect(r.stdout).toMatch(/"rows_quarantined":40/);
  });

  it('redacts through a healthy endpoint; audit records carry the Comprehend request id', async () => {
    const d = join(dir, 'ok');
    await mkdir(d, { recursive: true });
    const flow = await flowFile(d, healthy.url);
    const r = await run(['run', flow, '--log-format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = await readFile(join(d, 'out.csv'), 'utf8');
    expect(out).not.toMatch(/mail\.example\.com|secret-1/);
    expect(out).toMatch(/\[EMAIL\]/);
    const audit = (await readFile(join(d, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const records = audit.filter((a) => a.type === 'EMAIL' || a.entity_type === 'EMAIL');
    expect(records.length).toBe(rows.length);
    for (const a of records) expect(String(a.request_id)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
