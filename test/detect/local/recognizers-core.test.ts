// Table-driven checks of the core pattern recognizers: each positive must be found with the right type and
// exact offsets; each negative must not be found (or score below the default threshold 0.5).
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

interface Case {
  text: string;
  /** The exact substring expected as the entity. */
  value?: string;
  /** Minimum score expected (default 0.5). */
  min?: number;
}

const positives: Record<string, Case[]> = {
  EMAIL: [
    { text: 'reach me at jane.doe+news@example.co.uk today', value: 'jane.doe+news@example.co.uk', min: 0.9 },
    { text: 'Email: fake_richardsoneric@example.net', value: 'fake_richardsoneric@example.net', min: 0.9 },
    { text: 'write to john @ example . com please', value: 'john @ example . com' },
    { text: 'contact: bob [at] mail [dot] com', value: 'bob [at] mail [dot] com' },
  ],
  PHONE: [
    { text: 'phone (555)355 - 1785', value: '(555)355 - 1785', min: 0.8 },
    { text: 'Call +1 555-123-4567 now', value: '+1 555-123-4567', min: 0.8 },
    { text: 'mobile: 415.555.0199', value: '415.555.0199', min: 0.8 },
    { text: 'Our London office: +44 20 7946 0958.', value: '+44 20 7946 0958', min: 0.8 },
    { text: 'tel 4155550199', value: '4155550199' },
    { text: '(212) 555-0147 is the desk', value: '(212) 555-0147', min: 0.8 },
    { text: 'call 961-770-7727 x0938 today', value: '961-770-7727 x0938', min: 0.5 },
    { text: '(212) 555-0147 ext. 12', value: '(212) 555-0147 ext. 12', min: 0.8 },
    { text: 'phone: 1-606-673-0610 x12345', value: '1-606-673-0610 x12345', min: 0.8 },
    { text: '+15558675309', value: '+15558675309', min: 0.8 },
    { text: 'Phone: 128-839-1370.', value: '128-839-1370', min: 0.8 },
  ],
  SSN: [
    { text: 'SSN: 536-22-1234', value: '536-22-1234', min: 0.9 },
    { text: 'applicant 536-22-1234 filed', value: '536-22-1234', min: 0.8 },
    { text: 'social security number 536221234', value: '536221234', min: 0.8 },
    { text: 'My SSN is 123-45-6789.', value: '123-45-6789', min: 0.9 },
  ],
  CREDIT_DEBIT_NUMBER: [
    { text: 'card 4111 1111 1111 1111 exp 12/25', value: '4111 1111 1111 1111', min: 0.9 },
    { text: 'paid with 5500-0000-0000-0004', value: '5500-0000-0000-0004', min: 0.9 },
    { text: 'amex 3782 822463 10005', value: '3782 822463 10005', min: 0.9 },
    { text: '6011000990139424', value: '6011000990139424', min: 0.8 },
  ],
  IP_ADDRESS: [
    { text: 'login from 182.89.253.93 failed', value: '182.89.253.93', min: 0.8 },
    { text: '10.0.0.1', value: '10.0.0.1', min: 0.8 },
    { text: '0.242.0.144', value: '0.242.0.144', min: 0.5 },
    { text: 'src=2001:db8::8a2e:370:7334,', value: '2001:db8::8a2e:370:7334', min: 0.8 },
    { text: 'ip fe80::1ff:fe23:4567:890a', value: 'fe80::1ff:fe23:4567:890a', min: 0.8 },
  ],
  URL: [
    { text: 'see https://example.com/a/b?c=1.', value: 'https://example.com/a/b?c=1', min: 0.8 },
    { text: '(www.example.org)', value: 'www.example.org', min: 0.8 },
    { text: 'profile at github.com/janedoe', value: 'github.com/janedoe', min: 0.5 },
  ],
};

