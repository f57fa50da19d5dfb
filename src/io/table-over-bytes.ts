// TableSource/TableSink built from the byte layer and a codec. Local files and S3 objects both use these, so
// batching, schema handling and "never leave a finished-looking partial output" live in one place.
import { InputError, RedactflowError } from '../errors.ts';
import type { Batch } from '../table/batch.ts';
import { getCodec } from './codecs.ts';
import type { ByteInput, ByteOutput, CsvOptions, ReadOptions, SinkOptions, TableFormat, TableSink, TableSource } from './table-io.ts';

export const DEFAULT_BATCH_SIZE = 4096;

/** CSV options for a path: .tsv defaults to a tab delimiter unless one is given. */
export function csvOptionsFor(path: string, csv: CsvOptions | undefined): CsvOptions | undefined {
  if (/\.tsv$/i.test(path.replace(/[?#].*$/, '')) && csv?.delimiter === undefined) return { ...csv, delimiter: '\t' };
  return csv;
}

/** One input of a source: its name, format and how to open its bytes (opened lazily, in order). */
export interface SourcePart {
  name: string;
  format: TableFormat;
  csv?: CsvOptions;
  /** Size in bytes, when known before opening (progress reporting). */
  size?: number;
  open(): Promise<ByteInput>;
}

/** The same input, counting the bytes its reader takes (sequential chunks or random-access reads). */
function counting(input: ByteInput, add: (n: number) => void): ByteInput {
  const read = input.read;
  return {
    name: input.name,
    size: input.size,
    async *stream(signal?: AbortSignal): AsyncIterable<Uint8Array> {
      for await (const chunk of input.stream(signal)) {
        add(chunk.length);
        yield chunk;
      }
    },
    read: read
      ? async (start: number, end: number) => {
          const b = await read.call(input, start, end);
          add(b.length);
          return b;
        }
      : undefined,
    close: input.close ? () => input.close!() : undefined,
  };
}

export function sourceFromParts(parts: readonly SourcePart[]): TableSource {
  let bytesRead = 0;
  const add = (n: number) => void (bytesRead += n);
  const total = parts.every((p) => p.size !== undefined) ? parts.reduce((n, p) => n + p.size!, 0) : undefined;
  return {
    files: parts.map((p) => p.name),
    progress: () => ({ bytesRead, ...(total !== undefined ? { bytesTotal: total } : {}) }),
    async *batches(options?: ReadOptions): AsyncGenerator<Batch, void, undefined> {
      const batchSize = options?.batchSize ?? DEFAULT_BATCH_SIZE;
      bytesRead = 0;
      for (const part of parts) {
        const codec = await getCodec(part.format);
        const input = counting(await part.open(), add);
        if (codec.needsRandomAccess && (input.read === undefined || input.size === undefined)) {
          throw new RedactflowError('INTERNAL', `${part.name}: ${part.format} needs random access, which this input lacks`);
        }
        try {
          yield* codec.read(input, { batchSize, signal: options?.signal, csv: part.csv });
        } catch (e) {
          throw readError(part.name, e);
        } finally {
          await input.close?.();
        }
      }
    },
  };
}

/** Library and system errors while reading become typed errors (no message text passed on: it may quote data). */
function readError(name: string, e: unknown): unknown {
  if (e instanceof RedactflowError) return e;
  if (e instanceof Error && e.name === 'AbortError') return new RedactflowError('ABORTED', `${name}: read aborted`);
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return new InputError('INPUT_NOT_FOUND', name, `cannot read (${code})`);
  return e;
}

/** A sink that encodes batches with the codec of `format` into `output`; any failure discards the output. */
export async function sinkFromOutput(
  output: ByteOutput,
  format: TableFormat,
  options: SinkOptions & { csv?: CsvOptions } = {},
): Promise<TableSink> {
  const codec = await getCodec(format);
  const writer = codec.createWriter(output, { csv: options.csv, fields: options.fields });
  let done = false;
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (done) throw new RedactflowError('OUTPUT_FAILED', `${output.name}: sink already closed`);
    try {
      return await fn();
    } catch (e) {
      done = true;
      await output.abort().catch(() => undefined);
      throw e;
    }
  };
  return {
    path: output.name,
    write: (batch: Batch) => guard(() => writer.write(batch)),
    close: () =>
      guard(async () => {
        const { rows } = await writer.finish();
        const { bytes } = await output.close();
        done = true;
        return { path: output.name, bytes, rows };
      }),
    async abort(): Promise<void> {
      if (done) return;
      done = true;
      await output.abort();
    },
  };
}
