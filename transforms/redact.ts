// `redact`: detect PII in the given columns and redact what scores above its type's threshold; every detected
// entity becomes an audit record. Rows whose detection failed are never written unredacted: the run fails
// (`on_error: fail`, the default) or they go to a quarantine file (`on_error: quarantine`).
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defineTransform } from './transform.ts';
import { redactOptionsSchema, type RedactOptions } from '../src/redact/redact-options.ts';
import { createPolicy } from '../src/redact/policy.ts';
import { Redactor } from '../src/redact/redactor.ts';
import type { AnyDetectorConfig } from '../src/detect/detector-config.ts';
import type { Batch, Field } from '../src/table/batch.ts';
import { DetectorError, RedactflowError } from '../src/errors.ts';
import type { StepContext } from '../src/flow/step-context.ts';

export function detectorConfigsOf(o: RedactOptions, ctx: Pick<StepContext, 'detectorOverride'>): AnyDetectorConfig[] {
  if (ctx.detectorOverride) return [ctx.detectorOverride];
  if (o.detectors?.length) return o.detectors;
  return [o.detector ?? { type: 'local' }];
}

function outputFields(fields: Field[], o: RedactOptions): Field[] {
  const out = fields.map((f) => (o.columns.includes(f.name) && !o.output?.[f.name] ? { ...f, type: 'string' as const } : f));
  for (const c of o.columns) {
    const target = o.output?.[c];
    if (!target) continue;
    const i = out.findIndex((f) => f.name === target);
    if (i >= 0) out[i] = { name: target, type: 'string' };
    else out.push({ name: target, type: 'string' });
  }
  return out;
}

class QuarantineFile {
  private out: WriteStream | null = null;
  private readonly tmp: string;
  rows = 0;
  constructor(readonly path: string) {
    this.tmp = `${path}.partial-${process.pid}`;
  }
  async write(lines: string): Promise<void> {
    if (!this.out) {
      await mkdir(dirname(this.path), { recursive: true });
      this.out = createWriteStream(this.tmp);
    }
    if (!this.out.write(lines)) await new Promise<void>((r) => this.out!.once('drain', () => r()));
  }
  async close(commit: boolean): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    this.out = null;
    await new Promise<void>((r) => out.end(() => r()));
    if (commit) await rename(this.tmp, this.path);
    else await rm(this.tmp, { force: true });
  }
}

export default defineTransform({
  name: 'redact',
  options: redactOptionsSchema,
  columns: (o, input) => {
    const f = outputFields(
      input.map((name) => ({ name, type: 'string' as const })),
      o,
    );
    return { requires: o.columns, output: f.map((x) => x.name) };
  },
  stage: async (o, ctx) => {
    const detectors = await Promise.all(detectorConfigsOf(o, ctx).map((c) => ctx.getDetector(c)));
    const policy = createPolicy(o);
    const redactor = new Redactor(
      detectors,
      policy,
      {
        runId: ctx.runId,
        flowSha256: ctx.flowSha256,
        fingerprint: ctx.audit?.fingerprint ? (v) => ctx.audit!.fingerprint!(v) : undefined,
      },
      o.language,
    );
    const quarantine =
      o.on_error === 'quarantine'
        ? new QuarantineFile(resolve(ctx.flowDir, o.quarantine?.path ?? 'quarantine.jsonl'))
        : null;
    let committed = false;
    const detectorNames = detectors.map((d) => d.name).join('+');

    // Detection of a batch starts as soon as it arrives; its results are written (audit first, in batch order)
    // when the next batch arrives or at the end, so parsing and writing overlap detection.
    type Done = Awaited<ReturnType<Redactor['redactBatch']>>;
    const start = (batch: Batch): Promise<Done> => {
      const names = new Set(batch.fields.map((f) => f.name));
      for (const c of o.columns) {
        if (!names.has(c)) {
          return Promise.reject(new RedactflowError('COLUMN_MISSING', `step ${ctx.stepIndex + 1} (redact): column "${c}" is not in ${batch.file}`));
        }
      }
      return redactor.redactBatch(
        { rows: batch.rows, columns: o.columns, output: o.output, file: batch.file, rowNumbers: batch.rowNumbers, fields: batch.fields.map((f) => f.name) },
        ctx.signal,
      );
    };
    const finish = async (batch: Batch, res: Done): Promise<Batch[]> => {
      if (res.failed.length) {
        const first = res.failed[0];
        if (!quarantine) {
          throw new DetectorError(
            detectorNames,
            `detection failed for ${batch.file} row ${batch.rowNumbers[first.index]}, column ${first.column} (${first.code}: ${first.message}); ${res.failed.length} cell(s) in this batch failed; nothing was written for them`,
          );
        }
        const bad = new Map<number, (typeof res.failed)[number]>();
        for (const f of res.failed) if (!bad.has(f.index)) bad.set(f.index, f);
        let lines = '';
        for (const [i, f] of bad) {
          // The quarantine file holds the raw row so it can be reprocessed: it is as sensitive as the input.
          lines += JSON.stringify({ file: batch.file, row: batch.rowNumbers[i], column: f.column, error: { code: f.code, message: f.message }, data: batch.rows[i] }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n';
        }
        await quarantine.write(lines);
        quarantine.rows += bad.size;
        ctx.counters.set('rows_quarantined', (ctx.counters.get('rows_quarantined') ?? 0) + bad.size);
        const keep = res.rows.map((_, i) => i).filter((i) => !bad.has(i));
        if (ctx.audit) await ctx.audit.write(res.records);
        return keep.length
          ? [{ ...batch, fields: outputFields(batch.fields, o), rows: keep.map((i) => res.rows[i]), rowNumbers: keep.map((i) => batch.rowNumbers[i]) }]
          : [];
      }
      if (ctx.audit) await ctx.audit.write(res.records);
      return [{ ...batch, fields: outputFields(batch.fields, o), rows: res.rows }];
    };
    let inflight: { batch: Batch; done: Promise<Done> } | null = null;
    const settle = async (): Promise<Batch[]> => {
      if (!inflight) return [];
      const { batch, done } = inflight;
      inflight = null;
      return finish(batch, await done);
    };
    return {
      async push(batch: Batch) {
        const done = start(batch);
        if (!ctx.overlapBatches) return finish(batch, await done);
        done.catch(() => undefined); // observed when settled; avoids an unhandled rejection meanwhile
        const out = await settle();
        inflight = { batch, done };
        return out;
      },
      async end() {
        const out = await settle();
        committed = true;
        return out;
      },
      async close() {
        if (inflight) await inflight.done.catch(() => undefined);
        inflight = null;
        await quarantine?.close(committed);
      },
    };
  },
});
