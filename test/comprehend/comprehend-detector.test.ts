// The Comprehend detector through the real SDK client against the emulator on 127.0.0.1: packed detection equals
// per-text detection, retries lose and duplicate nothing, failures fail closed, fail-fast errors stop at once;
// plus aws-sdk-client-mock where exact call counts are the point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ComprehendClient, DetectPiiEntitiesCommand, TextSizeLimitExceededException, InternalServerException } from '@aws-sdk/client-comprehend';
import { startComprehendEmulator, type ComprehendEmulator } from '../../src/emulator/comprehend-emulator.ts';
import { createLocalDetector } from '../../src/detect/local/local-detector.ts';
import { createComprehendDetector } from '../../src/detect/comprehend/comprehend-detector.ts';
import { createComprehendDryRunDetector, estimateUnits } from '../../src/detect/comprehend/cost.ts';
import { packTexts } from '../../src/detect/comprehend/packer.ts';
import { createDetector } from '../../src/detect/create-detector.ts';
import type { Detector, DetectResult } from '../../src/detect/detector.ts';
import { seedPiiCol } from '../../bench/comprehend-bench.ts';
import { comprehendConfig, connect, credentials, regexDetector, spans } from './helpers.ts';

/** Rows of the seed's pii_col with some nulls, empties and e-mails/secrets in odd places. */
function mixedRows(n: number): (string | null)[] {
  return Array.from({ length: n }, (_, i) => {
    if (i % 17 === 0) return null;
    if (i % 23 === 0) return '';
    return `row ${i} <R> 😀 contact r${i}@mail.example.com\nsecret-${i} é\u0301`;
  });
}

function expectSameEntities(texts: readonly (string | null)[], got: DetectResult[], want: DetectResult[]): void {
  expect(got).toHaveLength(texts.length);
  texts.forEach((t, i) => {
    expect(got[i].error).toBeUndefined();
    expect(spans(t, got[i].entities)).toEqual(spans(t, want[i].entities));
  });
}

