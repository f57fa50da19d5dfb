/** US SSN structure (SSA rules since 2011 randomization): area 001-899 except 666, group 01-99, serial 0001-9999. */
export function ssnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const area = +d.slice(0, 3);
  const group = +d.slice(3, 5);
  const serial = +d.slice(5);
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  // Well-known example numbers (123-45-6789, Woolworth's 078-05-1120) are kept: whoever wrote them into a
  // record may have meant a real one, and redacting them costs nothing.
  // One digit repeated (111-11-1111).
  return !/^(\d)\1{8}$/.test(d);
}
