import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.js';
import {
  calculateGain,
  computeFans,
  constantInit,
  kaimingNormal,
  kaimingUniform,
  orthogonalInit,
  xavierNormal,
  xavierUniform,
  zerosInit,
} from '../../src/nn/init.js';

function stats(values: Float64Array): { mean: number; std: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

/** M M^T (rows x rows) for row-major M (rows x cols). */
function gram(m: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) for (let t = 0; t < cols; t++) g[i * rows + j] += m[i * cols + t]! * m[j * cols + t]!;
  return g;
}
function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}
function expectScaledIdentity(g: Float64Array, n: number, scale: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(g[i * n + j]).toBeCloseTo(i === j ? scale : 0, 10);
}

describe('initialisers', () => {
  it('gains and fans follow PyTorch', () => {
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(computeFans([64, 4])).toEqual({ fanIn: 4, fanOut: 64 });
    expect(computeFans([8, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 200 });
    expect(() => computeFans([4])).toThrow(/at least 2 dimensions \[out, in, \.\.\.\], received shape \[4\]/);
  });

  it('zeros and constant', () => {
    expect(Array.from(zerosInit()([2, 2], new Rng(0)))).toEqual([0, 0, 0, 0]);
    expect(Array.from(constantInit(0.5)([3], new Rng(0)))).toEqual([0.5, 0.5, 0.5]);
  });

  it('xavier uniform stays within its bound and has the right spread', () => {
    const v = xavierUniform({ gain: 2 })([200, 100], new Rng(1));
    const a = 2 * Math.sqrt(6 / 300);
    const s = stats(v);
    expect(s.max).toBeLessThan(a);
    expect(s.min).toBeGreaterThanOrEqual(-a);
    expect(s.std).toBeCloseTo(a / Math.sqrt(3), 2);
  });

  it('xavier normal, kaiming normal and kaiming uniform have the documented standard deviations', () => {
    expect(stats(xavierNormal()([300, 100], new Rng(2))).std).toBeCloseTo(Math.sqrt(2 / 400), 2);
    expect(stats(kaimingNormal()([300, 100], new Rng(3))).std).toBeCloseTo(Math.sqrt(2 / 100), 2);
    expect(stats(kaimingNormal({ mode: 'fanOut', nonlinearity: 'tanh' })([300, 100], new Rng(3))).std).toBeCloseTo(5 / 3 / Math.sqrt(300), 2);
    // PyTorch's default nn.Linear weights: U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
    const s = stats(kaimingUniform({ a: Math.sqrt(5) })([100, 64], new Rng(4)));
    expect(s.max).toBeLessThan(1 / 8);
    expect(s.min).toBeGreaterThanOrEqual(-1 / 8);
    expect(s.max).toBeGreaterThan(0.124);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    const init = orthogonalInit({ gain: Math.SQRT2 });
    expect(init([5, 3], new Rng(9))).toEqual(init([5, 3], new Rng(9)));
    expect(init([5, 3], new Rng(9))).not.toEqual(init([5, 3], new Rng(10)));
  });

  it('orthogonal: W^T W = gain^2 I for tall weights, W W^T = gain^2 I for wide ones', () => {
    const tall = orthogonalInit({ gain: Math.SQRT2 })([64, 4], new Rng(5));
    expectScaledIdentity(gram(transpose(tall, 64, 4), 4, 64), 4, 2);
    const wide = orthogonalInit({ gain: 0.01 })([2, 64], new Rng(6));
    expectScaledIdentity(gram(wide, 2, 64), 2, 1e-4);
    const square = orthogonalInit()([16, 16], new Rng(7));
    expectScaledIdentity(gram(square, 16, 16), 16, 1);
    expectScaledIdentity(gram(transpose(square, 16, 16), 16, 16), 16, 1);
    // Higher-rank weights are flattened to [shape[0], rest].
    const conv = orthogonalInit()([3, 2, 2], new Rng(8));
    expectScaledIdentity(gram(conv, 3, 4), 3, 1);
  });

  it('orthogonal: the sign fix makes R diagonal positive, i.e. W = Q with diag(Q^T A) > 0', () => {
    // Re-draw the same Gaussian matrix and check each column of W has positive overlap with it
    // (the column of Q whose R entry is positive points along the first column, and so on).
    const rows = 6;
    const cols = 3;
    const w = orthogonalInit()([rows, cols], new Rng(11));
    const rng = new Rng(11);
    const a = Float64Array.from({ length: rows * cols }, () => rng.normal());
    for (let j = 0; j < cols; j++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += w[i * cols + j]! * a[i * cols + j]!;
      expect(dot).toBeGreaterThan(0); // R[j][j] = q_j . a_j > 0
    }
  });

  it('degenerate shapes', () => {
    expect(orthogonalInit()([0, 3], new Rng(0)).length).toBe(0);
    expect(() => orthogonalInit()([3], new Rng(0))).toThrow(/received shape \[3\]/);
  });
});
