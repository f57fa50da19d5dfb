import { luhnValid } from './luhn.ts';

/** Canadian SIN: 9 digits, Luhn, first digit not 0 or 8 (unassigned). */
export function sinValid(d: string): boolean {
  return /^\d{9}$/.test(d) && d[0] !== '0' && d[0] !== '8' && !/^(\d)\1{8}$/.test(d) && luhnValid(d);
}

/** 9 digits starting with 0 (unassigned: used for samples and test data) that pass Luhn. */
export function sinLuhnOnly(d: string): boolean {
  return /^0\d{8}$/.test(d) && !/^0{9}$/.test(d) && luhnValid(d);
}
