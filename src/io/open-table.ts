// Format dispatch: path → format, local path or s3:// URI → byte layer → codec. Relative local paths resolve
// against `baseDir` (the flow's folder). s3:// goes to src/io/s3/s3-table.ts, loaded only when used.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { InputError, RedactflowError } from '../errors.ts';
import { localByteInput, localByteOutput } from './local-file.ts';
import type { S3TableModule, SinkOptions, SinkSpec, SourceSpec, TableFormat, TableSink, TableSource } from './table-io.ts';
import { csvOptionsFor, sinkFromOutput, sourceFromParts, type SourcePart } from './table-over-bytes.ts';

// Kept here too: the S3 backend imports it from this module.
export { csvOptionsFor };

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.arrows': 'arrows',
};

function extension(path: string): string {
  const clean = path.replace(/[?#].*$/, '');
  return extname(clean).toLowerCase();
}

export function inferFormat(path: string): TableFormat {
  const format = EXTENSIONS[extension(path)];
  if (format === undefined) {
    throw new RedactflowError(
      'UNSUPPORTED_FORMAT',
      `${path}: cannot tell the format from the extension (use .csv .tsv .jsonl .ndjson .parquet .arrow .feather .arrows, or set format)`,
    );
  }
  return format;
}

async function loadS3(): Promise<S3TableModule> {
  try {
    return (await import('./s3/s3-table.ts')) as S3TableModule;
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' || (e instanceof Error && /Cannot find module|Failed to load url/.test(e.message))) {
      throw new RedactflowError('UNSUPPORTED_FORMAT', 's3:// paths need the S3 backend (src/io/s3/s3-table.ts), which is not installed', { cause: e });
    }
    throw e;
  }
}

const isS3 = (path: string): boolean => path.startsWith('s3://');

/** Expands a local source path: a file, a folder (its table files, sorted) or a `*` pattern in the last part. */
async function localFiles(path: string, format: TableFormat | undefined): Promise<string[]> {
  const name = basename(path);
  const matches = (file: string): boolean => {
    if (file.startsWith('.')) return false; // hidden, including our own .partial outputs
    const f = EXTENSIONS[extension(file)];
    return f !== undefined && (format === undefined || f === format);
  };
  if (name.includes('*')) {
    const dir = dirname(path);
    const re = new RegExp('^' + name.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    const files = await readdir(dir).catch(() => {
      throw new InputError('INPUT_NOT_FOUND', dir, 'folder not found');
    });
    const out = files.filter((f) => re.test(f) && !f.startsWith('.')).sort().map((f) => join(dir, f));
    if (out.length === 0) throw new InputError('INPUT_NOT_FOUND', path, 'no file matches');
    return out;
  }
  const st = await stat(path).catch(() => null);
  if (st === null) throw new InputError('INPUT_NOT_FOUND', path, 'file not found');
  if (!st.isDirectory()) return [path];
  const out = (await readdir(path)).filter(matches).sort().map((f) => join(path, f));
  if (out.length === 0) throw new InputError('INPUT_NOT_FOUND', path, 'folder holds no table files');
  return out;
}

export async function openSource(spec: SourceSpec, opts?: { baseDir?: string }): Promise<TableSource> {
  if (isS3(spec.path)) return (await loadS3()).openS3Source(spec, opts);
  const path = isAbsolute(spec.path) ? spec.path : resolve(opts?.baseDir ?? process.cwd(), spec.path);
  const files = await localFiles(path, spec.format);
  const sizes = await Promise.all(files.map((f) => stat(f).then((st) => st.size, () => undefined)));
  const parts: SourcePart[] = files.map((file, i) => ({
    name: file,
    size: sizes[i],
    format: spec.format ?? inferFormat(file),
    csv: csvOptionsFor(file, spec.csv),
    open: () => localByteInput(file),
  }));
  return sourceFromParts(parts);
}

export async function openSink(spec: SinkSpec, opts?: SinkOptions & { baseDir?: string }): Promise<TableSink> {
  if (isS3(spec.path)) return (await loadS3()).openS3Sink(spec, opts);
  const path = isAbsolute(spec.path) ? spec.path : resolve(opts?.baseDir ?? process.cwd(), spec.path);
  const format = spec.format ?? inferFormat(path);
  const output = await localByteOutput(path);
  return sinkFromOutput(output, format, { fields: opts?.fields, csv: csvOptionsFor(path, spec.csv) });
}
