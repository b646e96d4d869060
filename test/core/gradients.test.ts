// Every differentiable op against float64 central differences, on random shapes (scalars,
// size-1 and broadcast dims included) and random values, with edge values on purpose.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  abs, add, clamp, clone, concat, contiguous, div, exp, expand, gather, linear, log, logSoftmax, logSumExp, matmul, max,
  maximum, mean, min, minimum, mul, neg, permute, pow, relu, reshape, sigmoid, slice, softmax, sqrt, square, stack, sub,
  sum, tanh, Tensor, transpose, where,
} from '../../src/index.js';
import { broadcastPairArb, expectGradientsMatch, runs, shapeArb, valuesArb } from './helpers.js';

type Unary = (x: Tensor) => Tensor;

/** Unary ops with the input range where they are smooth, and kinks to keep away from. */
const unaryCases: [string, Unary, number, number, number[]][] = [
  ['neg', neg, -3, 3, []],
  ['exp', exp, -3, 3, []],
  ['log', log, 0.1, 4, []],
  ['sqrt', sqrt, 0.1, 4, []],
  ['abs', abs, -3, 3, [0]],
  ['square', square, -3, 3, []],
  ['pow(3)', (x) => pow(x, 3), -2, 2, []],
  ['pow(-1.5)', (x) => pow(x, -1.5), 0.2, 3, []],
  ['tanh', tanh, -4, 4, []],
  ['sigmoid', sigmoid, -6, 6, []],
  ['relu', relu, -3, 3, [0]],
  ['clamp(-1,1)', (x) => clamp(x, -1, 1), -3, 3, [-1, 1]],
];

describe('unary op gradients', () => {
  for (const [name, op, lo, hi, kinks] of unaryCases) {
    it(name, () => {
      fc.assert(fc.property(shapeArb.chain((s) => valuesArb(s, lo, hi, kinks)), (x) => expectGradientsMatch(op, [x])), runs);
    });
  }
});

type Binary = (a: Tensor, b: Tensor) => Tensor;

describe('binary op gradients, broadcast', () => {
  const cases: [string, Binary, number, number][] = [
    ['add', add, -3, 3],
    ['sub', sub, -3, 3],
    ['mul', mul, -3, 3],
    ['div', div, 0.5, 3],
  ];
  for (const [name, op, lo, hi] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(
          broadcastPairArb.chain(([sa, sb]) => fc.tuple(valuesArb(sa, -3, 3), valuesArb(sb, lo, hi))),
          ([a, b]) => expectGradientsMatch(op, [a, b]),
        ),
        runs,
      );
    });
  }

  // Small integer values make ties common: the split-at-ties convention must match central differences.
  for (const [name, op] of [['maximum', maximum], ['minimum', minimum]] as [string, Binary][]) {
    it(`${name} (ties on purpose)`, () => {
      const tieValues = (shape: number[]) =>
        fc.array(fc.integer({ min: -2, max: 2 }), { minLength: shape.reduce((p, d) => p * d, 1), maxLength: shape.reduce((p, d) => p * d, 1) })
          .map((vs) => new Tensor(Float64Array.from(vs), shape));
      fc.assert(
        fc.property(broadcastPairArb.chain(([sa, sb]) => fc.tuple(tieValues(sa), tieValues(sb))), ([a, b]) => expectGradientsMatch(op, [a, b])),
        runs,
      );
    });
  }

  it('where', () => {
    fc.assert(
      fc.property(
        broadcastPairArb.chain(([sa, sb]) => fc.tuple(valuesArb(sa), valuesArb(sb), valuesArb(sa.length >= sb.length ? sa : sb))),
        ([a, b, c]) => {
          const cond = c.gt(0);
          expectGradientsMatch((x, y) => where(cond, x, y), [a, b]);
        },
      ),
      runs,
    );
  });

  it('reused inputs accumulate: x * x + x and x / x', () => {
    fc.assert(
      fc.property(shapeArb.chain((s) => valuesArb(s, 0.5, 2)), (x) => {
        expectGradientsMatch((t) => add(mul(t, t), t), [x]);
        expectGradientsMatch((t) => div(t, t), [x]);
      }),
      runs,
    );
  });
});

