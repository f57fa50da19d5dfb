/**
 * ABA routing transit number: 9 digits, weights 3-7-1, sum ≡ 0 (mod 10), and a Federal Reserve prefix
 * (00-12 banks, 21-32 thrifts, 61-72 electronic, 80 traveller's cheques).
 */
export function abaValid(d: string): boolean {
  if (!abaChecksumValid(d)) return false;
  const p = +d.slice(0, 2);
  return (p >= 0 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
}

/** The 3-7-1 checksum alone (the prefix may be outside the Federal Reserve ranges in synthetic data). */
export function abaChecksumValid(d: string): boolean {
  if (!/^\d{9}$/.test(d)) return false;
  if (/^(\d)\1{8}$/.test(d)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * w[i % 3];
  return sum % 10 === 0;
}
