// The embedded `local` detector: pattern recognizers with validators and context (plus the NAME/ADDRESS
// recognizers), no network, no model download. Small batches run inline; large batches are split across
// worker threads that run the same code (detect-core.ts), so results do not depend on the worker count.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DetectOptions, DetectResult, Detector, DetectorStats } from '../detector.ts';
import type { LocalDetectorConfig } from '../detector-config.ts';
import { isPiiType, type PiiType } from '../pii-types.ts';
import { DetectorError, RedactflowError } from '../../errors.ts';
import { VERSION } from '../../version.ts';
import { ResultDecoder, type EncodedResults } from './result-codec.ts';
import { workerBundle } from './worker-bundle.ts';

/** Batches at least this large are split across the worker threads. */
export const WORKER_BATCH_THRESHOLD = 2000;
/** Once the workers run, batches at least this large go to them whatever the threshold. */
const MIN_WORKER_BATCH = 64;

export interface LocalDetectorOptions extends Partial<LocalDetectorConfig> {
  /** Override of the worker threshold (tests use a small one). */
  workerThreshold?: number;
}

interface Pending {
  resolve(r: DetectResult[]): void;
  reject(e: Error): void;
}

/**
 * Fallback when the worker cannot be bundled (worker-bundle.ts): worker threads do not inherit the main
 * thread's TypeScript loader (tsx under `bin/redactflow.js`, vite under vitest), and `--import` in a worker's
 * execArgv is not honoured for the entry module on Node 20: a tiny bootstrap registers tsx in the worker, then
 * imports the TypeScript worker module.
 */
