// Seeded synthetic customer table with the seed flow's schema (the 23 columns of its cast node) plus `ssn`,
// `card_number` and a free-text `note`, and its ground truth (`<out>.truth.jsonl`): the raw PII values of every
// row and the code-point spans of the PII inside `note`.
//
//   npm run gen -- --rows 116000 [--seed 42] [--out examples/data/customers.csv] [--no-truth]
//
// Rows are generated and written in chunks, so memory stays constant whatever the row count. Only faker's seeded
// generator is used (no Math.random, no clock), so the same seed gives the same bytes on every machine.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Faker, base, en, en_US } from '@faker-js/faker';

export const CUSTOMER_COLUMNS = [
  'EVENT_TIMESTAMP',
  'EVENT_ID',
  'ENTITY_ID',
  'ENTITY_TYPE',
  'EVENT_LABEL',
  'LABEL_TIMESTAMP',
  'card_bin',
  'customer_name',
  'billing_street',
  'billing_city',
  'billing_state',
  'billing_zip',
  'billing_latitude',
  'billing_longitude',
  'customer_job',
  'ip_address',
  'customer_email',
  'phone',
  'user_agent',
  'product_category',
  'order_price',
  'payment_currency',
  'merchant',
  'ssn',
  'card_number',
  'note',
] as const;

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** Columns whose raw values must never appear in a redacted output (recorded in the truth file). */
export const PII_COLUMNS = [
  'customer_name',
  'billing_street',
  'customer_email',
  'phone',
  'ip_address',
  'ssn',
  'card_number',
] as const;

export type PiiColumn = (typeof PII_COLUMNS)[number];

/** A PII mention inside `note`: Comprehend type, code-point offsets (end exclusive) and the text. */
export interface NoteSpan {
  type: 'NAME' | 'EMAIL' | 'PHONE' | 'SSN' | 'CREDIT_DEBIT_NUMBER' | 'IP_ADDRESS' | 'ADDRESS';
  begin: number;
  end: number;
  text: string;
}

/** One line of `<out>.truth.jsonl`. `row` is the 1-based data-row number (header excluded). */
export interface TruthRecord {
  row: number;
  /** Raw value of each PII column; a column whose cell is null is absent. */
  values: Partial<Record<PiiColumn, string>>;
  note_spans: NoteSpan[];
}

export type CustomerRow = Record<CustomerColumn, string | null>;

export interface GenerateOptions {
  rows: number;
  seed?: number;
  out: string;
  /** Write `<out>.truth.jsonl` (default true). */
  truth?: boolean;
}

export interface GenerateResult {
  rows: number;
  out: string;
  truth: string | null;
}

// The seed's dataset (Amazon Fraud Detector's synthetic transactions) uses these job-title and category styles.
const JOBS_SOC = [
  'Engineer, civil',
  'Engineer, biomedical',
  'Engineer, maintenance',
  'Psychologist, counselling',
  'Scientist, research (physical sciences)',
  'Teacher, primary school',
  'Surveyor, land/geomatics',
  'Therapist, occupational',
  'Designer, ceramics/pottery',
  'Accountant, chartered public finance',
  'Librarian, academic',
  'Officer, Royal Air Force',
  'Geologist, engineering',
  'Nurse, children\'s',
  'Development worker, community',
  'Pilot, airline',
  'Editor, magazine features',
  'Doctor, hospital',
  'Scientist, forensic',
  'Programmer, multimedia',
  'Conservator, museum/gallery',
  'Producer, radio',
  'Administrator, education',
  'Copywriter, advertising',
  'Sales professional, IT',
  'Physiotherapist',
  'Paramedic',
  'Barrister',
  'Futures trader',
  'Music therapist',
];

const CATEGORIES = [
  'grocery_pos',
  'gas_transport',
  'home',
  'shopping_pos',
  'kids_pets',
  'shopping_net',
  'entertainment',
  'food_dining',
  'personal_care',
  'health_fitness',
  'misc_pos',
  'misc_net',
  'grocery_net',
  'travel',
];

