// S3 objects behind the byte layer (src/io/table-io.ts). Reads stream the GetObject body (sequential formats)
// or issue ranged GetObjects pinned to the listed ETag (Parquet). Writes stream into a lib-storage Upload:
// multipart once the output passes one part, a single PutObject below that; either way nothing exists at the
// final key until the upload completes, and abort() cancels it (AbortMultipartUpload), so a failed run never
// leaves an object that looks finished.
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ByteInput, ByteOutput } from '../table-io.ts';
import { s3InputError, s3OutputError } from './s3-errors.ts';
import { formatS3Uri, type S3Location } from './s3-uri.ts';

export interface S3ObjectInfo extends S3Location {
  size: number;
  etag?: string;
}

export function s3ByteInput(client: S3Client, obj: S3ObjectInfo): ByteInput {
  const uri = formatS3Uri(obj);
  return {
    name: uri,
    size: obj.size,
    async *stream(signal?: AbortSignal): AsyncIterable<Uint8Array> {
      let body: Readable;
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key, IfMatch: obj.etag }), { abortSignal: signal });
        body = res.Body as Readable;
      } catch (e) {
        throw s3InputError(uri, 'GetObject', e);
      }
      try {
        for await (const chunk of body) yield chunk as Uint8Array;
      } catch (e) {
        throw s3InputError(uri, 'GetObject', e);
      } finally {
        body.destroy();
      }
    },
    async read(start: number, end: number): Promise<Uint8Array> {
      const last = Math.min(end, obj.size) - 1;
      if (last < start) return new Uint8Array(0);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key, Range: `bytes=${start}-${last}`, IfMatch: obj.etag }));
        return await res.Body!.transformToByteArray();
      } catch (e) {
        throw s3InputError(uri, 'GetObject (range)', e);
      }
    },
  };
}

export interface S3UploadOptions {
  /** Multipart part size in bytes (S3 minimum 5 MiB; default 8 MiB). */
  partSize?: number;
  /** Parts uploaded concurrently (default 4): memory use is about partSize × (queueSize + 1). */
  queueSize?: number;
  contentType?: string;
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;

export function s3ByteOutput(client: S3Client, loc: S3Location, opts: S3UploadOptions = {}): ByteOutput {
  const uri = formatS3Uri(loc);
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  // Errors of the body reach us through the upload's promise; without a listener an abort could crash the process.
  body.on('error', () => {});
  const upload = new Upload({
    client,
    params: { Bucket: loc.bucket, Key: loc.key, Body: body, ContentType: opts.contentType },
    partSize: Math.max(MIN_PART_SIZE, opts.partSize ?? 8 * 1024 * 1024),
    queueSize: opts.queueSize ?? 4,
    leavePartsOnError: false,
  });
  let failure: unknown = null;
  // Started now: the upload consumes the stream as it is written. Failures surface in write/close.
  const done = upload.done().then(
    () => undefined,
    (e: unknown) => {
      failure ??= e;
      body.destroy();
    },
  );
  let bytes = 0;
  let state: 'open' | 'closed' | 'aborted' = 'open';
  const failed = (): never => {
    throw s3OutputError(uri, failure);
  };
  return {
    name: uri,
    async write(chunk: Uint8Array): Promise<void> {
      if (state !== 'open') throw s3OutputError(uri, new Error('output already closed'));
      if (failure) failed();
      bytes += chunk.length;
      if (!body.write(chunk)) {
        // Back-pressure: wait until the uploader took the buffered bytes, or it failed.
        await Promise.race([once(body, 'drain'), done]);
        if (failure) failed();
      }
    },
    async close(): Promise<{ bytes: number }> {
      if (state !== 'open') throw s3OutputError(uri, new Error('output already closed'));
      state = 'closed';
      body.end();
      await done;
      if (failure) failed();
      return { bytes };
    },
    async abort(): Promise<void> {
      if (state !== 'open') return;
      state = 'aborted';
      failure ??= new Error('aborted');
      // Failing the body (rather than Upload.abort(), whose promise settles before the cleanup request is sent)
      // makes the uploader send AbortMultipartUpload before `done` settles, so awaiting it awaits the cleanup.
      body.destroy(new Error('output aborted'));
      await done;
    },
  };
}
