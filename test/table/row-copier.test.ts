import { describe, expect, it } from 'vitest';
import { rowCopier, type Row } from '../../src/table/batch.ts';

describe('rowCopier', () => {
  it('copies exactly the named columns, in order, into a new object; missing ones become null', () => {
    const row: Row = { b: 2, a: 'x', c: null };
    const copy = rowCopier(['a', 'b', 'c', 'added']);
    const out = copy(row);
    expect(out).not.toBe(row);
    expect(Object.keys(out)).toEqual(['a', 'b', 'c', 'added']);
    expect(out).toEqual({ a: 'x', b: 2, c: null, added: null });
    out.added = 'new';
    expect(row).toEqual({ b: 2, a: 'x', c: null }); // the input is untouched
    expect(rowCopier(['a', 'b', 'c', 'added'])).toBe(copy); // generated once per column list
  });

  it('keeps names that are not identifiers, quotes and "__proto__" as own properties', () => {
    const names = ['first name', 'x"y', "it's", '__proto__', 'constructor', '1st'];
    const row: Row = {};
    names.forEach((n, i) => Object.defineProperty(row, n, { value: `v${i}`, enumerable: true, writable: true, configurable: true }));
    const out = rowCopier(names)(row);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(names);
    names.forEach((n, i) => expect(Object.getOwnPropertyDescriptor(out, n)?.value).toBe(`v${i}`));
  });
});
