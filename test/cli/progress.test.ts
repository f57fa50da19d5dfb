// Progress reporting: the share of the input read and an ETA, as JSON progress events and as the TTY bar.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/output.ts';
import { runFlow, type RunProgress } from '../../src/flow/run-flow.ts';
import { bin, repoRoot, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rf-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ~9 MB: read in several 1 MB chunks, so progress goes through intermediate fractions.
const rows = Array.from({ length: 100_000 }, (_, i) => `${i},customer ${i},${'x'.repeat(70)}`).join('\n');
writeFileSync(join(dir, 'in.csv'), `id,name,pad\n${rows}\n`);
const flowPath = join(dir, 'copy.yaml');
writeFileSync(flowPath, 'version: 1\nsource: { path: in.csv }\nsteps:\n  - cast: { columns: { id: long } }\nsink: { path: out.csv }\n');

describe('progress', () => {
  it('runFlow reports the share of the input read and an ETA', async () => {
    const seen: RunProgress[] = [];
    await runFlow(flowPath, { batchSize: 2000, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0].fraction).toBeLessThan(1);
    expect(seen.at(-1)).toMatchObject({ rowsIn: 100_000, fraction: 1, etaSeconds: 0 });
    for (const p of seen) {
      expect(p.fraction).toBeGreaterThan(0);
      expect(p.fraction).toBeLessThanOrEqual(1);
      expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction!).toBeGreaterThanOrEqual(seen[i - 1].fraction!);
  });

  it('JSON log mode prints fraction and eta_seconds in progress events', async () => {
    const r = await runCli(['run', flowPath, '--log-format', 'json', '--progress-seconds', '0', '--batch-size', '2000', '--output', join(dir, 'o2.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].fraction).toBeGreaterThan(0);
    expect(progress[0].fraction).toBeLessThanOrEqual(1);
    expect(typeof progress[0].eta_seconds).toBe('number');
  });

  it('on a terminal the bar shows percent, rows/s and ETA', async () => {
    // `script` gives the CLI a pseudo-terminal, as a user's shell would.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} run ${JSON.stringify(flowPath)} --batch-size 2000 --output ${JSON.stringify(join(dir, 'o3.csv'))}`;
    const { stdout } = await promisify(execFile)('script', ['-qfec', cmd, '/dev/null'], { cwd: repoRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    expect(stdout).toMatch(/\[#*-*\]\s+\d+%\s+[\d,]+ rows\s+[\d,]+ rows\/s\s+[\d.]+ s\s+ETA \d+ s/);
    expect(stdout).toMatch(/100000 rows in, 100000 rows out/);
  });

  it('progressLine draws the bar from the fraction and formats long ETAs', () => {
    expect(progressLine({ rowsIn: 1500, rate: 1000, seconds: 1.5, fraction: 0.5, etaSeconds: 4000 })).toBe(
      '\r[############------------]  50%  1,500 rows  1,000 rows/s  1.5 s  ETA 1 h 6 min   ',
    );
    expect(progressLine({ rowsIn: 10, rate: 5, seconds: 2 })).toBe('\r10 rows  5 rows/s  2.0 s   ');
  });
});
