// Welch's unequal-variances t-test (SciPy: ttest_ind(a, b, equal_var=False)).
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { checkSample, type Sample } from './check.js';
import { mean, variance } from './descriptive.js';

/** The result of {@link welchTTest}. */
export interface WelchResult {
  /** t = (mean_a - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b). */
  readonly t: number;
  /** Welch-Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value, 2 P(T_df >= |t|). */
  readonly pValue: number;
}

/**
 * Welch's t-test of equal means, two-sided, p from Student's t (stdlib's CDF).
 * NOTE: zero variance in both samples follows SciPy: equal means give t = NaN and p = NaN,
 * different means give t = +-Infinity and p = 0 (df is then undefined, reported as NaN).
 * @param a sample, length >= 2; @param b sample, length >= 2
 * @example welchTTest([19, 22, 16, 29, 24], [20, 11, 17, 12]).pValue ≈ 0.05675
 */
export function welchTTest(a: Sample, b: Sample): WelchResult {
  checkSample('welchTTest', 'a', a, 2);
  checkSample('welchTTest', 'b', b, 2);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(a) - mean(b);
  const se2 = va + vb;
  const t = diff / Math.sqrt(se2);
  if (se2 === 0) return { t, df: NaN, pValue: Number.isNaN(t) ? NaN : 0 };
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  // The lower tail at -|t| is computed directly: 1 - cdf(|t|) would lose digits for small p.
  return { t, df, pValue: Math.min(1, 2 * tCdf(-Math.abs(t), df)) };
}
