// Amazon Comprehend DetectPiiEntities as a Detector: texts packed into ~100 KB requests (packer.ts), sent at the
// quota's pace with bounded adaptive retries, entities mapped back to their texts by offsets. FAIL CLOSED: a text
// whose detection finally failed gets `DetectResult.error` — never an empty "clean" result.
import http from 'node:http';
import https from 'node:https';
import PQueue from 'p-queue';
import { ComprehendClient, DetectPiiEntitiesCommand, type ComprehendClientConfig } from '@aws-sdk/client-comprehend';
import type { DetectOptions, DetectResult, Detector, DetectorStats, Entity } from '../detector.ts';
import type { ComprehendDetectorConfig } from '../detector-config.ts';
import type { PiiType } from '../pii-types.ts';
import { DetectorError, RedactflowError } from '../../errors.ts';
import { mapEntities, mergeWindowEntities, packTexts, resolvePackOptions, type MappedEntity, type PackedRequest, type RawEntity } from './packer.ts';
import { AdaptiveRateGate, sleep } from './rate-gate.ts';
import { classifyError, describe, type ClassifiedError } from './classify-error.ts';
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
  const n: Counters = {
    requests: 0, attempts: 0, units: 0, bytes: 0, chars: 0, retries: 0, throttles: 0, failures: 0, failed_texts: 0, entities: 0,
  };

  interface Outcome {
    entities?: MappedEntity[];
    requestId?: string;
    error?: ClassifiedError;
    attempts: number;
  }

  /** One attempt, holding a concurrency slot only while it waits for its rate slot and the response. */
  async function attempt(req: PackedRequest, language: string, signal?: AbortSignal): Promise<{ raw: RawEntity[]; requestId?: string }> {
    await gate.acquire(signal);
    n.attempts++;
    const out = await sdk.send(
      new DetectPiiEntitiesCommand({ Text: req.text, LanguageCode: language as 'en' | 'es' }),
      signal ? { abortSignal: signal } : {},
    );
    const raw: RawEntity[] = [];
    for (const e of out.Entities ?? []) {
      if (e.Type === undefined || e.BeginOffset === undefined || e.EndOffset === undefined) continue;
      raw.push({ type: e.Type, score: e.Score ?? 0, begin: e.BeginOffset, end: e.EndOffset });
    }
    return { raw, requestId: out.$metadata.requestId };
  }

  async function run(req: PackedRequest, language: string, batch: { fatal?: ClassifiedError }, signal?: AbortSignal): Promise<Outcome> {
    for (let tries = 0; ; tries++) {
      if (batch.fatal) return { error: batch.fatal, attempts: tries };
      try {
        const { raw, requestId } = await queue.add(
          async () => {
            if (batch.fatal) throw new FatalShortCircuit();
            try {
              return await attempt(req, language, signal);
            } catch (e) {
              // Flag a fatal error before this slot is released, so no queued request of the batch goes out.
              if (!signal?.aborted) {
                const c = classifyError(e, { language, bytes: req.bytes, maxBytes: pack.maxBytes });
                if (c.kind === 'fatal') batch.fatal ??= c;
              }
              throw e;
            }
          },
          // Retries jump the queue so the texts already started finish first.
          { priority: tries > 0 ? 1 : 0 },
        );
        gate.onSuccess();
        n.requests++;
        n.units += estimateUnits(req.chars);
        n.bytes += req.bytes;
        n.chars += req.chars;
        return { entities: mapEntities(req, raw), requestId, attempts: tries + 1 };
      } catch (e) {
        if (e instanceof FatalShortCircuit) return { error: batch.fatal, attempts: tries };
        if (signal?.aborted) throw new RedactflowError('ABORTED', 'comprehend: detection aborted', { cause: e });
        const c = classifyError(e, { language, bytes: req.bytes, maxBytes: pack.maxBytes });
        if (c.kind === 'fatal') return { error: c, attempts: tries + 1 };
        if (c.kind === 'throttle') {
          n.throttles++;
          gate.onThrottle();
        }
        if (tries >= maxRetries) return { error: c, attempts: tries + 1 };
        n.retries++;
        const d = Math.min(retryMax, retryBase * 2 ** tries);
        // Equal jitter: spreads the retries of requests that failed together.
        await sleep(d / 2 + random() * (d / 2), signal);
      }
    }
  }

  return {
    name: 'comprehend',
    version: COMPREHEND_DETECTOR_VERSION,

    async detect(texts: readonly (string | null)[], detectOptions?: DetectOptions): Promise<DetectResult[]> {
      const language = detectOptions?.language ?? config.language;
      const signal = detectOptions?.signal;
      const { requests, windows } = packTexts(texts, pack);
      const batch: { fatal?: ClassifiedError } = {};
      const outcomes = await Promise.all(requests.map((r) => run(r, language, batch, signal)));

      const found: Array<Array<MappedEntity & { requestId?: string }>> = texts.map(() => []);
      const errors = new Map<number, { code: string; message: string }>();
      outcomes.forEach((o, k) => {
        const req = requests[k];
        if (o.error || !o.entities) {
          n.failures++;
          const why = o.error ? describe(o.error) : 'no response';
          const message =
            o.error?.kind === 'fatal'
              ? `comprehend: DetectPiiEntities failed: ${why}`
              : `comprehend: DetectPiiEntities failed after ${o.attempts} attempt(s) (max_retries ${maxRetries}): ${why}`;
          for (const s of req.segments) if (!errors.has(s.textIndex)) errors.set(s.textIndex, { code: 'DETECTOR_FAILED', message });
          return;
        }
        for (const e of o.entities) found[e.textIndex].push({ ...e, requestId: o.requestId });
      });

      return texts.map((_, t): DetectResult => {
        const err = errors.get(t);
        if (err) {
          n.failed_texts++;
          // Fail closed: no partial entities, an error the caller must act on.
          return { entities: [], error: err };
        }
        const list = windows[t] > 1 ? mergeWindowEntities(found[t]) : found[t].sort((a, b) => a.begin - b.begin || a.end - b.end);
        n.entities += list.length;
        return { entities: list.map(toEntity) };
      });
    },

    stats(): DetectorStats {
      return { ...n, max_tps: maxTps, current_tps: Math.round(gate.currentTps * 100) / 100 };
    },

    async close(): Promise<void> {
      queue.clear();
      await queue.onIdle();
      if (ownsClient) sdk.destroy();
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}

class FatalShortCircuit extends Error {}

function toEntity(e: MappedEntity & { requestId?: string }): Entity {
  const out: Entity = {
    // Comprehend's own type names; a type newer than our list is kept (redacting it is the safe side).
    type: e.type as PiiType,
    begin: e.begin,
    end: e.end,
    score: e.score,
    explanation: e.clipped ? { recognizer: 'comprehend', notes: ['clipped_at_text_boundary'] } : { recognizer: 'comprehend' },
  };
  if (e.requestId !== undefined) out.requestId = e.requestId;
  return out;
}
