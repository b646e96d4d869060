// Seeded bootstrap intervals: deterministic for a seed, correct on degenerate data, and
// stratified resampling never mixes tasks.
import { describe, expect, it } from 'vitest';
import {
  aggregateIqm,
  bootstrapCI,
  column,
  DEFAULT_RESAMPLES,
  differenceOfMeans,
  iqm,
  sampleMean as mean,
  stratifiedBootstrapCI,
} from '../../src/eval/stats/index.js';

const sample = [3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.0, 1.9, 4.1, 5.2];

describe('bootstrap', () => {
  it('gives identical intervals for one seed, different ones for another', () => {
    const a = bootstrapCI(sample, mean, { seed: 7 });
    const b = bootstrapCI(sample, mean, { seed: 7 });
    expect(a).toEqual(b);
    expect(bootstrapCI(sample, mean, { seed: 8 })).not.toEqual(a);
    expect(a.resamples).toBe(DEFAULT_RESAMPLES);
    expect(a).toMatchObject({ estimate: mean(sample), confidence: 0.95, seed: 7, method: 'percentile' });
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
  });

  it('covers roughly the t interval of the mean', () => {
    // With 10 values the percentile interval is a little narrower than the t interval
    // (mean 4.13, s = 1.3597, t_{0.975, 9} s / sqrt(10) = 0.9727); both centre on the mean.
    const ci = bootstrapCI(sample, mean, { seed: 1, resamples: 20_000 });
    expect(ci.high - ci.low).toBeGreaterThan(1.3);
    expect(ci.high - ci.low).toBeLessThan(2 * 0.9727);
    expect((ci.low + ci.high) / 2).toBeCloseTo(4.13, 1);
  });

  it('collapses to the value on constant data', () => {
    expect(bootstrapCI([2, 2, 2], iqm, { seed: 0, resamples: 50 })).toMatchObject({ estimate: 2, low: 2, high: 2 });
    expect(differenceOfMeans([5, 5], [3, 3, 3], { resamples: 50 })).toMatchObject({ estimate: 2, low: 2, high: 2 });
  });

  it('difference of means is seeded and centred on the difference', () => {
    const a = [10, 12, 11, 13, 9, 12];
    const b = [7, 8, 6, 9, 7];
    const ci = differenceOfMeans(a, b, { seed: 3 });
    expect(ci).toEqual(differenceOfMeans(a, b, { seed: 3 }));
    expect(ci.estimate).toBeCloseTo(11.1666666667 - 7.4, 9);
    expect(ci.low).toBeGreaterThan(1.5);
    expect(ci.high).toBeLessThan(6);
  });

  it('stratified bootstrap resamples runs within each task only', () => {
    // Task 0 is always 0 or 1, task 1 always 100 or 101: a resample mixing tasks would put a
    // value of one task into the other's column.
    const scores = [
      [0, 100],
      [1, 101],
      [0, 101],
      [1, 100],
    ];
    const seen = new Set<string>();
    stratifiedBootstrapCI(
      scores,
      (m) => {
        for (const row of m) seen.add(`${row[0]! < 50 ? 'low' : 'HIGH'}|${row[1]! >= 50 ? 'high' : 'LOW'}`);
        return aggregateIqm(m);
      },
      { seed: 0, resamples: 200 },
    );
    expect([...seen]).toEqual(['low|high']);
    const ci = stratifiedBootstrapCI(scores, aggregateIqm, { seed: 0, resamples: 500 });
    expect(ci).toEqual(stratifiedBootstrapCI(scores, aggregateIqm, { seed: 0, resamples: 500 }));
    expect(ci.estimate).toBe(aggregateIqm(scores));
  });

  it('a single task in a column equals the plain bootstrap of that sample in distribution', () => {
    const ci = stratifiedBootstrapCI(column(sample), aggregateIqm, { seed: 2, resamples: 4000 });
    const plain = bootstrapCI(sample, iqm, { seed: 2, resamples: 4000 });
    // Same stream and same draw order (one task): identical intervals.
    expect(ci.low).toBe(plain.low);
    expect(ci.high).toBe(plain.high);
  });

  it('refuses bad options', () => {
    expect(() => bootstrapCI(sample, mean, { resamples: 0 })).toThrow('bootstrapCI: options.resamples must be an integer >= 1, received 0');
    expect(() => bootstrapCI(sample, mean, { confidence: 1 })).toThrow('bootstrapCI: options.confidence must lie in (0, 1), received 1');
    expect(() => differenceOfMeans([], [1])).toThrow('differenceOfMeans: a must hold at least 1 value, received 0');
  });
});
