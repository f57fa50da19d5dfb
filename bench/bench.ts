// `npm run bench [-- --quick] [--skip-1m] [--no-optional]`: prints ONE JSON object with rows/s and peak RSS of
//   (a) CSV -> Parquet with no steps (116,000 rows),
//   (b) the seed's flow (cast, combine_columns, redact pii_col with the local detector, no sampling; 116,000 rows),
//   (c) the same on 1,000,000 rows (peak RSS must stay flat: streaming),
//   (d) the papaparse parse-and-write floor on the same CSV,
// plus optional sections from other benches when their modules exist.
// Every measurement runs in its own child process (this file with `--child JOB`), so each peak RSS
// (`process.resourceUsage().maxRSS`, worker threads included) belongs to that run alone.
// Data is generated into tmp/bench/ (gitignored) with examples/generate-customers.ts and reused.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH_DIR = join(ROOT, 'tmp', 'bench');
const TARGET_ROWS_PER_SECOND = 50_000;
const TARGET_PEAK_RSS_MB = 300;

type FlowJob = { kind: 'flow'; flow: string; input: string; output: string; audit?: string };
type FloorJob = { kind: 'papaparse'; input: string; output: string };
type ModuleJob = { kind: 'module'; module: string; export: string; args: unknown[] };
type Job = FlowJob | FloorJob | ModuleJob;

interface ChildResult {
  ok: boolean;
  rows?: number;
  rows_out?: number;
  seconds?: number;
  entities?: number;
  output_bytes?: number;
  result?: unknown;
  max_rss_kb: number;
  /** User + system CPU of the whole child (worker threads included), seconds. */
  cpu_seconds?: number;
  /** Flow jobs: whether the child ran the bundled sources (no TypeScript loader in the process). */
  bundled?: boolean;
  error?: string;
}

export interface Measurement {
  rows: number;
  seconds: number;
  rows_per_second: number;
  peak_rss_mb: number;
  /** Child process wall time including Node/tsx start-up. */
  wall_seconds: number;
  /**
   * CPU seconds of the child (all threads) and rows per CPU second: comparable between runs even when other
   * processes share the machine, unlike rows/s. 1-minute load average when the run started, for context.
   */
  cpu_seconds?: number;
  rows_per_cpu_second?: number;
  load_average?: number;
  entities?: number;
  output_bytes?: number;
  bundled?: boolean;
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const note = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

// ---------------------------------------------------------------------------------------------------------------
// Child side: run one job, print one JSON line.

async function runChild(job: FloorJob | ModuleJob): Promise<ChildResult> {
  const started = performance.now();
  if (job.kind === 'papaparse') {
    const { default: Papa } = await import('papaparse');
    const cpu0 = process.cpuUsage();
    // Parse the CSV as a stream and write it back as CSV: the cost of the bytes alone, no engine.
    const out = createWriteStream(job.output);
    let rows = 0;
    let pending: string[][] = [];
    const flush = async () => {
      if (!pending.length) return;
      const text = Papa.unparse(pending) + '\n';
      pending = [];
      if (!out.write(text)) await once(out, 'drain');
    };
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false });
    const input = createReadStream(job.input);
    input.pipe(parser);
    for await (const row of parser as AsyncIterable<string[]>) {
      rows++;
      pending.push(row);
      if (pending.length >= 4096) await flush();
    }
    await flush();
    out.end();
    await once(out, 'finish');
    const seconds = (performance.now() - started) / 1000;
    return {
      ok: true,
      rows: rows - 1,
      seconds,
      output_bytes: statSync(job.output).size,
      max_rss_kb: process.resourceUsage().maxRSS,
      cpu_seconds: cpuSeconds(process.cpuUsage(cpu0)),
    };
  }
  const mod = (await import(pathToFileURL(job.module).href)) as Record<string, unknown>;
  const fn = mod[job.export];
  if (typeof fn !== 'function') return { ok: false, error: `${job.export} is not exported`, max_rss_kb: process.resourceUsage().maxRSS };
  const result: unknown = await (fn as (...a: unknown[]) => unknown)(...job.args);
  return { ok: true, result, seconds: (performance.now() - started) / 1000, max_rss_kb: process.resourceUsage().maxRSS };
}

