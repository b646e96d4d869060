// Summary statistics and rliable's aggregates against hand-computed values.
import { describe, expect, it } from 'vitest';
import {
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  aggregateOptimalityGap,
  column,
  iqm,
  sampleMean as mean,
  median,
  quantile,
  std,
  taskMeans,
  trimMean,
  variance,
} from '../../src/eval/stats/index.js';

describe('descriptive statistics', () => {
  it('mean, variance (n - 1), std, median', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(variance([1, 2, 3, 6])).toBeCloseTo(14 / 3, 14); // squares 4 + 1 + 0 + 9 over 3
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14); // squares sum to 32
    expect(median([3, 1, 4, 1])).toBe(2);
    expect(median([5])).toBe(5);
    expect(median(new Float64Array([10, -1, 3]))).toBe(3);
  });

  it('quantile is numpy linear', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1 + 0.75 (2 - 1)
    expect(quantile([4, 3, 2, 1], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('trimMean cuts floor(p n) values from each end, as scipy.stats.trim_mean', () => {
    expect(trimMean([1, 2, 3, 4, 100], 0.25)).toBe(3); // floor(1.25) = 1 per end -> mean(2, 3, 4)
    expect(trimMean([1, 2, 3], 0.25)).toBe(2); // floor(0.75) = 0 -> plain mean
    // n = 10: floor(2.5) = 2 per end, mean of the middle six 3..8 = 5.5
    expect(trimMean([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.25)).toBe(5.5);
    expect(iqm([1, 2, 3, 4, 5, 6, 7, 8])).toBe(4.5);
  });

  it('aggregates follow rliable/metrics.py', () => {
    const scores = [
      [1, 10, 5],
      [3, 20, 5],
    ]; // 2 runs x 3 tasks; task means 2, 15, 5
    expect(Array.from(taskMeans(scores))).toEqual([2, 15, 5]);
    expect(aggregateMean(scores)).toBeCloseTo(22 / 3, 14);
    expect(aggregateMedian(scores)).toBe(5);
    // IQM pools all 6 scores: sorted 1 3 5 5 10 20, floor(1.5) = 1 per end -> mean(3, 5, 5, 10)
    expect(aggregateIqm(scores)).toBe(5.75);
    expect(aggregateIqm(column([1, 2, 3, 4, 5, 6, 7, 8]))).toBe(4.5);
    expect(aggregateOptimalityGap([[0.5], [1.5]], 1)).toBe(0.25);
  });

  it('refuses bad input with the function, argument, expectation and value', () => {
    expect(() => mean([])).toThrow('mean: xs must hold at least 1 value, received 0');
    expect(() => std([1])).toThrow('std: xs must hold at least 2 values, received 1');
    expect(() => mean([1, NaN])).toThrow('mean: xs[1] must be a finite number, received NaN');
    expect(() => trimMean([1, 2], 0.5)).toThrow('trimMean: proportion must lie in [0, 0.5), received 0.5');
    expect(() => aggregateIqm([[1, 2], [3]])).toThrow('aggregateIqm: scores must have rows of equal length (2 tasks, from row 0), received row 1 of length 1');
    expect(() => aggregateMean([])).toThrow('aggregateMean: scores must hold at least 1 run (rows), received 0');
  });
});
