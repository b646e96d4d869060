// Summary statistics of a sample of episode returns: mean, sample std, a t-interval, min, max.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { sampleStd } from '../algos/stats.js';

/** Summary statistics of a sample of episode returns. */
export interface ReturnStats {
  readonly episodes: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1). */
  readonly std: number;
  /** 95% confidence interval of the mean, Student's t with n - 1 degrees of freedom. */
  readonly ci95: readonly [number, number];
  readonly min: number;
  readonly max: number;
}

/**
 * Mean, sample std, 95% t-interval of the mean, min and max of `values`.
 * NOTE: the interval uses Student's t quantile (stdlib's exact inverse), not 1.96, so it is right
 * for small samples; with one value the interval is [mean, mean].
 */
export function returnStats(values: readonly number[]): ReturnStats {
  const n = values.length;
  if (n === 0) throw new RangeError('returnStats: needs at least one value, received none');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = sampleStd(values);
  const half = n > 1 ? tQuantile(0.975, n - 1) * (std / Math.sqrt(n)) : 0;
  return { episodes: n, mean, std, ci95: [mean - half, mean + half], min: Math.min(...values), max: Math.max(...values) };
}