// Assigned US area codes only, so phone validators (libphonenumber) accept the numbers.
const AREA_CODES = [
  201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 224, 225, 234, 239, 240, 248, 251, 253,
  256, 260, 262, 267, 269, 281, 301, 302, 303, 304, 305, 310, 312, 313, 314, 315, 316, 317, 318, 319, 323, 330,
  334, 336, 347, 352, 360, 385, 401, 402, 404, 405, 406, 407, 408, 410, 412, 414, 415, 417, 419, 425, 432, 434,
  435, 440, 443, 469, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518, 520,
  530, 541, 551, 559, 561, 562, 571, 585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616,
  617, 619, 626, 630, 646, 650, 651, 661, 678, 702, 703, 704, 706, 707, 708, 713, 714, 716, 717, 718, 719, 720,
  724, 727, 732, 734, 747, 754, 757, 760, 763, 770, 773, 774, 775, 781, 786, 801, 802, 803, 804, 805, 810, 812,
  813, 814, 815, 816, 817, 818, 828, 831, 832, 843, 845, 847, 850, 856, 857, 858, 860, 862, 904, 907, 908, 909,
  910, 912, 913, 914, 916, 917, 918, 919, 925, 928, 937, 941, 949, 951, 952, 954, 970, 971, 972, 973, 978, 980,
];

// A few accented names (~1% of rows), as real customer tables have them.
const UNICODE_FIRST = ['José', 'Zoë', 'Chloé', 'François', 'Renée', 'Björn', 'Ángel', 'Inés', 'Łukasz', 'Søren', 'Noémie', 'Dương'];
const UNICODE_LAST = ['Muñoz', 'Müller', 'Núñez', 'Gómez', 'Øvergård', 'Dvořák', 'Lefèvre', 'Håkansson', 'Çelik', 'Nguyễn', 'Peña', 'Šimić'];

const EPOCH_START = Date.UTC(2020, 0, 1);
const EPOCH_SPAN = 2 * 365 * 24 * 3600 * 1000;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Luhn check digit of `body` (digits). */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    // Counting from the check digit's left neighbour, every first (odd) position is doubled.
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/** Builds a note from literal text and PII parts while tracking code-point offsets. */
class NoteBuilder {
  private text = '';
  private cp = 0;
  readonly spans: NoteSpan[] = [];
  lit(s: string): this {
    this.text += s;
    this.cp += [...s].length;
    return this;
  }
  pii(type: NoteSpan['type'], s: string): this {
    const len = [...s].length;
    this.spans.push({ type, begin: this.cp, end: this.cp + len, text: s });
    this.text += s;
    this.cp += len;
    return this;
  }
  toString(): string {
    return this.text;
  }
}

interface Person {
  first: string;
  last: string;
  name: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  ssn: string;
  card: string;
  cardDigits: string;
  ip: string;
}

