// `redactflow sagemaker`: one host's share of a SageMaker Processing job.
//   input   the data channel (the one input that is not `flow`; REDACTFLOW_INPUT_CHANNEL picks among several)
//           replaces the flow's source path: its table files, in name order. With no data channel the flow's
//           own source is read (e.g. an s3:// path, read directly).
//   shard   ShardedByS3Key: SageMaker already gave this host its own objects, all of its rows are processed.
//           FullyReplicated on N > 1 hosts: host i (position of current_host in the sorted `hosts`) keeps the
//           rows with (row number - 1) mod N == i (src/flow/shard.ts).
//   output  <data output>/part-<host>.<ext>       the redacted table (format of the flow's sink)
//           <audit dir>/<host>/audit-<host>.jsonl the audit, with manifest.json, summary.json, report.html
//           <audit dir>/<host>/job-<host>.json    this host's record: channels, shard, files, counts
//           where <audit dir> is the output named `audit` (REDACTFLOW_AUDIT_CHANNEL), else <data output>/_audit.
//           Every name carries the host, so N hosts uploading to one S3 prefix never overwrite each other.
// Failures are reported by the caller (src/cli/commands/sagemaker.ts) in <root>/output/message.
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { runFlow, type LogFn, type RunProgress } from '../flow/run-flow.ts';
import type { LoadedFlow } from '../flow/load-flow.ts';
import { withShard, type ShardSpec } from '../flow/shard.ts';
import { inferFormat } from '../io/open-table.ts';
import type { TableFormat } from '../io/table-io.ts';
import type { RunSummary } from '../run-summary.ts';
import { RedactflowError } from '../errors.ts';
import { FLOW_CHANNEL, resolveJobFlow } from './flow-source.ts';
import { processingRoot, readProcessingContext, type InputChannel, type OutputChannel, type ProcessingContext } from './processing-config.ts';

export interface ProcessingJobOptions {
  /** Default $REDACTFLOW_OPT_ML or /opt/ml. */
  root?: string;
  /** `--flow PATH` (wins over REDACTFLOW_FLOW and the flow channel). */
  flow?: string;
  /**
   * Environment (default process.env). The job config's Environment fills in keys it lacks; when this is
   * process.env those keys are set there too, as SageMaker itself does, so detectors and keys see them.
   */
  env?: NodeJS.ProcessEnv;
  log?: LogFn;
  signal?: AbortSignal;
  /** Seconds between `progress` log lines (default REDACTFLOW_PROGRESS_SECONDS or 10). */
  progressSeconds?: number;
}

export type ShardMode = 'none' | 'by-s3-key' | 'rows-modulo';

export interface ProcessingJobResult {
  host: string;
  hosts: string[];
  hostIndex: number;
  shardMode: ShardMode;
  shard: ShardSpec | null;
  /** Null when this host got no input files (ShardedByS3Key with more hosts than objects). */
  summary: RunSummary | null;
  output: string | null;
  audit: string | null;
  /** job-<host>.json */
  hostRecord: string;
}

const TABLE_FILE = /\.(csv|tsv|jsonl|ndjson|json|parquet|arrow|feather|arrows)$/i;
const EXT_OF: Record<TableFormat, string> = { csv: '.csv', jsonl: '.jsonl', parquet: '.parquet', arrow: '.arrow', arrows: '.arrows' };

/** Host names become file names: keep them to a safe alphabet. */
export function safeHost(host: string): string {
  return host.replace(/[^A-Za-z0-9._-]/g, '_');
}

function pickByName<T extends { name: string }>(list: T[], wanted: string | undefined, what: string, envName: string): T {
  if (wanted) {
    const hit = list.find((c) => c.name === wanted);
    if (!hit) throw new RedactflowError('USAGE', `${envName}=${wanted}: no ${what} of that name (have: ${list.map((c) => c.name).join(', ') || 'none'})`, { exitCode: 2 });
    return hit;
  }
  if (list.length === 1) return list[0];
  throw new RedactflowError('USAGE', `${list.length} ${what}s (${list.map((c) => c.name).join(', ')}): set ${envName} to the one to use`, { exitCode: 2 });
}

export function dataInputChannel(ctx: ProcessingContext, env: Record<string, string | undefined>): InputChannel | null {
  const data = ctx.inputs.filter((i) => i.name !== FLOW_CHANNEL);
  if (data.length === 0) return null;
  const ch = pickByName(data, env.REDACTFLOW_INPUT_CHANNEL, 'data input', 'REDACTFLOW_INPUT_CHANNEL');
  if (ch.inputMode === 'Pipe') {
    throw new RedactflowError('USAGE', `input "${ch.name}": S3InputMode Pipe is not supported; use File (or FastFile)`, { exitCode: 2 });
  }
  return ch;
}

