// S3 failures as RedactflowErrors: the object, the operation and the service's error name, never a body.
import { InputError, RedactflowError } from '../../errors.ts';

interface SdkErrorLike {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

function reason(e: unknown): string {
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError') return 'no AWS credentials found (default credential chain)';
  if (/Region is missing/i.test(String((e as Error)?.message))) return 'no AWS region configured (set AWS_REGION)';
  if (name === 'AccessDenied' || status === 403) return `access denied (${name}); check the IAM policy`;
  return status !== undefined ? `${name}, HTTP ${status}` : name;
}

const isNotFound = (e: unknown): boolean => {
  const err = (e ?? {}) as SdkErrorLike;
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.name === 'NoSuchBucket' || err.$metadata?.httpStatusCode === 404;
};

/** A failed read of `uri` (GetObject, HeadObject, ListObjectsV2). */
export function s3InputError(uri: string, op: string, e: unknown): RedactflowError {
  if (e instanceof RedactflowError) return e;
  if ((e as Error)?.name === 'AbortError') return new RedactflowError('ABORTED', 'read aborted', { cause: e });
  if (isNotFound(e)) {
    const what = ((e ?? {}) as SdkErrorLike).name === 'NoSuchBucket' ? 'bucket not found' : 'object not found';
    const err = new InputError('INPUT_NOT_FOUND', uri, what);
    (err as { cause?: unknown }).cause = e;
    return err;
  }
  if (((e ?? {}) as SdkErrorLike).name === 'PreconditionFailed') {
    return new InputError('INPUT_MALFORMED', uri, 'object changed while it was being read');
  }
  return new RedactflowError('INPUT_NOT_FOUND', `${uri}: ${op} failed: ${reason(e)}`, { cause: e });
}

/** A failed write of `uri` (the multipart upload). */
export function s3OutputError(uri: string, e: unknown): RedactflowError {
  if (e instanceof RedactflowError) return e;
  return new RedactflowError('OUTPUT_FAILED', `${uri}: upload failed: ${reason(e)}`, { cause: e });
}
