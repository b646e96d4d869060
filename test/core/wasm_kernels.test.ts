// The wasm SIMD kernels against the JS reference kernels, and the backend switch around them.
//
// Tolerances (each justified; none was widened to pass):
// - matmul: the JS reference sums in float64 and rounds once; wasm sums in float32 over k in the
//   same order, rounding each product and each partial sum (no FMA). Higham's bound for a
//   recursive float32 dot product of length K is gamma_K sum_k |a_k b_k| with gamma_K ~ K u,
//   u = 2^-24, plus one rounding of the reference: we allow (K + 2) u sum_k |a_k b_k| per output,
//   plus (K + 2) 2^-149 for roundings in the subnormal range, where the error is absolute (half
//   the smallest subnormal's spacing per rounding), not relative.
// - tanh: Eigen's rational approximation; against the correctly rounded float32 tanh its worst
//   error on a 2M-point grid over [-12, 12] is 6 ulp (3.6e-7 absolute, near |x| = 6 where tanh is
//   within 1e-5 of 1); we check that bound on that grid.
// - tanh backward, the row sums (bias gradients): bit-identical to JS (same roundings, same order).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Adam, AdamW, Categorical, getBackend, linear, loadWasmBackend, matmul, MLP, relu, randn, Rng, setBackend, setBackendNotice, tanh, tensor, Tensor,
  wasmAvailable, type MatrixView, type WebAssemblyApi,
} from '../../src/index.js';
import { reluBackwardRow, reluRow, tanhBackwardRow } from '../../src/tensor/kernels/elementwise.js';
import { matmulInto, matmulReference } from '../../src/tensor/kernels/matmul.js';
import { sumAxis } from '../../src/tensor/kernels/reduce.js';
import { hostWebAssembly, WasmKernels } from '../../src/tensor/wasm/runtime.js';
import { kernelModuleBytes } from '../../src/tensor/wasm/kernels.js';

const U = 2 ** -24;
/** The smallest float32 subnormal. */
const TINY = 2 ** -149;
const kernels = WasmKernels.create();

afterEach(() => {
  setBackend('js');
});

/** A [rows, cols] float32 operand somewhere inside a bigger buffer: an offset, a padded row stride, optionally transposed storage. */
function operand(rows: number, cols: number, values: number[], offset: number, pad: number, transposed: boolean): MatrixView {
  const lineLen = (transposed ? rows : cols) + pad;
  const lines = transposed ? cols : rows;
  const data = new Float32Array(offset + lines * lineLen + 1).fill(Number.NaN); // never-read slots are NaN: a stray read shows
  const rowStride = transposed ? 1 : lineLen;
  const colStride = transposed ? lineLen : 1;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[offset + r * rowStride + c * colStride] = values[(r * cols + c) % values.length]!;
  return { data, offset, rowStride, colStride };
}

const at = (m: MatrixView, r: number, c: number) => m.data[m.offset + r * m.rowStride + c * m.colStride]!;

/** Checks the wasm matmul of a and b against the reference within (K + 2) (u sum |a b| + 2^-149) per output. */
function expectMatmulClose(M: number, N: number, K: number, a: MatrixView, b: MatrixView): void {
  const want = new Float32Array(M * N + 3);
  const got = new Float32Array(M * N + 3).fill(7);
  matmulReference(M, N, K, a, b, want, 2);
  kernels.matmul(M, N, K, a, b, got, 2);
  expect([got[0], got[1], got[M * N + 2]]).toEqual([7, 7, 7]); // nothing written outside the output
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let magnitude = 0;
      for (let k = 0; k < K; k++) magnitude += Math.abs(at(a, i, k) * at(b, k, j));
      const w = want[2 + i * N + j]!;
      const g = got[2 + i * N + j]!;
      if (!Number.isFinite(w) || !Number.isFinite(g)) {
        expect(Number.isNaN(g), `NaN at (${i}, ${j}) of ${M}x${N}x${K}`).toBe(Number.isNaN(w));
        if (!Number.isNaN(w)) expect(g).toBe(w);
        continue;
      }
      const tol = (K + 2) * (U * magnitude + TINY);
      if (Math.abs(g - w) > tol) expect.fail(`${M}x${N}x${K} at (${i}, ${j}): wasm ${g}, reference ${w}, tolerance ${tol}`);
    }
  }
}