export function outputChannels(ctx: ProcessingContext, env: Record<string, string | undefined>): { data: OutputChannel; audit: OutputChannel | null } {
  const auditName = env.REDACTFLOW_AUDIT_CHANNEL || 'audit';
  const audit = ctx.outputs.find((o) => o.name === auditName) ?? null;
  const rest = ctx.outputs.filter((o) => o !== audit);
  if (rest.length === 0) {
    throw new RedactflowError('USAGE', 'no output for the data: add a ProcessingOutput (besides "audit") whose LocalPath is under /opt/ml/processing/output', { exitCode: 2 });
  }
  return { data: pickByName(rest, env.REDACTFLOW_OUTPUT_CHANNEL, 'data output', 'REDACTFLOW_OUTPUT_CHANNEL'), audit };
}

/** Table files of a channel (top level, name order); files in subfolders are an error, not silently skipped. */
async function channelFiles(ch: InputChannel): Promise<string[]> {
  const found: string[] = [];
  const nested: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (entries === null) {
      if (depth === 0) throw new RedactflowError('INPUT_NOT_FOUND', `input "${ch.name}": ${ch.localPath}: folder not found`);
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // hidden, as the local source skips them
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('_')) await walk(p, depth + 1); // _temporary/, _audit/: Hadoop-style metadata
      }
      else if (TABLE_FILE.test(e.name)) (depth === 0 ? found : nested).push(p);
    }
  };
  await walk(ch.localPath, 0);
  if (nested.length > 0) {
    throw new RedactflowError(
      'USAGE',
      `input "${ch.name}": ${nested.length} table file(s) in subfolders (e.g. ${relative(ch.localPath, nested[0])}); only files at the top of the channel are read: point S3Uri at the folder that holds them`,
      { exitCode: 2 },
    );
  }
  return found.sort();
}

function positiveInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new RedactflowError('USAGE', `${name} must be a positive integer, found "${v.slice(0, 20)}"`, { exitCode: 2 });
  return n;
}

function sinkExtension(flow: LoadedFlow): string {
  const ext = extname(flow.flow.sink.path).toLowerCase();
  if (TABLE_FILE.test(ext) && (flow.flow.sink.format === undefined || inferFormat(flow.flow.sink.path) === flow.flow.sink.format)) return ext;
  return EXT_OF[flow.flow.sink.format ?? inferFormat(flow.flow.sink.path)];
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = join(path, '..', `.${basename(path)}.partial-${process.pid}`);
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await rename(tmp, path);
}

function s3UriOf(ch: InputChannel, file: string): string | null {
  if (!ch.s3Uri) return null;
  const rel = relative(ch.localPath, file);
  return ch.s3Uri.endsWith('/') ? ch.s3Uri + rel : `${ch.s3Uri}/${rel}`;
}

