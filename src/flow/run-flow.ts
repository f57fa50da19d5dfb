// The runner: source → steps → sink, batch by batch, with the audit streamed beside it. Everything that can be
// checked before reading data is (flow, operators' keys, detectors), outputs are written under temporary
// names and only moved into place when the whole run succeeded.
import { randomUUID } from 'node:crypto';
import { extname, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { loadFlow, type LoadedFlow, type ResolvedStep } from './load-flow.ts';
import type { StepContext } from './step-context.ts';
import type { Stage } from '../../transforms/transform.ts';
import type { Batch } from '../table/batch.ts';
import { openSink, openSource } from '../io/open-table.ts';
import { removeStalePartials } from '../io/local-file.ts';
import type { TableSink, TableSource } from '../io/table-io.ts';
import { openAuditWriter, type AuditWriter } from '../audit/audit-writer.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import { createDetector } from '../detect/create-detector.ts';
import type { Detector } from '../detect/detector.ts';
import { detectorRefSchema, type AnyDetectorConfig } from '../detect/detector-config.ts';
import { emptyDecisionCounts, type RunSummary } from '../run-summary.ts';
import { RedactflowError, isRedactflowError } from '../errors.ts';
import { Checkpoint, defaultCheckpointDir, inputIdentity } from './checkpoint.ts';
import { HeapGovernor, heapBudgetMb } from './heap-governor.ts';

/**
 * Rows per batch by default. A run holds ~4 batches at once (read ahead, in the steps, awaiting detection, being
 * written): 2,048 keeps the seed flow's live heap near 30 MB (4,096 measured ~25 MB more peak RSS, same speed);
 * large enough that worker threads and Comprehend requests stay full.
 */
export const DEFAULT_BATCH_ROWS = 2048;

export interface RunProgress {
  rowsIn: number;
  rowsOut: number;
  seconds: number;
  /** Rows per second so far. */
  rate: number;
  /** Share of the input's bytes read so far (0-1), when the input sizes are known. */
  fraction?: number;
  /** Seconds left, extrapolated from `fraction` (absent until some input has been read). */
  etaSeconds?: number;
}

export type LogFn = (event: string, fields?: Record<string, unknown>) => void;

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Override the flow's source path (relative to the working directory). */
  input?: string;
  /** Override the flow's sink path. */
  output?: string;
  /** Override the flow's audit path. */
  audit?: string;
  /** Replace every redact step's detector: `local`, `comprehend`, ... or a full config. */
  detector?: string | AnyDetectorConfig;
  /** Count what detection would cost without calling any service; writes nothing. */
  dryRun?: boolean;
  /** Rows per batch (default: the flow's options.batch_size or DEFAULT_BATCH_ROWS). */
  batchSize?: number;
  log?: LogFn;
  /** Run id to use (resume keeps the original); default a new UUID. */
  runId?: string;
  /** Checkpoint committed work so a killed run can resume: a folder, or true for the default beside the sink. */
  checkpoint?: string | boolean;
  /** Continue from the checkpoint (starts fresh, checkpointed, when there is none). */
  resume?: boolean;
  /**
   * JavaScript heap budget in MB (default REDACTFLOW_HEAP_BUDGET_MB or 48; 0 = leave it to V8): between
   * batches the runner triggers a full garbage collection when the heap in use is above it (heap-governor.ts).
   */
  heapBudgetMb?: number;
}

const noop: LogFn = () => {};

export function resolveDetectorOverride(d: RunOptions['detector']): AnyDetectorConfig | undefined {
  if (d === undefined) return undefined;
  const parsed = detectorRefSchema.safeParse(d);
  if (!parsed.success) throw new RedactflowError('USAGE', `--detector: unknown detector "${String(typeof d === 'string' ? d : d.type)}", expected local, comprehend or macie_custom`, { exitCode: 2 });
  return parsed.data;
}

/** Shared detector instances for a run: one per distinct config; closed at the end. */
class DetectorPool {
  private readonly byKey = new Map<string, Promise<Detector>>();
  constructor(
    private readonly baseDir: string,
    private readonly dryRun: boolean,
  ) {}
  get(config: AnyDetectorConfig): Promise<Detector> {
    const key = JSON.stringify(config);
    let d = this.byKey.get(key);
    if (!d) {
      d = this.dryRun && config.type === 'comprehend' ? createDryRun(config) : createDetector(config, { baseDir: this.baseDir });
      this.byKey.set(key, d);
    }
    return d;
  }
  async all(): Promise<Detector[]> {
    return Promise.all(this.byKey.values());
  }
  async close(): Promise<void> {
    const ds = await Promise.allSettled(this.byKey.values());
    await Promise.all(ds.map((d) => (d.status === 'fulfilled' ? d.value.close?.() : undefined)));
  }
}

