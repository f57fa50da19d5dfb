// Row objects built straight from parsed values, by a generated constructor. Not an object literal: V8 tracks the
// survival of object-literal allocation sites and, once most objects of a site outlive a young collection (rows
// do: a batch stays alive while the next stages work on it), allocates that literal directly in the old
// generation ("pretenuring"). Old rows that are already dead still point to their young cell strings, so every
// young collection then copies and promotes all cells (GC was half of a CSV read). Objects made by `new` are
// not pretenured; with Object.prototype and own properties in the same order they are the same plain rows, with
// one fixed shape. Keys go through JSON.stringify: column names from files cannot inject code. A column called
// "__proto__" must become an own property, not the prototype, so that case uses defineProperty.
import type { Cell, Row } from '../table/batch.ts';

export type RowBuilder = (values: readonly Cell[]) => Row;

export function rowBuilder(names: readonly string[]): RowBuilder {
  const n = names.length;
  if (names.includes('__proto__')) {
    return (values) => {
      const row: Row = {};
      for (let i = 0; i < n; i++) Object.defineProperty(row, names[i], { value: values[i], writable: true, enumerable: true, configurable: true });
      return row;
    };
  }
  const body = names.map((name, i) => `this[${JSON.stringify(name)}] = v[${i}];`).join(' ');
  const RowObject = new Function('v', body) as unknown as new (values: readonly Cell[]) => Row;
  RowObject.prototype = Object.prototype; // plain objects, like literals
  return (values) => new RowObject(values);
}
