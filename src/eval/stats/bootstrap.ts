// Seeded percentile bootstrap confidence intervals: of any statistic of one sample, of a
// difference of two samples, and rliable's stratified bootstrap over a runs x tasks matrix.
import { Rng } from '../../tensor/rng.js';
import { checkInteger, checkMatrix, checkOpenInterval, checkSample, type Sample, type ScoreMatrix } from './check.js';
import { quantileSorted } from './descriptive.js';

/**
 * Resamples per interval unless told otherwise. rliable uses 50,000 for interval estimates; 2,000
 * keeps a report fast and puts 50 resamples in each 2.5% tail. Pass `resamples: 50_000` to match
 * rliable.
 */
export const DEFAULT_RESAMPLES = 2000;

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (default {@link DEFAULT_RESAMPLES}). */
  readonly resamples?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  readonly confidence?: number;
  /**
   * Seed of the resampling stream (default 0). The draws come from `new Rng(seed).fork('bootstrap')`:
   * one seed always gives the same interval, and a run's training seed never shares its stream.
   */
  readonly seed?: number | string;
}

/** A point estimate with its percentile bootstrap confidence interval, and how it was made. */
export interface Interval {
  /** The statistic on the data as given (not the mean of the resamples). */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number | string;
  /** 'percentile' (the interval's method, as in rliable's default). */
  readonly method: 'percentile';
}

/**
 * Percentile bootstrap CI of `statistic` over one sample: resample `xs` with replacement
 * (same length), recompute, take the (1 - c)/2 and (1 + c)/2 quantiles (numpy's linear rule) of
 * the resampled statistics.
 * @param xs the sample, length n >= 1
 * @param statistic a function of a sample of length n (its argument is reused between calls: copy to keep it)
 * @example bootstrapCI([1, 2, 3, 4, 5], mean, { seed: 0 }).estimate === 3
 */
export function bootstrapCI(xs: Sample, statistic: (sample: Float64Array) => number, options: BootstrapOptions = {}): Interval {
  checkSample('bootstrapCI', 'xs', xs);
  const { resamples, confidence, seed } = resolve('bootstrapCI', options);
  const rng = new Rng(seed).fork('bootstrap');
  const n = xs.length;
  const buffer = new Float64Array(n);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) buffer[i] = xs[Math.floor(rng.uniform() * n)]!;
    stats[r] = statistic(buffer);
  }
  return interval(statistic(Float64Array.from(xs)), stats, { resamples, confidence, seed });
}

/**
 * Percentile bootstrap CI of a two-sample statistic: `a` and `b` are resampled independently
 * (each with replacement, keeping its length), from one stream, `a` first.
 * @param a first sample, length >= 1; @param b second sample, length >= 1
 */
export function bootstrapTwoSampleCI(
  a: Sample,
  b: Sample,
  statistic: (a: Float64Array, b: Float64Array) => number,
  options: BootstrapOptions = {},
): Interval {
  checkSample('bootstrapTwoSampleCI', 'a', a);
  checkSample('bootstrapTwoSampleCI', 'b', b);
  const { resamples, confidence, seed } = resolve('bootstrapTwoSampleCI', options);
  const rng = new Rng(seed).fork('bootstrap');
  const bufA = new Float64Array(a.length);
  const bufB = new Float64Array(b.length);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.length; i++) bufA[i] = a[Math.floor(rng.uniform() * a.length)]!;
    for (let i = 0; i < b.length; i++) bufB[i] = b[Math.floor(rng.uniform() * b.length)]!;
    stats[r] = statistic(bufA, bufB);
  }
  return interval(statistic(Float64Array.from(a), Float64Array.from(b)), stats, { resamples, confidence, seed });
}

/**
 * Difference of means `mean(a) - mean(b)` with a seeded percentile bootstrap CI (95% and
 * {@link DEFAULT_RESAMPLES} resamples unless told otherwise).
 * @example differenceOfMeans([3, 4, 5], [1, 2, 3]).estimate === 2
 */
export function differenceOfMeans(a: Sample, b: Sample, options: BootstrapOptions = {}): Interval {
  checkSample('differenceOfMeans', 'a', a);
  checkSample('differenceOfMeans', 'b', b);
  return bootstrapTwoSampleCI(a, b, (x, y) => meanOf(x) - meanOf(y), options);
}

/**
 * rliable's stratified bootstrap CI of an aggregate over a runs x tasks matrix: each resample
 * draws, for every task separately, `runs` run indices with replacement (runs are resampled
 * within a task, tasks are never mixed), then recomputes `statistic` on the resampled matrix.
 * Percentile interval, as rliable's default.
 * @param scores runs x tasks, `scores[run][task]`
 * @param statistic an aggregate such as `aggregateIqm` (its argument is reused between calls)
 * @example stratifiedBootstrapCI([[1], [2], [3], [4]], aggregateIqm, { seed: 1 })
 */
export function stratifiedBootstrapCI(scores: ScoreMatrix, statistic: (scores: ScoreMatrix) => number, options: BootstrapOptions = {}): Interval {
  const { runs, tasks } = checkMatrix('stratifiedBootstrapCI', 'scores', scores);
  const { resamples, confidence, seed } = resolve('stratifiedBootstrapCI', options);
  const rng = new Rng(seed).fork('bootstrap');
  const resampled = Array.from({ length: runs }, () => new Float64Array(tasks));
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let t = 0; t < tasks; t++) {
      for (let i = 0; i < runs; i++) resampled[i]![t] = scores[Math.floor(rng.uniform() * runs)]![t]!;
    }
    stats[r] = statistic(resampled);
  }
  const original = scores.map((row) => Float64Array.from(row));
  return interval(statistic(original), stats, { resamples, confidence, seed });
}

function resolve(fn: string, options: BootstrapOptions): { resamples: number; confidence: number; seed: number | string } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  checkInteger(fn, 'options.resamples', resamples, 1);
  checkOpenInterval(fn, 'options.confidence', confidence, 0, 1);
  return { resamples, confidence, seed: options.seed ?? 0 };
}

function interval(estimate: number, stats: Float64Array, how: { resamples: number; confidence: number; seed: number | string }): Interval {
  stats.sort();
  const tail = (1 - how.confidence) / 2;
  return {
    estimate,
    low: quantileSorted(stats, tail),
    high: quantileSorted(stats, 1 - tail),
    confidence: how.confidence,
    resamples: how.resamples,
    seed: how.seed,
    method: 'percentile',
  };
}

function meanOf(xs: Float64Array): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i]!;
  return total / xs.length;
}