const dim = fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17), fc.integer({ min: 1, max: 40 }));
const caseArb = fc.record({
  M: dim, N: dim, K: fc.oneof(fc.constant(0), dim),
  tA: fc.boolean(), tB: fc.boolean(),
  offA: fc.integer({ min: 0, max: 5 }), offB: fc.integer({ min: 0, max: 5 }),
  padA: fc.integer({ min: 0, max: 3 }), padB: fc.integer({ min: 0, max: 3 }),
  values: fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 64 }),
});

describe('wasm matmul kernel vs the JS reference', () => {
  it('random shapes (1, odd, 0-length K), offsets, padded strides and transposes', () => {
    fc.assert(fc.property(caseArb, ({ M, N, K, tA, tB, offA, offB, padA, padB, values }) => {
      const a = operand(M, K, values, offA, padA, tA);
      const b = operand(K, N, values.slice().reverse(), offB, padB, tB);
      expectMatmulClose(M, N, K, a, b);
    }), { numRuns: 150, seed: 14 });
  });

  it('larger products (the blocked path across several panels)', () => {
    const rng = new Rng('wasm-matmul-large');
    for (const [M, N, K] of [[64, 64, 64], [130, 67, 129], [1024, 2, 64], [2, 64, 1024], [97, 256, 33]] as const) {
      const values = Array.from({ length: 997 }, () => rng.normal());
      expectMatmulClose(M, N, K, operand(M, K, values, 1, 0, false), operand(K, N, values, 0, 0, true));
    }
  });

  it('NaN and Inf propagate as in the reference', () => {
    fc.assert(fc.property(caseArb, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.constantFrom(NaN, Infinity, -Infinity), ({ M, N, K, values }, spots, special) => {
      const vs = values.slice();
      for (const s of spots) vs[s % vs.length] = special;
      expectMatmulClose(M, N, K, operand(M, K, vs, 0, 1, false), operand(K, N, values, 0, 0, false));
    }), { numRuns: 100, seed: 15 });
  });

  it('K = 1 is exact (one product, one rounding on both sides)', () => {
    const a = operand(5, 1, [0.1, 0.7, -3.3], 0, 0, false);
    const b = operand(1, 9, [1.1, 2.9, -0.3, 5], 0, 0, false);
    const want = new Float32Array(45);
    const got = new Float32Array(45);
    matmulReference(5, 9, 1, a, b, want, 0);
    kernels.matmul(5, 9, 1, a, b, got, 0);
    expect(got).toEqual(want);
  });
});

