import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.uniform());

describe('Rng', () => {
  it('gives identical draws for the same seed, different for another', () => {
    expect(draws(new Rng(7), 20)).toEqual(draws(new Rng(7), 20));
    expect(draws(new Rng(7), 20)).not.toEqual(draws(new Rng(8), 20));
  });

  it('forks stable streams: a new fork never changes existing ones, nor the parent', () => {
    const a = new Rng(1);
    const initA = a.fork('init');
    const parentA = draws(a, 5);
    const b = new Rng(1);
    b.fork('env'); // an extra stream created first
    b.uniform(); // and the parent advanced
    const initB = b.fork('init');
    expect(draws(initA, 10)).toEqual(draws(initB, 10));
    expect(draws(new Rng(1), 5)).toEqual(parentA);
    expect(draws(new Rng(1).fork('env'), 5)).not.toEqual(draws(new Rng(1).fork('init'), 5));
    expect(draws(new Rng(1).fork('env', 0), 5)).not.toEqual(draws(new Rng(1).fork('env', 1), 5));
    expect(new Rng(1).fork('a').fork('b').path).toBe('1/a/b');
  });

  it('resumes exactly from a saved state, including a cached normal', () => {
    const rng = new Rng('s');
    rng.normal(); // leaves a spare normal cached
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.normal(), rng.uniform(), rng.int(10), rng.normal()];
    const resumed = Rng.fromState(state);
    expect([resumed.normal(), resumed.uniform(), resumed.int(10), resumed.normal()]).toEqual(expected);
  });

  it('draws normals with the right moments and ints in range', () => {
    const rng = new Rng(3);
    const n = 20000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal(2, 3);
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // Standard errors: 3/sqrt(n) ~ 0.021 for the mean; ~0.09 for the variance.
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    expect(Math.abs(variance - 9)).toBeLessThan(0.5);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(3, 7);
      expect(k).toBeGreaterThanOrEqual(3);
      expect(k).toBeLessThan(7);
    }
  });

  it('samples categorical indices in proportion to the weights, never a zero weight', () => {
    const rng = new Rng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[rng.categorical([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[2]! / 30000 - 0.75)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation, deterministically', () => {
    const p = new Rng(5).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Rng(5).permutation(50)).toEqual(p);
  });

  it('rejects bad arguments with the value received', () => {
    const rng = new Rng(0);
    expect(() => rng.int(0)).toThrow(/low=0, high=0/);
    expect(() => rng.categorical([0, 0])).toThrow(/not all be zero/);
    expect(() => rng.categorical([1, -1])).toThrow(/weights\[1\]=-1/);
    expect(() => rng.fork('a/b')).toThrow(/"a\/b"/);
    expect(() => new Rng(NaN)).toThrow(/NaN/);
  });
});
