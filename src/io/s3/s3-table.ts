// s3:// sources and sinks (loaded by src/io/open-table.ts only when a path starts with s3://).
//   Source: s3://bucket/key.csv (one object), s3://bucket/prefix or s3://bucket/prefix/ (every table object under
//   the prefix, recursively, in key order), or a glob (s3://bucket/p/*.csv, s3://bucket/p/**/part-*.parquet).
//   Folder markers (keys ending in "/"), zero-byte objects and hidden names (a segment starting "." or "_") are
//   skipped. Under a prefix an
//   object is read when its extension names a table format (or, when `format` is set, when it has that
//   extension or none, e.g. Spark's part-00000); a glob reads every object it matches. The format of each object
//   comes from its extension unless `format` is set.
//   Sink: s3://bucket/key, streamed as a multipart upload (see s3-bytes.ts).
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { InputError, RedactflowError } from '../../errors.ts';
import { csvOptionsFor, inferFormat } from '../open-table.ts';
import type { SinkOptions, SinkSpec, SourceSpec, TableFormat, TableSink, TableSource } from '../table-io.ts';
import { sinkFromOutput, sourceFromParts, type SourcePart } from '../table-over-bytes.ts';
import { s3ByteInput, s3ByteOutput, type S3ObjectInfo, type S3UploadOptions } from './s3-bytes.ts';
import { s3ClientFor, type S3Options } from './s3-client.ts';
import { s3InputError } from './s3-errors.ts';
import { formatS3Uri, globPrefix, globToRegExp, hasGlob, parseS3Uri, type S3Location } from './s3-uri.ts';

export type S3SourceOptions = S3Options & { baseDir?: string };
export type S3SinkOptions = SinkOptions & S3Options & S3UploadOptions & { baseDir?: string };

const TABLE_EXT = /\.(csv|tsv|jsonl|ndjson|json|parquet|arrow|feather|arrows)$/i;

function formatOf(key: string): TableFormat | undefined {
  return TABLE_EXT.test(key) ? inferFormat(key) : undefined;
}

const baseName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

async function* listObjects(client: S3Client, bucket: string, prefix: string): AsyncGenerator<S3ObjectInfo> {
  let token: string | undefined;
  do {
    let res;
    try {
      res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    } catch (e) {
      throw s3InputError(formatS3Uri({ bucket, key: prefix }), 'ListObjectsV2', e);
    }
    for (const o of res.Contents ?? []) {
      if (o.Key !== undefined) yield { bucket, key: o.Key, size: o.Size ?? 0, etag: o.ETag };
    }
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
}

/**
 * Objects worth reading: not folder markers, not empty, and (Hadoop/Spark convention) no path segment below the
 * listed prefix starting with "." or "_" (_SUCCESS, _temporary/, _audit/, .hidden).
 */
const readable = (o: S3ObjectInfo, prefix: string): boolean =>
  o.size > 0 && !o.key.endsWith('/') && !o.key.slice(prefix.lastIndexOf('/') + 1).split('/').some((seg) => seg.startsWith('.') || seg.startsWith('_'));

/** The objects a source path names, in key order. */
export async function resolveS3Objects(client: S3Client, path: string, format?: TableFormat): Promise<S3ObjectInfo[]> {
  const loc = parseS3Uri(path);
  if (hasGlob(loc.key)) {
    const re = globToRegExp(loc.key);
    const out: S3ObjectInfo[] = [];
    for await (const o of listObjects(client, loc.bucket, globPrefix(loc.key))) if (re.test(o.key) && readable(o, globPrefix(loc.key))) out.push(o);
    if (out.length === 0) throw new InputError('INPUT_NOT_FOUND', path, 'no object matches');
    return out.sort(byKey);
  }
  if (loc.key !== '' && !loc.key.endsWith('/')) {
    const one = await headObject(client, loc);
    if (one) return [one];
  }
  const prefix = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  const out: S3ObjectInfo[] = [];
  for await (const o of listObjects(client, loc.bucket, prefix)) {
    if (!readable(o, prefix)) continue;
    const f = formatOf(o.key);
    if (format === undefined ? f !== undefined : f === format || !/\.[^/.]+$/.test(baseName(o.key))) out.push(o);
  }
  if (out.length === 0) throw new InputError('INPUT_NOT_FOUND', path, 'no object found (not a table object, nor a prefix holding table objects)');
  return out.sort(byKey);
}

const byKey = (a: S3ObjectInfo, b: S3ObjectInfo): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

async function headObject(client: S3Client, loc: S3Location): Promise<S3ObjectInfo | null> {
  try {
    const h = await client.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
    return { ...loc, size: h.ContentLength ?? 0, etag: h.ETag };
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
    throw s3InputError(formatS3Uri(loc), 'HeadObject', e);
  }
}

export async function openS3Source(spec: SourceSpec, opts: S3SourceOptions = {}): Promise<TableSource> {
  const client = s3ClientFor(opts);
  const objects = await resolveS3Objects(client, spec.path, spec.format);
  const parts: SourcePart[] = objects.map((o) => {
    const name = formatS3Uri(o);
    return { name, format: spec.format ?? inferFormat(o.key), csv: csvOptionsFor(o.key, spec.csv), open: async () => s3ByteInput(client, o) };
  });
  return sourceFromParts(parts);
}

const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
  arrows: 'application/vnd.apache.arrow.stream',
};

/** REDACTFLOW_S3_PART_SIZE_MB: multipart part size in MiB (5 to 5120). */
function partSizeFromEnv(env: Record<string, string | undefined>): number | undefined {
  const v = env.REDACTFLOW_S3_PART_SIZE_MB;
  if (v === undefined || v === '') return undefined;
  const mb = Number(v);
  if (!Number.isFinite(mb) || mb < 5 || mb > 5120) {
    throw new RedactflowError('USAGE', `REDACTFLOW_S3_PART_SIZE_MB must be a number from 5 to 5120, found "${v.slice(0, 20)}"`, { exitCode: 2 });
  }
  return Math.round(mb * 1024 * 1024);
}

export async function openS3Sink(spec: SinkSpec, opts: S3SinkOptions = {}): Promise<TableSink> {
  const loc = parseS3Uri(spec.path);
  if (loc.key === '' || loc.key.endsWith('/') || hasGlob(loc.key)) {
    throw new RedactflowError('USAGE', `${spec.path}: an S3 sink needs an object key (s3://bucket/path/file.ext)`, { exitCode: 2 });
  }
  const format = spec.format ?? inferFormat(loc.key);
  const output = s3ByteOutput(s3ClientFor(opts), loc, { partSize: opts.partSize ?? partSizeFromEnv(opts.env ?? process.env), queueSize: opts.queueSize, contentType: CONTENT_TYPES[format] });
  return sinkFromOutput(output, format, { fields: opts.fields, csv: csvOptionsFor(loc.key, spec.csv) });
}
