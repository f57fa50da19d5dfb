// Checkpoint / resume. A checkpointed run spools each committed unit of work — the output batches and audit
// records produced from one batch entering the first redact step — to an append-only spool, fsyncs it, then
// atomically rewrites checkpoint.json. Killed at any point and resumed, the run replays the cheap,
// deterministic steps before redaction, skips the units already committed (never sending them to a detector
// again), and at the end writes the sink and the audit from the spool: output and audit are byte-identical to an
// uninterrupted run whatever the sink format.
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditRecord } from '../audit/audit-record.ts';
import type { Batch, Cell, Row } from '../table/batch.ts';
import { RedactflowError } from '../errors.ts';

export interface InputIdentity {
  path: string;
  size?: number;
  mtimeMs?: number;
}

export interface CheckpointState {
  version: 1;
  run_id: string;
  flow_sha256: string;
  inputs: InputIdentity[];
  sink: string;
  audit: string | null;
  batch_size: number;
  /** Units committed to the spool. */
  units: number;
  spool_bytes: number;
  rows_out: number;
  counters: Record<string, number>;
  started_at: string;
}

/** Default checkpoint folder: hidden, beside a local sink; under ./.redactflow for S3 sinks. */
export function defaultCheckpointDir(sinkPath: string): string {
  if (sinkPath.startsWith('s3://')) {
    return resolve('.redactflow', 'checkpoints', createHash('sha256').update(sinkPath).digest('hex').slice(0, 16));
  }
  return join(dirname(sinkPath), `.${basename(sinkPath)}.checkpoint`);
}

export async function inputIdentity(files: readonly string[]): Promise<InputIdentity[]> {
  return Promise.all(
    files.map(async (path) => {
      if (path.startsWith('s3://')) return { path };
      const s = await stat(path).catch(() => null);
      return s ? { path, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) } : { path };
    }),
  );
}

// Cells are spooled as JSON; bigint and Date need tags to come back as themselves.
function encodeCell(v: Cell): unknown {
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof Date) return { $d: v.getTime() };
  return v;
}

function decodeCell(v: unknown): Cell {
  if (v !== null && typeof v === 'object') {
    if ('$b' in v) return BigInt((v as { $b: string }).$b);
    if ('$d' in v) return new Date((v as { $d: number }).$d);
  }
  return v as Cell;
}

interface SpoolUnit {
  u: number;
  b: { fields: Batch['fields']; file: string; n: number[]; rows: unknown[][] }[];
  r: AuditRecord[];
}

export interface ReplayedUnit {
  batches: Batch[];
  records: AuditRecord[];
}

export class Checkpoint {
  private constructor(
    readonly dir: string,
    readonly state: CheckpointState,
    private spool: FileHandle,
  ) {}

  get statePath(): string {
    return join(this.dir, 'checkpoint.json');
  }

  static spoolPath(dir: string): string {
    return join(dir, 'spool.jsonl');
  }

  /** Reads an existing checkpoint, or null. */
  static async read(dir: string): Promise<CheckpointState | null> {
    const text = await readFile(join(dir, 'checkpoint.json'), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      return JSON.parse(text) as CheckpointState;
    } catch {
      throw new RedactflowError('INTERNAL', `${dir}/checkpoint.json: unreadable checkpoint; delete the folder to start over`);
    }
  }

  /** Starts a fresh checkpoint (deleting any previous one). */
  static async create(dir: string, state: CheckpointState): Promise<Checkpoint> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const spool = await open(Checkpoint.spoolPath(dir), 'w');
    const cp = new Checkpoint(dir, state, spool);
    await cp.writeState();
    return cp;
  }

  /** Reopens a checkpoint to resume: the spool is cut back to its last committed length. */
  static async resume(dir: string, state: CheckpointState, expect: Pick<CheckpointState, 'flow_sha256' | 'inputs' | 'batch_size' | 'sink' | 'audit'>): Promise<Checkpoint> {
    const mismatch: string[] = [];
    if (state.flow_sha256 !== expect.flow_sha256) mismatch.push('the flow file changed');
    if (state.batch_size !== expect.batch_size) mismatch.push(`the batch size changed (${state.batch_size} → ${expect.batch_size})`);
    if (state.sink !== expect.sink) mismatch.push('the output path changed');
    if (state.audit !== expect.audit) mismatch.push('the audit path changed');
    if (JSON.stringify(state.inputs) !== JSON.stringify(expect.inputs)) mismatch.push('the input files changed (path, size or modification time)');
    if (mismatch.length) {
      throw new RedactflowError('USAGE', `cannot resume from ${dir}: ${mismatch.join('; ')}. Delete the checkpoint folder to start over.`, { exitCode: 2 });
    }
    await truncate(Checkpoint.spoolPath(dir), state.spool_bytes);
    const spool = await open(Checkpoint.spoolPath(dir), 'a');
    return new Checkpoint(dir, state, spool);
  }

  /** Appends one unit to the spool, makes it durable, then records it in checkpoint.json. */
  async commit(unit: number, batches: readonly Batch[], records: readonly AuditRecord[], counters: Record<string, number>): Promise<void> {
    const line: SpoolUnit = {
      u: unit,
      b: batches.map((b) => ({
        fields: b.fields,
        file: b.file,
        n: b.rowNumbers.slice(),
        rows: b.rows.map((r) => b.fields.map((f) => encodeCell(r[f.name] ?? null))),
      })),
      r: records.slice(),
    };
    const buf = Buffer.from(JSON.stringify(line) + '\n', 'utf8');
    await this.spool.write(buf);
    await this.spool.sync();
    this.state.units = unit + 1;
    this.state.spool_bytes += buf.length;
    this.state.rows_out += batches.reduce((n, b) => n + b.rows.length, 0);
    this.state.counters = { ...counters };
    await this.writeState();
  }

  private async writeState(): Promise<void> {
    const tmp = `${this.statePath}.tmp`;
    const fh = await open(tmp, 'w');
    await fh.writeFile(JSON.stringify(this.state, null, 1));
    await fh.sync();
    await fh.close();
    await rename(tmp, this.statePath);
  }

  /** The committed units, in order, as batches and audit records. */
  async *replay(): AsyncGenerator<ReplayedUnit> {
    await this.spool.sync();
    if (this.state.spool_bytes === 0) return;
    const rl = createInterface({ input: createReadStream(Checkpoint.spoolPath(this.dir), { encoding: 'utf8', end: Math.max(0, this.state.spool_bytes - 1) }), crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line) continue;
      const u = JSON.parse(line) as SpoolUnit;
      yield {
        batches: u.b.map((b) => ({
          fields: b.fields,
          file: b.file,
          rowNumbers: b.n,
          rows: b.rows.map((vals) => {
            const row: Row = {};
            b.fields.forEach((f, i) => (row[f.name] = decodeCell(vals[i])));
            return row;
          }),
        })),
        records: u.r,
      };
    }
  }

  async close(): Promise<void> {
    await this.spool.close().catch(() => undefined);
  }

  /** A completed run removes its checkpoint. */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