async function createDryRun(config: Extract<AnyDetectorConfig, { type: 'comprehend' }>): Promise<Detector> {
  const mod = await import('../detect/comprehend/cost.ts');
  return mod.createComprehendDryRunDetector(config);
}

/** One stage per step, in order (a step that cannot start is named in the error). */
async function buildStages(p: Pipeline, ctx: Omit<StepContext, 'stepIndex'>): Promise<void> {
  for (const step of p.steps) {
    try {
      p.stages.push(await stageOf(step, { ...ctx, stepIndex: step.index }));
    } catch (e) {
      throw wrapStepError(e, step);
    }
  }
}

function stageOf(step: ResolvedStep, ctx: StepContext): Stage | Promise<Stage> {
  const t = step.transform;
  if (t.stage) return t.stage(step.options, ctx);
  const apply = t.apply!;
  return { push: async (b: Batch) => [await apply(b, step.options, ctx)] };
}

/** Reads ahead so parsing the next batch overlaps detection of the current one. */
async function* prefetch<T>(it: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const iter = it[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  const fill = () => {
    while (queue.length < depth) queue.push(iter.next());
  };
  try {
    fill();
    for (;;) {
      const r = await queue.shift()!;
      if (r.done) return;
      fill();
      yield r.value;
    }
  } finally {
    // Settle anything still in flight so a reader error does not surface as an unhandled rejection.
    await Promise.allSettled(queue);
    await iter.return?.();
  }
}

function checkColumns(steps: ResolvedStep[], fields: string[], file: string): void {
  let cols = fields;
  for (const s of steps) {
    if (!s.transform.columns) return; // a custom step without a declaration: checked at run time instead
    const { requires, output } = s.transform.columns(s.options, cols);
    for (const c of requires) {
      if (!cols.includes(c)) {
        throw new RedactflowError('COLUMN_MISSING', `step ${s.index + 1} (${s.name}): column "${c}" is not in the table (from ${file}); available: ${cols.join(', ')}`);
      }
    }
    cols = output;
  }
}

interface Tally {
  counts: RunSummary['counts'];
}

function tallyingAudit(inner: AuditWriter, tally: Tally): AuditWriter {
  return {
    get path() {
      return inner.path;
    },
    get count() {
      return inner.count;
    },
    fingerprint: inner.fingerprint?.bind(inner),
    async write(records: readonly AuditRecord[]) {
      for (const r of records) {
        const byCol = (tally.counts[r.type] ??= {});
        const c = (byCol[r.column] ??= emptyDecisionCounts());
        c[r.decision]++;
      }
      await inner.write(records);
    },
    close: (s) => inner.close(s),
    abort: () => inner.abort(),
  };
}

function defaultAuditPath(sinkPath: string): string {
  if (sinkPath.startsWith('s3://')) return resolve('audit.jsonl');
  const base = sinkPath.slice(0, sinkPath.length - extname(sinkPath).length);
  return `${base}.audit.jsonl`;
}

interface Pipeline {
  stages: Stage[];
  steps: ResolvedStep[];
}

/** Pushes batches through stages [from, to), returning what comes out of the last one. */
async function pushThrough(p: Pipeline, from: number, batches: Batch[], to = p.stages.length): Promise<Batch[]> {
  let cur = batches;
  for (let i = from; i < to && cur.length; i++) {
    const next: Batch[] = [];
    for (const b of cur) {
      try {
        next.push(...(await p.stages[i].push(b)));
      } catch (e) {
        throw wrapStepError(e, p.steps[i]);
      }
    }
    cur = next;
  }
  return cur;
}

/** Ends stages [from, to) in order; what each holds back flows through the rest of the range into `emit`. */
async function endAll(p: Pipeline, emit: (b: Batch[]) => Promise<void>, from = 0, to = p.stages.length): Promise<void> {
  for (let i = from; i < to; i++) {
    let held: Batch[];
    try {
      held = (await p.stages[i].end?.()) ?? [];
    } catch (e) {
      throw wrapStepError(e, p.steps[i]);
    }
    if (held.length) await emit(await pushThrough(p, i + 1, held, to));
  }
}

function wrapStepError(e: unknown, step: ResolvedStep): unknown {
  if (isRedactflowError(e)) return e;
  const err = e as Error;
  if (err?.name === 'AbortError') return new RedactflowError('ABORTED', 'run aborted', { cause: e });
  // A step's foreign exception (a library's, a custom module's) may quote data: name its class only.
  const detail = err?.name ?? 'Error';
  return new RedactflowError('STEP_FAILED', `step ${step.index + 1} (${step.name}) failed: ${detail}`, { cause: e });
}

/** Steps that hold rows across batches: checkpointing can only skip work after the last of them. */
const STATEFUL_STEPS = new Set(['sample', 'custom', 'classify']);

/** An audit writer that holds records in memory until the unit they belong to is committed to the spool. */
class CapturingAudit implements AuditWriter {
  held: AuditRecord[] = [];
  count = 0;
  constructor(private readonly inner: AuditWriter) {}
  get path(): string {
    return this.inner.path;
  }
  fingerprint = (v: string) => this.inner.fingerprint?.(v);
  async write(records: readonly AuditRecord[]): Promise<void> {
    this.held.push(...records);
    this.count += records.length;
  }
  take(): AuditRecord[] {
    const r = this.held;
    this.held = [];
    return r;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  abort(): Promise<void> {
    return Promise.resolve();
  }
}

export async function runFlow(flowOrPath: string | LoadedFlow, options: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const log = options.log ?? noop;
  const lf = typeof flowOrPath === 'string' ? await loadFlow(flowOrPath) : flowOrPath;
  for (const w of lf.warnings) log('warning', { message: w });
  const detectorOverride = resolveDetectorOverride(options.detector);
  const sourceSpec = { ...lf.flow.source, path: options.input ? resolve(options.input) : resolveFlowPath(lf, lf.flow.source.path) };
  const sinkSpec = { ...lf.flow.sink, path: options.output ? resolve(options.output) : resolveFlowPath(lf, lf.flow.sink.path) };
  if (options.output && !lf.flow.sink.format) delete (sinkSpec as { format?: string }).format;
  if (options.input && !lf.flow.source.format) delete (sourceSpec as { format?: string }).format;
  if (options.output && lf.flow.sink.format && extname(options.output)) delete (sinkSpec as { format?: string }).format;
  if (options.input && lf.flow.source.format && extname(options.input)) delete (sourceSpec as { format?: string }).format;
  const hasRedact = lf.steps.some((s) => s.name === 'redact');
  const auditConfig = lf.flow.audit
    ? {
        ...lf.flow.audit,
        path: options.audit ? resolve(options.audit) : resolveFlowPath(lf, lf.flow.audit.path),
        ...(typeof lf.flow.audit.report === 'string' && !options.audit ? { report: resolveFlowPath(lf, lf.flow.audit.report) } : {}),
        // With --audit the report follows the audit to its new folder.
        ...(options.audit && typeof lf.flow.audit.report === 'string' ? { report: undefined } : {}),
      }
    : hasRedact || options.audit
      ? { path: options.audit ? resolve(options.audit) : defaultAuditPath(sinkSpec.path) }
      : null;
  const batchSize = options.batchSize ?? lf.flow.options?.batch_size ?? DEFAULT_BATCH_ROWS;
  const checkpointing = !options.dryRun && (options.resume === true || (options.checkpoint !== undefined && options.checkpoint !== false));
  const checkpointDir = checkpointing ? (typeof options.checkpoint === 'string' ? resolve(options.checkpoint) : defaultCheckpointDir(sinkSpec.path)) : null;
  const previous = checkpointDir && options.resume ? await Checkpoint.read(checkpointDir) : null;
  if (options.resume && checkpointDir && !previous) log('checkpoint_not_found', { checkpoint: checkpointDir });
  const runId = previous?.run_id ?? options.runId ?? randomUUID();

  // Checkpointed runs split the pipeline at the first redact step: what comes before is cheap and
  // deterministic and is replayed on resume; units entering the redact step are committed one by one.
  const firstRedact = lf.steps.findIndex((s) => s.name === 'redact');
  const split = checkpointing ? (firstRedact < 0 ? lf.steps.length : firstRedact) : 0;
  if (checkpointing) {
    const bad = lf.steps.slice(split).find((s) => STATEFUL_STEPS.has(s.name));
    if (bad) {
      throw new RedactflowError('USAGE', `step ${bad.index + 1} (${bad.name}) holds rows across batches after the first redact step, so this flow cannot be checkpointed; move it before the redact step or run without --checkpoint/--resume`, { exitCode: 2 });
    }
  }

  const counters = new Map<string, number>(Object.entries(previous?.counters ?? {}));
  const detectors = new DetectorPool(lf.dir, options.dryRun ?? false);
  const tally: Tally = { counts: {} };
  let audit: AuditWriter | null = null;
  let capture: CapturingAudit | null = null;
  let checkpoint: Checkpoint | null = null;
  let sink: TableSink | null = null;
  let source: TableSource;
  const pipeline: Pipeline = { stages: [], steps: lf.steps };
  let rowsIn = 0;
  let rowsOut = 0;
  let outputInfo: RunSummary['output'] = null;
  let completed = false;

  const writeOut = async (batches: readonly Batch[]) => {
    for (const b of batches) {
      if (!b.rows.length) continue;
      if (!options.dryRun) {
        sink ??= await openSink(sinkSpec, { baseDir: lf.dir, fields: b.fields });
        await sink.write(b);
      }
      rowsOut += b.rows.length;
    }
  };

  try {
    if (auditConfig && !options.dryRun) {
      // A killed run's hidden partial audit is garbage once its process is gone.
      await removeStalePartials(auditConfig.path);
      audit = tallyingAudit(await openAuditWriter(auditConfig, { runId, flowSha256: lf.sha256 }), tally);
      if (checkpointing) capture = new CapturingAudit(audit);
    }
    const ctxBase = {
      flowDir: lf.dir,
      runId,
      flowSha256: lf.sha256,
      audit: capture ?? audit,
      signal: options.signal,
      detectorOverride,
      dryRun: options.dryRun,
      overlapBatches: !checkpointing,
      log,
      counters,
      getDetector: (c: AnyDetectorConfig) => detectors.get(c),
    };
    await buildStages(pipeline, ctxBase);
    source = await openSource(sourceSpec, { baseDir: lf.dir });
    if (checkpointDir) {
      const expect = { flow_sha256: lf.sha256, inputs: await inputIdentity(source.files), batch_size: batchSize, sink: sinkSpec.path, audit: auditConfig?.path ?? null };
      checkpoint = previous
        ? await Checkpoint.resume(checkpointDir, previous, expect)
        : await Checkpoint.create(checkpointDir, { version: 1, run_id: runId, ...expect, units: 0, spool_bytes: 0, rows_out: 0, counters: {}, started_at: new Date(started).toISOString() });
      log(previous ? 'resumed' : 'checkpoint_started', { checkpoint: checkpointDir, committed_units: checkpoint.state.units });
    }
    const committedUnits = checkpoint?.state.units ?? 0;
    let unit = 0;
    const throwIfAborted = () => {
      if (options.signal?.aborted) throw new RedactflowError('ABORTED', checkpoint ? `run stopped; ${checkpoint.state.units} unit(s) committed to ${checkpoint.dir}, continue with --resume` : 'run aborted');
    };
    // One unit: a batch entering stage `split`, carried to the end of the pipeline.
    const runUnit = async (batches: Batch[]) => {
      for (const b of batches) {
        if (!b.rows.length) continue;
        throwIfAborted();
        if (!checkpoint) {
          await writeOut(await pushThrough(pipeline, split, [b]));
          continue;
        }
        const u = unit++;
        if (u < committedUnits) continue; // committed before the interruption: never sent to a detector again
        const out = await pushThrough(pipeline, split, [b]);
        await checkpoint.commit(u, out, capture?.take() ?? [], Object.fromEntries(counters));
        log('checkpoint', { unit: u, rows: out.reduce((n, x) => n + x.rows.length, 0) });
      }
    };
    let checked = false;
    let lastProgress = 0;
    const governor = new HeapGovernor(heapBudgetMb(options.heapBudgetMb));
    for await (const batch of prefetch(source.batches({ batchSize, signal: options.signal }), 1)) {
      throwIfAborted();
      if (!checked) {
        checkColumns(lf.steps, batch.fields.map((f) => f.name), batch.file);
        checked = true;
      }
      rowsIn += batch.rows.length;
      await runUnit(await pushThrough(pipeline, 0, [batch], split));
      governor.check();
      const now = Date.now();
      if (options.onProgress && now - lastProgress >= 100) {
        lastProgress = now;
        const seconds = (now - started) / 1000;
        const bytes = source.progress?.();
        const fraction = bytes?.bytesTotal ? Math.min(1, bytes.bytesRead / bytes.bytesTotal) : undefined;
        options.onProgress({
          rowsIn,
          rowsOut: checkpoint ? checkpoint.state.rows_out : rowsOut,
          seconds,
          rate: rowsIn / Math.max(seconds, 1e-3),
          ...(fraction !== undefined ? { fraction, ...(fraction > 0 ? { etaSeconds: (seconds * (1 - fraction)) / fraction } : {}) } : {}),
        });
      }
    }
    throwIfAborted();
    // Full collections the heap governor triggered (none when the live data stays under budget).
    if (governor.collections > 0) log('heap_governor', { ...governor.stats() });
    await endAll(pipeline, runUnit, 0, split);
    if (checkpoint) {
      // Stages after the split hold nothing (checked above) but are ended for their side effects.
      await endAll(pipeline, async (b) => void (await checkpoint!.commit(unit++, b, capture?.take() ?? [], Object.fromEntries(counters))), split);
      for await (const u of checkpoint.replay()) {
        await writeOut(u.batches);
        if (audit) await audit.write(u.records);
      }
    } else await endAll(pipeline, writeOut, split);
    if (!options.dryRun) {
      // An empty result still gets a well-formed output file with the schema.
      sink ??= await openSink(sinkSpec, { baseDir: lf.dir });
      outputInfo = await (sink as TableSink).close();
    }
    for (const s of pipeline.stages) await s.close?.();
    const finished = Date.now();
    const seconds = (finished - started) / 1000;
    const inputs = await Promise.all(
      source.files.map(async (p) => ({ path: p, bytes: p.startsWith('s3://') ? undefined : await stat(p).then((s) => s.size, () => undefined) })),
    );
    const dets = await detectors.all();
    const summary: RunSummary = {
      version: 1,
      run_id: runId,
      flow: { name: lf.flow.name, path: lf.path, sha256: lf.sha256 },
      started_at: new Date(started).toISOString(),
      finished_at: new Date(finished).toISOString(),
      seconds: Math.round(seconds * 1000) / 1000,
      rows_in: rowsIn,
      rows_out: rowsOut,
      rows_per_second: Math.round(rowsIn / Math.max(seconds, 1e-3)),
      rows_quarantined: counters.get('rows_quarantined') ?? 0,
      entities: audit?.count ?? 0,
      counts: tally.counts,
      inputs,
      output: outputInfo,
      audit: audit ? { path: audit.path, records: audit.count } : null,
      detectors: dets.map((d) => ({ name: d.name, version: d.version, stats: d.stats?.() })),
      counters: Object.fromEntries(counters),
    };
    if (audit) await audit.close(summary);
    completed = true;
    await checkpoint?.remove();
    options.onProgress?.({ rowsIn, rowsOut, seconds, rate: summary.rows_per_second, fraction: 1, etaSeconds: 0 });
    return summary;
  } catch (e) {
    for (const s of pipeline.stages) await Promise.resolve(s.close?.()).catch(() => undefined);
    await (sink as TableSink | null)?.abort().catch(() => undefined);
    if (!completed) await audit?.abort().catch(() => undefined);
    await checkpoint?.close();
    if (isRedactflowError(e)) throw e;
    if ((e as Error)?.name === 'AbortError') throw new RedactflowError('ABORTED', 'run aborted', { cause: e });
    throw e;
  } finally {
    await detectors.close();
  }
}

export function resolveFlowPath(lf: Pick<LoadedFlow, 'dir'>, p: string): string {
  return p.startsWith('s3://') ? p : resolve(lf.dir, p);
}

/**
 * The batches exactly as they enter the first redact step, in output order, with `file`/`rowNumbers` that match
 * the audit — for `audit verify`, which replays the deterministic steps before redaction on the input.
 */
export async function* preRedactionBatches(lf: LoadedFlow, opts: { input?: string; batchSize?: number } = {}): AsyncGenerator<Batch> {
  const first = lf.steps.findIndex((s) => s.name === 'redact');
  const steps = first < 0 ? lf.steps : lf.steps.slice(0, first);
  const ctx: Omit<StepContext, 'stepIndex'> = {
    flowDir: lf.dir,
    runId: 'verify',
    flowSha256: lf.sha256,
    audit: null,
    log: noop,
    counters: new Map(),
    getDetector: () => Promise.reject(new RedactflowError('INTERNAL', 'no detector during replay')),
  };
  const pipeline: Pipeline = { stages: [], steps };
  await buildStages(pipeline, ctx);
  const source = await openSource(
    { ...lf.flow.source, path: opts.input ? resolve(opts.input) : resolveFlowPath(lf, lf.flow.source.path) },
    { baseDir: lf.dir },
  );
  try {
    for await (const b of source.batches({ batchSize: opts.batchSize ?? lf.flow.options?.batch_size ?? DEFAULT_BATCH_ROWS })) {
      for (const out of await pushThrough(pipeline, 0, [b])) if (out.rows.length) yield out;
    }
    const held: Batch[] = [];
    await endAll(pipeline, async (bs) => void held.push(...bs));
    for (const b of held) if (b.rows.length) yield b;
  } finally {
    for (const s of pipeline.stages) await Promise.resolve(s.close?.()).catch(() => undefined);
  }
}