/** A shape with at least one dim, and an axis of it (or undefined: all), and keepDims. */
const reductionArb = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.option(fc.integer({ min: -shape.length, max: shape.length - 1 }), { nil: undefined }), fc.boolean()));

describe('reduction gradients', () => {
  const cases: [string, (x: Tensor, axis: number | undefined, keep: boolean) => Tensor][] = [
    ['sum', sum],
    ['mean', mean],
    ['logSumExp', logSumExp],
  ];
  for (const [name, op] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(reductionArb.chain(([s, axis, keep]) => fc.tuple(valuesArb(s, -3, 3), fc.constant(axis), fc.constant(keep))), ([x, axis, keep]) =>
          expectGradientsMatch((t) => op(t, axis, keep), [x]),
        ),
        runs,
      );
    });
  }

  for (const [name, op] of [['max', max], ['min', min]] as const) {
    it(name, () => {
      // Distinct values, further apart than the finite-difference step: no ties (tested below).
      const distinct = reductionArb.chain(([s, axis, keep]) => {
        const n = s.reduce((p, d) => p * d, 1);
        const order = fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n });
        return fc.tuple(order.map((o) => new Tensor(Float64Array.from(o, (k) => 0.37 * k - 2), s)), fc.constant(axis), fc.constant(keep));
      });
      fc.assert(fc.property(distinct, ([x, axis, keep]) => expectGradientsMatch((t) => op(t, axis, keep), [x])), runs);
    });

    it(`${name} at a two-way tie: the equal split is what central differences measure`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 5 }), fc.integer(), (n, seed) => {
          const [x] = fc.sample(valuesArb([n], -1, 1), { seed, numRuns: 1 });
          const v = x!.toTypedArray();
          const extreme = name === 'max' ? 2 : -2;
          v[0] = extreme;
          v[n - 1] = extreme;
          expectGradientsMatch((t) => op(t), [new Tensor(v, [n])]);
        }),
        runs,
      );
    });
  }

  it('logSumExp, softmax and logSoftmax with large logits', () => {
    const axisArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((s) =>
      fc.tuple(valuesArb(s, -500, 500), fc.integer({ min: -s.length, max: s.length - 1 })),
    );
    fc.assert(
      fc.property(axisArb, ([x, axis]) => {
        // Shift to a large offset: the max-subtraction keeps everything finite.
        const big = add(x.detach(), 1000).detach();
        expectGradientsMatch((t) => logSoftmax(t, axis), [big]);
        expectGradientsMatch((t) => softmax(t, axis), [x]);
        expectGradientsMatch((t) => logSumExp(t, axis), [big]);
      }),
      runs,
    );
  });

  it('softmax and logSoftmax on moderate logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((s) =>
          fc.tuple(valuesArb(s, -3, 3), fc.integer({ min: -s.length, max: s.length - 1 })),
        ),
        ([x, axis]) => {
          expectGradientsMatch((t) => softmax(t, axis), [x]);
          expectGradientsMatch((t) => logSoftmax(t, axis), [x]);
        },
      ),
      runs,
    );
  });
});

describe('matmul and linear gradients', () => {
  const dims = fc.integer({ min: 1, max: 6 });
  it('2-D with every transpose combination', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.boolean(), fc.boolean(), fc.integer(), (M, K, N, tA, tB, seed) => {
        const a = valuesArb(tA ? [K, M] : [M, K]);
        const b = valuesArb(tB ? [N, K] : [K, N]);
        const [x, y] = fc.sample(fc.tuple(a, b), { seed, numRuns: 1 })[0]!;
        expectGradientsMatch((p, q) => matmul(p, q, { transposeA: tA, transposeB: tB }), [x, y]);
      }),
      runs,
    );
  });

  it('batched 3-D, with a shared (2-D or batch-1) operand', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.integer({ min: 1, max: 3 }), fc.constantFrom('both', 'a2d', 'b2d', 'a1'), fc.boolean(), fc.integer(), (M, K, N, B, mode, tB, seed) => {
        const aShape = mode === 'a2d' ? [M, K] : mode === 'a1' ? [1, M, K] : [B, M, K];
        const bShape = mode === 'b2d' ? (tB ? [N, K] : [K, N]) : tB ? [B, N, K] : [B, K, N];
        const [x, y] = fc.sample(fc.tuple(valuesArb(aShape), valuesArb(bShape)), { seed, numRuns: 1 })[0]!;
        expectGradientsMatch((p, q) => matmul(p, q, { transposeB: tB }), [x, y]);
      }),
      runs,
    );
  });

  it('linear with and without bias', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.integer(), (batch, inDim, outDim, seed) => {
        const [x, w, b] = fc.sample(fc.tuple(valuesArb([batch, inDim]), valuesArb([outDim, inDim]), valuesArb([outDim])), { seed, numRuns: 1 })[0]!;
        expectGradientsMatch((p, q, r) => linear(p, q, r), [x, w, b]);
        expectGradientsMatch((p, q) => linear(p, q), [x, w]);
      }),
      runs,
    );
  });
});

