// The Mann-Whitney U test, two-sided, as SciPy's mannwhitneyu(x, y) with its defaults
// (method='auto', use_continuity=True), scipy/stats/_mannwhitneyu.py.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { checkSample, type Sample } from './check.js';
import { averageRanks, uStatistic } from './ranks.js';

/** How the p-value is computed: SciPy's 'auto' picks one of the other two. */
export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** Default 'auto': 'exact' when either sample has at most 8 values and there are no ties, else 'asymptotic' (SciPy's rule). */
  readonly method?: MannWhitneyMethod;
  /** The 1/2 continuity correction of the normal approximation (default true, as SciPy; unused by 'exact'). */
  readonly continuity?: boolean;
}

/** The result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of `x`: pairs with x_i > y_j, ties counting 1/2. U of `y` is n_x n_y - u. */
  readonly u: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** The method actually used ('auto' resolved). */
  readonly method: 'exact' | 'asymptotic';
}

/**
 * Mann-Whitney U test of `x` against `y`, two-sided.
 * - exact: p = 2 P(U >= max(U_x, U_y)) under the null distribution of U, counted exactly (no
 *   correction for ties, as SciPy), clipped to 1;
 * - asymptotic: z = (|U_x - n_x n_y / 2| - 1/2) / sigma, with sigma tie-corrected:
 *   sigma^2 = n_x n_y / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))); p = 2 (1 - Phi(z)).
 * NOTE: when every value is tied, sigma = 0 and p is NaN, as in SciPy.
 * @param x sample, length >= 1; @param y sample, length >= 1
 * @example mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]) // { u: 17, pValue: 0.1111..., method: 'exact' }
 */
export function mannWhitneyU(x: Sample, y: Sample, options: MannWhitneyOptions = {}): MannWhitneyResult {
  checkSample('mannWhitneyU', 'x', x);
  checkSample('mannWhitneyU', 'y', y);
  const requested = options.method ?? 'auto';
  if (requested !== 'auto' && requested !== 'exact' && requested !== 'asymptotic') {
    throw new RangeError(`mannWhitneyU: options.method must be 'auto', 'exact' or 'asymptotic', received ${JSON.stringify(requested)}`);
  }
  const nx = x.length;
  const ny = y.length;
  const u = uStatistic(x, y);
  const all = Float64Array.from([...Array.from(x), ...Array.from(y)]);
  const { tieSizes } = averageRanks(all);
  const ties = tieSizes.some((t) => t > 1);
  const method = requested === 'auto' ? (nx > 8 && ny > 8) || ties ? 'asymptotic' : 'exact' : requested;

  if (method === 'exact') {
    const uMax = Math.max(u, nx * ny - u);
    return { u, pValue: Math.min(1, 2 * exactSurvival(Math.round(uMax), nx, ny)), method };
  }
  const n = nx + ny;
  const tieTerm = tieSizes.reduce((acc, t) => acc + (t ** 3 - t), 0);
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const distance = Math.abs(u - (nx * ny) / 2);
  // SciPy moves U toward the mean by 1/2 (its sign is 0 when U is at the mean: no correction).
  const corrected = (options.continuity ?? true) && distance > 0 ? distance - 0.5 : distance;
  const z = corrected / sigma;
  // The lower tail at -z is computed directly: 1 - Phi(z) would lose digits for small p.
  return { u, pValue: Math.min(1, 2 * normalCdf(-z, 0, 1)), method };
}

/**
 * P(U >= k) for the null distribution of U with sample sizes m and n (no ties).
 * The counts of U = 0..mn are the coefficients of the Gaussian binomial [m + n choose m]_q,
 * built as prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i); each step leaves the Gaussian binomial
 * [n + i choose i]_q, whose coefficients are non-negative, so no large cancellation happens.
 */
export function exactSurvival(k: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const top = small * large;
  if (k <= 0) return 1;
  if (k > top) return 0;
  const counts = new Float64Array(top + 1);
  counts[0] = 1;
  let degree = 0;
  for (let i = 1; i <= small; i++) {
    // Multiply by (1 - q^(large + i)): descending, so each c[j - shift] is still the old value.
    const shift = large + i;
    degree += large;
    for (let j = degree; j >= shift; j--) counts[j]! -= counts[j - shift]!;
    // Divide by (1 - q^i): c[j] += c[j - i], ascending (the quotient's earlier terms feed later ones).
    for (let j = i; j <= degree; j++) counts[j]! += counts[j - i]!;
  }
  let total = 0;
  let tail = 0;
  for (let j = 0; j <= top; j++) {
    total += counts[j]!;
    if (j >= k) tail += counts[j]!;
  }
  return tail / total;
}
