// What to do with a failed DetectPiiEntities call: retry (throttle / server / network), or stop (fail fast).
// Messages name the exception, HTTP status and request id — never the server's message text, which could in
// principle echo the request, and never the request text.

export type ErrorKind =
  /** Slow down and retry. */
  | 'throttle'
  /** 5xx or network: retry with backoff. */
  | 'transient'
  /** The request (or the configuration) is wrong: no retry; stop the whole batch. */
  | 'fatal';

export interface ClassifiedError {
  kind: ErrorKind;
  /** Exception name or network error code, e.g. "ThrottlingException", "ECONNRESET". */
  name: string;
  status?: number;
  requestId?: string;
  /** One clear sentence, no cell content. */
  detail: string;
}

const THROTTLE_NAMES = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'ThrottledException', 'Throttling', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException', 'SlowDown',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP2_STREAM_ERROR',
]);

const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  Reason?: unknown;
}

export function classifyError(e: unknown, ctx: { language: string; bytes: number; maxBytes: number }): ClassifiedError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkLikeError;
  const name = typeof err.name === 'string' && err.name !== 'Error' ? err.name : typeof err.code === 'string' ? err.code : 'Error';
  const code = typeof err.code === 'string' ? err.code : undefined;
  const status = err.$metadata?.httpStatusCode;
  const requestId = err.$metadata?.requestId;
  const base = { name, status, requestId };

  if (THROTTLE_NAMES.has(name) || status === 429) {
    return { ...base, kind: 'throttle', detail: `throttled (${name})` };
  }
  if (name === 'TextSizeLimitExceededException') {
    return {
      ...base,
      kind: 'fatal',
      detail: `TextSizeLimitExceededException: a request of ${ctx.bytes} UTF-8 bytes exceeded Comprehend's text size limit (max_request_bytes is ${ctx.maxBytes}); lower detector.max_request_bytes`,
    };
  }
  if (name === 'UnsupportedLanguageException') {
    return {
      ...base,
      kind: 'fatal',
      detail: `UnsupportedLanguageException: DetectPiiEntities does not support language "${ctx.language}" (it supports en and es); set detector.language`,
    };
  }
  if (name === 'InvalidRequestException' || name === 'ValidationException' || name === 'SerializationException') {
    const reason = typeof err.Reason === 'string' && /^[A-Z_]{1,64}$/.test(err.Reason) ? ` (reason ${err.Reason})` : '';
    return { ...base, kind: 'fatal', detail: `${name}: Comprehend rejected the request as invalid${reason}` };
  }
  if ((typeof status === 'number' && status >= 500) || err.$fault === 'server') {
    return { ...base, kind: 'transient', detail: `server error ${name}${status ? ` (HTTP ${status})` : ''}` };
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || NETWORK_NAMES.has(name) || (status === undefined && isNetworkMessage(err.message))) {
    return { ...base, name: code ?? name, kind: 'transient', detail: `network error ${code ?? name}` };
  }
  if (typeof status === 'number') {
    // Other 4xx: credentials, permissions, endpoint. Retrying cannot help.
    return { ...base, kind: 'fatal', detail: `${name} (HTTP ${status}): check the AWS credentials, permissions (comprehend:DetectPiiEntities), region and endpoint` };
  }
  // Client-side failures before any request went out (no region, no credentials, ...).
  return { ...base, kind: 'fatal', detail: `${name}: the request could not be sent (check the AWS region and credentials)` };
}

function isNetworkMessage(m: unknown): boolean {
  return typeof m === 'string' && /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|network|timed? ?out|other side closed/i.test(m);
}

export function describe(c: ClassifiedError): string {
  const parts = [c.detail];
  if (c.status !== undefined && !c.detail.includes(`HTTP ${c.status}`)) parts.push(`HTTP ${c.status}`);
  if (c.requestId) parts.push(`request id ${c.requestId}`);
  return parts.join(', ');
}
