// Generates the seeded quality sets in bench/datasets/ (templates written for this project; faker supplies only
// VALUES, and the detector never uses faker's lists). Gold format = the scorer's (code-point offsets).
// Run: npx tsx bench/datasets/generate.ts   (bench/quality.ts regenerates them when missing)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faker, fakerDE, fakerES, fakerFR, fakerHU, fakerIT, fakerPL, fakerVI, type Faker } from '@faker-js/faker';
import { utf16ToCodePoint } from '../../src/text/offsets.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const SEED = 20261125;

interface GoldSpan { type: string; begin: number; end: number }
export interface GoldRecord { id: string; text: string; spans: GoldSpan[]; ignore: GoldSpan[] }

type Slot = 'NAME' | 'FIRST' | 'LAST' | 'TITLED' | 'ADDRESS' | 'STREET' | 'CITYSTATE' | 'EMAIL' | 'PHONE' | 'IP' | 'CARD' | 'SSN' | 'ORDER' | 'PRODUCT' | 'COMPANY' | 'MONTH';
const SLOT_TYPE: Partial<Record<Slot, string>> = {
  NAME: 'NAME', FIRST: 'NAME', LAST: 'NAME', TITLED: 'NAME', ADDRESS: 'ADDRESS', STREET: 'ADDRESS', CITYSTATE: 'ADDRESS',
  EMAIL: 'EMAIL', PHONE: 'PHONE', IP: 'IP_ADDRESS', CARD: 'CREDIT_DEBIT_NUMBER', SSN: 'SSN',
};

const locales: Faker[] = [faker, faker, faker, faker, fakerDE, fakerFR, fakerES, fakerIT, fakerHU, fakerPL, fakerVI];
const PRODUCTS = ['Premium Plan', 'Router X200', 'Galaxy Tab', 'Office Suite', 'Smart Thermostat', 'Gift Card', 'Pro Subscription', 'Cloud Backup'];
const MONTHS = ['January', 'March', 'May', 'June', 'August', 'October', 'December'];

function value(slot: Slot): string {
  const f = faker.helpers.arrayElement(locales);
  switch (slot) {
    case 'NAME': {
      const n = `${f.person.firstName()} ${f.person.lastName()}`;
      const r = faker.number.int(9);
      return r === 0 ? n.toLowerCase() : r === 1 ? n.toUpperCase() : n;
    }
    case 'FIRST': return f.person.firstName();
    case 'LAST': return f.person.lastName();
    case 'TITLED': return `${faker.helpers.arrayElement(['Mr.', 'Mrs.', 'Ms.', 'Dr.'])} ${f.person.lastName()}`;
    case 'ADDRESS': return `${faker.location.streetAddress(faker.datatype.boolean())}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode('#####')}`;
    case 'STREET': return faker.location.streetAddress(faker.datatype.boolean());
    case 'CITYSTATE': return `${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode('#####')}`;
    case 'EMAIL': return faker.internet.email().toLowerCase();
    case 'PHONE': return faker.helpers.arrayElement([faker.phone.number({ style: 'national' }), faker.phone.number({ style: 'international' }), faker.helpers.replaceSymbols('###-###-####')]);
    case 'IP': return faker.internet.ipv4();
    case 'CARD': return faker.finance.creditCardNumber('visa');
    case 'SSN': return faker.helpers.replaceSymbols('###-##-####').replace(/^[09]/, '5').replace(/^666/, '555');
    case 'ORDER': return `#${faker.string.numeric(6)}`;
    case 'PRODUCT': return faker.helpers.arrayElement(PRODUCTS);
    case 'COMPANY': return faker.company.name();
    case 'MONTH': return faker.helpers.arrayElement(MONTHS);
  }
}

