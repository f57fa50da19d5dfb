/** US SSN structure (SSA rules since 2011 randomization): area 001-899 except 666, group 01-99, serial 0001-9999. */
export function ssnValid(d: string): boolean {
  if (d.length !== 9) return false;
  const area = +d.slice(0, 3);
  const group = +d.slice(3, 5);
  const serial = +d.slice(5);
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  // Advertising/dummy numbers: Woolworth's 078-05-1120, 219-09-9999, the 987-65-432x range is already 9xx.
  if (d === '078051120' || d === '219099999' || d === '123456789') return false;
  // One digit repeated (111-11-1111).
  return !/^(\d)\1{8}$/.test(d);
}
