// No Docker engine here: the Dockerfile is kept honest by parsing it. Every path it copies from the build
// context exists in the repo and is in what `npm pack` ships (package.json "files"); the final stage is
// node:20-slim with production dependencies only, no npm, a non-root user and the exec-form entrypoint; and
// the shipped code imports nothing outside `dependencies`.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/cli.ts';
import { REDACT_EMAIL_FLOW, customersCsv, makeOptMl, under } from './opt-ml.ts';

interface Instruction {
  op: string;
  args: string;
  line: number;
}
interface Stage {
  image: string;
  name?: string;
  body: Instruction[];
}

/** Dockerfile → stages (continuations joined, comments dropped, global ARG defaults substituted in FROM). */
function parseDockerfile(text: string): { stages: Stage[]; args: Record<string, string> } {
  const instructions: Instruction[] = [];
  let buf = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (buf === '' && (line === '' || line.startsWith('#'))) return;
    if (line.startsWith('#')) return; // comment inside a continued instruction
    if (buf === '') start = i + 1;
    buf += (buf ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      const m = /^(\S+)\s*(.*)$/.exec(buf)!;
      instructions.push({ op: m[1].toUpperCase(), args: m[2], line: start });
      buf = '';
    }
  });
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'ARG' && stages.length === 0) {
      const [k, v] = ins.args.split('=');
      args[k] = v ?? '';
    } else if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args)!;
      stages.push({ image: m[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args[a ?? b] ?? ''), name: m[2], body: [] });
    } else stages.at(-1)!.body.push(ins);
  }
  return { stages, args };
}

/** COPY/ADD → flags + sources + destination (exec/JSON form and shell form). */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

const dockerfile = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
};
let packed: string[] = [];

beforeAll(async () => {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, maxBuffer: 64 << 20 });
  packed = (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}, 120_000);

