// Amazon Comprehend DetectPiiEntities as a Detector: texts packed into ~100 KB requests (packer.ts), sent at the
// quota's pace with bounded adaptive retries, entities mapped back to their texts by offsets. FAIL CLOSED: a text
// whose detection finally failed gets `DetectResult.error` — never an empty "clean" result.
// Requests are packed at send time from a queue shared by all detect() calls in flight, so a runner sending
// small batches concurrently still fills requests to the limit (fewer requests, same units).
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import PQueue from 'p-queue';
import { ComprehendClient, DetectPiiEntitiesCommand, type ComprehendClientConfig } from '@aws-sdk/client-comprehend';
import type { DecisionExplanation, DetectOptions, DetectResult, Detector, DetectorStats, Entity } from '../detector.ts';
import type { ComprehendDetectorConfig } from '../detector-config.ts';
import type { PiiType } from '../pii-types.ts';
import { DetectorError, RedactflowError } from '../../errors.ts';
import { mapEntities, mergeWindowEntities, resolvePackOptions, takeRequest, toPieces, type MappedEntity, type PackedRequest, type Piece, type RawEntity } from './packer.ts';
import { AdaptiveRateGate, sleep } from './rate-gate.ts';
import { classifyError, describe } from './classify-error.ts';
import { estimateUnits } from './cost.ts';

export const COMPREHEND_DETECTOR_VERSION = 'DetectPiiEntities/2017-11-27';
/** The default DetectPiiEntities quota (requests per second) in most regions. */
export const DEFAULT_MAX_TPS = 20;
export const DEFAULT_MAX_RETRIES = 8;

export interface ComprehendDetectorOptions {
  /** A ready client (tests, custom middleware). Its own retry settings apply on top of ours: prefer maxAttempts 1. */
  client?: ComprehendClient;
  /** Extra client settings (e.g. credentials) merged into the client this function builds. */
  clientConfig?: ComprehendClientConfig;
  /** First retry delay in ms before jitter (default 200); doubles per attempt up to `retryMaxMs` (default 20 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per-attempt HTTP timeout in ms (default 60 s): a hung connection is retried, not waited on forever. */
  requestTimeoutMs?: number;
  /** Separator between packed texts (default packer.DEFAULT_SEPARATOR). */
  separator?: string;
  /** Random source for backoff jitter (default Math.random). */
  random?: () => number;
}

interface Counters {
  requests: number;
  attempts: number;
  units: number;
  bytes: number;
  chars: number;
  retries: number;
  throttles: number;
  failures: number;
  failed_texts: number;
  entities: number;
}