function render(id: string, template: string): GoldRecord {
  let text = '';
  const spans: GoldSpan[] = [];
  const ignore: GoldSpan[] = [];
  const re = /\{([A-Z]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    text += template.slice(last, m.index);
    const slot = m[1] as Slot;
    const v = value(slot);
    const b = text.length;
    text += v;
    const type = SLOT_TYPE[slot];
    if (type) spans.push({ type, begin: b, end: text.length });
    else if (slot === 'COMPANY') ignore.push({ type: 'ORGANIZATION', begin: b, end: text.length });
    last = m.index + m[0].length;
  }
  text += template.slice(last);
  const cp = (i: number): number => utf16ToCodePoint(text, i);
  return { id, text, spans: spans.map((s) => ({ ...s, begin: cp(s.begin), end: cp(s.end) })), ignore: ignore.map((s) => ({ ...s, begin: cp(s.begin), end: cp(s.end) })) };
}

const TICKETS = [
  'Hi, my name is {NAME} and I can\'t log into my account.',
  'Please update the shipping address for order {ORDER} to {ADDRESS}.',
  'Customer {NAME} called about a double charge on card {CARD}.',
  '{NAME} reports that the {PRODUCT} stopped working after the update.',
  'Can you send the invoice to {EMAIL}? Thanks, {FIRST}',
  'Callback requested by {TITLED} at {PHONE}.',
  'Refund approved for {NAME} ({EMAIL}).',
  'Escalated to {FIRST} in billing; customer {NAME} is waiting.',
  'Login attempts from {IP} for user {NAME} were blocked.',
  'Hello, this is {NAME}. I moved to {STREET} last {MONTH}.',
  'Dear {TITLED}, your {PRODUCT} ships to {CITYSTATE} tomorrow.',
  'The package for {NAME} was left at {STREET} instead of the front desk.',
  '{FIRST} from {COMPANY} asked for a quote on the {PRODUCT}.',
  'Please verify the SSN {SSN} on file for {NAME}.',
  'My phone number changed to {PHONE}, please update it. - {NAME}',
  'Order {ORDER} was delivered in {MONTH} but the {PRODUCT} was missing.',
  'Thanks for your help with the {PRODUCT} setup!',
  'Spoke with {NAME} today; they want the bill mailed to {ADDRESS}.',
  '{NAME}, {STREET}, {PHONE}',
  'Assigned to {FIRST} {LAST}. Customer reachable at {EMAIL} or {PHONE}.',
  'Re: account closure. {NAME} asked us to delete all data.',
  'New contact: {NAME}, {EMAIL}',
  'Our technician {FIRST} will visit {STREET} on Monday.',
  'I\'m {FIRST}, the account owner; my wife {FIRST} also uses it.',
];
const CRM = [
  'Met {NAME} at the trade show; interested in the {PRODUCT}. Follow up in {MONTH}.',
  '{TITLED} prefers email ({EMAIL}) over calls.',
  'Lead owner: {NAME}. Company: {COMPANY}. Phone: {PHONE}.',
  'Visited the client site at {ADDRESS} with {FIRST}.',
  'Renewal call with {NAME} went well; decision maker is {NAME}.',
  '{NAME} replaced {NAME} as the main contact at {COMPANY}.',
  'Billing contact {NAME}, {STREET}, {CITYSTATE}.',
  'Note: {FIRST} said the budget is approved for Q3.',
  'Sent contract to {EMAIL}, cc {NAME}.',
  'Quarterly review scheduled with {COMPANY} in {MONTH}.',
];

// Jobs in the style of the seed's customer_job column (written here), merchants as in the seed ("fraud_" +
// company), the seed's product categories.
const JOBS = ['Engineer, civil', 'Engineer, mining', 'Scientist, research (physical sciences)', 'Teacher, primary school', 'Designer, jewellery', 'Psychologist, forensic', 'Surveyor, land/geomatics', 'Therapist, art', 'Sales executive', 'Tax inspector', "Barrister's clerk", 'Chief Executive Officer', 'Librarian, public', 'Paramedic', 'Solicitor', 'Accountant, chartered', 'Pharmacist, hospital', 'Nurse, children\'s', 'Production manager', 'Web designer', 'Police officer', 'Exhibition designer', 'Film/video editor', 'Retail buyer', 'Hotel manager', 'Chartered loss adjuster', 'Editor, magazine features', 'Armed forces logistics/support/administrative officer', 'Landscape architect', 'Museum education officer'];
const CATEGORIES = ['grocery_pos', 'gas_transport', 'home', 'shopping_pos', 'kids_pets', 'shopping_net', 'entertainment', 'food_dining', 'personal_care', 'health_fitness', 'misc_pos', 'misc_net', 'grocery_net', 'travel'];

export const CUSTOMER_COLUMNS = {
  pii: { customer_name: 'NAME', billing_street: 'ADDRESS', customer_email: 'EMAIL', phone: 'PHONE', ip_address: 'IP_ADDRESS' },
  not_pii: ['customer_job', 'merchant', 'product_category', 'user_agent', 'billing_city', 'billing_state', 'billing_zip', 'payment_currency'],
};

function customerRow(): Record<string, string> {
  const f = faker.helpers.arrayElement(locales);
  const nameCase = faker.number.int(19);
  let name = `${faker.helpers.maybe(() => faker.person.prefix() + ' ', { probability: 0.05 }) ?? ''}${f.person.firstName()} ${f.person.lastName()}${faker.helpers.maybe(() => ' ' + faker.helpers.arrayElement(['Jr.', 'Sr.', 'III', 'PhD']), { probability: 0.04 }) ?? ''}`;
  if (nameCase === 0) name = name.toLowerCase();
  return {
    customer_name: name,
    customer_job: faker.helpers.arrayElement(JOBS),
    billing_street: faker.location.streetAddress(faker.datatype.boolean({ probability: 0.3 })),
    billing_city: faker.location.city(),
    billing_state: faker.location.state({ abbreviated: true }),
    billing_zip: faker.location.zipCode('#####'),
    customer_email: faker.internet.email().toLowerCase(),
    phone: faker.phone.number({ style: 'national' }),
    ip_address: faker.internet.ipv4(),
    user_agent: faker.internet.userAgent(),
    product_category: faker.helpers.arrayElement(CATEGORIES),
    merchant: `fraud_${faker.company.name()}`,
    payment_currency: faker.helpers.arrayElement(['USD', 'EUR', 'CAD']),
  };
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function generateAll(outDir: string = DIR): void {
  faker.seed(SEED);
  for (const f of locales) f.seed(SEED);
  const write = (file: string, recs: GoldRecord[]): void => writeFileSync(join(outDir, file), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  write('tickets.jsonl', Array.from({ length: 600 }, (_, i) => render(`ticket-${i}`, faker.helpers.arrayElement(TICKETS))));
  write('crm.jsonl', Array.from({ length: 300 }, (_, i) => render(`crm-${i}`, faker.helpers.arrayElement(CRM))));
  const rows = Array.from({ length: 1000 }, customerRow);
  const cols = Object.keys(rows[0]!);
  writeFileSync(join(outDir, 'customers.csv'), [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c]!)).join(','))].join('\n') + '\n');
  writeFileSync(join(outDir, 'customers_columns.json'), JSON.stringify(CUSTOMER_COLUMNS, null, 1) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  generateAll();
  console.log('wrote bench/datasets/{tickets,crm}.jsonl, customers.csv, customers_columns.json');
}