export async function runProcessingJob(opts: ProcessingJobOptions = {}): Promise<ProcessingJobResult> {
  const baseEnv = opts.env ?? process.env;
  const root = opts.root ?? processingRoot(baseEnv);
  const log: LogFn = opts.log ?? (() => {});
  const ctx = await readProcessingContext(root);
  for (const [k, v] of Object.entries(ctx.environment)) if (baseEnv[k] === undefined) baseEnv[k] = v;
  const env = baseEnv;
  const host = safeHost(ctx.currentHost);

  const { flow: loaded, origin } = await resolveJobFlow({ flowArg: opts.flow, env, inputs: ctx.inputs });
  const input = dataInputChannel(ctx, env);
  const outs = outputChannels(ctx, env);
  const files = input ? await channelFiles(input) : [];

  let shardMode: ShardMode = 'none';
  let shard: ShardSpec | null = null;
  if (input?.distribution === 'ShardedByS3Key') shardMode = 'by-s3-key';
  else if (ctx.hosts.length > 1) {
    shardMode = 'rows-modulo';
    shard = { index: ctx.hostIndex, count: ctx.hosts.length };
  }

  const auditDir = join(outs.audit?.localPath ?? join(outs.data.localPath, '_audit'), host);
  const output = join(outs.data.localPath, `part-${host}${sinkExtension(loaded)}`);
  const hasAudit = loaded.flow.audit !== undefined || loaded.steps.some((s) => s.name === 'redact');
  const auditExt = loaded.flow.audit?.format === 'parquet' || (loaded.flow.audit && extname(loaded.flow.audit.path).toLowerCase() === '.parquet') ? '.parquet' : '.jsonl';
  const audit = hasAudit ? join(auditDir, `audit-${host}${auditExt}`) : null;
  const hostRecord = join(auditDir, `job-${host}.json`);
  await mkdir(outs.data.localPath, { recursive: true });
  await mkdir(auditDir, { recursive: true });

  log('job_started', {
    job: ctx.jobName ?? null,
    host: ctx.currentHost,
    hosts: ctx.hosts.length,
    host_index: ctx.hostIndex,
    flow: origin.where,
    flow_sha256: loaded.sha256,
    input_channel: input?.name ?? null,
    distribution: input?.distribution ?? null,
    input_files: input ? files.length : null,
    shard_mode: shardMode,
    output,
    audit,
  });

  // The flow's own report path would point outside the output channel: the report goes beside the audit.
  const flow: LoadedFlow = loaded.flow.audit
    ? { ...loaded, flow: { ...loaded.flow, audit: { ...loaded.flow.audit, report: loaded.flow.audit.report === false ? false : undefined } } }
    : loaded;
  const sharded = shard ? withShard(flow, shard) : flow;

  let summary: RunSummary | null = null;
  if (input && files.length === 0 && input.distribution === 'ShardedByS3Key') {
    // More hosts than objects: SageMaker gave this host nothing. Not a failure.
    log('no_input', { host: ctx.currentHost, input_channel: input.name });
  } else {
    const every = opts.progressSeconds ?? positiveInt(env, 'REDACTFLOW_PROGRESS_SECONDS') ?? 10;
    let last = 0;
    summary = await runFlow(sharded, {
      input: input?.localPath,
      output,
      audit: audit ?? undefined,
      detector: env.REDACTFLOW_DETECTOR || undefined,
      batchSize: positiveInt(env, 'REDACTFLOW_BATCH_SIZE'),
      signal: opts.signal,
      log,
      onProgress: (p: RunProgress) => {
        if (p.seconds - last < every) return;
        last = p.seconds;
        log('progress', { host: ctx.currentHost, rows_in: p.rowsIn, rows_out: p.rowsOut, seconds: Math.round(p.seconds), rows_per_second: Math.round(p.rate) });
      },
    });
  }

  const record = {
    record_version: 1,
    kind: 'sagemaker-host',
    job: ctx.jobName ?? null,
    host: ctx.currentHost,
    hosts: ctx.hosts,
    host_index: ctx.hostIndex,
    flow: { origin: origin.kind, path: origin.where, sha256: loaded.sha256 },
    sharding: {
      mode: shardMode,
      rule:
        shardMode === 'rows-modulo'
          ? `rows whose 1-based row number r in their file has (r - 1) mod ${ctx.hosts.length} == ${ctx.hostIndex}`
          : shardMode === 'by-s3-key'
            ? 'all rows of the objects SageMaker assigned to this host (ShardedByS3Key)'
            : 'all rows (single host)',
      index: shard?.index ?? null,
      count: shard?.count ?? null,
    },
    input: input
      ? {
          channel: input.name,
          distribution: input.distribution,
          local_path: input.localPath,
          s3_uri: input.s3Uri ?? null,
          files: await Promise.all(files.map(async (f) => ({ path: f, s3_uri: s3UriOf(input, f), bytes: (await stat(f)).size }))),
        }
      : { channel: null, source: loaded.flow.source.path },
    run_id: summary?.run_id ?? null,
    rows_in: summary?.rows_in ?? 0,
    rows_out: summary?.rows_out ?? 0,
    entities: summary?.entities ?? 0,
    output: summary?.output ?? null,
    audit: summary?.audit ? { ...summary.audit, manifest: join(auditDir, 'manifest.json') } : null,
    seconds: summary?.seconds ?? 0,
  };
  await writeJsonAtomic(hostRecord, record);
  log('job_completed', {
    host: ctx.currentHost,
    run_id: record.run_id,
    rows_in: record.rows_in,
    rows_out: record.rows_out,
    entities: record.entities,
    seconds: record.seconds,
    output: summary?.output?.path ?? null,
    audit: summary?.audit?.path ?? null,
  });
  return {
    host: ctx.currentHost,
    hosts: ctx.hosts,
    hostIndex: ctx.hostIndex,
    shardMode,
    shard,
    summary,
    output: summary?.output?.path ?? null,
    audit: summary?.audit?.path ?? null,
    hostRecord,
  };
}
