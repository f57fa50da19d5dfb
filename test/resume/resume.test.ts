// Kill -9 at a random committed batch + --resume → byte-identical output and audit; finished batches are
// never sent to a detector again; SIGTERM stops cleanly and leaves a resumable checkpoint.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, runCli, repoRoot } from '../helpers/cli.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { startComprehendEmulator, type ComprehendEmulator } from '../../src/emulator/comprehend-emulator.ts';

const dir = mkdtempSync(join(tmpdir(), 'rf-resume-'));
const rand = mulberry32(20261125);
const FIRST = ['Ana', 'Bo', 'Chen', 'Dmitri', 'Eve', 'Farah', 'Gus', 'Hana'];
const LAST = ['Ito', 'Jones', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura'];
let emulator: ComprehendEmulator;

function flowFile(name: string, detector: string, sink: string): string {
  const p = join(dir, name);
  writeFileSync(
    p,
    `version: 1
source: { path: in.csv }
options: { batch_size: 100 }
steps:
  - sample: { fraction: 0.9, seed: 3 }
  - combine_columns: { output: pii, template: "{name} wrote from {email}, call {phone}" }
  - redact: { columns: [pii], output: { pii: pii_redacted }, detector: ${detector} }
sink: { path: ${sink} }
audit: { path: ${sink}.audit.jsonl }
`,
  );
  return p;
}

beforeAll(async () => {
  const lines = ['id,name,email,phone'];
  for (let i = 1; i <= 4000; i++) {
    const f = FIRST[Math.floor(rand() * FIRST.length)];
    const l = LAST[Math.floor(rand() * LAST.length)];
    lines.push(`${i},${f} ${l},${f.toLowerCase()}.${l.toLowerCase()}${i}@mail.example.com,(555) ${String(100 + (i % 900)).padStart(3, '0')}-${String(1000 + i).slice(-4)}`);
  }
  writeFileSync(join(dir, 'in.csv'), lines.join('\n') + '\n');
  emulator = await startComprehendEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator?.close();
});

const awsEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

/** Starts a run and SIGKILLs it once the checkpoint has `killAt` committed units. */
function runAndKill(args: string[], checkpointJson: string, killAt: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null; units: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...awsEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => undefined);
    let units = 0;
    let sent = false;
    const timer = setInterval(() => {
      try {
        units = JSON.parse(readFileSync(checkpointJson, 'utf8')).units;
      } catch {
        return;
      }
      if (!sent && units >= killAt) {
        sent = true;
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(timer);
      resolve({ code, signal: sig, units, stderr });
    });
  });
}

describe('checkpoint and resume', () => {
  it('kill -9 at a random committed batch, then --resume: output and audit byte-identical', async () => {
    const flow = flowFile('local.yaml', '{ type: local, workers: 0 }', 'ref/out.parquet');
    const ref = await runCli(['run', flow, '--run-id', 'run-1']);
    expect(ref.stderr).toBe('');
    expect(ref.code).toBe(0);

    const out = join(dir, 'killed/out.parquet');
    const cpDir = join(dir, 'killed/.out.parquet.checkpoint');
    const killAt = 3 + Math.floor(rand() * 15);
    const args = ['run', flow, '--run-id', 'run-1', '--checkpoint', '--output', out, '--audit', `${out}.audit.jsonl`];
    const killed = await runAndKill(args, join(cpDir, 'checkpoint.json'), killAt);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.units).toBeGreaterThanOrEqual(killAt);
    expect(existsSync(out)).toBe(false); // nothing that looks finished
    expect(existsSync(`${out}.audit.jsonl`)).toBe(false);

    const resumed = await runCli(['run', flow, '--resume', '--output', out, '--audit', `${out}.audit.jsonl`]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'ref/out.parquet')))).toBe(true);
    expect(readFileSync(`${out}.audit.jsonl`).equals(readFileSync(join(dir, 'ref/out.parquet.audit.jsonl')))).toBe(true);
    expect(existsSync(cpDir)).toBe(false); // a completed run removes its checkpoint
    expect(readdirSync(join(dir, 'killed')).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('never re-sends committed batches to the detector (no double billing)', async () => {
    const flow = flowFile('cmp.yaml', `{ type: comprehend, endpoint: "${emulator.url}", region: us-east-1, max_tps: 1000 }`, 'cmp-ref/out.csv');
    const before = emulator.stats().ok;
    const ref = await runCli(['run', flow, '--run-id', 'run-2'], { env: awsEnv });
    expect(ref.code).toBe(0);
    const full = emulator.stats().ok - before;
    expect(full).toBeGreaterThan(20);

    const out = join(dir, 'cmp-killed/out.csv');
    const cp = join(dir, 'cmp-killed/.out.csv.checkpoint/checkpoint.json');
    const b1 = emulator.stats().ok;
    const killed = await runAndKill(['run', flow, '--checkpoint', '--output', out, '--audit', `${out}.audit.jsonl`], cp, 10);
    const firstPart = emulator.stats().ok - b1;
    const committed = killed.units;
    const b2 = emulator.stats().ok;
    const resumed = await runCli(['run', flow, '--resume', '--output', out, '--audit', `${out}.audit.jsonl`], { env: awsEnv });
    expect(resumed.code).toBe(0);
    const secondPart = emulator.stats().ok - b2;
    // One request per 100-row unit here: the resumed run sends only what was not committed.
    expect(secondPart).toBeLessThanOrEqual(full - committed);
    expect(firstPart + secondPart).toBeLessThanOrEqual(full + 1);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'cmp-ref/out.csv')))).toBe(true);
  });

  it('SIGTERM stops within 30 s, keeps the checkpoint, and --resume completes the run', async () => {
    const flow = flowFile('term.yaml', '{ type: local, workers: 0 }', 'term-ref/out.csv');
    await runCli(['run', flow, '--run-id', 'run-3']);
    const out = join(dir, 'term/out.csv');
    const cpDir = join(dir, 'term/.out.csv.checkpoint');
    const t0 = Date.now();
    const stopped = await runAndKill(['run', flow, '--run-id', 'run-3', '--checkpoint', '--output', out, '--audit', `${out}.audit.jsonl`], join(cpDir, 'checkpoint.json'), 2, 'SIGTERM');
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/SIGTERM received/);
    expect(stopped.stderr).toMatch(/--resume/);
    expect(existsSync(join(cpDir, 'checkpoint.json'))).toBe(true);
    expect(existsSync(out)).toBe(false);
    const resumed = await runCli(['run', flow, '--resume', '--output', out, '--audit', `${out}.audit.jsonl`]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'term-ref/out.csv')))).toBe(true);
    expect(readFileSync(`${out}.audit.jsonl`).equals(readFileSync(join(dir, 'term-ref/out.csv.audit.jsonl')))).toBe(true);
  });

  it('refuses to resume when the input changed', async () => {
    const flow = flowFile('chg.yaml', '{ type: local, workers: 0 }', 'chg/out.csv');
    const cpDir = join(dir, 'chg/.out.csv.checkpoint');
    await runAndKill(['run', flow, '--checkpoint'], join(cpDir, 'checkpoint.json'), 1);
    const other = join(dir, 'in2.csv');
    writeFileSync(other, 'id,name,email,phone\n1,A B,a@b.example.com,555-123-4567\n');
    const r = await runCli(['run', flow, '--resume', '--input', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot resume.*input files changed/);
  });
});
