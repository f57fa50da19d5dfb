// Per-type quality of the local detector's pattern recognizers on a seeded synthetic set of our own: every
// type in sentences with and without context words, plus look-alike distractors (order numbers, timestamps,
// versions, ZIP codes, ISBNs, UUIDs, tracking numbers). Values are generated with valid checksums.
// Usage: tsx bench/detector-types.ts [--n 60]   Prints one JSON object (per-type precision/recall at the
// default threshold 0.5, and precision of entities scored ≥ 0.8). Never prints cell content.
import { createLocalDetector } from '../src/detect/local/local-detector.ts';
import { mulberry32 } from '../src/util/prng.ts';
import { luhnValid } from '../src/detect/local/validators/luhn.ts';
import { verhoeffValid } from '../src/detect/local/validators/verhoeff.ts';
import { abaValid } from '../src/detect/local/validators/aba.ts';
import { ibanValid } from '../src/detect/local/validators/iban.ts';
import { vinCheckDigitValid } from '../src/detect/local/validators/vin.ts';
import { nhsValid } from '../src/detect/local/validators/nhs.ts';
import { sinValid } from '../src/detect/local/validators/sin.ts';

const rnd = mulberry32(20261125);
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
const upper = (n: number, set = 'ABCDEFGHJKLMNPRSTUVWXYZ') => Array.from({ length: n }, () => pick([...set])).join('');

/** Retries `gen` until `ok` holds (checksum-valid values). */
function until(gen: () => string, ok: (s: string) => boolean): string {
  for (;;) {
    const s = gen();
    if (ok(s)) return s;
  }
}
const group = (s: string, sizes: number[], sep: string) => {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
};

