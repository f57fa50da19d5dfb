// Payment card checks: Luhn plus issuer identification number (IIN) ranges and the lengths each brand uses.
import { luhnValid } from './luhn.ts';

/** Brand name when the IIN prefix and length fit a known card network, else null. */
export function cardBrand(d: string): string | null {
  const n = d.length;
  const p2 = +d.slice(0, 2);
  const p3 = +d.slice(0, 3);
  const p4 = +d.slice(0, 4);
  const p6 = +d.slice(0, 6);
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p4 === 3095) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  if (d.startsWith('2200') || d.startsWith('2201') || d.startsWith('2202') || d.startsWith('2203') || d.startsWith('2204')) return n === 16 ? 'mir' : null;
  return null;
}

export type CardVerdict = 'valid' | 'luhn_only' | 'invalid';

export function checkCard(d: string): CardVerdict {
  if (d.length < 12 || d.length > 19 || !luhnValid(d)) return 'invalid';
  if (/^(\d)\1+$/.test(d)) return 'invalid';
  return cardBrand(d) ? 'valid' : 'luhn_only';
}