function bootstrapCode(): string {
  const req = createRequire(import.meta.url);
  // The ESM build of tsx's API (the package's `import` condition; createRequire resolves the CJS one).
  const tsxApi = new URL('dist/esm/api/index.mjs', pathToFileURL(req.resolve('tsx/package.json'))).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_ENTRY.href)}); })` +
    `.catch((e) => { process.nextTick(() => { throw e; }); });`;
}

const WORKER_ENTRY = new URL('./detect-worker.ts', import.meta.url);

type Core = Pick<typeof import('./detect-core.ts'), 'detectBatch' | 'selectRecognizers'>;
let core: Promise<Core> | null = null;

/**
 * The recognizers for the main thread: from the worker bundle (it re-exports detect-core) when it can be had,
 * which loads in ~40 ms instead of ~400 ms of TypeScript modules through tsx; else the TypeScript sources.
 * Same code either way, so inline and worker results stay identical.
 */
function loadCore(): Promise<Core> {
  core ??= (async (): Promise<Core> => {
    const bundle = await workerBundle(WORKER_ENTRY);
    if (bundle) {
      try {
        const m = (await import(pathToFileURL(bundle).href)) as Partial<Core>;
        if (typeof m.detectBatch === 'function' && typeof m.selectRecognizers === 'function') return m as Core;
      } catch {
        // Fall back to the sources below.
      }
    }
    return import('./detect-core.ts');
  })();
  return core;
}

interface WorkerMessage {
  id?: number;
  ready?: boolean;
  results?: EncodedResults;
}

class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly decoders: ResultDecoder[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;
  /** Resolves when every worker has loaded its modules (start-up time is reported in the stats). */
  readonly ready: Promise<void>;
  startupMs = 0;
  bundled = false;

  constructor(size: number, types: string[] | undefined) {
    const t0 = performance.now();
    this.ready = workerBundle(WORKER_ENTRY).then(async (bundle) => {
      this.bundled = bundle !== null;
      const started: Promise<void>[] = [];
      for (let i = 0; i < size; i++) started.push(this.spawn(bundle, types));
      await Promise.all(started);
      this.startupMs = performance.now() - t0;
    });
    // Failures surface through run(); an unobserved rejection here must not crash the process.
    this.ready.catch(() => undefined);
  }

  private spawn(bundle: string | null, types: string[] | undefined): Promise<void> {
    const opts = { workerData: { types }, resourceLimits: WORKER_LIMITS };
    const w = bundle ? new Worker(pathToFileURL(bundle), opts) : new Worker(bootstrapCode(), { ...opts, eval: true });
    w.unref();
    const decoder = new ResultDecoder();
    this.workers.push(w);
    this.decoders.push(decoder);
    return new Promise((resolve, reject) => {
      w.on('message', (msg: WorkerMessage) => {
        if (msg.ready) return resolve();
        if (msg.id === undefined) return;
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (this.pending.size === 0) this.setRef(false);
        try {
          p.resolve(msg.results ? decoder.decode(msg.results) : []);
        } catch (e) {
          p.reject(e as Error);
        }
      });
      w.on('error', (e) => {
        this.fail(e);
        reject(e);
      });
      w.on('exit', (code) => {
        const e = new Error(`worker exited with code ${code}`);
        if (code !== 0) this.fail(e);
        reject(e);
      });
    });
  }

  /** Idle workers must not keep the process alive; busy ones must (an awaited result is not a handle). */
  private setRef(on: boolean): void {
    for (const w of this.workers) {
      if (on) w.ref();
      else w.unref();
    }
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  get size(): number {
    return this.workers.length;
  }

  run(workerIndex: number, texts: readonly (string | null)[]): Promise<DetectResult[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.setRef(true);
      this.pending.set(id, { resolve, reject });
      // The texts array as is: cloning it costs the main thread about half of joining it into one string
      // first (String#join of thousands of cells) and then cloning that.
      this.workers[workerIndex].postMessage({ id, list: texts });
    });
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    const ws = this.workers.splice(0);
    this.failed = new Error('detector closed');
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/**
 * Per-worker heap cap: a worker holds the recognizers' tables and one batch; a runaway must fail that batch
 * (the detector reports a worker failure) rather than grow the process without bound. A small young generation
 * (8 MB instead of V8's default for a big host) keeps each worker's resident memory ~20 MB lower at no
 * measurable cost: detection garbage dies young.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 };

export async function createLocalDetector(config: LocalDetectorOptions = {}): Promise<Detector> {
  const types = config.types?.length ? config.types : undefined;
  if (types) {
    const bad = types.filter((t) => !isPiiType(t));
    if (bad.length) throw new RedactflowError('DETECTOR_CONFIG', `local detector: unknown PII type(s): ${bad.join(', ')}`, { exitCode: 2 });
  }
  // The recognizers are loaded on the main thread only when a batch is detected inline (~20 MB of tables a
  // flow whose batches all go to the workers does not need twice).
  let inlineCore: Promise<(batch: readonly (string | null)[]) => DetectResult[]> | null = null;
  const detectInline = async (batch: readonly (string | null)[]): Promise<DetectResult[]> => {
    inlineCore ??= loadCore().then(({ detectBatch, selectRecognizers }) => {
      const recognizers = selectRecognizers(types);
      return (b) => detectBatch(b, recognizers, typeSet);
    });
    return (await inlineCore)(batch);
  };
  const typeSet = types ? new Set(types as PiiType[]) : undefined;
  const workerCount = config.workers ?? availableParallelism();
  const threshold = config.workerThreshold ?? WORKER_BATCH_THRESHOLD;
  let pool: WorkerPool | null = null;
  let texts = 0;
  let chars = 0;
  let workerBatches = 0;

  const detector: Detector = {
    name: 'local',
    version: VERSION,
    async detect(batch: readonly (string | null)[], options?: DetectOptions): Promise<DetectResult[]> {
      if (options?.signal?.aborted) throw new RedactflowError('ABORTED', 'local detector: aborted');
      texts += batch.length;
      for (const t of batch) if (t) chars += t.length;
      // Small batches run inline (a library call with a few texts should not start threads), except once the
      // workers are running: a flow's last, partial batch then goes to them instead of the busy main thread.
      if (workerCount < 1 || (batch.length < threshold && !(pool && batch.length >= MIN_WORKER_BATCH))) return detectInline(batch);
      pool ??= new WorkerPool(workerCount, types);
      try {
        await pool.ready;
      } catch (e) {
        throw new DetectorError('local', `worker thread failed to start: ${(e as Error).message}`, { cause: e });
      }
      workerBatches++;
      const n = pool.size;
      const chunk = Math.ceil(batch.length / n);
      const parts: Promise<DetectResult[]>[] = [];
      for (let w = 0; w < n && w * chunk < batch.length; w++) {
        parts.push(pool.run(w, batch.slice(w * chunk, (w + 1) * chunk)));
      }
      try {
        return (await Promise.all(parts)).flat();
      } catch (e) {
        throw new DetectorError('local', `worker thread failed: ${(e as Error).message}`, { cause: e });
      }
    },
    stats(): DetectorStats {
      return {
        texts,
        chars,
        worker_batches: workerBatches,
        ...(pool && pool.startupMs > 0 ? { worker_startup_ms: Math.round(pool.startupMs), worker_bundled: pool.bundled ? 1 : 0 } : {}),
      };
    },
    async close(): Promise<void> {
      if (pool) await pool.close();
      pool = null;
    },
  };
  return detector;
}