export function createCustomerGenerator(seed: number): { next(rowNumber: number): { row: CustomerRow; truth: TruthRecord } } {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(seed);
  faker.setDefaultRefDate(new Date(Date.UTC(2022, 0, 1)));
  const h = faker.helpers;
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;
  const digits = (n: number) => faker.string.numeric({ length: n, allowLeadingZeros: true });

  function phone(): string {
    const area = h.arrayElement(AREA_CODES);
    // Exchange: 2-9 first digit, never 555 or N11 (reserved / not dialable).
    let exchange: number;
    do exchange = int(200, 999);
    while (exchange === 555 || exchange % 100 === 11);
    const line = digits(4);
    switch (int(0, 5)) {
      case 0:
        return `(${area}) ${exchange}-${line}`;
      case 1:
        return `${area}-${exchange}-${line}`;
      case 2:
        return `${area}.${exchange}.${line}`;
      case 3:
        return `+1 ${area} ${exchange} ${line}`;
      case 4:
        return `+1-${area}-${exchange}-${line}`;
      default:
        return `1-${area}-${exchange}-${line}`;
    }
  }

  // Customer addresses are public unicast: first octet 1-223 without loopback (faker's ipv4() also yields
  // 0.x.x.x and multicast/reserved addresses no customer connects from).
  function ipv4(): string {
    let first: number;
    do first = int(1, 223);
    while (first === 127);
    return `${first}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  }

  function ssn(): string {
    let area: number;
    do area = int(1, 899);
    while (area === 666);
    return `${String(area).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`;
  }

  function cardDigits(): string {
    const brand = int(0, 9);
    let body: string;
    if (brand < 4) body = '4' + digits(14); // Visa 16
    else if (brand < 7) body = String(int(51, 55)) + digits(13); // Mastercard 16
    else if (brand < 9) body = h.arrayElement(['34', '37']) + digits(12); // Amex 15
    else body = '6011' + digits(11); // Discover 16
    return body + String(luhnCheckDigit(body));
  }

  function formatCard(d: string): string {
    const style = int(0, 9);
    if (style < 6) return d;
    const sep = style < 8 ? ' ' : '-';
    if (d.length === 15) return [d.slice(0, 4), d.slice(4, 10), d.slice(10)].join(sep);
    return d.match(/.{4}/g)!.join(sep);
  }

  function person(): Person {
    const unicode = chance(0.012);
    const first = unicode ? h.arrayElement(UNICODE_FIRST) : faker.person.firstName();
    const last = unicode ? h.arrayElement(UNICODE_LAST) : faker.person.lastName();
    const name = chance(0.05) ? `${first} ${faker.string.alpha({ length: 1, casing: 'upper' })}. ${last}` : `${first} ${last}`;
    const digitsCard = cardDigits();
    return {
      first,
      last,
      name,
      email: faker.internet.email({ firstName: first, lastName: last }).toLowerCase(),
      phone: phone(),
      street: faker.location.streetAddress(chance(0.15)),
      city: faker.location.city(),
      state: faker.location.state({ abbreviated: true }),
      zip: faker.location.zipCode('#####'),
      ssn: ssn(),
      cardDigits: digitsCard,
      card: formatCard(digitsCard),
      ip: chance(0.03) ? faker.internet.ipv6() : ipv4(),
    };
  }

  // Support-ticket style notes; some mention PII in another format than the column (card digits grouped,
  // a second phone), one in ten mention none.
  function note(p: Person, ticket: number): NoteBuilder {
    const n = new NoteBuilder();
    switch (int(0, 11)) {
      case 0:
        return n.lit('Customer ').pii('NAME', p.name).lit(' called from ').pii('PHONE', p.phone).lit(` asking to update the card ending in ${p.cardDigits.slice(-4)}.`);
      case 1:
        return n.lit(`Ticket #${ticket}: `).pii('NAME', p.name).lit(' (').pii('EMAIL', p.email).lit(') reports a duplicate charge on card ').pii('CREDIT_DEBIT_NUMBER', p.card).lit('.');
      case 2:
        return n.lit('Please verify SSN ').pii('SSN', p.ssn).lit(' for ').pii('NAME', p.name).lit(' before shipping to ').pii('ADDRESS', `${p.street}, ${p.city}, ${p.state} ${p.zip}`).lit('.');
      case 3:
        return n.lit('Login from ').pii('IP_ADDRESS', p.ip).lit(' flagged as unusual; contacted ').pii('NAME', p.name).lit(' at ').pii('PHONE', p.phone).lit(', confirmed legitimate.');
      case 4:
        return n.lit('Refund of $' + faker.commerce.price({ min: 5, max: 400 }) + ' issued to ').pii('EMAIL', p.email).lit(' per customer request.');
      case 5:
        return n.lit('📞 Callback requested on ').pii('PHONE', phone()).lit(' — ask for ').pii('NAME', p.first).lit('.');
      case 6: {
        const grouped = p.cardDigits.length === 16 ? p.cardDigits.match(/.{4}/g)!.join(' ') : p.card;
        return n.lit('Chargeback dispute opened by ').pii('NAME', p.name).lit('. Card on file: ').pii('CREDIT_DEBIT_NUMBER', grouped).lit('; billing address ').pii('ADDRESS', p.street).lit('.');
      }
      case 7:
        return n.pii('NAME', p.name).lit(' wrote: "please send the receipt to ').pii('EMAIL', p.email).lit(' instead, my old address bounces"');
      case 8:
        return n.lit('KYC check: name=').pii('NAME', p.name).lit('; ssn=').pii('SSN', p.ssn).lit('; ip=').pii('IP_ADDRESS', p.ip).lit('.');
      case 9:
        return n.lit('Asked us to stop calling ').pii('PHONE', phone()).lit(' (old number); new contact is ').pii('EMAIL', p.email).lit(' ✉️');
      case 10:
        return n.lit('Order delayed at the ' + faker.location.city() + ' depot; no customer contact needed.');
      default:
        return n.lit('No issues reported.');
    }
  }

  return {
    next(rowNumber) {
      const p = person();
      const event = EPOCH_START + int(0, EPOCH_SPAN);
      const label = event + int(3600, 90 * 24 * 3600) * 1000;
      const nullable = (v: string, p1 = 0.01): string | null => (chance(p1) ? null : v);
      const bin = p.cardDigits.slice(0, 6);
      const noteText = note(p, int(10000, 99999));
      const row: CustomerRow = {
        EVENT_TIMESTAMP: isoSeconds(event),
        EVENT_ID: faker.string.uuid(),
        ENTITY_ID: 'C' + digits(9),
        ENTITY_TYPE: 'customer',
        EVENT_LABEL: chance(0.03) ? '1' : '0',
        LABEL_TIMESTAMP: isoSeconds(label),
        card_bin: bin,
        customer_name: p.name,
        billing_street: nullable(p.street),
        billing_city: p.city,
        billing_state: p.state,
        billing_zip: p.zip,
        billing_latitude: faker.location.latitude({ min: 25, max: 49, precision: 4 }).toFixed(4),
        billing_longitude: faker.location.longitude({ min: -124, max: -67, precision: 4 }).toFixed(4),
        customer_job: nullable(chance(0.7) ? h.arrayElement(JOBS_SOC) : faker.person.jobTitle()),
        ip_address: p.ip,
        customer_email: nullable(p.email),
        phone: nullable(p.phone),
        user_agent: nullable(faker.internet.userAgent()),
        product_category: h.arrayElement(CATEGORIES),
        order_price: faker.number.float({ min: 1, max: 1500, fractionDigits: 2 }).toFixed(2),
        payment_currency: 'USD',
        merchant: 'fraud_' + (chance(0.5) ? `${faker.person.lastName()} ${h.arrayElement(['LLC', 'Inc', 'Group', 'Ltd', 'PLC'])}` : faker.company.name()),
        ssn: p.ssn,
        card_number: p.card,
        note: noteText.toString(),
      };
      const values: TruthRecord['values'] = {};
      for (const c of PII_COLUMNS) {
        const v = row[c];
        if (v !== null) values[c] = v;
      }
      return { row, truth: { row: rowNumber, values, note_spans: noteText.spans } };
    },
  };
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; a null is an empty unquoted field. */
export function csvField(v: string | null): string {
  if (v === null) return '';
  if (v === '' || /[",\r\n]/.test(v)) return '"' + v.replace(/"/g, '""') + '"';
  return v;
}

// Backpressure: wait for 'drain' when the stream's buffer is full (once() also rejects on 'error').
async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export async function generateCustomers(options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? 42;
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  const withTruth = options.truth !== false;
  const truthPath = withTruth ? `${out}.truth.jsonl` : null;
  const csv = createWriteStream(out);
  const truth = truthPath ? createWriteStream(truthPath) : null;
  const gen = createCustomerGenerator(seed);
  const CHUNK = 1000;
  try {
    await write(csv, CUSTOMER_COLUMNS.join(',') + '\n');
    for (let start = 1; start <= options.rows; start += CHUNK) {
      let csvChunk = '';
      let truthChunk = '';
      const stop = Math.min(options.rows, start + CHUNK - 1);
      for (let r = start; r <= stop; r++) {
        const { row, truth: t } = gen.next(r);
        csvChunk += CUSTOMER_COLUMNS.map((c) => csvField(row[c])).join(',') + '\n';
        if (truth) truthChunk += JSON.stringify(t) + '\n';
      }
      await write(csv, csvChunk);
      if (truth) await write(truth, truthChunk);
    }
  } finally {
    await end(csv);
    if (truth) await end(truth);
  }
  return { rows: options.rows, out, truth: truthPath };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string', default: 'examples/data/customers.csv' },
      'no-truth': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run gen -- [--rows N] [--seed S] [--out PATH.csv] [--no-truth]\n');
    return;
  }
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(seed)) {
    process.stderr.write('--rows and --seed must be integers (rows >= 0)\n');
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const res = await generateCustomers({ rows, seed, out: values.out, truth: !values['no-truth'] });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ ...res, seed, seconds: Number(seconds.toFixed(2)) }) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`generate-customers: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