type Gen = { type: string; value: () => string; templates: string[] };
const MONTHS = ['January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const gens: Gen[] = [
  { type: 'EMAIL', value: () => `${pick(['ana', 'bo', 'chen.li', 'd_k', 'eve99'])}${int(1, 999)}@${pick(['example.com', 'mail.example.org', 'corp.example.co.uk'])}`, templates: ['Please email {v} with the invoice.', 'contact: {v}', '{v}'] },
  { type: 'PHONE', value: () => pick([`(${int(201, 989)}) ${int(200, 999)}-${digits(4)}`, `+1 ${int(201, 989)}-${int(200, 999)}-${digits(4)}`, `${int(201, 989)}.${int(200, 999)}.${digits(4)}`, `+44 20 ${digits(4)} ${digits(4)}`]), templates: ['Call me back at {v} after 5.', 'phone: {v}', '{v}'] },
  { type: 'SSN', value: () => `${String(int(1, 665)).padStart(3, "0")}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`, templates: ['My SSN is {v}.', 'social security number {v}', '{v}'] },
  { type: 'CREDIT_DEBIT_NUMBER', value: () => { const p = pick(['4', '51', '52', '37', '6011']); const len = p === '37' ? 15 : 16; const body = p + digits(len - 1 - p.length); const full = until(() => body + digits(1), luhnValid); return len === 16 ? group(full, [4, 4, 4, 4], pick([' ', '-', ''])) : full; }, templates: ['Charge card {v} please.', 'card number: {v}', '{v}'] },
  { type: 'CREDIT_DEBIT_CVV', value: () => digits(3), templates: ['CVV {v}', 'the security code is {v}'] },
  { type: 'CREDIT_DEBIT_EXPIRY', value: () => `${String(int(1, 12)).padStart(2, '0')}/${int(25, 31)}`, templates: ['exp {v}', 'card expires {v}'] },
  { type: 'DATE_TIME', value: () => pick([`${pick(MONTHS)} ${int(1, 28)}, ${int(1950, 2024)}`, `${String(int(1, 12)).padStart(2, '0')}/${String(int(1, 28)).padStart(2, '0')}/${int(1950, 2024)}`, `${int(1950, 2024)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`, `${int(1, 28)} ${pick(MONTHS)} ${int(1950, 2024)}`]), templates: ['DOB: {v}', 'I was born on {v}.', 'The appointment is {v}.'] },
  { type: 'AGE', value: () => `${int(18, 95)} years`, templates: ['The patient is {v} old.', 'I am {v} old and retired.'] },
  { type: 'IP_ADDRESS', value: () => pick([`${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `2001:db8:${int(1, 9999).toString(16)}::${int(1, 65535).toString(16)}`]), templates: ['Login from {v} was blocked.', 'ip={v}', '{v}'] },
  { type: 'MAC_ADDRESS', value: () => Array.from({ length: 6 }, () => int(0, 255).toString(16).padStart(2, '0')).join(pick([':', '-'])), templates: ['device mac {v}', '{v}'] },
  { type: 'URL', value: () => pick([`https://${pick(['example.com', 'shop.example.org'])}/u/${int(1, 99999)}`, `www.example.net/p?id=${int(1, 999)}`]), templates: ['My profile: {v}', 'see {v} for details'] },
  { type: 'USERNAME', value: () => `${pick(['jdoe', 'mk', 'sam_r', 'li.wei'])}${int(1, 999)}`, templates: ['username: {v}', 'my login is {v}'] },
  { type: 'PASSWORD', value: () => `${pick(['Tr0ub', 'hunter', 'S3cr', 'Pa$$'])}${int(10, 9999)}!`, templates: ['password: {v}', 'my password is {v}'] },
  { type: 'AWS_ACCESS_KEY', value: () => `AKIA${upper(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`, templates: ['aws key {v} leaked', '{v}'] },
  { type: 'AWS_SECRET_KEY', value: () => until(() => Array.from({ length: 40 }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'])).join(''), (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)), templates: ['aws_secret_access_key={v}', 'secret key: {v}'] },
  { type: 'BANK_ACCOUNT_NUMBER', value: () => digits(int(8, 12)), templates: ['account number {v}', 'acct: {v}'] },
  { type: 'BANK_ROUTING', value: () => until(() => pick(['0', '1', '2', '3']) + digits(8), abaValid), templates: ['routing number {v}', 'ABA {v}'] },
  { type: 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', value: () => { const bban = `${upper(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${digits(14)}`; for (let c = 2; c < 99; c++) { const v = `GB${String(c).padStart(2, '0')}${bban}`; if (ibanValid(v)) return v; } return ''; }, templates: ['IBAN {v}', 'transfer to {v}', '{v}'] },
  { type: 'SWIFT_CODE', value: () => `${upper(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${pick(['US', 'GB', 'DE', 'FR'])}${int(2, 9)}${upper(1)}`, templates: ['SWIFT code {v}', 'BIC: {v}'] },
  { type: 'PIN', value: () => digits(4), templates: ['my PIN is {v}', 'PIN: {v}'] },
  { type: 'DRIVER_ID', value: () => `${upper(1)}${digits(7)}`, templates: ["driver's license {v}", 'DL# {v}'] },
  { type: 'PASSPORT_NUMBER', value: () => pick([digits(9), `${upper(1)}${digits(8)}`]), templates: ['passport number {v}', 'Passport: {v}'] },
  { type: 'VEHICLE_IDENTIFICATION_NUMBER', value: () => until(() => `1${upper(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${upper(5, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')}${pick([...'0123456789X'])}${upper(2, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')}${digits(6)}`, vinCheckDigitValid), templates: ['VIN {v}', '{v}'] },
  { type: 'LICENSE_PLATE', value: () => `${int(1, 9)}${upper(3, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${digits(3)}`, templates: ['license plate {v}', 'plate number {v}'] },
  { type: 'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER', value: () => `9${digits(2)}-${int(70, 88)}-${digits(4)}`, templates: ['ITIN {v}', '{v}'] },
  { type: 'UK_NATIONAL_INSURANCE_NUMBER', value: () => `${pick(['AB', 'JG', 'CE', 'PR'])}${digits(6)}${pick(['A', 'B', 'C', 'D'])}`, templates: ['NI number {v}', '{v}'] },
  { type: 'UK_NATIONAL_HEALTH_SERVICE_NUMBER', value: () => group(until(() => digits(10), nhsValid), [3, 3, 4], ' '), templates: ['NHS number {v}'] },
  { type: 'CA_SOCIAL_INSURANCE_NUMBER', value: () => group(until(() => String(int(1, 7)) + digits(8), sinValid), [3, 3, 3], pick([' ', '-'])), templates: ['SIN {v}', 'social insurance number: {v}'] },
  { type: 'IN_AADHAAR', value: () => group(until(() => String(int(2, 9)) + digits(11), verhoeffValid), [4, 4, 4], ' '), templates: ['Aadhaar {v}', '{v}'] },
  { type: 'IN_PERMANENT_ACCOUNT_NUMBER', value: () => `${upper(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}P${upper(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${digits(4)}${upper(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, templates: ['PAN {v}', '{v}'] },
];

// Look-alikes that must not be reported at ≥ 0.5.
const distractors: (() => string)[] = [
  () => `Order #${digits(6)} shipped on time.`,
  () => `order number ${digits(3)}-${digits(2)}-${digits(4)} is delayed`,
  () => `Tracking 1Z${upper(3)}${digits(11)}`,
  () => `updated to version ${int(1, 12)}.${int(0, 9)}.${int(0, 99)}`,
  () => `Windows build 10.0.${int(10000, 22999)}.${int(1, 999)}`,
  () => `ISBN 978-${int(0, 9)}-${digits(3)}-${digits(5)}-${int(0, 9)}`,
  () => `id ${[8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('')).join('-')}`,
  () => `ZIP ${digits(5)}-${digits(4)}`,
  () => `${digits(5)}`,
  () => `invoice INV-${int(2019, 2025)}-${digits(4)} total $${int(10, 9999)}.${digits(2)}`,
  () => `room ${int(100, 1999)}, extension ${digits(4)}`,
  () => `SKU ${upper(2)}-${digits(4)}-${upper(2)}`,
  () => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${int(60, 120)}.0.${int(1000, 5999)}.${int(10, 200)} Safari/537.36`,
  () => `Engineer, ${pick(['civil', 'chemical', 'mining'])}`,
  () => `${pick(['grocery_pos', 'shopping_net', 'gas_transport'])}`,
  () => `Total: ${int(1, 99)} items, ${int(1, 12)}/${int(1, 12)} done`,
  () => `the meeting ran ${int(2, 9)} years ago`,
  () => `THE PASSWORD RESET LINK EXPIRED`,
  () => `sha1 ${Array.from({ length: 40 }, () => int(0, 15).toString(16)).join('')}`,
  () => `score ${int(1, 9)}:${int(0, 9)} at half time`,
];

const argN = process.argv.indexOf('--n');
const N = argN > 0 ? Number(process.argv[argN + 1]) : 60;
interface Rec { text: string; type: string | null; begin: number; end: number }
const recs: Rec[] = [];
for (const g of gens) {
  for (let i = 0; i < N; i++) {
    const v = g.value();
    const t = g.templates[i % g.templates.length];
    const begin = t.indexOf('{v}');
    recs.push({ text: t.replace('{v}', v), type: g.type, begin, end: begin + v.length });
  }
}
for (let i = 0; i < N * 8; i++) recs.push({ text: distractors[i % distractors.length](), type: null, begin: 0, end: 0 });

const detector = await createLocalDetector({ workers: 0 });
const results = await detector.detect(recs.map((r) => r.text));
await detector.close?.();

// Our recognizers only: NAME/ADDRESS are scored by the name/address bench.
const ours = (t: string) => t !== 'NAME' && t !== 'ADDRESS';
const per: Record<string, { tp: number; fp: number; fn: number; hi: number; hi_ok: number }> = {};
const bump = (t: string) => (per[t] ??= { tp: 0, fp: 0, fn: 0, hi: 0, hi_ok: 0 });
let hiAll = 0;
let hiOk = 0;
recs.forEach((r, i) => {
  const ents = results[i].entities.filter((e) => ours(e.type));
  const ok = (e: { type: string; begin: number; end: number }) => r.type !== null && e.type === r.type && e.begin < r.end && r.begin < e.end;
  if (r.type) {
    if (ents.some((e) => e.score >= 0.5 && ok(e))) bump(r.type).tp++;
    else bump(r.type).fn++;
  }
  for (const e of ents) {
    if (e.score >= 0.5 && !ok(e)) bump(e.type).fp++;
    if (e.score >= 0.8) {
      hiAll++;
      bump(e.type).hi++;
      if (ok(e)) {
        hiOk++;
        bump(e.type).hi_ok++;
      }
    }
  }
});
const perType = Object.fromEntries(
  Object.entries(per).sort().map(([t, c]) => [t, {
    tp: c.tp, fp: c.fp, fn: c.fn,
    precision: +(c.tp / (c.tp + c.fp || 1)).toFixed(3),
    recall: +(c.tp / (c.tp + c.fn || 1)).toFixed(3),
    ge_0_8: c.hi, precision_ge_0_8: +(c.hi_ok / (c.hi || 1)).toFixed(3),
  }]),
);
const P = Object.values(per).reduce((a, c) => a + c.tp, 0);
const FP = Object.values(per).reduce((a, c) => a + c.fp, 0);
const FN = Object.values(per).reduce((a, c) => a + c.fn, 0);
console.log(JSON.stringify({
  bench: 'detector-types',
  records: recs.length,
  distractors: N * 8,
  precision: +(P / (P + FP || 1)).toFixed(4),
  recall: +(P / (P + FN || 1)).toFixed(4),
  precision_ge_0_8: +(hiOk / (hiAll || 1)).toFixed(4),
  per_type: perType,
}, null, 1));
if (process.argv.includes('--debug-misses')) {
  recs.forEach((r, i) => {
    const ents = results[i].entities.filter((e) => ours(e.type) && e.score >= 0.5);
    const hit = ents.some((e) => e.type === r.type && e.begin < r.end && r.begin < e.end);
    if ((r.type && !hit) || (!r.type && ents.length)) console.error(r.type, JSON.stringify(r.text), JSON.stringify(ents.map((e) => [e.type, e.score])));
  });
}
