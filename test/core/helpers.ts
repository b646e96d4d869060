// One helper per kind of check: shapes and values to draw, and the gradient oracle.
import fc from 'fast-check';
import { expect } from 'vitest';
import { gradcheck, Tensor, type GradcheckOptions, type NestedArray } from '../../src/index.js';

/** Shapes of 0..3 dims (so scalars `[]` too), dims 1..4 (size-1 dims on purpose). */
export const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });

/**
 * A pair of shapes that broadcast together: from an output shape, each side may drop leading
 * dims and set any dim to 1.
 */
export const broadcastPairArb = shapeArb.chain((out) => {
  const side = fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
  return fc.tuple(side, side);
});

/** float64 values for a shape, drawn from [lo, hi], optionally kept `gap` away from `avoid` points (kinks). */
export function valuesArb(shape: readonly number[], lo = -2, hi = 2, avoid: readonly number[] = [], gap = 1e-2) {
  const n = shape.reduce((a, b) => a * b, 1);
  const value = fc
    .double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
    .filter((v) => avoid.every((p) => Math.abs(v - p) > gap));
  return fc.array(value, { minLength: n, maxLength: n }).map((vs) => new Tensor(Float64Array.from(vs), shape.slice()));
}

/** Asserts that gradcheck passes, printing its report when it does not. */
export function expectGradientsMatch(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): void {
  const report = gradcheck(fn, inputs, options);
  expect(report.ok, report.text).toBe(true);
}

/** fast-check runs per property: enough to cover shapes and edge values, few enough to stay fast. */
export const runs = { numRuns: 40 };

/** Values close to each other within `tol`, element by element, for nested arrays. */
export function expectClose(actual: Tensor, expected: NestedArray, tol = 1e-6): void {
  const flat = (v: NestedArray): number[] => (typeof v === 'number' ? [v] : v.flatMap(flat));
  const a = flat(actual.toArray());
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(Math.abs(v - e[i]!), `element ${i}: ${v} vs ${e[i]}`).toBeLessThanOrEqual(tol));
}
