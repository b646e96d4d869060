// Two-sample tests and effect sizes against reference values.
// Sources of the expected values:
// - [scipy-doc]: the mannwhitneyu docstring (scipy/stats/_mannwhitneyu.py), which follows Shier
//   (2004), "Statistics: 2.3 The Mann-Whitney U Test": males [19, 22, 16, 29, 24] vs females
//   [20, 11, 17, 12], U = 17, exact p = 0.1111111111111111, asymptotic p = 0.11134688653314041,
//   asymptotic without continuity p = 0.0864107329737.
// - [wikipedia]: Welch's t-test article, example 1 (A1 vs A2): t = -2.46, df = 24.99, p = 0.021
//   (3 digits, a coarse cross-check of the 17-digit values below).
// - [mpmath]: test/eval/reference_values.py, 50-digit mpmath (t CDF by the regularised incomplete
//   beta, normal tail by erfc, exact Mann-Whitney by enumerating all rank splits); independent of
//   stdlib and of this code.
// - [hand]: worked out in the comment beside the assertion.
import { describe, expect, it } from 'vitest';
import { cliffsDelta, hedgesG, mannWhitneyU, probabilityOfImprovement, welchTTest } from '../../src/eval/stats/index.js';
import { exactSurvival } from '../../src/eval/stats/mann_whitney.js';

const males = [19, 22, 16, 29, 24];
const females = [20, 11, 17, 12];
const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

const P_TOL = 1e-6;

describe("Welch's t-test", () => {
  it('matches mpmath on three samples pairs', () => {
    const r = welchTTest(males, females); // [mpmath]
    expect(r.t).toBeCloseTo(2.2831482556870477, 12);
    expect(r.df).toBeCloseTo(6.9288374828465007, 12);
    expect(Math.abs(r.pValue - 0.056750925921875729)).toBeLessThan(P_TOL);

    const w = welchTTest(a1, a2); // [mpmath], and [wikipedia] to 3 digits
    expect(w.t).toBeCloseTo(-2.4553563982860045, 12);
    expect(w.df).toBeCloseTo(24.988529290231414, 10);
    expect(Math.abs(w.pValue - 0.02137800146286706)).toBeLessThan(P_TOL);
    expect(w.pValue.toFixed(3)).toBe('0.021');

    const far = welchTTest([10.1, 10.3, 9.8, 10.0, 10.2, 9.9], [1.0, 1.4, 0.7, 1.1, 1.3, 0.9, 1.2]); // [mpmath]
    expect(far.pValue).toBeGreaterThan(0);
    expect(Math.abs(far.pValue - 3.4087470666602804e-16) / 3.4087470666602804e-16).toBeLessThan(1e-6); // tail kept to full relative precision
  });

  it('is symmetric, and follows SciPy on constant samples', () => {
    expect(welchTTest(females, males).pValue).toBeCloseTo(welchTTest(males, females).pValue, 15);
    expect(welchTTest([1, 1, 1], [2, 2]).pValue).toBe(0); // [hand] t = -Infinity
    expect(welchTTest([1, 1, 1], [1, 1]).pValue).toBeNaN(); // [hand] t = 0 / 0
  });

  it('refuses samples of fewer than two values', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow('welchTTest: a must hold at least 2 values, received 1');
  });
});

