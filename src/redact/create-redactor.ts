// `createRedactor(options).redact(rows, columns)`: the redact step's behaviour for ETL code that has its own
// rows and no flow file. Same options as the flow's redact step (without `columns`).
import { randomUUID } from 'node:crypto';
import { redactOptionsSchema, type RedactOptions } from './redact-options.ts';
import { createPolicy } from './policy.ts';
import { Redactor } from './redactor.ts';
import type { Detector } from '../detect/detector.ts';
import { createDetector } from '../detect/create-detector.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import type { Row } from '../table/batch.ts';
import { DetectorError, FlowValidationError } from '../errors.ts';

type StepInput = Omit<Partial<import('zod').input<typeof redactOptionsSchema>>, 'columns'>;

export interface RedactorOptions extends StepInput {
  /** A detector instance of your own (or built from `detector`/`detectors` configs). */
  detectorInstance?: Detector;
  runId?: string;
}

export interface LibraryRedactor {
  /**
   * Redacts `columns` of `rows` (new row objects are returned; the input is not modified). `records` holds one
   * audit record per detected entity. Throws DetectorError when detection fails for any cell (fail closed).
   */
  redact(rows: readonly Row[], columns: readonly string[], meta?: { file?: string; rowNumbers?: readonly number[] }): Promise<{ rows: Row[]; records: AuditRecord[] }>;
  close(): Promise<void>;
}

export function createRedactor(options: RedactorOptions = {}): LibraryRedactor {
  const { detectorInstance, runId, ...stepOptions } = options;
  const parsed = redactOptionsSchema.safeParse({ ...stepOptions, columns: ['_'] });
  if (!parsed.success) {
    throw new FlowValidationError('createRedactor options', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const o: RedactOptions = parsed.data;
  const policy = createPolicy(o);
  const owned: Detector[] = [];
  let redactor: Promise<Redactor> | null = null;
  const get = () =>
    (redactor ??= (async () => {
      let detectors: Detector[];
      if (detectorInstance) detectors = [detectorInstance];
      else {
        const configs = o.detectors?.length ? o.detectors : [o.detector ?? { type: 'local' as const }];
        detectors = await Promise.all(configs.map((c) => createDetector(c)));
        owned.push(...detectors);
      }
      return new Redactor(detectors, policy, { runId: runId ?? randomUUID(), flowSha256: '' }, o.language);
    })());
  return {
    async redact(rows, columns, meta) {
      const r = await get();
      const res = await r.redactBatch({
        rows,
        columns,
        file: meta?.file ?? '<memory>',
        rowNumbers: meta?.rowNumbers ?? rows.map((_, i) => i + 1),
        output: o.output,
      });
      if (res.failed.length) {
        const f = res.failed[0];
        throw new DetectorError(f.code, `detection failed for row ${res.failed[0].index + 1}, column ${f.column} (${f.code}: ${f.message})`);
      }
      return { rows: res.rows, records: res.records };
    },
    async close() {
      await Promise.all(owned.map((d) => d.close?.()));
    },
  };
}