describe('wasm elementwise kernels vs the JS reference', () => {
  const ulp = (v: number) => {
    const f = new Float32Array([Math.abs(v)]);
    const bits = new Uint32Array(f.buffer);
    bits[0]! += 1;
    return f[0]! - Math.abs(v);
  };

  it('tanh is within 6 ulp of the correctly rounded float32 tanh on a dense grid over [-12, 12]', () => {
    const n = 400_001;
    const x = Float32Array.from({ length: n }, (_, i) => -12 + (24 * i) / (n - 1));
    const got = new Float32Array(n);
    kernels.tanh(x, 0, n, got, 0);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.tanh(x[i]!));
      worst = Math.max(worst, Math.abs(got[i]! - want) / ulp(want));
    }
    expect(worst).toBeLessThanOrEqual(6);
  });

  it('tanh edge values: signed zero, tiny values exact, +-Inf -> +-1, NaN stays NaN', () => {
    const x = Float32Array.from([0, -0, 1e-30, -1e-40, 3e-4, Infinity, -Infinity, NaN, 20, -20]);
    const got = new Float32Array(x.length);
    kernels.tanh(x, 0, x.length, got, 0);
    expect(Object.is(got[1], -0)).toBe(true);
    expect(Array.from(got)).toEqual([0, -0, Math.fround(1e-30), Math.fround(-1e-40), Math.fround(3e-4), 1, -1, NaN, 1, -1]);
  });

  it('relu and its backward (float32 and float64 gradients) are bit-identical to JS: signed zeros, NaN, Inf, odd lengths', () => {
    const rng = new Rng('wasm-relu');
    const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40];
    for (const n of [1, 3, 5, 16, 17, 255, 4099]) {
      const x = Float32Array.from({ length: n + 3 }, (_, i) => (i % 11 < specials.length ? specials[i % 11]! : rng.normal()));
      const jsY = new Float32Array(n);
      reluRow(x, 3, 1, jsY, 0, n);
      const wasmY = new Float32Array(n);
      kernels.relu(x, 3, n, wasmY);
      expect(wasmY).toEqual(jsY);
      for (const dy of [
        Float32Array.from({ length: n + 1 }, (_, i) => (i % 7 === 0 ? specials[i % specials.length]! : rng.normal())),
        Float64Array.from({ length: n + 1 }, (_, i) => (i % 5 === 0 ? specials[i % specials.length]! : rng.normal() * (1 + 2 ** -40))),
      ]) {
        const jsGrad = dy instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
        reluBackwardRow(dy, 1, 1, x, 3, 1, jsGrad, 0, n);
        const wasmGrad = dy instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
        kernels.reluBackward(dy, 1, x.subarray(0), 3, n, wasmGrad);
        expect(wasmGrad).toEqual(jsGrad);
      }
    }
  });

  it('tanh backward and the row sums are bit-identical to JS', () => {
    const rng = new Rng('wasm-elementwise');
    for (const [rows, cols] of [[2, 1], [3, 5], [17, 9], [256, 64], [1024, 2]] as const) {
      const n = rows * cols;
      const dy = Float32Array.from({ length: n }, () => rng.normal());
      const y = Float32Array.from({ length: n }, () => Math.tanh(2 * rng.normal()));
      dy[n >> 1] = NaN;
      const jsGrad = new Float32Array(n);
      tanhBackwardRow(dy, 0, 1, y, 0, 1, jsGrad, 0, n);
      const wasmGrad = new Float32Array(n);
      kernels.tanhBackward(dy, 0, y, 0, n, wasmGrad);
      expect(wasmGrad).toEqual(jsGrad);
      const jsSum = new Float32Array(cols);
      sumAxis(dy.subarray(cols), 1, rows - 1, cols, jsSum);
      const wasmSum = new Float32Array(cols);
      kernels.sumRows(dy, cols, rows - 1, cols, wasmSum);
      expect(wasmSum).toEqual(jsSum);
    }
  });

  it('the tanh op routes through the backend: its forward is the kernel, its gradient dy (1 - y^2) of its own y', () => {
    const x = randn([33, 7], new Rng('wasm-tanh-op'), { std: 2, requiresGrad: true });
    const dy = randn([33, 7], new Rng('wasm-tanh-op-dy'));
    setBackend('wasm');
    const y = tanh(x);
    y.backward({ grad: dy });
    const want = new Float32Array(y.size);
    kernels.tanh(Float32Array.from(x.toTypedArray()), 0, x.size, want, 0);
    expect(y.toTypedArray()).toEqual(want);
    const grad = new Float32Array(y.size);
    tanhBackwardRow(dy.toTypedArray(), 0, 1, y.toTypedArray(), 0, 1, grad, 0, y.size);
    expect(x.grad!.toTypedArray()).toEqual(grad);
  });
});

/** operand() with float64 storage (the values themselves are not rounded to float32). */
function operand64(rows: number, cols: number, values: number[], offset: number, pad: number, transposed: boolean): MatrixView {
  const m = operand(rows, cols, [0], offset, pad, transposed);
  const data = Float64Array.from(m.data);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[offset + r * m.rowStride + c * m.colStride] = values[(r * cols + c) % values.length]! * (1 + 2 ** -40);
  return { ...m, data };
}

