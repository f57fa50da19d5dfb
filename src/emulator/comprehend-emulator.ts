// A local server speaking Amazon Comprehend's JSON 1.1 wire protocol (DetectPiiEntities, ContainsPiiEntities),
// backed by a Detector (the local one by default), enforcing the service's rules: 1 byte to 100 KB of UTF-8,
// languages en/es, a token-bucket TPS quota answering ThrottlingException; plus injected latency, 500s, throttles
// and dropped connections (seeded). For tests and for offline development against the real AWS SDK.
import { codePointLength } from '../text/offsets.ts';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Detector } from '../detect/detector.ts';
import { utf16OffsetsToCodePoints } from '../text/offsets.ts';
import { mulberry32 } from '../util/prng.ts';

export const TARGET_PREFIX = 'Comprehend_20171127';
const MAX_TEXT_BYTES = 100_000;
const SUPPORTED_LANGUAGES = new Set(['en', 'es']);
/** Bodies larger than this are refused outright (JSON escaping can at most ~6x a 100 KB text). */
const MAX_BODY_BYTES = 1_000_000;

export interface ComprehendEmulatorOptions {
  port?: number;
  host?: string;
  /** Token-bucket quota in requests per second (burst = one second's worth); 0/undefined = no quota. */
  tps?: number;
  /** Added before answering every request that passed the quota. */
  latencyMs?: number;
  /** Probability of answering InternalServerException (HTTP 500). */
  failRate?: number;
  /** Probability of destroying the connection without an answer. */
  dropRate?: number;
  /** Probability of answering ThrottlingException regardless of the quota. */
  throttleRate?: number;
  /** Backing detector; default the local detector. */
  detector?: Detector;
  /** Seed of the injected faults (default 1). */
  seed?: number;
}

export interface ComprehendEmulatorStats {
  /** Every HTTP request received. */
  received: number;
  /** Answered 200. */
  ok: number;
  /** ThrottlingException answers (quota or injected). */
  throttled: number;
  /** Injected InternalServerException answers. */
  failed: number;
  /** Connections destroyed on purpose. */
  dropped: number;
  /** 4xx answers other than throttling (validation, size, language, unknown operation). */
  rejected: number;
  /** Text bytes and code points of the answered requests. */
  bytes: number;
  chars: number;
  /** Billed units of the answered DetectPiiEntities/ContainsPiiEntities requests: max(3, ceil(chars / 100)). */
  units: number;
  /** Time of the first and last 200 answer (ms, performance.now()), for rate measurements. */
  firstOkAt: number | null;
  lastOkAt: number | null;
}

