// The example data generator: deterministic bytes per seed, a truth file that matches the CSV, and the shipped
// 2,000-row demo table (examples/data/customers.csv) is exactly what the generator writes for seed 42.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import {
  CUSTOMER_COLUMNS,
  PII_COLUMNS,
  csvField,
  generateCustomers,
  luhnValid,
  type TruthRecord,
} from '../examples/generate-customers.ts';

const dir = mkdtempSync(join(tmpdir(), 'redactflow-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHIPPED = join(import.meta.dirname, '..', 'examples', 'data', 'customers.csv');

function parseCsv(path: string): string[][] {
  const res = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true });
  expect(res.errors).toEqual([]);
  return res.data;
}

function readTruth(path: string): TruthRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TruthRecord);
}

describe('generate-customers', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const a = await generateCustomers({ rows: 300, seed: 7, out: join(dir, 'a.csv') });
    const b = await generateCustomers({ rows: 300, seed: 7, out: join(dir, 'b.csv') });
    const c = await generateCustomers({ rows: 300, seed: 8, out: join(dir, 'c.csv') });
    expect(readFileSync(a.out).equals(readFileSync(b.out))).toBe(true);
    expect(readFileSync(a.truth!).equals(readFileSync(b.truth!))).toBe(true);
    expect(readFileSync(a.out).equals(readFileSync(c.out))).toBe(false);
  });

  it('ships examples/data/customers.csv: 2,000 rows x 26 columns, byte-identical to seed 42', async () => {
    const rows = parseCsv(SHIPPED);
    expect(rows[0]).toEqual([...CUSTOMER_COLUMNS]);
    expect(rows[0]).toHaveLength(26);
    expect(rows.length - 1).toBe(2000);
    for (const r of rows) expect(r).toHaveLength(26);
    const regenerated = await generateCustomers({ rows: 2000, seed: 42, out: join(dir, 'shipped.csv') });
    expect(readFileSync(regenerated.out).equals(readFileSync(SHIPPED))).toBe(true);
    expect(readFileSync(regenerated.truth!).equals(readFileSync(`${SHIPPED}.truth.jsonl`))).toBe(true);
  });

  it('has a truth record per row whose values and note spans match the CSV cells', () => {
    const rows = parseCsv(SHIPPED);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    const truth = readTruth(`${SHIPPED}.truth.jsonl`);
    expect(truth).toHaveLength(2000);
    let spans = 0;
    const spanTypes = new Set<string>();
    truth.forEach((t, i) => {
      const row = rows[i + 1];
      expect(t.row).toBe(i + 1);
      for (const c of PII_COLUMNS) {
        const cell = row[col(c)];
        // A null cell is an empty CSV field and is absent from the truth record.
        if (cell === '') expect(t.values[c]).toBeUndefined();
        else expect(t.values[c]).toBe(cell);
      }
      // Note spans are code points: slice the note by code points, not UTF-16 units.
      const note = [...row[col('note')]];
      for (const s of t.note_spans) {
        expect(note.slice(s.begin, s.end).join('')).toBe(s.text);
        spanTypes.add(s.type);
        spans++;
      }
    });
    expect(spans).toBeGreaterThan(2000);
    expect([...spanTypes].sort()).toEqual(['ADDRESS', 'CREDIT_DEBIT_NUMBER', 'EMAIL', 'IP_ADDRESS', 'NAME', 'PHONE', 'SSN']);
  });

  it('generates realistic value styles: Luhn-valid cards, SSNs, US phones, some nulls and accented names', () => {
    const rows = parseCsv(SHIPPED);
    const header = rows[0];
    const data = rows.slice(1);
    const values = (name: string) => data.map((r) => r[header.indexOf(name)]);
    for (const card of values('card_number')) expect(luhnValid(card.replace(/[ -]/g, ''))).toBe(true);
    data.forEach((r) => expect(r[header.indexOf('card_number')].replace(/[ -]/g, '').startsWith(r[header.indexOf('card_bin')])).toBe(true));
    for (const ssn of values('ssn')) expect(ssn).toMatch(/^(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/);
    for (const p of values('phone').filter(Boolean)) expect(p.replace(/\D/g, '')).toMatch(/^1?[2-9]\d{2}[2-9]\d{6}$/);
    expect(new Set(values('phone').filter(Boolean).map((p) => p.replace(/\d/g, '9'))).size).toBeGreaterThanOrEqual(5);
    for (const c of ['billing_street', 'customer_job', 'customer_email', 'phone', 'user_agent']) {
      const nulls = values(c).filter((v) => v === '').length;
      expect(nulls).toBeGreaterThan(0);
      expect(nulls).toBeLessThan(60);
    }
    expect(values('customer_name').some((n) => /[^\x00-\x7f]/.test(n))).toBe(true);
    expect(values('customer_job')).toContain('Engineer, civil');
    expect(values('merchant').every((m) => m.startsWith('fraud_'))).toBe(true);
    expect(values('product_category')).toContain('grocery_pos');
    expect(values('note').some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
  });

  it('quotes CSV fields per RFC 4180 and writes nulls as empty fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });
});
