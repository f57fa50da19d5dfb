import { luhnValid } from './luhn.ts';

/** Canadian SIN: 9 digits, Luhn, first digit not 0 or 8 (unassigned). */
export function sinValid(d: string): boolean {
  return /^\d{9}$/.test(d) && d[0] !== '0' && d[0] !== '8' && !/^(\d)\1{8}$/.test(d) && luhnValid(d);
}