export interface ComprehendEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): ComprehendEmulatorStats;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function startComprehendEmulator(opts: ComprehendEmulatorOptions = {}): Promise<ComprehendEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const rand = mulberry32(opts.seed ?? 1);
  const latency = Math.max(0, opts.latencyMs ?? 0);
  const failRate = rate(opts.failRate, 'failRate');
  const dropRate = rate(opts.dropRate, 'dropRate');
  const throttleRate = rate(opts.throttleRate, 'throttleRate');
  const tps = opts.tps ?? 0;
  let detector = opts.detector;
  if (!detector) {
    const { createDetector } = await import('../detect/create-detector.ts');
    detector = await createDetector({ type: 'local' });
  }
  const ownsDetector = !opts.detector;
  const backend = detector;

  // Token bucket: capacity one second of quota, refilled continuously.
  const capacity = Math.max(1, tps);
  let tokens = capacity;
  let refilledAt = performance.now();
  const take = (): boolean => {
    if (!(tps > 0)) return true;
    const now = performance.now();
    tokens = Math.min(capacity, tokens + ((now - refilledAt) / 1000) * tps);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  };

  const s: ComprehendEmulatorStats = {
    received: 0, ok: 0, throttled: 0, failed: 0, dropped: 0, rejected: 0, bytes: 0, chars: 0, units: 0, firstOkAt: null, lastOkAt: null,
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, requestId: string): void => {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': payload.length,
      'x-amzn-requestid': requestId,
    });
    res.end(payload);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> => {
    const requestId = randomUUID();
    s.received++;
    // Fault decisions are drawn in a fixed order per request so a seed reproduces the same fault sequence.
    const drop = rand() < dropRate;
    const throttle = rand() < throttleRate;
    const fail = rand() < failRate;
    if (drop) {
      s.dropped++;
      req.socket.destroy();
      return;
    }
    try {
      if (req.method !== 'POST') throw new ApiError(404, 'UnknownOperationException', 'Only POST is supported');
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : '';
      if (op !== 'DetectPiiEntities' && op !== 'ContainsPiiEntities') {
        throw new ApiError(400, 'UnknownOperationException', 'The emulator supports DetectPiiEntities and ContainsPiiEntities');
      }
      if (!take() || throttle) {
        s.throttled++;
        throw new ApiError(400, 'ThrottlingException', 'Rate exceeded');
      }
      if (latency > 0) await delay(latency);
      if (fail) {
        s.failed++;
        throw new ApiError(500, 'InternalServerException', 'Injected internal server error');
      }
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError(400, 'SerializationException', 'Request body is not valid JSON');
      }
      const { Text, LanguageCode } = (typeof input === 'object' && input !== null ? input : {}) as { Text?: unknown; LanguageCode?: unknown };
      if (typeof Text !== 'string' || Text.length === 0) {
        throw new ApiError(400, 'ValidationException', "1 validation error detected: Value at 'text' failed to satisfy constraint: Member must have length greater than or equal to 1");
      }
      if (typeof LanguageCode !== 'string') {
        throw new ApiError(400, 'ValidationException', "1 validation error detected: Value null at 'languageCode' failed to satisfy constraint: Member must not be null");
      }
      const bytes = Buffer.byteLength(Text, 'utf8');
      if (bytes > MAX_TEXT_BYTES) {
        throw new ApiError(400, 'TextSizeLimitExceededException', `Input text size exceeds limit. Max length of request text allowed is ${MAX_TEXT_BYTES} bytes while in this request the text size is ${bytes} bytes`);
      }
      if (!SUPPORTED_LANGUAGES.has(LanguageCode)) {
        throw new ApiError(400, 'UnsupportedLanguageException', 'The language code provided is not supported for this operation. Supported languages: en, es');
      }
      const [result] = await backend.detect([Text], { language: LanguageCode });
      if (result.error) throw new ApiError(500, 'InternalServerException', 'The backing detector failed');
      const chars = codePointLength(Text);
      s.ok++;
      s.bytes += bytes;
      s.chars += chars;
      s.units += Math.max(3, Math.ceil(chars / 100));
      const now = performance.now();
      s.firstOkAt ??= now;
      s.lastOkAt = now;
      if (op === 'ContainsPiiEntities') {
        const best = new Map<string, number>();
        for (const e of result.entities) best.set(e.type, Math.max(best.get(e.type) ?? 0, e.score));
        send(res, 200, { Labels: [...best].map(([Name, Score]) => ({ Name, Score })) }, requestId);
        return;
      }
      const offsets: number[] = [];
      for (const e of result.entities) offsets.push(e.begin, e.end);
      const cps = utf16OffsetsToCodePoints(Text, offsets);
      send(
        res,
        200,
        { Entities: result.entities.map((e, k) => ({ Score: e.score, Type: e.type, BeginOffset: cps[2 * k], EndOffset: cps[2 * k + 1] })) },
        requestId,
      );
    } catch (e) {
      if (res.destroyed || res.headersSent) return;
      if (e instanceof ApiError) {
        if (e.status < 500 && e.type !== 'ThrottlingException') s.rejected++;
        send(res, e.status, { __type: e.type, Message: e.message, ...e.extra }, requestId);
      } else {
        send(res, 500, { __type: 'InternalServerException', Message: 'Internal error' }, requestId);
      }
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) {
        s.received++;
        s.rejected++;
        send(res, 413, { __type: 'TextSizeLimitExceededException', Message: 'Request body too large' }, randomUUID());
        return;
      }
      void handle(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => req.socket.destroy());
  });
  // Longer than the SDK's idle sockets live, so a reused keep-alive socket is not closed under a request.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => ({ ...s }),
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsDetector) await backend.close?.();
    },
  };
}

function rate(p: number | undefined, name: string): number {
  const v = p ?? 0;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be a probability between 0 and 1`);
  return v;
}


function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
