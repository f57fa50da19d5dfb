// The adaptive rate gate, on a fake clock: even spacing at the ceiling, one multiplicative decrease per burst
// of throttles, additive recovery, never above the ceiling or below the floor.
import { describe, expect, it } from 'vitest';
import { AdaptiveRateGate } from '../../src/detect/comprehend/rate-gate.ts';

describe('AdaptiveRateGate', () => {
  it('books request starts 1/rate apart, catching up at most a quarter second of lateness', async () => {
    let now = 1000;
    const waits: number[] = [];
    const gate = new AdaptiveRateGate(20, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 4; i++) await gate.acquire();
    expect(waits).toEqual([50, 100, 150]); // the first goes at once, then one every 50 ms
    // The caller fell 1 s behind its schedule: only 250 ms of it is caught up (five late slots plus the current
    // one go at once), then 50 ms apart again.
    now += 1200;
    waits.length = 0;
    for (let i = 0; i < 7; i++) await gate.acquire();
    expect(waits).toEqual([50]);
    await gate.acquire();
    expect(waits).toEqual([50, 100]);
  });

  it('decreases once per burst of throttles and recovers additively up to the ceiling', () => {
    let now = 0;
    const gate = new AdaptiveRateGate(20, { now: () => now, decreaseWindowMs: 500, increase: 0.05, minTps: 1 });
    gate.onThrottle();
    gate.onThrottle();
    gate.onThrottle(); // same burst: one decrease
    expect(gate.currentTps).toBeCloseTo(14, 10);
    now += 600;
    gate.onThrottle();
    expect(gate.currentTps).toBeCloseTo(9.8, 10);
    for (let i = 0; i < 5; i++) gate.onSuccess();
    expect(gate.currentTps).toBeCloseTo(14.8, 10);
    for (let i = 0; i < 100; i++) gate.onSuccess();
    expect(gate.currentTps).toBe(20);
    for (let i = 0; i < 50; i++) {
      now += 600;
      gate.onThrottle();
    }
    expect(gate.currentTps).toBe(1);
  });
});
