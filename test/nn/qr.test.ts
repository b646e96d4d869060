import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householderQR } from '../../src/nn/qr.js';

/** C = A B for row-major A (m x p), B (p x n). */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, p: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let t = 0; t < p; t++) c[i * n + j] += a[i * p + t]! * b[t * n + j]!;
  return c;
}
function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** Checks every property of a QR factorisation of the m x n matrix a. */
function checkQR(a: ArrayLike<number>, m: number, n: number, mode: 'reduced' | 'complete'): void {
  const { q, r, qCols } = householderQR(a, m, n, mode);
  const k = Math.min(m, n);
  expect(qCols).toBe(mode === 'complete' ? m : k);
  expect(q.length).toBe(m * qCols);
  expect(r.length).toBe(qCols * n);
  const scale = Math.max(1, ...Array.from(a, Math.abs));
  expect(maxAbsDiff(matmul(q, r, m, qCols, n), a)).toBeLessThan(1e-12 * scale * Math.max(1, m));
  expect(maxAbsDiff(matmul(transpose(q, m, qCols), q, qCols, m, qCols), identity(qCols))).toBeLessThan(1e-13 * Math.max(1, m));
  for (let i = 0; i < qCols; i++) for (let j = 0; j < Math.min(i, n); j++) expect(r[i * n + j]).toBe(0);
}

describe('householderQR', () => {
  it('factors a 2x2 matrix by hand: |R diagonal| are the column norms after projection', () => {
    const { q, r } = householderQR([3, 1, 4, 2], 2, 2);
    // First column (3, 4) has norm 5; the reflection sends it to -5 e_1.
    expect(r[0]).toBeCloseTo(-5, 14);
    expect(Math.abs(r[3]!)).toBeCloseTo(Math.abs(3 * 2 - 1 * 4) / 5, 14); // |det| / 5
    expect(Array.from(matmul(q, r, 2, 2, 2))).toEqual([3, 1, 4, 2].map((v) => expect.closeTo(v, 14)));
  });

  it('satisfies QR = A, Q^T Q = I, R upper-triangular for tall, wide and square matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom<'reduced' | 'complete'>('reduced', 'complete'),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 49, maxLength: 49 }),
        (m, n, mode, values) => checkQR(values.slice(0, m * n), m, n, mode),
      ),
      { numRuns: 300 },
    );
  });

  it('handles rank-deficient input: zero columns, repeated columns, the zero matrix', () => {
    checkQR([0, 1, 0, 2, 0, 3], 3, 2, 'reduced');
    checkQR([1, 1, 2, 2, 3, 3], 3, 2, 'complete');
    checkQR(new Float64Array(12), 4, 3, 'complete');
    checkQR([0, 5, 0, 0, 0, 7], 2, 3, 'reduced');
  });

  it('handles degenerate shapes 0 x n, m x 0 and 1 x 1', () => {
    expect(householderQR([], 0, 3).q.length).toBe(0);
    expect(householderQR([], 0, 3).r.length).toBe(0);
    const tall = householderQR([], 3, 0, 'complete');
    expect(Array.from(tall.q)).toEqual(Array.from(identity(3)));
    expect(tall.r.length).toBe(0);
    expect(householderQR([], 3, 0).q.length).toBe(0);
    const one = householderQR([-2], 1, 1);
    expect(one.q[0]! * one.r[0]!).toBe(-2);
  });

  it('rejects a mismatched value count, naming both', () => {
    expect(() => householderQR([1, 2, 3], 2, 2)).toThrow(/m\*n = 4 values for shape \[2, 2\], received 3/);
    expect(() => householderQR([], -1, 2)).toThrow(RangeError);
  });
});
