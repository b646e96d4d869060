// The statistics of one comparison of two samples of returns: what every row of the suite's and
// compare's significance tables holds.
import { differenceOfMeans, type Interval } from '../stats/bootstrap.js';
import { cliffsDelta, hedgesG } from '../stats/effect_size.js';
import { mannWhitneyU } from '../stats/mann_whitney.js';
import { welchTTest } from '../stats/welch.js';

/** Two samples compared: a - b. */
export interface Comparison {
  readonly a: string;
  readonly b: string;
  readonly n_a: number;
  readonly n_b: number;
  readonly mean_a: number;
  readonly mean_b: number;
  /** mean(a) - mean(b) with its seeded percentile bootstrap CI (the interval states resamples, seed, confidence). */
  readonly difference: Interval;
  /** Welch's t-test, two-sided (NaN below 2 values a side, or when both samples are constant and equal). */
  readonly welch_p: number;
  /** Mann-Whitney U, two-sided (SciPy's auto method). */
  readonly mann_whitney_p: number;
  /** Hedges' g of a against b (NaN below 2 values a side). */
  readonly hedges_g: number;
  /** Cliff's delta of a against b, in [-1, 1]. */
  readonly cliffs_delta: number;
}

/** Options of {@link compareSamples}. */
export interface CompareOptions {
  readonly seed?: number | string;
  readonly resamples?: number;
}

/**
 * Compares sample `a` (label `aName`) with `b`: difference of means with a 95% bootstrap CI,
 * Welch's p, Mann-Whitney's p, Hedges' g and Cliff's delta.
 * @param a n_a >= 1 values; @param b n_b >= 1 values
 * @example compareSamples('grpo', [500, 498], 'random', [21, 19], { seed: 0 }).difference.estimate === 479
 */
export function compareSamples(aName: string, a: readonly number[], bName: string, b: readonly number[], options: CompareOptions = {}): Comparison {
  const two = a.length >= 2 && b.length >= 2;
  return {
    a: aName,
    b: bName,
    n_a: a.length,
    n_b: b.length,
    mean_a: meanOf(a),
    mean_b: meanOf(b),
    difference: differenceOfMeans(a, b, options),
    welch_p: two ? welchTTest(a, b).pValue : NaN,
    mann_whitney_p: mannWhitneyU(a, b).pValue,
    hedges_g: two ? hedgesG(a, b) : NaN,
    cliffs_delta: cliffsDelta(a, b),
  };
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
