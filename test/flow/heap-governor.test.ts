import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_BUDGET_MB, HeapGovernor, heapBudgetMb } from '../../src/flow/heap-governor.ts';

describe('heap governor', () => {
  it('collects garbage when the heap in use is over budget, and not when under', () => {
    const idle = new HeapGovernor(100_000);
    idle.check();
    expect(idle.collections).toBe(0);

    const gov = new HeapGovernor(1);
    // Garbage: ~40 MB of strings nobody keeps.
    const makeJunk = () => Array.from({ length: 200_000 }, (_, i) => `row ${i} ${'x'.repeat(150)}`).length;
    expect(makeJunk()).toBe(200_000);
    const before = getHeapStatistics().used_heap_size;
    gov.check();
    const after = getHeapStatistics().used_heap_size;
    expect(gov.collections).toBe(1);
    expect(after).toBeLessThan(before - 20 * 1024 * 1024);
    // The live set is far above a 1 MB budget: the budget grows instead of collecting after every batch.
    expect(gov.stats().budget_mb).toBeGreaterThan(1);
    const n = gov.collections;
    gov.check();
    expect(gov.collections).toBe(n);
  });

  it('takes the budget from the option, then REDACTFLOW_HEAP_BUDGET_MB, then the default; 0 disables', () => {
    expect(heapBudgetMb(64, { REDACTFLOW_HEAP_BUDGET_MB: '200' })).toBe(64);
    expect(heapBudgetMb(undefined, { REDACTFLOW_HEAP_BUDGET_MB: '200' })).toBe(200);
    expect(heapBudgetMb(undefined, { REDACTFLOW_HEAP_BUDGET_MB: 'lots' })).toBe(DEFAULT_HEAP_BUDGET_MB);
    expect(heapBudgetMb(undefined, {})).toBe(DEFAULT_HEAP_BUDGET_MB);
    const off = new HeapGovernor(0);
    off.check();
    expect(off.stats().collections).toBe(0);
  });
});