describe('wasm float64 matmul kernel vs the JS kernel: bit for bit', () => {
  // The float64 kernel multiplies and adds separately, over k in ascending order, as the JS
  // kernel does: the same operations in the same order give the same bits, for every mix of
  // float32 and float64 operands (a float64 loss's gradient times float32 weights).
  const expectSameBits = (M: number, N: number, K: number, a: MatrixView, b: MatrixView, withBias: boolean): void => {
    const want = new Float64Array(M * N + 3);
    const got = new Float64Array(M * N + 3).fill(7);
    const bias = withBias ? { data: Float32Array.from({ length: N }, (_, j) => (j % 5) - 1.5), offset: 0, stride: 1 } : undefined;
    matmulInto(M, N, K, a, b, want, 2);
    if (bias) for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) want[2 + i * N + j] = want[2 + i * N + j]! + bias.data[j]!;
    kernels.matmul64(M, N, K, a, b, got, 2, bias);
    expect([got[0], got[1], got[M * N + 2]]).toEqual([7, 7, 7]); // nothing written outside the output
    want[0] = 7;
    want[1] = 7;
    want[M * N + 2] = 7;
    expect(got).toEqual(want); // toEqual compares numbers with Object.is: -0 and +0 differ, NaN equals NaN
  };

  it('random shapes, offsets, strides, transposes and operand types, with and without a bias', () => {
    fc.assert(fc.property(caseArb, fc.boolean(), fc.boolean(), fc.boolean(), ({ M, N, K, tA, tB, offA, offB, padA, padB, values }, a64, b64, withBias) => {
      const a = (a64 ? operand64 : operand)(M, K, values, offA, padA, tA);
      const b = (b64 ? operand64 : operand)(K, N, values.slice().reverse(), offB, padB, tB);
      expectSameBits(M, N, K, a, b, withBias);
    }), { numRuns: 150, seed: 16 });
  });

  it('larger products, and NaN and Inf where the JS kernel has them', () => {
    const rng = new Rng('wasm-matmul64-large');
    for (const [M, N, K] of [[64, 64, 64], [130, 67, 129], [1024, 2, 64], [2, 64, 1024], [97, 256, 33]] as const) {
      const values = Array.from({ length: 997 }, () => rng.normal());
      expectSameBits(M, N, K, operand64(M, K, values, 1, 0, false), operand(K, N, values, 0, 0, true), false);
    }
    const values = Array.from({ length: 61 }, () => rng.normal());
    values[3] = Number.NaN;
    values[17] = Number.POSITIVE_INFINITY;
    values[40] = Number.NEGATIVE_INFINITY;
    expectSameBits(33, 19, 21, operand64(33, 21, values, 0, 1, false), operand(21, 19, values.slice().reverse(), 0, 0, false), true);
  });

  it('mixed float32/float64 matmul and linear ops give the JS backend\'s bits on the wasm backend', () => {
    const ops = (backend: 'js' | 'wasm') => {
      setBackend(backend);
      const rng = new Rng('wasm-f64-ops');
      const dy = f64(randn([200, 48], rng)); // a float64 loss's gradient
      const w = randn([48, 33], rng);
      const x = randn([200, 33], rng);
      return [
        matmul(dy, w), matmul(x, dy, { transposeA: true }), linear(dy, randn([17, 48], rng), randn([17], rng)),
      ].map((t) => Array.from(t.toTypedArray()));
    };
    const js = ops('js');
    expect(ops('wasm')).toEqual(js);
  });
});

