/** US ITIN: 9XX-GG-SSSS with group 50-65, 70-88, 90-92 or 94-99 (IRS ranges). */
export function itinValid(d: string): boolean {
  if (!/^9\d{8}$/.test(d)) return false;
  const g = +d.slice(3, 5);
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}
