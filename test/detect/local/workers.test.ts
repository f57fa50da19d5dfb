// The worker-thread path runs the same code as the inline path: identical results, in input order.
import { describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../src/detect/detector.ts';
import { createLocalDetector } from '../../../src/detect/local/local-detector.ts';
import { decodeTexts, encodeTexts, ResultDecoder, ResultEncoder } from '../../../src/detect/local/result-codec.ts';
import { mulberry32 } from '../../../src/util/prng.ts';

function corpus(n: number): (string | null)[] {
  const rnd = mulberry32(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const parts = [
    () => `jane${Math.floor(rnd() * 1000)}@example.com`,
    () => `(555)${200 + Math.floor(rnd() * 700)} - ${1000 + Math.floor(rnd() * 9000)}`,
    () => `${Math.floor(rnd() * 223) + 1}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`,
    () => 'SSN 536-22-1234',
    () => 'card ４１１１ 1111 1111 1111',
    () => '😀 José\u0301 lives at 123 Main St',
    () => 'https://example.org/x',
  ];
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 17 === 0) out.push(null);
    else out.push(`${pick(parts)()} and ${pick(parts)()} row ${i}`);
  }
  return out;
}

describe('local detector worker threads', () => {
  it('returns exactly the inline results', async () => {
    const texts = corpus(600);
    const inline = await createLocalDetector({ workers: 0 });
    const pooled = await createLocalDetector({ workers: 2, workerThreshold: 50 });
    try {
      const a = await inline.detect(texts);
      const b = await pooled.detect(texts);
      expect(b.length).toBe(texts.length);
      expect(b).toEqual(a);
      expect(a.reduce((n, r) => n + r.entities.length, 0)).toBeGreaterThan(600);
      expect(pooled.stats?.().worker_batches).toBe(1);
      // A second batch reuses the pool.
      expect(await pooled.detect(texts.slice(0, 100))).toEqual(a.slice(0, 100));
    } finally {
      await pooled.close?.();
    }
    // Worker start-up (tsx in each thread) is slow on a loaded CI machine.
  }, 180_000);
});

describe('worker start-up paths', () => {
  it('the bundled worker and the tsx fallback both return the inline results', async () => {
    const texts = corpus(300);
    const inline = await createLocalDetector({ workers: 0 });
    const a = await inline.detect(texts);
    const bundled = await createLocalDetector({ workers: 1, workerThreshold: 10 });
    const viaTsx = await createLocalDetector({ workers: 1, workerThreshold: 10 });
    const saved = process.env.REDACTFLOW_WORKER_BUNDLE;
    try {
      // The pool (and its choice of entry) starts with the first large batch.
      expect(await bundled.detect(texts)).toEqual(a);
      expect(bundled.stats?.().worker_bundled).toBe(1);
      process.env.REDACTFLOW_WORKER_BUNDLE = '0';
      expect(await viaTsx.detect(texts)).toEqual(a);
      expect(viaTsx.stats?.().worker_bundled).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.REDACTFLOW_WORKER_BUNDLE;
      else process.env.REDACTFLOW_WORKER_BUNDLE = saved;
      await bundled.close?.();
      await viaTsx.close?.();
    }
  }, 180_000);
});

describe('worker result encoding', () => {
  it('round-trips texts, nulls, errors and explanations, across a table reset', () => {
    const texts = ['a😀b', null, '', 'plain text'];
    expect(decodeTexts(encodeTexts(texts))).toEqual(texts);
    const enc = new ResultEncoder();
    const dec = new ResultDecoder();
    const batch = (from: number, n: number): DetectResult[] =>
      Array.from({ length: n }, (_, i) => ({
        entities: [
          { type: 'EMAIL' as const, begin: i, end: i + 5, score: 0.1 + (i % 7) / 10, explanation: { recognizer: 'email', pattern: 'p', notes: [`n${from + i}`] } },
          { type: 'SSN' as const, begin: 0, end: 1, score: 1 },
        ],
        ...(i === 3 ? { error: { code: 'DETECTOR_FAILED', message: 'local detector failed on text 3: Error' } } : {}),
      }));
    // More distinct explanations than the table keeps: the second batch starts from a reset table.
    const first = batch(0, 20_005);
    const second = batch(30_000, 50);
    expect(dec.decode(enc.encode(first))).toEqual(first);
    const encoded = enc.encode(second);
    expect(encoded.reset).toBe(true);
    const decoded = dec.decode(encoded);
    expect(decoded).toEqual(second);
    expect(decoded[3].error?.code).toBe('DETECTOR_FAILED');
    expect(Object.isFrozen(decoded[0].entities[0].explanation)).toBe(true);
  });
});
