// Ranks with ties averaged (scipy's rankdata(method='average')), shared by the rank-based tests.

/** Average ranks (1-based) of `xs` and the sizes of its tie groups. */
export function averageRanks(xs: ArrayLike<number>): { ranks: Float64Array; tieSizes: number[] } {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && xs[order[end]!] === xs[order[start]!]) end++;
    // Positions start..end-1 (0-based) share the mean of ranks start+1..end.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/**
 * The Mann-Whitney U statistic of `x` against `y`: the number of pairs (x_i, y_j) with
 * x_i > y_j, ties counting 1/2 (SciPy's `mannwhitneyu(x, y).statistic`).
 */
export function uStatistic(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const all = new Float64Array(x.length + y.length);
  for (let i = 0; i < x.length; i++) all[i] = x[i]!;
  for (let j = 0; j < y.length; j++) all[x.length + j] = y[j]!;
  const { ranks } = averageRanks(all);
  let u = 0;
  // Subtracting (n_x + 1) / 2 per term keeps the sum at the size of U, not of the rank sum.
  for (let i = 0; i < x.length; i++) u += ranks[i]! - (x.length + 1) / 2;
  return u;
}
