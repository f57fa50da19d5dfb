// Table-driven checks of pattern-recognizer fixes found on short ticket-like sentences: each positive must be
// found with the right type, exact UTF-16 offsets and a minimum score; each look-alike negative must not be
// reported at or above the default threshold 0.5.
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

type Pos = [type: string, text: string, begin: number, end: number, min: number];

const positives: Pos[] = [
  // A sentence's full stop is not part of "5pm"; "p.m." keeps its own dot.
  ['DATE_TIME', 'Please call me back after 5pm.', 26, 29, 0.5],
  ['DATE_TIME', 'your appointment is on 12/05/2025 at 3pm.', 37, 40, 0.5],
  ['DATE_TIME', 'see you at 3 p.m. then', 11, 17, 0.5],
  ['DATE_TIME', 'he visited us on Tuesday.', 17, 24, 0.5],
  ['DATE_TIME', "let's meet next Monday", 11, 22, 0.5],
  ['DATE_TIME', 'Mon 3 June works for me', 0, 10, 0.5],
  ['DATE_TIME', 'Wed, Jan 14 is fine', 0, 11, 0.5],
  ['DATE_TIME', 'escalated the case on Jan 14.', 22, 28, 0.5],
  ['DATE_TIME', 'we moved in March 2024', 12, 22, 0.5],
  ['DATE_TIME', 'The outage began at 11.30pm', 20, 27, 0.5],
  ['DATE_TIME', 'I was born in 1985.', 14, 18, 0.8],
  ['DATE_TIME', 'the refund is due 12/05, thanks', 18, 23, 0.5],
  ['DATE_TIME', 'Date: 4/15', 6, 10, 0.5],
  // Leading 0: the sample/fictitious SIN form, kept with a "SIN" word near.
  ['CA_SOCIAL_INSURANCE_NUMBER', 'SIN 046 454 286, name Jean-Luc', 4, 15, 0.8],
  ['USERNAME', 'Login flagged, user mkowalski88.', 20, 31, 0.8],
  ['USERNAME', 'reset username j_doe please', 15, 20, 0.8],
  ['USERNAME', 'username: j_doe', 10, 15, 0.8],
  ['USERNAME', 'handle dev_ops42 on the forum', 7, 16, 0.8],
  // Comprehend's AGE is the quantity and unit ("39 years"), or the bare number when no unit is written.
  ['AGE', "I'm 39 years old", 4, 12, 0.8],
  ['AGE', 'I am 42 and tired', 5, 7, 0.5],
  ['AGE', "Honestly I'm 42.", 13, 15, 0.5],
  ['AGE', "my dad, he's 70 now", 13, 15, 0.5],
  ['AGE', 'patient aged 42', 13, 15, 0.8],
  ['AGE', 'a 42-year-old man', 2, 13, 0.8],
  // No valid check digit (a European VIN): accepted with a VIN/chassis word.
  ['VEHICLE_IDENTIFICATION_NUMBER', 'VIN WVWZZZ1JZXW000001 on file', 4, 21, 0.8],
  ['VEHICLE_IDENTIFICATION_NUMBER', 'chassis no. WVWZZZ1JZXW000001', 12, 29, 0.8],
  ['ADDRESS', 'update the address to 77 Rue de Rivoli, 75001 Paris.', 22, 51, 0.8],
  ['ADDRESS', 'Our office moved to Unit 4, 12 Harbour Road, Wellington 6011.', 20, 60, 0.8],
  ['ADDRESS', 'Send it c/o Aiko Tanaka, 2-11-3 Meguro, Meguro-ku, Tokyo 153-0063.', 25, 65, 0.8],
  ['ADDRESS', '12 Rue Victor Hugo, 69002 Lyon', 0, 30, 0.8],
  ['ADDRESS', 'ship to Rue Victor Hugo, 69002 Lyon', 8, 35, 0.8],
  ['ADDRESS', 'Level 3, 45 George St, Sydney NSW 2000', 0, 38, 0.8],
  ['ADDRESS', 'Flat B, 10 Downing Street', 0, 25, 0.8],
  // "units" is no unit label; a 4-digit number after a street needs a comma and a city to be a postcode.
  ['ADDRESS', 'I have 2 units, 12 Main Street', 16, 30, 0.8],
  ['ADDRESS', 'see 12 Harbour Road Version 2020', 4, 19, 0.8],
  // A city-name prefix word stays with the city; USPS plural suffixes; a known city after a street.
  ['ADDRESS', 'ships to Lake Leland, CA 38932 tomorrow.', 9, 30, 0.8],
  ['ADDRESS', 'mailed to 584 Bradtke Parkways, West Pamela, AL 39943.', 10, 53, 0.8],
  ['ADDRESS', 'our store at 12 Main St, Springfield.', 13, 36, 0.8],
  ['ADDRESS', 'Ulica Marszałkowska 10, 00-590 Warszawa', 0, 39, 0.8],
  ['ADDRESS', 'Deliver to 55 Collins St, Melbourne VIC 3000.', 11, 44, 0.8],
  ['ADDRESS', '12 Main St, John called', 0, 10, 0.8],
  ['ADDRESS', '10 Calle Mayor is nice', 0, 14, 0.8],
  ['ADDRESS', "5, rue de l'Église, 67000 Strasbourg", 0, 36, 0.8],
  ['PHONE', 'my number is 07700 900123', 13, 25, 0.5],
  ['LICENSE_PLATE', 'plate number KA-01-AB-1234', 13, 26, 0.8],
  ['LICENSE_PLATE', 'reg: LS19 ABC', 5, 13, 0.8],
  ['LICENSE_PLATE', 'license plate 7ABC123 IN CA', 14, 21, 0.8],
];

