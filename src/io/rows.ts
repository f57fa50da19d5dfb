// Row objects built straight from parsed values. Rows are built by a generated function with an object literal
// holding every column, so V8 allocates each row once with a fixed shape (adding 20+ properties one by one to
// `{}` grows the backing store repeatedly and dominated GC time). Keys go through JSON.stringify: column names
// from files cannot inject code. A column called "__proto__" must become an own property, not the prototype,
// so that case uses defineProperty.
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
  const body = `return {${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')}};`;
  return new Function('v', body) as RowBuilder;
}
