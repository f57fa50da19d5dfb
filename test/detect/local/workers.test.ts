// The worker-thread path runs the same code as the inline path: identical results, in input order.
import { describe, expect, it } from 'vitest';
import { createLocalDetector } from '../../../src/detect/local/local-detector.ts';
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
