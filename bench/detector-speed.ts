// Local detector speed: start-up time and RSS (fresh import + create + first detect), cells/s on one core
// (inline) and with worker threads, on cells shaped like the seed's ~110-character `pii_col`: a small
// synthetic set (10 first/last names: it hits the recognizers' caches) and REAL cells built like the seed's
// pii_col from the generated customers table (tmp/bench/customers-*.csv, seed 42; 20,000 rows are generated
// when no table is there). Rates are given per wall second and per CPU-second of the whole process.
// Usage: tsx bench/detector-speed.ts [--cells N]   Prints one JSON object. `npm run bench` calls
// `detectorSpeed({ quick, rows })` in a fresh process.
import { existsSync, renameSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/util/prng.ts';

const BENCH_DIR = fileURLToPath(new URL('../tmp/bench/', import.meta.url));

/**
 * `n` real pii_col cells: "<name> is a <job> who lives at <street> and can be emailed at <email>" over the
 * first rows of the generated customers table (the largest one present, else 20,000 rows generated now).
 */
export async function realPiiCells(n: number): Promise<string[]> {
  let path = [116_000, 100_000, 20_000].map((r) => join(BENCH_DIR, `customers-${r}.csv`)).find((p) => existsSync(p) && statSync(p).size > 0);
  if (!path) {
    path = join(BENCH_DIR, 'customers-20000.csv');
    const { generateCustomers } = await import('../examples/generate-customers.ts');
    const tmp = `${path}.partial`;
    await generateCustomers({ rows: 20_000, seed: 42, out: tmp, truth: false });
    renameSync(tmp, path);
  }
  const { openSource } = await import('../src/io/open-table.ts');
  const source = await openSource({ path });
  const cells: string[] = [];
  const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  outer: for await (const batch of source.batches()) {
    for (const r of batch.rows) {
      cells.push(`${str(r.customer_name)} is a ${str(r.customer_job)} who lives at ${str(r.billing_street)} and can be emailed at ${str(r.customer_email)}`);
      if (cells.length >= n) break outer;
    }
  }
  // Fewer rows than asked: repeat (a 20,000-row table still gives 20,000 distinct cells).
  for (let i = 0; cells.length < n; i++) cells.push(cells[i]);
  return cells;
}

export async function detectorSpeed(opts: { quick?: boolean; rows?: number; cells?: number } = {}): Promise<Record<string, number>> {
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  const { createLocalDetector } = await import('../src/detect/local/local-detector.ts');
  const inline = await createLocalDetector({ workers: 0 });
  await inline.detect(['Jane Doe is a Engineer, civil who lives at 123 Main St and can be emailed at jane@example.com']);
  const startupMs = performance.now() - t0;
  const startupRssMb = process.memoryUsage().rss / 1e6;

  const N = opts.cells ?? (opts.quick ? 20_000 : Math.min(opts.rows ?? 100_000, 100_000));

  // Seeded synthetic cells in the seed's template (our own small word lists, not the faker generator's).
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const first = ['Jane', 'John', 'Maria', 'Wei', 'Aisha', 'Carlos', 'Olga', 'Kwame', 'Priya', 'Liam'];
  const last = ['Doe', 'Smith', 'Garcia', 'Chen', 'Khan', 'Silva', 'Ivanova', 'Mensah', 'Patel', 'Murphy'];
  const jobs = ['Engineer, civil', 'Teacher', 'Nurse, adult', 'Accountant', 'Chef', 'Pilot, airline', 'Data scientist'];
  const streets = ['Main St', 'Oak Avenue', 'Maple Rd', 'Elm Street', 'Cedar Lane', 'Park Blvd'];
  const domains = ['example.com', 'example.org', 'mail.example.net'];
  const cells: string[] = [];
  for (let i = 0; i < N; i++) {
    const f = pick(first);
    const l = pick(last);
    cells.push(`${f} ${l} is a ${pick(jobs)} who lives at ${1 + Math.floor(rnd() * 9999)} ${pick(streets)} and can be emailed at ${f.toLowerCase()}.${l.toLowerCase()}${Math.floor(rnd() * 100)}@${pick(domains)}`);
  }
  const avgLen = cells.reduce((n, c) => n + c.length, 0) / cells.length;

  async function rate(
    detect: (b: string[]) => Promise<unknown>,
    batch: number,
    set: readonly string[] = cells,
    warm: readonly string[] = set.slice(0, batch),
  ): Promise<{ wall: number; cpu: number }> {
    // Warm-up (JIT, worker start) on the first batch (real cells: on other cells), then time the full set.
    await detect(warm.slice());
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < set.length; i += batch) await detect(set.slice(i, i + batch));
    const cu = process.cpuUsage(c);
    return {
      wall: Math.round(set.length / ((performance.now() - t) / 1000)),
      // Cells per CPU-second of the process (all its threads: workers and GC included): meaningful even when
      // other processes compete for the cores.
      cpu: Math.round(set.length / ((cu.user + cu.system) / 1e6)),
    };
  }

  const oneCore = await rate((b) => inline.detect(b), 4096);
  // The pattern recognizers alone (every type but NAME and ADDRESS), to see where the time goes.
  const { PII_TYPES } = await import('../src/detect/pii-types.ts');
  const patternsOnly = await createLocalDetector({ workers: 0, types: PII_TYPES.filter((t) => t !== 'NAME' && t !== 'ADDRESS') });
  const patterns = await rate((b) => patternsOnly.detect(b), 4096);
  const workers = availableParallelism();
  const pooled = await createLocalDetector({ workers });
  const w0 = performance.now();
  await pooled.detect(cells.slice(0, 4096));
  const workerFirstBatchMs = performance.now() - w0;
  const workerStats = pooled.stats?.() ?? {};
  const withWorkers = await rate((b) => pooled.detect(b), 20_000);

  // Real pii_col cells (no repeated names: the recognizers' caches do not help).
  // Warm-up on cells after the timed ones: the timed cells are unseen, as in a real table.
  const realN = opts.quick ? 10_000 : 20_000;
  // The seed's whole table (116,000 cells) when not quick: the cells after the ones timed below are the stream.
  const realAll = await realPiiCells(opts.quick ? realN + 3 * 4096 : 116_000);
  const real = realAll.slice(0, realN);
  const warm = (k: number): string[] => realAll.slice(realN + k * 4096, realN + (k + 1) * 4096);
  const realAvgLen = real.reduce((n, c) => n + c.length, 0) / real.length;
  const realOneCore = await rate((b) => inline.detect(b), 4096, real, warm(0));
  const realPatterns = await rate((b) => patternsOnly.detect(b), 4096, real, warm(1));
  // Batches of 4096 cells, as the engine's redact step sends them.
  const realWorkers = await rate((b) => pooled.detect(b), 4096, real, warm(2));
  await pooled.close?.();
  // Steady state on one core: the rest of the seed's table as one stream of unseen cells (a 116k-row run is
  // mostly this; the 20,000-cell figures above include the recognizers' caches filling from cold).
  const stream = realAll.slice(realN + 3 * 4096);
  const realStream = stream.length >= 4096 ? await rate((b) => inline.detect(b), 4096, stream, []) : null;

  // The Comprehend emulator packs cells into ~100 KB texts: one packed text must cost about what its cells cost.
  const packed: string[] = [];
  for (let i = 0, len = 0; len < 100_000; i++) {
    packed.push(cells[i % cells.length]);
    len += cells[i % cells.length].length + 1;
  }
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    await f();
    const t = performance.now();
    for (let k = 0; k < 3; k++) await f();
    return (performance.now() - t) / 3;
  };
  const packedMs = await time(() => inline.detect([packed.join('\n')]));
  const splitMs = await time(() => inline.detect(packed));
  await inline.close?.();

  return {
    cells: N,
    avg_cell_chars: Math.round(avgLen),
    startup_ms: Math.round(startupMs),
    startup_rss_mb: Math.round(startupRssMb),
    startup_rss_delta_mb: Math.round((startupRssMb * 1e6 - rss0) / 1e6),
    cells_per_s_1_core: oneCore.wall,
    cells_per_cpu_s_1_core: oneCore.cpu,
    cells_per_cpu_s_patterns_only: patterns.cpu,
    workers,
    cells_per_s_workers: withWorkers.wall,
    cells_per_cpu_s_workers: withWorkers.cpu,
    real_cells: real.length,
    real_avg_cell_chars: Math.round(realAvgLen),
    real_cells_per_s_1_core: realOneCore.wall,
    real_cells_per_cpu_s_1_core: realOneCore.cpu,
    real_cells_per_cpu_s_patterns_only: realPatterns.cpu,
    ...(realStream ? { real_stream_cells: stream.length, real_stream_cells_per_s_1_core: realStream.wall, real_stream_cells_per_cpu_s_1_core: realStream.cpu } : {}),
    real_cells_per_s_workers_batch_4096: realWorkers.wall,
    real_cells_per_cpu_s_workers_batch_4096: realWorkers.cpu,
    worker_startup_ms: workerStats.worker_startup_ms ?? -1,
    worker_bundled: workerStats.worker_bundled ?? -1,
    worker_first_batch_ms: Math.round(workerFirstBatchMs),
    packed_100kb_ms: Math.round(packedMs),
    split_100kb_ms: Math.round(splitMs),
    peak_rss_mb: Math.round(process.memoryUsage().rss / 1e6),
    load_average_1m: Number(loadavg()[0].toFixed(2)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argN = process.argv.indexOf('--cells');
  const result = await detectorSpeed(argN > 0 ? { cells: Number(process.argv[argN + 1]) } : {});
  console.log(JSON.stringify({ bench: 'detector-speed', ...result }));
}