const negatives: Record<string, string[]> = {
  EMAIL: ['meet @ 5pm', 'user@localhost', 'a@b', 'price is 5 @ 3.00', 'a talk with a crew from @wilxTV . http://twitpic.com/x'],
  PHONE: ['order 2023-10-15', 'ISBN 978-0-306-40615-7', 'total 1234567', 'version 10.0.19041.1', 'ssn 536-22-1234', 'zip 94105-1234'],
  SSN: ['zip 94105-1234', 'order 123-45-6780', '000-12-3456', '666-12-3456', '900-12-3456', '536-00-1234', '536-22-0000', 'ref 536221234', 'ts 2022-12-04T06:07:46Z', '111-11-1111'],
  CREDIT_DEBIT_NUMBER: ['card 4111 1111 1111 1112', 'isbn 9780306406157', '1234 5678 9012 3456', 'uuid 123e4567-e89b-12d3-a456-426614174000', '0000 0000 0000 0000'],
  IP_ADDRESS: ['version 1.2.3', 'build 10.0.19041.1', 'Chrome/41.0.2.1 Safari', 'rv:1.9.4.20) Gecko', '256.1.1.1', 'at 12:30:45', 'mac 00:1A:2B:3C:4D:5E', 'v1.2.3.4'],
  URL: ['jane@example.com', 'e.g. this', 'file.txt', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
};

describe('local detector: core pattern recognizers', () => {
  for (const [type, cases] of Object.entries(positives)) {
    it.each(cases)(`${type}: finds $value`, async ({ text, value, min }) => {
      const [r] = await detector.detect([text]);
      const found = describeEntities(text, r.entities).filter((e) => e.type === type);
      const begin = text.indexOf(value!);
      expect(found.map((f) => [f.begin, f.end, f.value])).toContainEqual([begin, begin + value!.length, value]);
      const hit = found.find((f) => f.begin === begin && f.end === begin + value!.length)!;
      expect(hit.score).toBeGreaterThanOrEqual(min ?? 0.5);
    });
  }
  for (const [type, texts] of Object.entries(negatives)) {
    it.each(texts)(`${type}: does not report %s`, async (text) => {
      const [r] = await detector.detect([text]);
      const found = r.entities.filter((e) => e.type === type && e.score >= 0.5);
      expect(describeEntities(text, found)).toEqual([]);
    });
  }

  it('every entity carries an explanation without the matched text', async () => {
    const text = 'SSN 536-22-1234, mail jane@example.com, card 4111111111111111';
    const [r] = await detector.detect([text]);
    expect(r.entities.length).toBe(3);
    for (const e of r.entities) {
      expect(e.explanation?.recognizer).toBeTruthy();
      const json = JSON.stringify(e.explanation);
      expect(json).not.toContain(text.slice(e.begin, e.end));
    }
    expect(r.entities.find((e) => e.type === 'SSN')?.explanation?.context).toEqual(['ssn']);
  });

  it('null and empty texts yield no entities; results are parallel to the input', async () => {
    const res = await detector.detect([null, '', 'x 10.1.2.3']);
    expect(res.map((r) => r.entities.length)).toEqual([0, 0, 1]);
  });

  it('types restricts the recognizers', async () => {
    const d = await createLocalDetector({ workers: 0, types: ['EMAIL'] });
    const [r] = await d.detect(['jane@example.com 10.1.2.3 536-22-1234']);
    expect(r.entities.map((e) => e.type)).toEqual(['EMAIL']);
    await expect(createLocalDetector({ types: ['NOPE'] })).rejects.toMatchObject({ code: 'DETECTOR_CONFIG' });
  });
});

describe('local detector: tricks', () => {
  const cases: [string, string, string][] = [
    ['full-width digits', 'SSN ５３６-２２-１２３４ ok', '５３６-２２-１２３４'],
    ['full-width email with homoglyph @', 'mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ ok', 'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['small commercial at', 'mail jane﹫example.com ok', 'jane﹫example.com'],
    ['zero-width inside email', 'mail ja\u200Bne@exa\u200Cmple.com ok', 'ja\u200Bne@exa\u200Cmple.com'],
    ['soft hyphen inside card', 'card 4111\u00AD1111\u00AD1111\u00AD1111 ok', '4111\u00AD1111\u00AD1111\u00AD1111'],
    ['en dashes in phone', 'call 415\u2013555\u20130199 ok', '415\u2013555\u20130199'],
    ['emoji and combining marks before', '😀 José\u0301 👩‍👩‍👧 ip 182.89.253.93', '182.89.253.93'],
    ['spaced email', 'mail jane @ example.com ok', 'jane @ example.com'],
  ];
  it.each(cases)('%s', async (_name, text, value) => {
    const [r] = await detector.detect([text]);
    const begin = text.indexOf(value);
    expect(describeEntities(text, r.entities).map((f) => f.value)).toContain(value);
    expect(r.entities.some((e) => e.begin === begin && e.end === begin + value.length && e.score >= 0.5)).toBe(true);
  });
});