describe('wasm Adam step vs the JS loop: bit for bit', () => {
  // The kernel computes in float64 with the JS loop's operations in its order (no FMA in wasm,
  // IEEE sqrt and divide), so every step must give the same bits, NaN and Inf included.
  const run = (backend: 'js' | 'wasm', decoupled: boolean, weightDecay: number, special: number | null) => {
    setBackend(backend);
    const rng = new Rng(`wasm-adam-${decoupled}-${weightDecay}-${special}`);
    const w = randn([37, 29], rng, { requiresGrad: true }); // 1,073 parameters: past the wasm threshold, odd
    const b = randn([5], rng, { requiresGrad: true }); // below it: the JS loop on both backends
    const opt = new (decoupled ? AdamW : Adam)([['w', w], ['b', b]], { lr: 3e-3, eps: 1e-5, weightDecay });
    const trace: number[] = [];
    for (let step = 0; step < 4; step++) {
      w.grad = randn([37, 29], rng, { std: step + 0.5 });
      b.grad = randn([5], rng);
      if (special !== null && step === 2) w.grad.data[17] = special;
      opt.step();
      trace.push(...w.toTypedArray(), ...b.toTypedArray());
    }
    const state = opt.state().params['w']!.buffers;
    return [...trace, ...state['exp_avg']!, ...state['exp_avg_sq']!];
  };
  for (const [decoupled, weightDecay, special] of [[false, 0, null], [false, 0.01, null], [true, 0.05, null], [false, 0, Number.NaN], [true, 0.01, Number.POSITIVE_INFINITY]] as const) {
    it(`${decoupled ? 'AdamW' : 'Adam'}, weight decay ${weightDecay}${special === null ? '' : `, a ${special} gradient`}`, () => {
      const js = run('js', decoupled, weightDecay, special);
      expect(run('wasm', decoupled, weightDecay, special)).toEqual(js);
    });
  }
});

describe('wasm row product (few rows, a dense weight) vs the JS kernel: bit for bit', () => {
  // Each output is a float64 sum over k in ascending order of separately rounded-free products
  // (float32 x float32 is exact in float64), rounded once, then the bias added in float64 and
  // rounded again: the JS kernel and its bias pass, so the bits must agree exactly.
  const rowArb = fc.record({
    M: fc.integer({ min: 1, max: 3 }), N: fc.oneof(dim, fc.integer({ min: 1, max: 70 })), K: fc.oneof(fc.constant(0), dim, fc.integer({ min: 1, max: 70 })),
    offX: fc.integer({ min: 0, max: 5 }), offW: fc.integer({ min: 0, max: 5 }), withBias: fc.boolean(), biasStride: fc.integer({ min: 1, max: 3 }),
    values: fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 64 }),
    specials: fc.array(fc.tuple(fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0)), { maxLength: 3 }),
  });
  it('random shapes (1, odd, 0-length K, 8-row blocks and tails), offsets, bias strides, NaN and Inf', () => {
    fc.assert(fc.property(rowArb, ({ M, N, K, offX, offW, withBias, biasStride, values, specials }) => {
      const v = values.slice();
      for (const [at, special] of specials) v[at % v.length] = special;
      const x = Float32Array.from({ length: offX + M * K }, (_, i) => v[(i * 7) % v.length]!);
      const w = Float32Array.from({ length: offW + N * K }, (_, i) => v[(i * 3 + 1) % v.length]! * 0.5);
      const bias = withBias ? { data: Float32Array.from({ length: N * biasStride + 1 }, (_, i) => (i % 5) - 1.5), offset: 1, stride: biasStride } : undefined;
      const want = new Float32Array(M * N + 3).fill(7);
      matmulInto(M, N, K, { data: x, offset: offX, rowStride: K, colStride: 1 }, { data: w, offset: offW, rowStride: 1, colStride: K }, want, 2);
      if (bias) for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) want[2 + i * N + j] = want[2 + i * N + j]! + bias.data[bias.offset + j * bias.stride]!;
      const got = new Float32Array(M * N + 3).fill(7);
      kernels.rowProduct(M, N, K, x, offX, w, offW, got, 2, bias);
      expect(got).toEqual(want); // Object.is per element: -0 and +0 differ, NaN equals NaN; the 7s: nothing written outside
    }), { numRuns: 300, seed: 21 });
  });

  it('linear at one row gives the same bits on both backends (the wasm backend routes it to the row product)', () => {
    const rng = new Rng('wasm-row-product-linear');
    for (const [inF, outF] of [[64, 64], [17, 256], [256, 6], [100, 41]] as const) {
      const x = randn([1, inF], rng);
      const w = randn([outF, inF], rng, { std: 0.3 });
      const b = randn([outF], rng, { std: 0.1 });
      setBackend('js');
      const js = linear(x, w, b).toTypedArray();
      setBackend('wasm');
      const wasm = linear(x, w, b).toTypedArray();
      expect(wasm).toEqual(js);
    }
  });
});

