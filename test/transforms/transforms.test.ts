import { describe, expect, it } from 'vitest';
import type { Batch } from '../../src/table/batch.ts';
import type { StepContext } from '../../src/flow/step-context.ts';
import sample from '../../transforms/sample.ts';
import combine from '../../transforms/combine-columns.ts';
import cast from '../../transforms/cast.ts';
import rename from '../../transforms/rename.ts';
import select from '../../transforms/select.ts';
import drop from '../../transforms/drop.ts';

const ctx = {} as StepContext;

function batch(n: number, start = 1): Batch {
  return {
    fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }],
    rows: Array.from({ length: n }, (_, i) => ({ a: `a${start + i}`, b: i % 3 === 0 ? null : `b${start + i}` })),
    file: 'f.csv',
    rowNumbers: Array.from({ length: n }, (_, i) => start + i),
  };
}

async function runStage(def: typeof sample, opts: unknown, batches: Batch[]): Promise<Batch[]> {
  const o = def.options.parse(opts);
  const st = await def.stage!(o, ctx);
  const out: Batch[] = [];
  for (const b of batches) out.push(...(await st.push(b)));
  out.push(...((await st.end?.()) ?? []));
  return out;
}

describe('sample', () => {
  it('takes an exact-size seeded sample, in input order, the same for the same seed', async () => {
    const input = [batch(500, 1), batch(500, 501), batch(300, 1001)];
    const a = await runStage(sample, { size: 100, seed: 1 }, input);
    const b = await runStage(sample, { size: 100, seed: 1 }, input);
    const c = await runStage(sample, { size: 100, seed: 2 }, input);
    const nums = (x: Batch[]) => x.flatMap((y) => y.rowNumbers);
    expect(nums(a)).toHaveLength(100);
    expect(nums(a)).toEqual(nums(b));
    expect(nums(a)).not.toEqual(nums(c));
    expect([...nums(a)].sort((x, y) => x - y)).toEqual(nums(a));
    expect(new Set(nums(a)).size).toBe(100);
    // Rows stay with their row numbers.
    for (const x of a) x.rows.forEach((r, i) => expect(r.a).toBe(`a${x.rowNumbers[i]}`));
    // Every part of the input can be sampled (not just the head).
    expect(Math.max(...nums(a))).toBeGreaterThan(1000);
  });

  it('keeps everything when the input is smaller than the size; fraction and limit stream', async () => {
    expect((await runStage(sample, { size: 100 }, [batch(10)])).flatMap((b) => b.rows)).toHaveLength(10);
    const f = (await runStage(sample, { fraction: 0.25, seed: 3 }, [batch(4000)])).flatMap((b) => b.rows).length;
    expect(f).toBeGreaterThan(850);
    expect(f).toBeLessThan(1150);
    expect((await runStage(sample, { limit: 7 }, [batch(5), batch(5, 6)])).flatMap((b) => b.rowNumbers)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('combine_columns', () => {
  it('fills the template; null parts become empty (or null the row with nulls: null)', () => {
    const b = batch(2);
    const out = combine.apply!(b, combine.options.parse({ output: 'c', template: '{a} & {b} {{x}}' }), ctx) as Batch;
    expect(out.rows.map((r) => r.c)).toEqual(['a1 &  {x}', 'a2 & b2 {x}']);
    expect(out.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    const nulls = combine.apply!(b, combine.options.parse({ output: 'c', template: '{a}{b}', nulls: 'null' }), ctx) as Batch;
    expect(nulls.rows.map((r) => r.c)).toEqual([null, 'a2b2']);
    expect(combine.options.safeParse({ output: 'c', template: '{a' }).success).toBe(false);
  });
});

describe('cast, select, drop, rename', () => {
  it('casts like Spark: unparseable values become null, or fail naming row and column', () => {
    const b: Batch = { fields: [{ name: 'n', type: 'string' }, { name: 'd', type: 'string' }], rows: [{ n: '42', d: '2024-01-02T03:04:05Z' }, { n: 'x1', d: 'nope' }, { n: '', d: null }, { n: '9007199254740993', d: '2024-01-01' }], file: 'f.csv', rowNumbers: [1, 2, 3, 4] };
    const out = cast.apply!(b, cast.options.parse({ columns: { n: 'long', d: 'datetime' } }), ctx) as Batch;
    expect(out.rows[0].n).toBe(42);
    expect(out.rows[0].d).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(out.rows[1]).toEqual({ n: null, d: null });
    expect(out.rows[2]).toEqual({ n: null, d: null });
    expect(out.rows[3].n).toBe(9007199254740993n);
    expect(out.fields).toEqual([{ name: 'n', type: 'long' }, { name: 'd', type: 'datetime' }]);
    expect(() => cast.apply!(b, cast.options.parse({ columns: { n: 'long' }, on_error: 'fail' }), ctx)).toThrow(/row 2, column n/);
    try {
      cast.apply!(b, cast.options.parse({ columns: { n: 'long' }, on_error: 'fail' }), ctx);
    } catch (e) {
      expect((e as Error).message).not.toContain('x1');
    }
  });

  it('select reorders, drop removes, rename keeps the order', () => {
    const b = batch(1);
    expect((select.apply!(b, { columns: ['b', 'a'] }, ctx) as Batch).fields.map((f) => f.name)).toEqual(['b', 'a']);
    expect((drop.apply!(b, { columns: ['a'] }, ctx) as Batch).rows[0]).toEqual({ b: null });
    const r = rename.apply!(b, { mapping: { a: 'z' } }, ctx) as Batch;
    expect(r.fields.map((f) => f.name)).toEqual(['z', 'b']);
    expect(r.rows[0]).toEqual({ z: 'a1', b: null });
  });
});
