// The emulator speaks Comprehend's JSON 1.1 protocol well enough for the real AWS SDK client: code-point
// offsets, request ids, the service's limits and errors, the TPS quota, injected 500s and dropped connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  ComprehendClient,
  ContainsPiiEntitiesCommand,
  DetectPiiEntitiesCommand,
  type DetectPiiEntitiesCommandOutput,
} from '@aws-sdk/client-comprehend';
import { startComprehendEmulator, type ComprehendEmulator } from '../../src/emulator/comprehend-emulator.ts';
import { createLocalDetector } from '../../src/detect/local/local-detector.ts';
import type { Detector } from '../../src/detect/detector.ts';
import { credentials, regexDetector } from './helpers.ts';

function client(endpoint: string): ComprehendClient {
  return new ComprehendClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
}

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number; requestId?: string; fault?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number; requestId?: string }; $fault?: string };
    return { name: err.name, status: err.$metadata?.httpStatusCode, requestId: err.$metadata?.requestId, fault: err.$fault };
  }
  throw new Error('expected the call to fail');
}

describe('comprehend emulator (local detector behind the real SDK)', () => {
  let emu: ComprehendEmulator;
  let local: Detector;
  let c: ComprehendClient;
  beforeAll(async () => {
    local = await createLocalDetector({ workers: 0 });
    emu = await startComprehendEmulator({ detector: local });
    c = client(emu.url);
  });
  afterAll(async () => {
    c.destroy();
    await emu.close();
    await local.close?.();
  });

  it('answers DetectPiiEntities with code-point offsets, scores, types and a request id', async () => {
    const text = '😀😀 Write to jane.doe@example.com or call 212-555-0187 é\u0301';
    const out: DetectPiiEntitiesCommandOutput = await c.send(new DetectPiiEntitiesCommand({ Text: text, LanguageCode: 'en' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [direct] = await local.detect([text]);
    const cps = [...text];
    const got = (out.Entities ?? []).map((e) => ({ type: e.Type, value: cps.slice(e.BeginOffset, e.EndOffset).join(''), score: e.Score }));
    expect(got).toEqual(direct.entities.map((e) => ({ type: e.type, value: text.slice(e.begin, e.end), score: e.score })));
    expect(got.map((g) => g.value)).toContain('jane.doe@example.com');
    // Code points, not UTF-16: the two emoji count as 2, not 4.
    const email = (out.Entities ?? []).find((e) => e.Type === 'EMAIL');
    expect(email?.BeginOffset).toBe(text.indexOf('jane') - 2);
  });

  it('answers ContainsPiiEntities with labels', async () => {
    const out = await c.send(new ContainsPiiEntitiesCommand({ Text: 'mail jane.doe@example.com', LanguageCode: 'en' }));
    expect(out.Labels?.map((l) => l.Name)).toContain('EMAIL');
    const none = await c.send(new ContainsPiiEntitiesCommand({ Text: 'nothing here', LanguageCode: 'es' }));
    expect(none.Labels).toEqual([]);
  });

  it('accepts exactly 100,000 bytes of UTF-8 and rejects 100,001 with TextSizeLimitExceededException', async () => {
    const ok = await c.send(new DetectPiiEntitiesCommand({ Text: 'ab '.repeat(33_333) + 'z', LanguageCode: 'en' }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    // 25,000 emoji = 100,000 bytes (only 25,000 characters): the limit is bytes.
    const emoji = await c.send(new DetectPiiEntitiesCommand({ Text: '😀'.repeat(25_000), LanguageCode: 'en' }));
    expect(emoji.$metadata.httpStatusCode).toBe(200);
    const f = await failure(c.send(new DetectPiiEntitiesCommand({ Text: '😀'.repeat(25_000) + 'a', LanguageCode: 'en' })));
    expect(f).toMatchObject({ name: 'TextSizeLimitExceededException', status: 400, fault: 'client' });
    expect(f.requestId).toBeTruthy();
  });

  it('rejects unsupported languages and empty text', async () => {
    const f = await failure(c.send(new DetectPiiEntitiesCommand({ Text: 'bonjour', LanguageCode: 'fr' })));
    expect(f).toMatchObject({ name: 'UnsupportedLanguageException', status: 400 });
    const e = await failure(c.send(new DetectPiiEntitiesCommand({ Text: '', LanguageCode: 'en' })));
    expect(e).toMatchObject({ name: 'ValidationException', status: 400 });
    const st = emu.stats();
    expect(st.rejected).toBeGreaterThanOrEqual(3);
  });
});

describe('comprehend emulator faults', () => {
  it('throttles above the token-bucket quota with ThrottlingException (HTTP 400)', async () => {
    const emu = await startComprehendEmulator({ detector: regexDetector(), tps: 1 });
    const c = client(emu.url);
    try {
      // Bucket of one token refilled at 1/s: two back-to-back calls cannot both pass.
      await c.send(new DetectPiiEntitiesCommand({ Text: 'a', LanguageCode: 'en' }));
      const f = await failure(c.send(new DetectPiiEntitiesCommand({ Text: 'b', LanguageCode: 'en' })));
      expect(f).toMatchObject({ name: 'ThrottlingException', status: 400 });
      expect(emu.stats()).toMatchObject({ ok: 1, throttled: 1 });
    } finally {
      c.destroy();
      await emu.close();
    }
  });

  it('injects 500s and dropped connections at the given rates, reproducibly per seed', async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const emu = await startComprehendEmulator({ detector: regexDetector(), failRate: 0.3, dropRate: 0.2, seed });
      const c = client(emu.url);
      const seen: string[] = [];
      try {
        for (let i = 0; i < 40; i++) {
          try {
            await c.send(new DetectPiiEntitiesCommand({ Text: `t${i}`, LanguageCode: 'en' }));
            seen.push('ok');
          } catch (e) {
            const err = e as { name: string; code?: string; $metadata?: { httpStatusCode?: number } };
            seen.push(err.$metadata?.httpStatusCode === 500 ? err.name : 'network');
          }
        }
        const st = emu.stats();
        expect(st.failed).toBe(seen.filter((s) => s === 'InternalServerException').length);
        expect(st.dropped).toBe(seen.filter((s) => s === 'network').length);
      } finally {
        c.destroy();
        await emu.close();
      }
      return seen;
    };
    const a = await outcomes(5);
    expect(a).toContain('InternalServerException');
    expect(a).toContain('network');
    expect(a).toContain('ok');
    expect(await outcomes(5)).toEqual(a);
  });

  it('`redactflow emulate comprehend` prints its URL as one JSON line and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/redactflow.js', 'emulate', 'comprehend', '--port', '0', '--tps', '50', '--latency-ms', '1'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const info = JSON.parse(first) as { url: string; port: number };
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    const c = client(info.url);
    const out = await c.send(new DetectPiiEntitiesCommand({ Text: 'reach me at jane.doe@example.com', LanguageCode: 'en' }));
    c.destroy();
    expect(out.Entities?.map((e) => e.Type)).toContain('EMAIL');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