// ---------------------------------------------------------------------------------------------------------------
// Parent side.

function spawnChild(job: Job): Promise<{ res: ChildResult; wall: number }> {
  const started = performance.now();
  return new Promise((resolveP, reject) => {
    // Flows run in a plain-JavaScript child from the bundled sources, like the CLI (bench/flow-child.mjs).
    const args = job.kind === 'flow' ? [join(ROOT, 'bench', 'flow-child.mjs'), JSON.stringify(job)] : ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(job)];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolveP({ res: JSON.parse(last) as ChildResult, wall });
      } catch {
        resolveP({ res: { ok: false, error: `child exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`, max_rss_kb: 0 }, wall });
      }
    });
  });
}

async function ensureData(rows: number): Promise<string> {
  const path = join(BENCH_DIR, `customers-${rows}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  note(`generating ${rows} rows into ${path}`);
  const { generateCustomers } = await import('../examples/generate-customers.ts');
  const tmp = `${path}.partial`;
  await generateCustomers({ rows, seed: 42, out: tmp, truth: false });
  renameSync(tmp, path);
  return path;
}

async function measure(label: string, job: FlowJob | FloorJob): Promise<Measurement | { error: string }> {
  note(`${label}: running`);
  const load = loadavg()[0];
  const { res, wall } = await spawnChild(job);
  for (const p of [job.output, 'audit' in job ? job.audit : undefined]) if (p) rmSync(p, { force: true });
  if (!res.ok || res.rows === undefined || res.seconds === undefined) {
    note(`${label}: failed: ${res.error ?? 'no result'}`);
    return { error: res.error ?? 'no result' };
  }
  const m: Measurement = {
    rows: res.rows,
    seconds: round(res.seconds),
    rows_per_second: Math.round(res.rows / res.seconds),
    peak_rss_mb: mb(res.max_rss_kb),
    wall_seconds: round(wall),
    ...(res.cpu_seconds !== undefined ? { cpu_seconds: round(res.cpu_seconds), rows_per_cpu_second: Math.round(res.rows / res.cpu_seconds) } : {}),
    load_average: round(load),
    ...(res.entities !== undefined ? { entities: res.entities } : {}),
    ...(res.output_bytes !== undefined ? { output_bytes: res.output_bytes } : {}),
    ...(res.bundled !== undefined ? { bundled: res.bundled } : {}),
  };
  note(`${label}: ${m.rows_per_second} rows/s, peak RSS ${m.peak_rss_mb} MB`);
  return m;
}

/** Optional benches written by other parts of the project: included when their module exports the function. */
async function optional(file: string, exportName: string, args: unknown[]): Promise<unknown> {
  const path = join(ROOT, 'bench', file);
  if (!existsSync(path)) return { skipped: `bench/${file} not present` };
  note(`${exportName}: running`);
  const { res, wall } = await spawnChild({ kind: 'module', module: path, export: exportName, args });
  if (!res.ok) return { skipped: res.error ?? 'failed' };
  return { result: res.result, peak_rss_mb: mb(res.max_rss_kb), wall_seconds: round(wall) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'skip-1m': { type: 'boolean', default: false },
      /** Skip the other benches (Comprehend emulator, audit, detector speed). */
      'no-optional': { type: 'boolean', default: false },
      child: { type: 'string' },
    },
  });
  if (values.child) {
    let res: ChildResult;
    try {
      res = await runChild(JSON.parse(values.child) as FloorJob | ModuleJob);
    } catch (e) {
      // Engine errors never carry cell content, so the message is safe to pass up.
      res = { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), max_rss_kb: process.resourceUsage().maxRSS };
    }
    process.stdout.write(JSON.stringify(res) + '\n');
    return;
  }

  const quick = values.quick;
  const skipOptional = values['no-optional'];
  const skipped = { skipped: '--no-optional' };
  const small = quick ? 20_000 : 116_000;
  const large = quick ? 100_000 : 1_000_000;
  mkdirSync(join(BENCH_DIR, 'out'), { recursive: true });
  const smallCsv = await ensureData(small);
  const largeCsv = values['skip-1m'] ? null : await ensureData(large);
  const out = (name: string) => join(BENCH_DIR, 'out', name);
  const flows = { copy: join(ROOT, 'flows', 'bench-copy.flow.yaml'), seed: join(ROOT, 'flows', 'bench-seed.flow.yaml') };

  const csvToParquet = await measure(`csv_to_parquet (${small} rows)`, { kind: 'flow', flow: flows.copy, input: smallCsv, output: out('copy.parquet') });
  const seedSmall = await measure(`seed_flow (${small} rows)`, {
    kind: 'flow',
    flow: flows.seed,
    input: smallCsv,
    output: out('seed-small.parquet'),
    audit: out('seed-small.audit.jsonl'),
  });
  const seedLarge = largeCsv
    ? await measure(`seed_flow (${large} rows)`, {
        kind: 'flow',
        flow: flows.seed,
        input: largeCsv,
        output: out('seed-large.parquet'),
        audit: out('seed-large.audit.jsonl'),
      })
    : { skipped: '--skip-1m' };

  let floor: unknown;
  if (existsSync(join(ROOT, 'bench', 'io-bench.ts'))) floor = await optional('io-bench.ts', 'ioBench', [smallCsv]);
  if (!floor || (typeof floor === 'object' && floor !== null && 'skipped' in floor)) {
    floor = await measure(`papaparse floor (${small} rows)`, { kind: 'papaparse', input: smallCsv, output: out('papaparse.csv') });
  }

  const isM = (m: unknown): m is Measurement => typeof m === 'object' && m !== null && 'rows_per_second' in m;
  const report = {
    bench: 'redactflow',
    date: new Date().toISOString(),
    quick,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, total_mem_mb: Math.round(totalmem() / 2 ** 20), node: process.version },
    targets: { rows_per_second: TARGET_ROWS_PER_SECOND, peak_rss_mb: TARGET_PEAK_RSS_MB },
    csv_to_parquet: csvToParquet,
    seed_flow: seedSmall,
    seed_flow_large: seedLarge,
    papaparse_floor: floor,
    checks: {
      seed_flow_rows_per_second_ok: isM(seedSmall) ? seedSmall.rows_per_second >= TARGET_ROWS_PER_SECOND : null,
      seed_flow_peak_rss_ok: isM(seedSmall) ? seedSmall.peak_rss_mb <= TARGET_PEAK_RSS_MB : null,
      seed_flow_large_peak_rss_ok: isM(seedLarge) ? seedLarge.peak_rss_mb <= TARGET_PEAK_RSS_MB : null,
      // Streaming: peak RSS on ~9x the rows stays within 25% of the small run.
      rss_flat: isM(seedSmall) && isM(seedLarge) ? seedLarge.peak_rss_mb <= seedSmall.peak_rss_mb * 1.25 : null,
      rss_ratio_large_vs_small: isM(seedSmall) && isM(seedLarge) ? round(seedLarge.peak_rss_mb / seedSmall.peak_rss_mb) : null,
    },
    comprehend: skipOptional ? skipped : await optional('comprehend-bench.ts', 'comprehendBench', [{ rows: small, skipEquality: quick }]),
    audit: skipOptional ? skipped : await optional('audit-bench.ts', 'auditBench', [{ quick, rows: small }]),
    detector_speed: skipOptional ? skipped : await optional('detector-speed.ts', 'detectorSpeed', [{ quick, rows: small }]),
  };
  const text = JSON.stringify(report, null, 2) + '\n';
  // A copy for comparing runs; stdout stays the one JSON object.
  writeFileSync(join(BENCH_DIR, quick ? 'last-quick.json' : 'last.json'), text);
  process.stdout.write(text);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
