// Small helpers shared by the format codecs.
import { RedactflowError } from '../errors.ts';
import type { Batch, Cell, Field } from '../table/batch.ts';

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RedactflowError('ABORTED', 'read aborted');
}

/** Writers take the schema from the first batch; a later batch with other columns is a programming error. */
export function sameColumns(fields: readonly Field[], batch: Batch, output: string): void {
  const other = batch.fields;
  if (other.length === fields.length && other.every((f, i) => f.name === fields[i].name)) return;
  throw new RedactflowError(
    'OUTPUT_FAILED',
    `${output}: batch from ${batch.file} has columns [${other.map((f) => f.name).join(', ')}], expected [${fields.map((f) => f.name).join(', ')}]`,
  );
}

/** Text form of a non-null cell for text formats (CSV): Date as ISO 8601, numbers/bigint/boolean via String. */
export function cellText(value: Exclude<Cell, null>, where: () => string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) throw new RedactflowError('OUTPUT_FAILED', `${where()}: invalid date`);
    return value.toISOString();
  }
  return String(value);
}

/** Wraps an I/O failure of an output as OUTPUT_FAILED (keeps RedactflowErrors as they are). */
export function outputError(name: string, e: unknown): RedactflowError {
  if (e instanceof RedactflowError) return e;
  const reason = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'write failed';
  return new RedactflowError('OUTPUT_FAILED', `${name}: cannot write output (${reason})`, { cause: e });
}