describe('Dockerfile', () => {
  const final = dockerfile.stages.at(-1)!;
  const contextCopies = dockerfile.stages.flatMap((s) => s.body.filter((i) => i.op === 'COPY' || i.op === 'ADD').map((i) => ({ stage: s, ins: i, ...copyParts(i.args) }))).filter((c) => c.from === undefined);

  it('is multi-stage on node:20-slim', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const s of dockerfile.stages) expect(s.image).toBe('node:20-slim');
  });

  it('copies only paths that exist in the repo and that npm pack ships (the lockfile: tracked, never packed)', async () => {
    expect(contextCopies.length).toBeGreaterThan(3);
    expect(dockerfile.stages.flatMap((s) => s.body).filter((i) => i.op === 'ADD')).toEqual([]); // no remote URLs or tar magic
    const { stdout } = await promisify(execFile)('git', ['ls-files', 'package-lock.json'], { cwd: repoRoot });
    for (const c of contextCopies) {
      for (const src of c.sources) {
        const clean = src.replace(/^\.\//, '').replace(/\/$/, '');
        expect(existsSync(join(repoRoot, clean)), `COPY ${src} (line ${c.ins.line}) exists`).toBe(true);
        if (clean === 'package-lock.json') {
          expect(stdout.trim()).toBe('package-lock.json');
          continue;
        }
        const inPack = statSync(join(repoRoot, clean)).isDirectory() ? packed.some((p) => p.startsWith(`${clean}/`)) : packed.includes(clean);
        expect(inPack, `COPY ${src} (line ${c.ins.line}) is in npm pack`).toBe(true);
      }
    }
    // And the reverse: every top-level path npm ships reaches the image (docs excepted).
    const copied = new Set(contextCopies.flatMap((c) => c.sources.map((s) => s.replace(/^\.\//, '').replace(/\/$/, ''))));
    const tops = new Set(packed.map((p) => p.split('/')[0]));
    for (const t of tops) if (!/\.md$/i.test(t)) expect(copied.has(t), `${t} (npm pack) is copied into the image`).toBe(true);
  });

  it('installs production dependencies with npm ci --omit=dev in a build stage; the final stage has no npm and no dev tools', () => {
    const deps = dockerfile.stages.find((s) => s.body.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args)))!;
    expect(deps).toBeDefined();
    expect(deps).not.toBe(final);
    const ci = deps.body.find((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args))!;
    expect(ci.args).toMatch(/--omit=dev/);
    expect(deps.body.some((i) => i.op === 'COPY' && /package-lock\.json/.test(i.args))).toBe(true);
    const fromDeps = final.body.map((i) => (i.op === 'COPY' ? copyParts(i.args) : null)).filter((c) => c?.from !== undefined);
    expect(fromDeps).toEqual([{ from: deps.name, sources: ['/app/node_modules'], dest: './node_modules' }]);
    const runs = final.body.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /rm -rf[^&]*\/usr\/local\/lib\/node_modules\/npm/.test(r) && /\/usr\/local\/bin\/npx/.test(r))).toBe(true);
    for (const r of runs) expect(r).not.toMatch(/apt-get install|npm (ci|install|i)\b|yarn add|pip install/);
  });

  it('runs as a non-root user with the exec-form entrypoint on a file the image contains', () => {
    const users = final.body.filter((i) => i.op === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    const entry = final.body.filter((i) => i.op === 'ENTRYPOINT');
    expect(entry).toHaveLength(1);
    expect(JSON.parse(entry[0].args)).toEqual(['node', '/app/bin/redactflow.js', 'sagemaker']);
    const workdir = final.body.find((i) => i.op === 'WORKDIR')!.args;
    expect(workdir).toBe('/app');
    const bin = contextCopies.find((c) => c.stage === final && c.sources.includes('bin'))!;
    expect(bin.dest).toBe('./bin');
    expect(existsSync(join(repoRoot, 'bin', 'redactflow.js'))).toBe(true);
    expect(packed).toContain('bin/redactflow.js');
  });

  it('tsx (the runtime loader of bin/redactflow.js) is a production dependency', () => {
    expect(readFileSync(join(repoRoot, 'bin', 'redactflow.js'), 'utf8')).toContain("import('tsx/esm/api')");
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.devDependencies.tsx).toBeUndefined();
  });

  it('the shipped code imports only production dependencies and Node built-ins', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const bad: string[] = [];
    const seen = new Set<string>();
    let files = 0;
    const scan = (dir: string): void => {
      for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) scan(rel);
        else if (/\.(ts|js|mjs)$/.test(e.name) && packed.includes(rel)) {
          const text = readFileSync(join(repoRoot, rel), 'utf8');
          files++;
          // Static imports and literal dynamic imports (`import type` is erased at run time).
          for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
            const spec = m[1] ?? m[2];
            if (spec.startsWith('.') || spec.startsWith('/') || builtins.has(spec)) continue;
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            seen.add(name);
            if (!(name in pkg.dependencies)) bad.push(`${rel}: ${spec}`);
          }
        }
      }
    };
    for (const d of ['bin', 'src', 'transforms']) scan(d);
    expect(bad).toEqual([]);
    expect(files).toBeGreaterThan(50);
    for (const d of ['zod', 'tsx', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'commander']) expect(seen).toContain(d);
  });

  it('.dockerignore keeps node_modules, outputs, temp files and test data out of the build context', () => {
    const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['node_modules', 'out', 'tmp', 'test', 'examples/data', '.git']) expect(ignore).toContain(p);
  });

  it('the image\'s file set (npm pack contents + production node_modules only) runs the entrypoint', async () => {
    const run = promisify(execFile);
    const work = mkdtempSync(join(tmpdir(), 'rf-image-'));
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, maxBuffer: 64 << 20 });
    const tgz = (JSON.parse(stdout) as { filename: string }[])[0].filename;
    await run('tar', ['xzf', join(work, tgz), '-C', work]);
    const app = join(work, 'package'); // what COPY puts in /app
    // node_modules as `npm ci --omit=dev` leaves it: the production dependency tree only.
    const prod = (await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, maxBuffer: 64 << 20 }).catch((e: { stdout: string }) => e)).stdout
      .split('\n')
      .filter((p) => /\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(p) && dirname(p).replace(/\/@[^/]+$/, '') === join(repoRoot, 'node_modules'));
    for (const p of prod) {
      const link = join(app, 'node_modules', relative(join(repoRoot, 'node_modules'), p));
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(p, link, 'dir');
    }
    for (const dev of Object.keys(pkg.devDependencies)) expect(existsSync(join(app, 'node_modules', dev)), `${dev} is not installed`).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(true);

    const root = makeOptMl({
      host: 'algo-1',
      hosts: ['algo-1'],
      inputs: [{ name: 'data', localPath: '/opt/ml/processing/input/data', files: { 'c.csv': customersCsv(31, 1, 20) } }],
      outputs: [{ name: 'output', localPath: '/opt/ml/processing/output/data' }],
      environment: { REDACTFLOW_FLOW: REDACT_EMAIL_FLOW('out.parquet') },
    });
    const r = await run(process.execPath, [join(app, 'bin', 'redactflow.js'), 'sagemaker'], { cwd: app, env: { ...process.env, REDACTFLOW_OPT_ML: root, REDACTFLOW_FLOW: undefined } });
    expect(r.stdout).toContain('"event":"job_completed"');
    const out = under(root, '/opt/ml/processing/output/data');
    expect(readdirSync(out)).toEqual(['_audit', 'part-algo-1.parquet']); // no `audit` output: the audit goes to _audit/
    expect(existsSync(join(out, '_audit', 'algo-1', 'audit-algo-1.jsonl'))).toBe(true);
    rmSync(work, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }, 120_000);
});