describe('movement gradients', () => {
  const nd = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

  it('reshape (of contiguous and of strided inputs), clone, contiguous', () => {
    fc.assert(
      fc.property(nd.chain((s) => valuesArb(s)), (x) => {
        expectGradientsMatch((t) => reshape(t, [-1]), [x]);
        expectGradientsMatch((t) => reshape(transpose(t, 0, -1), [x.size, 1]), [x]);
        expectGradientsMatch((t) => clone(permute(t, x.shape.map((_, i) => x.ndim - 1 - i))), [x]);
        expectGradientsMatch((t) => contiguous(transpose(t, 0, -1)), [x]);
      }),
      runs,
    );
  });

  it('permute', () => {
    fc.assert(
      fc.property(nd.chain((s) => fc.tuple(valuesArb(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length }))), ([x, axes]) =>
        expectGradientsMatch((t) => mul(permute(t, axes), 1), [x]),
      ),
      runs,
    );
  });

  it('slice with steps and negative indices', () => {
    fc.assert(
      fc.property(
        nd.chain((s) =>
          fc.tuple(
            valuesArb(s),
            fc.tuple(...s.map((d) => fc.tuple(fc.integer({ min: -d, max: d - 1 }), fc.integer({ min: 1, max: d }), fc.integer({ min: 1, max: 2 })))),
          ),
        ),
        ([x, ranges]) => {
          const rs = ranges.map(([start, len, step]): [number, number, number] => {
            const s0 = start < 0 ? start + (x.shape[0] ?? 0) : start;
            return [start, s0 + len, step];
          });
          const y = slice(x, rs);
          if (y.size === 0) return;
          expectGradientsMatch((t) => mul(slice(t, rs), 1), [x]);
        },
      ),
      runs,
    );
  });

  it('expand (broadcast_to)', () => {
    fc.assert(
      fc.property(broadcastPairArb.chain(([s]) => fc.tuple(valuesArb(s), fc.integer({ min: 1, max: 3 }))), ([x, extra]) => {
        const target = [extra, ...x.shape.map((d) => (d === 1 ? 3 : d))];
        expectGradientsMatch((t) => mul(expand(t, target), 1), [x]);
      }),
      runs,
    );
  });

  it('concat and stack', () => {
    fc.assert(
      fc.property(nd.chain((s) => fc.tuple(valuesArb(s), valuesArb(s), fc.integer({ min: 0, max: s.length - 1 }))), ([a, b, axis]) => {
        expectGradientsMatch((p, q) => concat([p, q, p], axis), [a, b]);
        expectGradientsMatch((p, q) => stack([p, q], axis), [a, b]);
      }),
      runs,
    );
  });

  it('gather (repeated indices add up)', () => {
    fc.assert(
      fc.property(
        nd.chain((s) => fc.tuple(valuesArb(s), fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 1, max: 4 }))).chain(([x, axis, m]) => {
          const idxShape = x.shape.map((d, i) => (i === axis ? m : d));
          const count = idxShape.reduce((p, d) => p * d, 1);
          return fc.tuple(
            fc.constant(x),
            fc.constant(axis),
            fc.array(fc.integer({ min: 0, max: (x.shape[axis] as number) - 1 }), { minLength: count, maxLength: count })
              .map((vs) => new Tensor(Float64Array.from(vs), idxShape)),
          );
        }),
        ([x, axis, idx]) => expectGradientsMatch((t) => gather(t, idx, axis), [x]),
      ),
      runs,
    );
  });
});
