// Seeded generator of a local stand-in for the seed's dataset: the 23 columns of the flow's cast node, in the
// schema's order, with a few empty cells (Spark's concat nulls those rows).
import { mulberry32 } from '../../src/util/prng.ts';

const FIRST = ['Maria', 'James', 'Aiko', 'Olu', 'Chen', 'Sofia', 'Liam', 'Priya'];
const LAST = ['Garcia', 'Smith', 'Tanaka', 'Adeyemi', 'Wei', 'Rossi', 'Murphy', 'Patel'];
const JOBS = ['teacher', 'software engineer', 'nurse', 'accountant', 'chef'];
const STREETS = ['Main St', 'Oak Avenue', 'Pine Road', 'Maple Drive'];

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text (header + `rows` rows) with the columns of `schema` (name → Data Wrangler type). */
export function seedCsv(schema: Record<string, string>, rows: number, seed: number): string {
  const rand = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const cols = Object.keys(schema);
  const lines = [cols.join(',')];
  for (let r = 0; r < rows; r++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const values: Record<string, string> = {
      customer_name: `${first} ${last}`,
      customer_job: pick(JOBS),
      billing_street: `${1 + Math.floor(rand() * 9000)} ${pick(STREETS)}`,
      customer_email: `${first.toLowerCase()}.${last.toLowerCase()}${digits(2)}@example.com`,
      phone: `(555) ${digits(3)}-${digits(4)}`,
      ip_address: `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`,
      billing_city: 'Springfield',
      billing_state: 'IL',
      payment_currency: 'USD',
    };
    const cells = cols.map((c) => {
      if (c in values) return values[c];
      switch (schema[c]) {
        case 'long': return String(Math.floor(rand() * 100000));
        case 'float': return (rand() * 180 - 90).toFixed(4);
        case 'datetime': return new Date(Date.UTC(2021, 0, 1) + Math.floor(rand() * 3e10)).toISOString();
        default: return `${c}-${digits(6)}`;
      }
    });
    // Every 10th row misses its job: the concat part is null.
    if (r % 10 === 9) cells[cols.indexOf('customer_job')] = '';
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