export async function createComprehendDetector(
  config: ComprehendDetectorConfig,
  options: ComprehendDetectorOptions = {},
): Promise<Detector> {
  const pack = resolvePackOptions({ maxBytes: config.max_request_bytes, separator: options.separator });
  const maxTps = config.max_tps ?? DEFAULT_MAX_TPS;
  // Enough requests in flight to keep the rate up when a 100 KB request takes ~1-2 s to answer.
  const concurrency = config.concurrency ?? Math.max(4, Math.min(256, Math.ceil(maxTps * 2)));
  const maxRetries = config.max_retries ?? DEFAULT_MAX_RETRIES;
  const retryBase = options.retryBaseMs ?? 200;
  const retryMax = options.retryMaxMs ?? 20_000;
  const random = options.random ?? Math.random;

  let agents: { http: http.Agent; https: https.Agent } | undefined;
  let client = options.client;
  if (!client) {
    agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
      https: new https.Agent({ keepAlive: true, maxSockets: concurrency }),
    };
    client = new ComprehendClient({
      // No region default: the SDK resolves AWS_REGION / the profile unless the flow names one.
      ...(config.region ? { region: config.region } : {}),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      // Retries are ours (adaptive, counted, fail-closed), not the SDK's.
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 60_000,
        // A hung request becomes a (retried) TimeoutError instead of a warning and an endless wait.
        throwOnRequestTimeout: true,
        connectionTimeout: 10_000,
        httpAgent: agents.http,
        httpsAgent: agents.https,
      },
      ...options.clientConfig,
    });
    try {
      await client.config.region();
    } catch (e) {
      client.destroy();
      throw new DetectorError('comprehend', 'no AWS region: set detector.region in the flow, AWS_REGION, or a region in the AWS profile', {
        cause: e,
        code: 'DETECTOR_CONFIG',
      });
    }
  }
  const sdk = client;
  const ownsClient = !options.client;

  const queue = new PQueue({ concurrency });
  const gate = new AdaptiveRateGate(maxTps);
  const closing = new AbortController();
  // Every waiting request listens on it (one listener per sleep/send): not a leak.
  setMaxListeners(0, closing.signal);
  const n: Counters = {
    requests: 0, attempts: 0, units: 0, bytes: 0, chars: 0, retries: 0, throttles: 0, failures: 0, failed_texts: 0, entities: 0,
  };

  /** One detect() call: its texts, what was found so far, and how many of its pieces are still out. */
  interface Call {
    texts: readonly (string | null)[];
    windows: number[];
    /** Sparse: most texts of a batch may have no entity. */
    found: Map<number, Array<MappedEntity & { requestId?: string }>>;
    errors: Map<number, { code: string; message: string }>;
    pending: number;
    done: boolean;
    resolve(r: DetectResult[]): void;
    reject(e: unknown): void;
  }
  interface QueuedPiece extends Piece {
    call: Call;
  }
  /**
   * Pieces waiting for a request, per language. Requests are packed when a sender gets its rate slot, not when
   * detect() is called: texts of several calls in flight share requests, so requests stay full whatever the
   * caller's batch size, and a lone small batch still goes out at once.
   */
  interface Lane {
    language: string;
    queue: QueuedPiece[];
    head: number;
    bytes: number;
    /** Senders queued that have not taken their request yet. */
    senders: number;
  }
  const lanes = new Map<string, Lane>();
  const active = new Set<Call>();

  function lane(language: string): Lane {
    let l = lanes.get(language);
    if (!l) lanes.set(language, (l = { language, queue: [], head: 0, bytes: 0, senders: 0 }));
    return l;
  }

  /** Enough senders for the bytes waiting (each takes at most one request's worth). */
  function ensureSenders(l: Lane): void {
    while (l.senders * pack.maxBytes < l.bytes) {
      l.senders++;
      void queue.add(() => sendFresh(l), { priority: 0 }).catch(() => {});
    }
  }

  function dropDone(l: Lane): void {
    while (l.head < l.queue.length && l.queue[l.head].call.done) l.bytes -= l.queue[l.head++].bytes;
    if (l.head > 4096 && l.head * 2 > l.queue.length) {
      l.queue = l.queue.slice(l.head);
      l.head = 0;
    }
  }

  /** A sender: waits for its rate slot, then packs whatever is at the head of its lane and sends it. */
  async function sendFresh(l: Lane): Promise<void> {
    try {
      await gate.acquire(closing.signal);
    } finally {
      l.senders--;
    }
    dropDone(l);
    if (l.head >= l.queue.length) return;
    const { request, pieces, next } = takeRequest(l.queue, l.head, pack);
    l.head = next;
    l.bytes -= pieces.reduce((b, p) => b + p.bytes, 0);
    dropDone(l);
    ensureSenders(l);
    await send(l, request, pieces, 0);
  }

  /** `send` with a last-resort guard: an unexpected exception fails its texts instead of leaving them hanging. */
  async function send(l: Lane, req: PackedRequest, pieces: QueuedPiece[], tries: number): Promise<void> {
    try {
      await sendOnce(l, req, pieces, tries);
    } catch (e) {
      fail(pieces, { code: 'DETECTOR_FAILED', message: `comprehend: internal error while handling a response: ${(e as Error)?.name ?? 'Error'}` });
    }
  }

  /** One attempt of a packed request (the caller holds a concurrency slot and a rate slot). */
  async function sendOnce(l: Lane, req: PackedRequest, pieces: QueuedPiece[], tries: number): Promise<void> {
    n.attempts++;
    let raw: RawEntity[];
    let requestId: string | undefined;
    try {
      const out = await sdk.send(new DetectPiiEntitiesCommand({ Text: req.text, LanguageCode: l.language as 'en' | 'es' }), {
        abortSignal: closing.signal,
      });
      raw = [];
      for (const e of out.Entities ?? []) {
        if (e.Type === undefined || e.BeginOffset === undefined || e.EndOffset === undefined) continue;
        raw.push({ type: e.Type, score: e.Score ?? 0, begin: e.BeginOffset, end: e.EndOffset });
      }
      requestId = out.$metadata.requestId;
    } catch (e) {
      if (closing.signal.aborted) {
        fail(pieces, { code: 'ABORTED', message: 'comprehend: detector closed before detection finished' });
        return;
      }
      const c = classifyError(e, { language: l.language, bytes: req.bytes, maxBytes: pack.maxBytes });
      if (c.kind === 'fatal') {
        const message = `comprehend: DetectPiiEntities failed: ${describe(c)}`;
        n.failures++;
        fail(pieces, { code: 'DETECTOR_FAILED', message });
        // Fail fast: nothing still waiting in this lane is sent; those texts fail with the same error.
        failLane(l, { code: 'DETECTOR_FAILED', message });
        return;
      }
      if (c.kind === 'throttle') {
        n.throttles++;
        gate.onThrottle();
      }
      if (tries >= maxRetries) {
        n.failures++;
        fail(pieces, {
          code: 'DETECTOR_FAILED',
          message: `comprehend: DetectPiiEntities failed after ${tries + 1} attempt(s) (max_retries ${maxRetries}): ${describe(c)}`,
        });
        return;
      }
      n.retries++;
      const d = Math.min(retryMax, retryBase * 2 ** tries);
      // Equal jitter spreads the retries of requests that failed together. The backoff is slept outside the
      // concurrency slot; the retry then jumps the queue of fresh senders.
      void sleep(d / 2 + random() * (d / 2), closing.signal)
        .then(() =>
          queue.add(
            async () => {
              await gate.acquire(closing.signal);
              await send(l, req, pieces, tries + 1);
            },
            { priority: 1 },
          ),
        )
        .catch(() => fail(pieces, { code: 'ABORTED', message: 'comprehend: detector closed before detection finished' }));
      return;
    }
    gate.onSuccess();
    n.requests++;
    n.units += estimateUnits(req.chars);
    n.bytes += req.bytes;
    n.chars += req.chars;
    const bySegment: Array<MappedEntity[]> = pieces.map(() => []);
    for (const m of mapEntities(req, raw)) bySegment[m.segment].push(m);
    pieces.forEach((p, k) => {
      if (!p.call.done && bySegment[k].length > 0) {
        let list = p.call.found.get(p.textIndex);
        if (!list) p.call.found.set(p.textIndex, (list = []));
        for (const m of bySegment[k]) list.push({ ...m, requestId });
      }
      settle(p.call);
    });
  }

  function fail(pieces: readonly QueuedPiece[], error: { code: string; message: string }): void {
    for (const p of pieces) {
      if (!p.call.errors.has(p.textIndex)) p.call.errors.set(p.textIndex, error);
      settle(p.call);
    }
  }

  function failLane(l: Lane, error: { code: string; message: string }): void {
    const rest = l.queue.slice(l.head);
    l.queue = [];
    l.head = 0;
    l.bytes = 0;
    fail(rest, error);
  }

  function settle(call: Call): void {
    if (--call.pending > 0 || call.done) return;
    call.done = true;
    active.delete(call);
    call.resolve(
      call.texts.map((_, t): DetectResult => {
        const err = call.errors.get(t);
        if (err) {
          n.failed_texts++;
          // Fail closed: no partial entities, an error the caller must act on.
          return { entities: [], error: err };
        }
        const found = call.found.get(t);
        if (!found) return { entities: [] };
        const list = call.windows[t] > 1 ? mergeWindowEntities(found) : found.sort((a, b) => a.begin - b.begin || a.end - b.end);
        n.entities += list.length;
        return { entities: list.map(toEntity) };
      }),
    );
  }

  return {
    name: 'comprehend',
    version: COMPREHEND_DETECTOR_VERSION,

    detect(texts: readonly (string | null)[], detectOptions?: DetectOptions): Promise<DetectResult[]> {
      const language = detectOptions?.language ?? config.language;
      const signal = detectOptions?.signal;
      if (signal?.aborted) return Promise.reject(new RedactflowError('ABORTED', 'comprehend: detection aborted'));
      if (closing.signal.aborted) return Promise.reject(new DetectorError('comprehend', 'detector is closed'));
      const { pieces, windows } = toPieces(texts, pack);
      if (pieces.length === 0) return Promise.resolve(texts.map(() => ({ entities: [] })));
      return new Promise<DetectResult[]>((resolve, reject) => {
        const call: Call = { texts, windows, found: new Map(), errors: new Map(), pending: pieces.length, done: false, resolve, reject };
        active.add(call);
        signal?.addEventListener(
          'abort',
          () => {
            if (call.done) return;
            // Its pieces still waiting are skipped; requests already sent finish for the other calls in them.
            call.done = true;
            active.delete(call);
            reject(new RedactflowError('ABORTED', 'comprehend: detection aborted'));
          },
          { once: true },
        );
        const l = lane(language);
        for (const p of pieces) {
          l.queue.push({ ...p, call });
          l.bytes += p.bytes;
        }
        ensureSenders(l);
      });
    },

    stats(): DetectorStats {
      return { ...n, max_tps: maxTps, current_tps: Math.round(gate.currentTps * 100) / 100 };
    },

    async close(): Promise<void> {
      closing.abort();
      queue.clear();
      for (const l of lanes.values()) failLane(l, { code: 'ABORTED', message: 'comprehend: detector closed before detection finished' });
      // Calls whose requests were queued or sleeping before a retry: rejected, never resolved as clean.
      for (const call of active) {
        call.done = true;
        call.reject(new DetectorError('comprehend', 'detector closed before detection finished'));
      }
      active.clear();
      await queue.onIdle();
      if (ownsClient) sdk.destroy();
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}

// Shared (frozen) explanations: one object per entity would be hundreds of thousands of allocations per run.
const PLAIN: DecisionExplanation = Object.freeze({ recognizer: 'comprehend' });
const CLIPPED: DecisionExplanation = Object.freeze({ recognizer: 'comprehend', notes: Object.freeze(['clipped_at_text_boundary']) as string[] });

function toEntity(e: MappedEntity & { requestId?: string }): Entity {
  const out: Entity = {
    // Comprehend's own type names; a type newer than our list is kept (redacting it is the safe side).
    type: e.type as PiiType,
    begin: e.begin,
    end: e.end,
    score: e.score,
    explanation: e.clipped ? CLIPPED : PLAIN,
  };
  if (e.requestId !== undefined) out.requestId = e.requestId;
  return out;
}
