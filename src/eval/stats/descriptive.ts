// Summary statistics of one sample: mean, sample std, median, quantiles, trimmed mean (IQM).
import { checkSample, type Sample } from './check.js';

/** Arithmetic mean of `xs` (length >= 1). @example mean([1, 2, 3, 6]) === 3 */
export function mean(xs: Sample): number {
  checkSample('mean', 'xs', xs);
  return sum(xs) / xs.length;
}

/** Sample variance of `xs` with n - 1 in the denominator (length >= 2). @example variance([1, 2, 3, 6]) === 14 / 3 */
export function variance(xs: Sample): number {
  checkSample('variance', 'xs', xs, 2);
  const m = sum(xs) / xs.length;
  let ss = 0;
  // Two-pass: subtracting the mean first keeps the squares small (no catastrophic cancellation).
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) ** 2;
  return ss / (xs.length - 1);
}

/** Sample standard deviation (n - 1, as numpy's `std(ddof=1)`; length >= 2). @example std([2, 4, 4, 4, 5, 5, 7, 9]) ≈ 2.138 */
export function std(xs: Sample): number {
  checkSample('std', 'xs', xs, 2);
  return Math.sqrt(variance(xs));
}

/** Median of `xs`: the mean of the two middle values when the length is even. @example median([3, 1, 4, 1]) === 2 */
export function median(xs: Sample): number {
  checkSample('median', 'xs', xs);
  return quantileSorted(sorted(xs), 0.5);
}

/**
 * The `q`-quantile of `xs`, q in [0, 1], by linear interpolation between order statistics
 * (numpy's default `method='linear'`: position q (n - 1) in the sorted sample).
 * @example quantile([1, 2, 3, 4], 0.25) === 1.75
 */
export function quantile(xs: Sample, q: number): number {
  checkSample('quantile', 'xs', xs);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must lie in [0, 1], received ${q}`);
  return quantileSorted(sorted(xs), q);
}

/**
 * Trimmed mean as scipy's `trim_mean(xs, proportion)`: sort, drop `floor(proportion * n)` values
 * from each end, average the rest. proportion in [0, 0.5).
 * NOTE: the cut is rounded down, never fractional (no partial weights), exactly as scipy does;
 * with n = 10 and 0.25, two values go from each end and the middle six are averaged.
 * @example trimMean([1, 2, 3, 4, 100], 0.25) === 3   // drops 1 and 100
 */
export function trimMean(xs: Sample, proportion: number): number {
  checkSample('trimMean', 'xs', xs);
  if (!(proportion >= 0 && proportion < 0.5)) throw new RangeError(`trimMean: proportion must lie in [0, 0.5), received ${proportion}`);
  const s = sorted(xs);
  const cut = Math.floor(proportion * s.length);
  let total = 0;
  for (let i = cut; i < s.length - cut; i++) total += s[i]!;
  return total / (s.length - 2 * cut);
}

/**
 * Interquartile mean: the mean of the middle 50% of `xs`, `trimMean(xs, 0.25)` (rliable's IQM of
 * one sample; for a runs x tasks matrix use `aggregateIqm`).
 * @example iqm([1, 2, 3, 4, 5, 6, 7, 8]) === 4.5   // mean of 3, 4, 5, 6
 */
export function iqm(xs: Sample): number {
  checkSample('iqm', 'xs', xs);
  return trimMean(xs, 0.25);
}

/** A sorted copy of `xs` as a Float64Array (numeric order, unlike Array.prototype.sort's default). */
export function sorted(xs: Sample): Float64Array {
  return Float64Array.from(xs).sort();
}

/** The linear-interpolation quantile of an already sorted, non-empty sample (see {@link quantile}). */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileSorted: q must lie in [0, 1], received ${q}`);
  if (s.length === 0) throw new RangeError('quantileSorted: s must hold at least 1 value, received 0');
  const position = q * (s.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, s.length - 1);
  const frac = position - lo;
  return frac === 0 ? s[lo]! : s[lo]! + frac * (s[hi]! - s[lo]!);
}

function sum(xs: Sample): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i]!;
  return total;
}
