// Effect sizes of a two-sample comparison: Hedges' g (standardised mean difference) and
// Cliff's delta (a rank-based dominance measure).
import { checkSample, type Sample } from './check.js';
import { mean, variance } from './descriptive.js';

/**
 * Hedges' g of `a` against `b`: Cohen's d with the pooled sample std, times the small-sample
 * correction J = 1 - 3 / (4 (n_a + n_b) - 9) (Hedges & Olkin 1985's approximation, the one
 * pingouin's compute_effsize uses).
 * NOTE: when both samples are constant the pooled std is 0: g is +-Infinity for different means
 * and NaN for equal ones.
 * @param a sample, length >= 2; @param b sample, length >= 2
 * @example hedgesG([2, 4, 6], [1, 2, 3]) ≈ 1.0119   // d = 2 / sqrt(2.5), J = 1 - 3 / 15
 */
export function hedgesG(a: Sample, b: Sample): number {
  checkSample('hedgesG', 'a', a, 2);
  checkSample('hedgesG', 'b', b, 2);
  const na = a.length;
  const nb = b.length;
  const pooled = Math.sqrt(((na - 1) * variance(a) + (nb - 1) * variance(b)) / (na + nb - 2));
  const d = (mean(a) - mean(b)) / pooled;
  return d * (1 - 3 / (4 * (na + nb) - 9));
}

/**
 * Cliff's delta of `x` against `y`: (#{x_i > y_j} - #{x_i < y_j}) / (n_x n_y), in [-1, 1];
 * equals 2 P(X > Y) + P(X = Y) - 1 = 2 (probability of improvement) - 1.
 * @param x sample, length >= 1; @param y sample, length >= 1
 * @example cliffsDelta([3, 4], [1, 3]) === 0.75   // pairs: > > = >  -> (3 - 0) / 4
 */
export function cliffsDelta(x: Sample, y: Sample): number {
  checkSample('cliffsDelta', 'x', x);
  checkSample('cliffsDelta', 'y', y);
  const { greater, less } = pairCounts(x, y);
  return (greater - less) / (x.length * y.length);
}

/** Counts of pairs (x_i, y_j) with x_i > y_j and with x_i < y_j; O(n log n) by sorting y. */
export function pairCounts(x: Sample, y: Sample): { greater: number; less: number } {
  const ys = Float64Array.from(y).sort();
  let greater = 0;
  let less = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    greater += lowerBound(ys, v); // y_j < v
    less += ys.length - upperBound(ys, v); // y_j > v
  }
  return { greater, less };
}

function lowerBound(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(s: Float64Array, v: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