describe('comprehend detector, local detector behind the emulator', () => {
  let emu: ComprehendEmulator;
  let local: Detector;
  beforeAll(async () => {
    local = await createLocalDetector({ workers: 0 });
    emu = await startComprehendEmulator({ detector: local });
  });
  afterAll(async () => {
    await emu.close();
    await local.close?.();
  });

  it('packed detection equals the local detector run per text (seed pii_col rows)', async () => {
    const texts = seedPiiCol(1500, 42);
    expect(texts.some((t) => t === null)).toBe(true);
    const det = await connect(emu.url, { max_request_bytes: 20_000 });
    const before = emu.stats();
    const got = await det.detect(texts);
    const want = await local.detect(texts);
    expectSameEntities(texts, got, want);
    // Scores too, and every entity carries the request id of the call that found it.
    got.forEach((r, i) => {
      expect(r.entities.map((e) => e.score)).toEqual(want[i].entities.map((e) => e.score));
      for (const e of r.entities) expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
    expect(got.reduce((n, r) => n + r.entities.length, 0)).toBeGreaterThan(2000);
    const st = det.stats!();
    const after = emu.stats();
    expect(st.requests).toBe(after.ok - before.ok);
    expect(st.units).toBe(after.units - before.units);
    expect(st.bytes).toBe(after.bytes - before.bytes);
    expect(st.requests).toBeGreaterThan(5);
    expect(st).toMatchObject({ retries: 0, throttles: 0, failures: 0 });
    await det.close!();
  });

  it('is available through createDetector({ type: "comprehend" })', async () => {
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    try {
      const det = await createDetector(comprehendConfig(emu.url));
      expect(det.name).toBe('comprehend');
      const [r] = await det.detect(['write to jane.doe@example.com']);
      expect(spans('write to jane.doe@example.com', r.entities)).toContain('EMAIL 9-29 jane.doe@example.com');
      await det.close!();
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });
});

describe('comprehend detector, retries and fail-closed', () => {
  const texts = mixedRows(600);
  let want: DetectResult[];
  beforeAll(async () => {
    want = await regexDetector().detect(texts);
  });

  it('retries throttles, 500s and dropped connections: every text exactly once, none lost', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector(), throttleRate: 0.2, failRate: 0.1, dropRate: 0.05, tps: 400, seed: 11 });
    const det = await connect(emu.url, { max_request_bytes: 1500, max_retries: 20, max_tps: 2000 });
    try {
      const got = await det.detect(texts);
      expectSameEntities(texts, got, want);
      const st = det.stats!();
      const es = emu.stats();
      expect(st.requests).toBe(es.ok);
      expect(st.throttles).toBe(es.throttled);
      expect(st.retries).toBe(es.throttled + es.failed + es.dropped);
      expect(es.throttled).toBeGreaterThan(0);
      expect(es.failed).toBeGreaterThan(0);
      expect(es.dropped).toBeGreaterThan(0);
      expect(st.failures).toBe(0);
    } finally {
      await det.close!();
      await emu.close();
    }
  });

  it('fails closed under a permanently failing endpoint: every text gets a clear error, none comes back clean', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector(), failRate: 1 });
    const det = await connect(emu.url, { max_request_bytes: 5000, max_retries: 3 });
    try {
      const got = await det.detect(texts);
      texts.forEach((t, i) => {
        if (!t) {
          expect(got[i]).toEqual({ entities: [] }); // null/empty: nothing to detect, nothing failed
          return;
        }
        expect(got[i].entities).toEqual([]);
        expect(got[i].error?.code).toBe('DETECTOR_FAILED');
        expect(got[i].error?.message).toMatch(/DetectPiiEntities failed after 4 attempt\(s\) \(max_retries 3\): server error InternalServerException \(HTTP 500\), request id [0-9a-f-]{36}/);
        // No cell content in the message.
        expect(got[i].error?.message).not.toMatch(/mail\.example|secret-|row \d/);
      });
      const st = det.stats!();
      expect(st.requests).toBe(0);
      expect(st.retries).toBe(3 * (st.failures ?? 0));
      expect(st.failed_texts).toBe(texts.filter((t) => t).length);
    } finally {
      await det.close!();
      await emu.close();
    }
  });

  it('fails closed when nothing listens (connection refused)', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector() });
    const url = emu.url;
    await emu.close();
    const det = await connect(url, { max_retries: 2 });
    try {
      const got = await det.detect(['a@b.co', null, 'c@d.co']);
      expect(got[1]).toEqual({ entities: [] });
      for (const r of [got[0], got[2]]) {
        expect(r.entities).toEqual([]);
        expect(r.error?.message).toMatch(/after 3 attempt\(s\).*network error ECONNREFUSED/);
      }
    } finally {
      await det.close!();
    }
  });

  it('fails fast on UnsupportedLanguageException: no retries, every text errored, message names the language', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector() });
    const det = await connect(emu.url, { max_request_bytes: 1000, concurrency: 2 });
    try {
      const got = await det.detect(texts, { language: 'fr' });
      for (const [i, t] of texts.entries()) {
        if (!t) continue;
        expect(got[i].entities).toEqual([]);
        expect(got[i].error?.message).toMatch(/UnsupportedLanguageException: DetectPiiEntities does not support language "fr"/);
      }
      // Stopped at once: only the requests already in flight reached the service.
      expect(emu.stats().received).toBeLessThanOrEqual(2);
      expect(det.stats!()).toMatchObject({ retries: 0, requests: 0 });
    } finally {
      await det.close!();
      await emu.close();
    }
  });
});

describe('comprehend detector, long texts', () => {
  it('sends a 350 KB text as overlapping windows and reports each of its entities once, at its offsets', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector() });
    const det = await connect(emu.url);
    try {
      const parts: string[] = [];
      for (let i = 0, size = 0; size < 350_000; i++) {
        const p = i % 9 === 0 ? `mail u${i}@x.example.org, Agent Xavier Quentin Yount said secret-${i}` : `word${i % 13} 😀 filler é́ text`;
        parts.push(p);
        size += Buffer.byteLength(p) + 1;
      }
      const long = parts.join(' ');
      const texts = ['before a@b.co', long, null, 'after c@d.co'];
      const got = await det.detect(texts);
      expectSameEntities(texts, got, await regexDetector().detect(texts));
      expect(got[1].entities.length).toBeGreaterThan(1000);
      expect(emu.stats().ok).toBe(det.stats!().requests);
      expect(det.stats!().requests).toBeGreaterThanOrEqual(4);
    } finally {
      await det.close!();
      await emu.close();
    }
  });
});