describe('the backend switch', () => {
  it('routes linear through wasm within the matmul tolerance, and float64 gives the JS bits', () => {
    const rng = new Rng('wasm-linear');
    const x = randn([37, 19], rng);
    const w = randn([23, 19], rng);
    const b = randn([23], rng);
    setBackend('js');
    const js = linear(x, w, b).toTypedArray();
    const js64 = linear(f64(x), f64(w), f64(b)).toTypedArray();
    expect(setBackend('wasm')).toBe('wasm');
    const wasm = linear(x, w, b).toTypedArray();
    expect(linear(f64(x), f64(w), f64(b)).toTypedArray()).toEqual(js64);
    let magnitude = 0;
    for (let i = 0; i < js.length; i++) {
      magnitude = 0;
      const row = Math.floor(i / 23);
      const col = i % 23;
      for (let k = 0; k < 19; k++) magnitude += Math.abs(x.get(row, k) * w.get(col, k));
      expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThanOrEqual((19 + 3) * (U * (magnitude + Math.abs(b.get(col))) + TINY));
    }
  });

  it('a policy update is deterministic within each backend, and close across them', () => {
    const run = (backend: 'js' | 'wasm') => {
      setBackend(backend);
      const rng = new Rng('wasm-policy-update');
      const policy = new MLP([4, 64, 64, 2], { rng: rng.fork('init'), outputGain: 0.01 });
      const opt = new Adam(policy.namedParameters(), { lr: 1e-3 });
      const obs = randn([257, 4], rng);
      const actions = tensor(Float32Array.from({ length: 257 }, () => rng.int(2)), { shape: [257] });
      const adv = randn([257], rng);
      for (let i = 0; i < 5; i++) {
        opt.zeroGrad();
        new Categorical(policy.forward(obs)).logProb(actions).mul(adv).mean().neg().backward();
        opt.step();
      }
      return policy.parameters().flatMap((p) => Array.from(p.toTypedArray()));
    };
    const wasmA = run('wasm');
    expect(run('wasm')).toEqual(wasmA);
    const js = run('js');
    expect(wasmA).not.toEqual(js); // the backends differ in the last bits (if they did not, this test would say nothing)
    const worst = Math.max(...js.map((v, i) => Math.abs(v - wasmA[i]!)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('relu and its gradient (float64 and float32 upstream) are the same on both backends, and take wasm there', () => {
    const run = (backend: 'js' | 'wasm') => {
      setBackend(backend);
      const rng = new Rng('wasm-relu-op');
      const x = randn([33, 65], rng, { requiresGrad: true });
      const w64 = f64(randn([33, 65], rng));
      relu(x).mul(w64).sum().backward(); // float64 upstream gradient
      const g64 = Array.from(x.grad!.toTypedArray());
      x.grad = null;
      relu(x).mul(randn([33, 65], rng)).sum().backward(); // float32
      return [Array.from(relu(x).toTypedArray()), g64, Array.from(x.grad!.toTypedArray())];
    };
    const js = run('js');
    expect(run('wasm')).toEqual(js);
  });

  it('rejects an unknown backend name, naming the argument and the value', () => {
    // @ts-expect-error: a name from untyped input (a config file, the command line)
    expect(() => setBackend('gpu')).toThrow(/setBackend: name must be one of 'js', 'wasm', received "gpu"/);
  });
});

describe('fallback where wasm SIMD is missing', () => {
  afterEach(() => {
    setBackendNotice((message) => console.warn(message));
    expect(loadWasmBackend()).toBe(true); // the real kernels again for the other tests
  });

  it('a module that fails to compile: one notice, then the js backend, never a wrong result', () => {
    const notices: string[] = [];
    setBackendNotice((m) => notices.push(m));
    setBackend('wasm');
    const broken = kernelModuleBytes().slice();
    broken[broken.length - 3] = 0xff; // an opcode that does not exist, inside the last function
    expect(loadWasmBackend({ bytes: broken })).toBe(false);
    expect(getBackend()).toBe('js');
    expect(setBackend('wasm')).toBe('js');
    expect(setBackend('wasm')).toBe('js');
    expect(wasmAvailable()).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/wasm backend is unavailable .*using the js backend/);
    const x = randn([8, 8], new Rng('fallback'));
    expect(x.matmul(x).toTypedArray()).toEqual((setBackend('js'), x.matmul(x).toTypedArray()));
  });

  it('a runtime without SIMD: one notice naming SIMD, then the js backend', () => {
    const notices: string[] = [];
    setBackendNotice((m) => notices.push(m));
    const host = webAssemblyOf();
    const noSimd: WebAssemblyApi = { validate: () => false, Module: host.Module, Instance: host.Instance, Memory: host.Memory };
    expect(loadWasmBackend({ wasm: noSimd })).toBe(false);
    expect(setBackend('wasm')).toBe('js');
    expect(notices).toEqual(['grpo-ts: the wasm backend is unavailable (this runtime has WebAssembly but not its SIMD instructions); using the js backend']);
  });
});

/** A float64 copy of a tensor. */
function f64(t: Tensor): Tensor {
  return tensor(Float64Array.from(t.toTypedArray()), { shape: t.shape.slice() });
}

/** The host's WebAssembly, as the runtime's API type. */
function webAssemblyOf(): WebAssemblyApi {
  const api = hostWebAssembly();
  if (api === undefined) throw new Error('these tests need WebAssembly');
  return api;
}

describe('a module importing a shared memory (the two-thread prototype, bench/worker_split.ts)', () => {
  type Constructor<Args extends unknown[]> = new (...args: Args) => object;
  /** Checked at run time: a function, the constructor of WebAssembly's API it is named after. */
  const isConstructor = <Args extends unknown[]>(f: unknown): f is Constructor<Args> => typeof f === 'function';
  /** The host's Memory, Module and Instance, with the shared-memory descriptor the library's API type leaves out. */
  function sharedHost(): {
    Memory: Constructor<[{ initial: number; maximum?: number; shared?: boolean }]>;
    Module: Constructor<[Uint8Array]>;
    Instance: Constructor<[object, Record<string, Record<string, unknown>>]>;
  } {
    const api: unknown = Reflect.get(globalThis, 'WebAssembly');
    const part = (key: string): unknown => (typeof api === 'object' && api !== null ? Reflect.get(api, key) : undefined);
    const [Memory, Module, Instance] = [part('Memory'), part('Module'), part('Instance')];
    if (!isConstructor<[{ initial: number; maximum?: number; shared?: boolean }]>(Memory) || !isConstructor<[Uint8Array]>(Module) ||
      !isConstructor<[object, Record<string, Record<string, unknown>>]>(Instance)) throw new Error('these tests need WebAssembly');
    return { Memory, Module, Instance };
  }

  it('links to a shared memory only when assembled for one (limits flag 0x03 with a maximum)', () => {
    const { Memory, Instance, Module } = sharedHost();
    const shared = new Memory({ initial: 1, maximum: 4, shared: true });
    const plain = new Memory({ initial: 1 });
    const forShared = new Module(kernelModuleBytes({ shared: true, maximum: 4 }));
    const forPlain = new Module(kernelModuleBytes());
    expect(() => new Instance(forShared, { env: { memory: shared } })).not.toThrow();
    expect(() => new Instance(forPlain, { env: { memory: plain } })).not.toThrow();
    expect(() => new Instance(forShared, { env: { memory: plain } })).toThrow(/memory/i);
    expect(() => new Instance(forPlain, { env: { memory: shared } })).toThrow(/memory/i);
  });
});