describe('Mann-Whitney U', () => {
  it("picks the exact method for small samples without ties, as SciPy's 'auto'", () => {
    const r = mannWhitneyU(males, females); // [scipy-doc]
    expect(r).toEqual({ u: 17, pValue: expect.closeTo(0.1111111111111111, 12), method: 'exact' });
    expect(mannWhitneyU(females, males).u).toBe(3); // U_y = 20 - 17 [scipy-doc]
  });

  it('asymptotic with and without continuity correction', () => {
    const r = mannWhitneyU(males, females, { method: 'asymptotic' }); // [scipy-doc]
    expect(Math.abs(r.pValue - 0.11134688653314041)).toBeLessThan(P_TOL);
    const plain = mannWhitneyU(males, females, { method: 'asymptotic', continuity: false }); // [scipy-doc]
    expect(Math.abs(plain.pValue - 0.0864107329737)).toBeLessThan(P_TOL);
  });

  it('uses the tie-corrected normal approximation when there are ties', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 4, 5, 6, 7, 8, 9], [2, 3, 3, 5, 10, 11, 12, 13, 14]); // [mpmath]
    expect(r.method).toBe('asymptotic');
    expect(r.u).toBe(25.5);
    expect(Math.abs(r.pValue - 0.11935093634773295)).toBeLessThan(P_TOL);
  });

  it('exact distribution agrees with enumeration when only one sample is small', () => {
    const ex = [1.5, 3.2, 7.7];
    const ey = [0.1, 2.2, 2.9, 4.4, 5.0, 6.1, 8.3, 9.9, 10.4, 11.8];
    const r = mannWhitneyU(ex, ey); // [mpmath] 3 of 13 ranks enumerated: p = 2 * 67 / 286
    expect(r.method).toBe('exact');
    expect(r.u).toBe(10);
    expect(Math.abs(r.pValue - 0.46853146853146853)).toBeLessThan(P_TOL);
    const forced = mannWhitneyU(ey, ex, { method: 'asymptotic' }); // [mpmath]
    expect(Math.abs(forced.pValue - 0.44687282071083083)).toBeLessThan(P_TOL);
  });

  it('exact survival: symmetric null distribution, hand-counted tails', () => {
    // [hand] m = 2, n = 2: U takes 0, 1, 2, 2, 3, 4 over the C(4, 2) = 6 splits.
    expect(exactSurvival(3, 2, 2)).toBeCloseTo(2 / 6, 15);
    expect(exactSurvival(2, 2, 2)).toBeCloseTo(4 / 6, 15);
    expect(exactSurvival(0, 2, 2)).toBe(1);
    expect(exactSurvival(5, 2, 2)).toBe(0);
    expect(exactSurvival(17, 5, 4)).toBeCloseTo(7 / 126, 15); // [hand] P(U <= 3) = (1 + 1 + 2 + 3) / 126
  });

  it('gives p = NaN when every value is tied, as SciPy', () => {
    expect(mannWhitneyU([1, 1], [1, 1, 1]).pValue).toBeNaN();
  });
});

describe('effect sizes and probability of improvement', () => {
  it("Hedges' g", () => {
    // [hand] variances 4 and 1, pooled (2 * 4 + 2 * 1) / 4 = 2.5; d = 2 / sqrt(2.5); J = 1 - 3 / 15
    expect(hedgesG([2, 4, 6], [1, 2, 3])).toBeCloseTo((2 / Math.sqrt(2.5)) * 0.8, 14);
    expect(hedgesG(males, females)).toBeCloseTo(1.3352812282117033, 12); // [mpmath]
    expect(hedgesG(a1, a2)).toBeCloseTo(-0.87233778554976236, 12); // [mpmath]
  });

  it("Cliff's delta and probability of improvement count ties as one half", () => {
    // [hand] pairs of [3, 4] x [1, 3]: 3>1, 3=3, 4>1, 4>3 -> 3 greater, 0 less, 1 tie
    expect(cliffsDelta([3, 4], [1, 3])).toBe(0.75);
    expect(probabilityOfImprovement([[3], [4]], [[1], [3]])).toBe(0.875);
    // [hand] Cliff's delta = 2 P(improvement) - 1, and U / (n_x n_y) = P(improvement)
    expect(cliffsDelta(males, females)).toBeCloseTo(2 * (17 / 20) - 1, 15);
    expect(probabilityOfImprovement(males.map((m) => [m]), females.map((f) => [f]))).toBe(17 / 20);
    // [hand] two tasks: task 0 as above (0.875), task 1 identical samples (0.5); mean 0.6875
    expect(probabilityOfImprovement([[3, 7], [4, 8]], [[1, 7], [3, 8]])).toBe(0.6875);
  });

  it('refuses score matrices of different task counts', () => {
    expect(() => probabilityOfImprovement([[1, 2]], [[1]])).toThrow(
      'probabilityOfImprovement: scoresY must have as many tasks (columns) as scoresX (2), received 1',
    );
  });
});