describe('comprehend detector, several calls in flight', () => {
  it('packs the texts of concurrent calls into shared requests and answers each call with its own texts', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector() });
    const det = await connect(emu.url, { max_request_bytes: 4000, max_tps: 50 });
    try {
      const batches = Array.from({ length: 8 }, (_, b) => mixedRows(60).map((t) => (t ? `b${b} ${t}` : t)));
      const got = await Promise.all(batches.map((texts) => det.detect(texts)));
      for (const [b, texts] of batches.entries()) expectSameEntities(texts, got[b], await regexDetector().detect(texts));
      // All calls were queued before the first request was packed: as few requests as one call with every text.
      const all = batches.flat();
      expect(det.stats!().requests).toBe(packTexts(all, { maxBytes: 4000 }).requests.length);
      expect(det.stats!().requests).toBeLessThan(batches.reduce((n, t) => n + packTexts(t, { maxBytes: 4000 }).requests.length, 0));
    } finally {
      await det.close!();
      await emu.close();
    }
  });

  it('rejects an aborted call without disturbing the others', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector(), latencyMs: 20 });
    const det = await connect(emu.url, { max_request_bytes: 1000, max_tps: 20, concurrency: 1 });
    try {
      const ac = new AbortController();
      const a = mixedRows(200);
      const b = mixedRows(50).map((t) => (t ? `other ${t}` : t));
      const pa = det.detect(a, { signal: ac.signal });
      const pb = det.detect(b);
      ac.abort();
      await expect(pa).rejects.toMatchObject({ code: 'ABORTED' });
      expectSameEntities(b, await pb, await regexDetector().detect(b));
    } finally {
      await det.close!();
      await emu.close();
    }
  });
});

describe('comprehend detector with aws-sdk-client-mock', () => {
  it('fails fast on TextSizeLimitExceededException (one call, no retry)', async () => {
    const client = new ComprehendClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
    const mock = mockClient(client);
    mock.on(DetectPiiEntitiesCommand).rejects(
      new TextSizeLimitExceededException({ message: 'too big', $metadata: { httpStatusCode: 400, requestId: 'req-1' } }),
    );
    const det = await createComprehendDetector(comprehendConfig('http://127.0.0.1:9'), { client, retryBaseMs: 1 });
    const got = await det.detect(['some text', null]);
    expect(mock.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(1);
    expect(got[0].error?.message).toMatch(/TextSizeLimitExceededException: a request of 9 UTF-8 bytes exceeded Comprehend's text size limit.*request id req-1/);
    expect(got[1]).toEqual({ entities: [] });
    mock.restore();
  });

  it('retries a 500 then maps the answer, with the request id, units and retries counted', async () => {
    const client = new ComprehendClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
    const mock = mockClient(client);
    const text = 'x'.repeat(250) + ' jane@example.com';
    mock
      .on(DetectPiiEntitiesCommand)
      .rejectsOnce(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }))
      .resolves({ Entities: [{ Type: 'EMAIL', Score: 0.98, BeginOffset: 251, EndOffset: 267 }], $metadata: { requestId: 'req-2' } });
    const det = await createComprehendDetector(comprehendConfig('http://127.0.0.1:9'), { client, retryBaseMs: 1 });
    const [r] = await det.detect([text]);
    expect(r.entities).toEqual([
      { type: 'EMAIL', begin: 251, end: 267, score: 0.98, requestId: 'req-2', explanation: { recognizer: 'comprehend' } },
    ]);
    expect(mock.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(2);
    expect(mock.commandCalls(DetectPiiEntitiesCommand)[1].args[0].input).toEqual({ Text: text, LanguageCode: 'en' });
    expect(det.stats!()).toMatchObject({ requests: 1, attempts: 2, retries: 1, units: estimateUnits(267), chars: 267, bytes: 267 });
    mock.restore();
  });
});

describe('dry run', () => {
  it('packs and counts exactly like the real detector, estimates USD, calls nothing', async () => {
    const texts = mixedRows(3000);
    const emu = await startComprehendEmulator({ detector: regexDetector() });
    const real = await connect(emu.url, { max_request_bytes: 8000 });
    await real.detect(texts);
    const dry = createComprehendDryRunDetector({ type: 'comprehend', language: 'en', max_request_bytes: 8000, price_per_unit: 0.0002 });
    const res = await dry.detect(texts);
    expect(res.every((r) => r.entities.length === 0 && r.error === undefined)).toBe(true);
    const d = dry.stats!();
    const r = real.stats!();
    expect({ requests: d.requests, bytes: d.bytes, chars: d.chars, units: d.units }).toEqual({ requests: r.requests, bytes: r.bytes, chars: r.chars, units: r.units });
    expect(d.estimated_usd).toBeCloseTo((d.units ?? 0) * 0.0002, 6);
    expect(d.skipped_texts).toBe(texts.filter((t) => !t).length);
    expect(emu.stats().received).toBe(r.requests); // the dry run added nothing
    await real.close!();
    await emu.close();
  });
});
