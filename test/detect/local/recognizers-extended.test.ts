// Table-driven checks of every other pattern recognizer: positives found with the right type, exact offsets
// and a score ≥ the given minimum; checksum-invalid and look-alike negatives absent or scored below 0.5.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../src/detect/detector.ts';
import { createLocalDetector } from '../../../src/detect/local/local-detector.ts';
import { describeEntities } from './helpers.ts';

let detector: Detector;
beforeAll(async () => {
  detector = await createLocalDetector({ workers: 0 });
});
afterAll(async () => {
  await detector.close?.();
});

type Pos = [text: string, value: string, min?: number];

const positives: Record<string, Pos[]> = {
  CREDIT_DEBIT_CVV: [['CVV: 123', '123', 0.8], ['security code 4821 on the back', '4821', 0.8]],
  CREDIT_DEBIT_EXPIRY: [['exp 12/25', '12/25', 0.8], ['card expires 03/2027.', '03/2027', 0.8], ['valid thru 09 / 26', '09 / 26', 0.8]],
  DATE_TIME: [
    ['born March 3, 2021 in Ohio', 'March 3, 2021', 0.8],
    ['DOB: 03/04/1990', '03/04/1990', 0.8],
    ['on 2021-03-04 we met', '2021-03-04', 0.5],
    ['the 3rd of March 2021', '3rd of March 2021', 0.8],
    ['see you at 10:30 pm', '10:30 pm', 0.5],
    ['the call is at 14:30 tomorrow', '14:30', 0.5],
    ['Tuesday, Jan. 5th 2021 at 9:15 am', 'Tuesday, Jan. 5th 2021 at 9:15 am', 0.8],
    ['appointment on 2022-12-04T06:07:46Z', '2022-12-04T06:07:46Z', 0.5],
  ],
  AGE: [
    ['I am 42 years old', '42 years', 0.8],
    ['a 35-year-old engineer', '35-year-old', 0.8],
    ['age: 42', '42', 0.8],
    ['patient aged 67 was seen', '67', 0.8],
    ['she just turned 40 last week', '40', 0.5],
  ],
  MAC_ADDRESS: [['mac 00:1A:2B:3C:4D:5E', '00:1A:2B:3C:4D:5E', 0.8], ['hw 00-1a-2b-3c-4d-5e.', '00-1a-2b-3c-4d-5e', 0.8], ['0011.2233.4455 seen', '0011.2233.4455', 0.5]],
  USERNAME: [['username: jdoe_99', 'jdoe_99', 0.8], ['my login is mary.k', 'mary.k', 0.8], ['follow @janedoe now', '@janedoe', 0.5]],
  PASSWORD: [['password: hunter2!', 'hunter2!', 0.8], ['my pwd is Tr0ub4dor', 'Tr0ub4dor', 0.8], ['changed my password to S3cret#1.', 'S3cret#1', 0.8]],
  AWS_ACCESS_KEY: [['key AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE', 0.9], ['ASIAY34FZKBOKMUTVV7A in logs', 'ASIAY34FZKBOKMUTVV7A', 0.9]],
  AWS_SECRET_KEY: [['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 0.8]],
  BANK_ACCOUNT_NUMBER: [['account number 12345678', '12345678', 0.8], ['acct: 000123456789', '000123456789', 0.8]],
  BANK_ROUTING: [['routing 021000021', '021000021', 0.9], ['ABA number: 011000015', '011000015', 0.9], ['routing number 882578705', '882578705', 0.8]],
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: [['IBAN GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32', 0.9], ['pay DE89370400440532013000', 'DE89370400440532013000', 0.9], ['IR092002062705549092618698', 'IR092002062705549092618698', 0.9]],
  SWIFT_CODE: [['SWIFT: DEUTDEFF', 'DEUTDEFF', 0.8], ['BIC code CHASUS33XXX', 'CHASUS33XXX', 0.8]],
  PIN: [['PIN: 4921', '4921', 0.8], ['my pin number is 004921', '004921', 0.8]],
  DRIVER_ID: [["driver's license D1234567", 'D1234567', 0.8], ['DL# 123-456-789', '123-456-789', 0.8]],
  PASSPORT_NUMBER: [['passport number 123456789', '123456789', 0.8], ['Passport: X12345678', 'X12345678', 0.8]],
  VEHICLE_IDENTIFICATION_NUMBER: [['1HGCM82633A004352', '1HGCM82633A004352', 0.8], ['VIN WVWZZZ1JZXW000001', 'WVWZZZ1JZXW000001', 0.8]],
  LICENSE_PLATE: [['license plate 7ABC123', '7ABC123', 0.8], ['reg number AB12 CDE', 'AB12 CDE', 0.8]],
  US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: [['912-70-1234', '912-70-1234', 0.8], ['ITIN 912701234', '912701234', 0.8]],
  UK_NATIONAL_INSURANCE_NUMBER: [['NI number AB 12 34 56 C', 'AB 12 34 56 C', 0.9], ['JG103759A', 'JG103759A', 0.8]],
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: [['NHS number 943 476 5919', '943 476 5919', 0.9], ['nhs: 4010232137', '4010232137', 0.9]],
  CA_SOCIAL_INSURANCE_NUMBER: [['SIN 193 456 787', '193 456 787', 0.9], ['social insurance number: 193-456-787', '193-456-787', 0.9]],
  IN_AADHAAR: [['Aadhaar 2345 6789 0124', '2345 6789 0124', 0.9], ['4991 8237 4650', '4991 8237 4650', 0.5]],
  IN_PERMANENT_ACCOUNT_NUMBER: [['PAN: ABCPE1234F', 'ABCPE1234F', 0.9], ['ABCPE1234F', 'ABCPE1234F', 0.5]],
};

const negatives: Record<string, string[]> = {
  CREDIT_DEBIT_CVV: ['room 123', 'cvv', 'order 1234 shipped'],
  CREDIT_DEBIT_EXPIRY: ['12/25', 'ratio 3/4', 'exp 13/25'],
  DATE_TIME: ['Mozilla/5.0 (X11; Linux i686; rv:1.9.7.20) Gecko/2016-11-15 11:13:40 Firefox/3.6.4', '2022-12-04T06:07:46Z', 'version 1.2.3', 'build 10.0.19041.1', 'you may 2x it', 'score 13/45/2021', 'item 1234'],
  AGE: ['for 5 years', 'aged cheese', '2021 years old', 'age: 400', 'turned 5 degrees left', 'it turned 3 times'],
  MAC_ADDRESS: ['00:00:00:00:00:00', 'at 12:30:45', '2001:db8::1'],
  USERNAME: ['user experience matters', 'username: is required', 'email jane@example.com'],
  PASSWORD: ['password reset link', 'password is incorrect', 'your password: ********', 'passport: X12345678'],
  AWS_ACCESS_KEY: ['AKIA1234', 'akiaiosfodnn7example'],
  AWS_SECRET_KEY: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'secret sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  BANK_ACCOUNT_NUMBER: ['12345678', 'order 12345678', 'routing number 021000021'],
  BANK_ROUTING: ['routing 021000022', 'zip 021000021', '123456789', '882578705'],
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: ['GB82WEST12345698765433', 'IBAN XX82 WEST 1234 5698 7654 32'],
  SWIFT_CODE: ['BUSINESS PLAN', 'PASSWORD', 'SWIFT: DEUTQQFF'],
  PIN: ['shipping 4921', 'spin 4921', 'pin: 12'],
  DRIVER_ID: ['license plate 7ABC123', 'D1234567'],
  PASSPORT_NUMBER: ['123456789', 'X12345678 order'],
  VEHICLE_IDENTIFICATION_NUMBER: ['11111111111111111', '1HGCM82634A004352', 'ABCDEFGHJKLMNPRST'],
  LICENSE_PLATE: ['7ABC123', 'plate of food'],
  US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: ['912-45-1234', '536-22-1234', 'order 912-70-1234'],
  UK_NATIONAL_INSURANCE_NUMBER: ['QQ123456C', 'GB123456A', 'AB123456E'],
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: ['NHS number 943 476 5918', '943 476 5919', 'call 415-555-0199'],
  CA_SOCIAL_INSURANCE_NUMBER: ['SIN 193 456 788', '193 456 787', 'ref 046 454 286', 'SIN 046 454 287', 'SIN 5 193 456 787'],
  IN_AADHAAR: ['Aadhaar 2345 6789 0125', '1234 5678 9012', 'card 4111 1111 1111', 'card 4111 2345 6789 0124'],
  IN_PERMANENT_ACCOUNT_NUMBER: ['ABCDE1234F', 'abcpe1234f'],
};

describe('local detector: extended recognizers', () => {
  for (const [type, cases] of Object.entries(positives)) {
    it.each(cases)(`${type}: in %j finds %j`, async (text, value, min) => {
      const [r] = await detector.detect([text]);
      const found = describeEntities(text, r.entities).filter((e) => e.type === type);
      const begin = text.indexOf(value);
      expect(found.map((f) => [f.begin, f.end, f.value])).toContainEqual([begin, begin + value.length, value]);
      const hit = found.find((f) => f.begin === begin && f.end === begin + value.length)!;
      expect(hit.score).toBeGreaterThanOrEqual(min ?? 0.5);
    });
  }
  for (const [type, texts] of Object.entries(negatives)) {
    it.each(texts)(`${type}: does not report %j`, async (text) => {
      const [r] = await detector.detect([text]);
      expect(describeEntities(text, r.entities.filter((e) => e.type === type && e.score >= 0.5))).toEqual([]);
    });
  }

  it('context words are whole words: "pin" inside "shipping" does not make a PIN', async () => {
    const [a] = await detector.detect(['shipping 4921']);
    const [b] = await detector.detect(['pin 4921']);
    expect(a.entities.filter((e) => e.type === 'PIN')).toEqual([]);
    expect(b.entities.find((e) => e.type === 'PIN')?.explanation?.context).toEqual(['pin']);
  });

  it('validated checksums explain themselves', async () => {
    const [r] = await detector.detect(['routing 021000021, IBAN DE89370400440532013000']);
    const routing = r.entities.find((e) => e.type === 'BANK_ROUTING');
    expect(routing?.explanation).toMatchObject({ recognizer: 'bank_routing', validator: { name: 'aba_checksum', result: 'valid' }, context: ['routing'] });
    expect(r.entities.find((e) => e.type === 'INTERNATIONAL_BANK_ACCOUNT_NUMBER')?.explanation?.validator).toEqual({ name: 'iban_mod97', result: 'valid' });
  });
});
