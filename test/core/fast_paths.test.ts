// Every fast path against its slow, obvious reference: fast float32 tanh vs Math.tanh, fused
// backward rules vs the composed ops they replace.
import { describe, expect, it } from 'vitest';
import { gt, mul, randn, relu, Rng, sigmoid, square, sub, tanh, Tensor } from '../../src/index.js';
import { gtRow, mulRow, reluBackwardRow, tanhForFloat32 } from '../../src/tensor/kernels/elementwise.js';
import { allocateOutput } from '../../src/tensor/dtype.js';

/** The float32 whose bit pattern is `bits`. */
function float32FromBits(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0]!;
}

const bitsOf12 = new Uint32Array(new Float32Array([12]).buffer)[0]!;

describe('fast float32 tanh', () => {
  it('rounds to Math.tanh in float32 on a dense grid of float32 inputs in [-12, 12]', () => {
    let checked = 0;
    for (let bits = 0; bits <= bitsOf12; bits += 1009) {
      const x = float32FromBits(bits);
      for (const v of [x, -x]) {
        const fast = Math.fround(tanhForFloat32(v));
        const slow = Math.fround(Math.tanh(v));
        if (fast !== slow) expect(fast, `tanh(${v})`).toBe(slow);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2_000_000);
  });

  it('stays within 1e-14 of Math.tanh in float64 between the series and saturation (its trust interval is 1e-12)', () => {
    let worst = 0;
    for (let x = 0.0625; x < 9.5; x += 1.3e-5) worst = Math.max(worst, Math.abs(tanhForFloat32(x) - Math.tanh(x)) / Math.tanh(x));
    expect(worst).toBeLessThan(1e-14);
  });

  it('handles edge values: signed zeros, infinities, NaN, tiny and huge inputs, branch boundaries', () => {
    expect(Object.is(tanhForFloat32(0), 0)).toBe(true);
    expect(Object.is(tanhForFloat32(-0), -0)).toBe(true);
    expect(tanhForFloat32(Infinity)).toBe(1);
    expect(tanhForFloat32(-Infinity)).toBe(-1);
    expect(tanhForFloat32(NaN)).toBeNaN();
    const edges = [
      1e-45, 1.4e-45, 1e-40, 1e-30, 1e-8, 0.0625, 0.06249999, 0.06250001, 1, 9.01, 9.4999, 9.5, 9.5001, 19, 1e10, 3.4e38, Number.MAX_VALUE,
    ];
    for (const e of edges) {
      for (const v of [e, -e, Math.fround(e), -Math.fround(e)]) expect(Math.fround(tanhForFloat32(v)), `tanh(${v})`).toBe(Math.fround(Math.tanh(v)));
    }
  });

  it('is what the tanh op computes into float32; float64 keeps Math.tanh exactly', () => {
    const x32 = randn([1000], new Rng('tanh-op'), { std: 3 });
    const y32 = tanh(x32).toTypedArray();
    x32.toTypedArray().forEach((v, i) => expect(y32[i]).toBe(Math.fround(Math.tanh(v))));
    const x64 = new Tensor(Float64Array.from(x32.toTypedArray()), [1000]);
    const y64 = tanh(x64).toTypedArray();
    x64.toTypedArray().forEach((v, i) => expect(y64[i]).toBe(Math.tanh(v)));
  });
});

describe('fused backward rules', () => {
  /** d/dx sum(w * f(x)) through the op's own backward, as a typed array. */
  function gradOf(f: (x: Tensor) => Tensor, x: Tensor, w: Tensor): Float32Array | Float64Array {
    const leaf = new Tensor(x.toTypedArray(), x.shape.slice(), { requiresGrad: true });
    f(leaf).mul(w).sum().backward();
    return leaf.grad!.toTypedArray();
  }

  const cases: [string, (x: Tensor) => Tensor, (x: Tensor, y: Tensor, dy: Tensor) => Tensor][] = [
    ['tanh', tanh, (_x, y, dy) => mul(dy, sub(1, square(y)))],
    ['sigmoid', sigmoid, (_x, y, dy) => mul(dy, mul(y, sub(1, y)))],
    ['relu', relu, (x, _y, dy) => mul(dy, gt(x, 0))],
  ];
  for (const [name, f, composed] of cases) {
    it(`${name}: its backward in one pass equals the composed rule bit for bit (float32, float64, mixed; signed zeros)`, () => {
      const rng = new Rng(`fused-${name}`);
      const x32 = randn([7, 33], rng, { std: 2 });
      const w32 = randn([7, 33], rng);
      // Edge values: zeros of both signs in x (relu'(0) = 0) and in dy (the engine stops non-finite gradients; the row test below has them).
      x32.data.set([0, -0, 0, -0, 1e-30, -1e-30, 1]);
      w32.data.set([-1, 2, -0, 0, -3, 4, -0]);
      const to64 = (t: Tensor) => new Tensor(Float64Array.from(t.toTypedArray()), t.shape.slice());
      for (const [x, w] of [[x32, w32], [to64(x32), to64(w32)], [x32, to64(w32)]] as const) {
        // dy of f(x) in sum(w * f(x)) is w (promoted to the product's dtype, as the engine hands it over).
        const dy = x.dtype === 'float64' || w.dtype === 'float64' ? to64(w) : w;
        const expected = composed(x, f(x), dy).toTypedArray();
        // The leaf's .grad has the leaf's dtype.
        expect(gradOf(f, x, w)).toEqual(x.dtype === 'float32' ? Float32Array.from(expected) : expected);
      }
    });
  }
});

describe('relu backward row', () => {
  it('gives dy * (x > 0) with the products of mul(dy, gt(x, 0)): signed zeros, NaN and Inf in dy and x', () => {
    const specials = [0, -0, 1, -1, 2.5, -1e-30, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const dy = Float64Array.from(specials.flatMap((d) => specials.map(() => d)));
    const x = Float32Array.from(specials.flatMap(() => specials));
    const fused = new Float64Array(dy.length);
    reluBackwardRow(dy, 0, 1, x, 0, 1, fused, 0, dy.length);
    const mask = new Float32Array(x.length);
    gtRow(x, 0, 1, new Float32Array([0]), 0, 0, mask, 0, x.length);
    const composed = new Float64Array(dy.length);
    mulRow(dy, 0, 1, mask, 0, 1, composed, 0, dy.length);
    expect(fused).toEqual(composed); // Object.is per element: -0 and NaN checked
  });
});

describe('allocateOutput (small op outputs from a shared slab)', () => {
  it('gives zero-filled, non-overlapping, aligned arrays of the right type and length', () => {
    const arrays = Array.from({ length: 300 }, (_, i) => allocateOutput(i % 2 ? 'float64' : 'float32', 17 + (i % 100)));
    const ranges: [number, number, ArrayBufferLike][] = [];
    arrays.forEach((a, i) => {
      expect(a).toBeInstanceOf(i % 2 ? Float64Array : Float32Array);
      expect(a.length).toBe(17 + (i % 100));
      expect(a.every((v) => v === 0)).toBe(true);
      expect(a.byteOffset % 8).toBe(0);
      ranges.push([a.byteOffset, a.byteOffset + a.byteLength, a.buffer]);
      a.fill(i + 1); // writing one must not touch another
    });
    arrays.forEach((a, i) => expect(a.every((v) => v === i + 1)).toBe(true));
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const [s1, e1, b1] = ranges[i]!;
        const [s2, e2, b2] = ranges[j]!;
        if (b1 === b2) expect(e1 <= s2 || e2 <= s1, `arrays ${i} and ${j} overlap`).toBe(true);
      }
    }
  });

  it('gives tiny and large outputs their own buffers', () => {
    const tiny = allocateOutput('float32', 16);
    const large = allocateOutput('float32', 257);
    expect(tiny.byteOffset).toBe(0);
    expect(tiny.buffer.byteLength).toBe(64);
    expect(large.byteOffset).toBe(0);
    expect(large.buffer.byteLength).toBe(257 * 4);
  });
});