const negatives: Record<string, string[]> = {
  DATE_TIME: ['Sunday Market Ltd', 'Friday Harbor ferry terminal', 'Sunday', 'mondays are bad', 'reborn 2000 times', 'stubborn 1999 bug', 'born 12000 years ago', 'scored 3/10 at best', 'on 3/4 of the servers', 'page 3/14 on screen'],
  CA_SOCIAL_INSURANCE_NUMBER: ['ref 046 454 286', 'SIN 046 454 287', 'order 046454286'],
  USERNAME: ['user experience is bad', 'the user agent Mozilla/5.0', 'login page v2', 'user 12345 logged in', 'handle it by Friday', 'username is required'],
  AGE: ['I am 5 minutes away', "I'm 99% sure", 'I am 2 for 2', "I'm 3 in line", 'I am 10 km out', 'she is 5 minutes late', "he's 2 for 2"],
  VEHICLE_IDENTIFICATION_NUMBER: ['car WVWZZZ1JZXW000001', 'part WVWZZZ1JZXW000001', 'vehicle WVWZZZ1JZXW000001'],
  PHONE: ['order 07700 900123', '07700 900123'],
  LICENSE_PLATE: ['the regex A1-B2-C3-D4-E5', 'registration ID-2024-0001-22', 'plate of food 12'],
  ADDRESS: ['I bought 4 Place Mats Set today', 'got 2 Avenue Tickets for you', 'Call 1-800-555 Sales 555-1234', 'came 5th place out of 11', 'Rue Victor Hugo', 'version 2, 12 items left, Chrome 1100', 'room 4, 3 more on the way'],
};

describe('local detector: ticket-sentence recognizer fixes', () => {
  it.each(positives)('%s: in %j finds [%i, %i)', async (type, text, begin, end, min) => {
    const [r] = await detector.detect([text]);
    const found = describeEntities(text, r!.entities).filter((e) => e.type === type);
    const hit = found.find((e) => e.begin === begin && e.end === end);
    expect(hit, JSON.stringify(found)).toBeDefined();
    expect(hit!.score).toBeGreaterThanOrEqual(min);
  });

  for (const [type, texts] of Object.entries(negatives)) {
    it.each(texts)(`${type}: does not report %j`, async (text) => {
      const [r] = await detector.detect([text]);
      expect(describeEntities(text, r!.entities.filter((e) => e.type === type && e.score >= 0.5))).toEqual([]);
    });
  }
});
