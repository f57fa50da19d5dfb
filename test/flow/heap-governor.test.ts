import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_BUDGET_MB, HeapGovernor, heapBudgetMb } from '../../src/flow/heap-governor.ts';
import { runFlow } from '../../src/flow/run-flow.ts';

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

  it('a run over budget collects between batches and logs what it did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-heap-'));
    try {
      writeFileSync(join(dir, 'in.csv'), `id,name\n${Array.from({ length: 3000 }, (_, i) => `${i},n${i}`).join('\n')}\n`);
      writeFileSync(join(dir, 'f.yaml'), 'version: 1\nsource: { path: in.csv }\nsteps: []\nsink: { path: out.csv }\n');
      const events: { event: string; fields?: Record<string, unknown> }[] = [];
      const s = await runFlow(join(dir, 'f.yaml'), { batchSize: 500, heapBudgetMb: 1, log: (event, fields) => events.push({ event, fields }) });
      expect(s.rows_out).toBe(3000);
      const heap = events.find((e) => e.event === 'heap_governor');
      expect(heap?.fields?.collections).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
