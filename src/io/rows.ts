// Row objects built straight from parsed values. Column names come from input files, so a column called
// "__proto__" must become an own property, not the object's prototype.
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
  return (values) => {
    const row: Row = {};
    for (let i = 0; i < n; i++) row[names[i]] = values[i];
    return row;
  };
}
