// Stable in-place sort for the short, nearly sorted lists of the hot paths (a cell's entities or spans):
// insertion sort allocates nothing and is linear on sorted input; long lists use Array.prototype.sort (also
// stable).
export function stableSort<T>(xs: T[], cmp: (a: T, b: T) => number): void {
  if (xs.length > 24) {
    xs.sort(cmp);
    return;
  }
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && cmp(xs[j], x) > 0) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}
