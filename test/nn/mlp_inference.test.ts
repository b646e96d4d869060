// MLP.forward outside the tape at a few rows (action selection) takes a buffered path (src/nn/
// mlp_inference.ts; on the wasm backend the whole stack in wasm memory): it must give exactly the
// bits of the ops, layer by layer (linear, then tanh or relu), on both backends, for any shape,
// activation and input, NaN included. Compared with toEqual: Object.is per element, so -0 and +0
// differ and NaN equals NaN.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MLP, noGrad, Rng, setBackend, Tensor, type BackendName } from '../../src/index.js';
import { Policy } from '../../src/algos/policy.js';

afterEach(() => {
  setBackend('js');
});

/** The ops' forward pass (Sequential of Linear and activation modules), outside the tape. */
const opsForward = (mlp: MLP, x: Tensor): Tensor => noGrad(() => mlp.layers.forward(x));

const width = fc.oneof(fc.constantFrom(1, 2, 3, 4, 8, 15, 16, 17, 64), fc.integer({ min: 1, max: 70 }));
const caseArb = fc.record({
  sizes: fc.array(width, { minLength: 2, maxLength: 5 }),
  activation: fc.constantFrom<'tanh' | 'relu'>('tanh', 'relu'),
  init: fc.constantFrom<'orthogonal' | 'pytorch'>('orthogonal', 'pytorch'),
  backend: fc.constantFrom<BackendName>('js', 'wasm'),
  rows: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 20 })),
  seed: fc.nat(),
  scale: fc.constantFrom(0.5, 3, 30),
  specials: fc.array(fc.tuple(fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0)), { maxLength: 2 }),
});

describe('MLP.forward outside the tape: the ops\' bits', () => {
  it('random shapes, activations, inits, backends, rows and inputs (NaN, Inf, signed zeros)', () => {
    fc.assert(fc.property(caseArb, ({ sizes, activation, init, backend, rows, seed, scale, specials }) => {
      setBackend(backend);
      const rng = new Rng(seed);
      const mlp = new MLP(sizes, { rng: rng.fork('init'), activation, init, outputGain: 0.5 });
      const values = Float32Array.from({ length: rows * sizes[0]! }, () => scale * rng.normal());
      for (const [at, special] of specials) values[at % values.length] = special;
      const x = new Tensor(values, [rows, sizes[0]!]);
      const fused = noGrad(() => mlp.forward(x));
      expect(fused.shape).toEqual([rows, sizes[sizes.length - 1]]);
      expect(fused.requiresGrad).toBe(false);
      expect(fused.toTypedArray()).toEqual(opsForward(mlp, x).toTypedArray());
    }), { numRuns: 250, seed: 14 });
  });

  it('a strided input (a column slice and an offset) gives the bits of the same values made dense', () => {
    for (const backend of ['js', 'wasm'] as const) {
      setBackend(backend);
      const rng = new Rng('mlp-inference-strided');
      const mlp = new MLP([5, 64, 64, 3], { rng: rng.fork('init') });
      const wide = new Tensor(Float32Array.from({ length: 2 * 8 }, () => rng.normal()), [2, 8]);
      const x = wide.slice([[1, 2], [2, 7]]); // [1, 5], offset 10
      const dense = new Tensor(x.toTypedArray(), [1, 5]);
      const fused = noGrad(() => mlp.forward(x)).toTypedArray();
      expect(fused).toEqual(opsForward(mlp, dense).toTypedArray());
      expect(fused).toEqual(noGrad(() => mlp.forward(dense)).toTypedArray());
    }
  });

  it('while recording, forward records the graph as before (gradients reach every parameter)', () => {
    const mlp = new MLP([4, 16, 2], { rng: new Rng('mlp-inference-tape') });
    const y = mlp.forward(new Tensor(new Float32Array([0.1, -0.2, 0.3, 0.4]), [1, 4]));
    expect(y.requiresGrad).toBe(true);
    expect(y.op).toBe('linear');
    y.sum().backward();
    for (const [name, p] of mlp.namedParameters()) expect(p.grad, name).not.toBeNull();
  });

  it('a float64 MLP and more rows than the buffers hold take the ops (same values, a float64 result)', () => {
    const rng = new Rng('mlp-inference-fallback');
    const mlp = new MLP([3, 8, 2], { rng: rng.fork('init'), dtype: 'float64' });
    const x = new Tensor(Float64Array.from({ length: 3 }, () => rng.normal()), [1, 3]);
    const y = noGrad(() => mlp.forward(x));
    expect(y.dtype).toBe('float64');
    expect(y.toTypedArray()).toEqual(opsForward(mlp, x).toTypedArray());
  });

  it('the output is a fresh array each call (buffers are reused inside only)', () => {
    const mlp = new MLP([2, 32, 2], { rng: new Rng('mlp-inference-fresh') });
    const a = noGrad(() => mlp.forward(new Tensor(new Float32Array([1, 2]), [1, 2])));
    const before = a.toTypedArray();
    noGrad(() => mlp.forward(new Tensor(new Float32Array([-3, 5]), [1, 2])));
    expect(a.toTypedArray()).toEqual(before);
  });
});

describe('Policy.act at one observation', () => {
  it('samples from the ops\' logits and means: the same actions as from the distribution of the ops\' forward', () => {
    for (const backend of ['js', 'wasm'] as const) {
      setBackend(backend);
      const rng = new Rng('policy-act-b1');
      const policy = new Policy(17, { kind: 'continuous', dim: 6, low: new Float64Array(6).fill(-1), high: new Float64Array(6).fill(1) }, {
        rng: rng.fork('init'), hiddenSizes: [64, 64], activation: 'tanh',
      });
      const obs = new Tensor(Float32Array.from({ length: 17 }, () => rng.normal()), [1, 17]);
      const means = opsForward(policy.net, obs).toTypedArray();
      const deterministic = policy.act(obs, [new Rng('unused')], true);
      expect(Array.from(deterministic)).toEqual(Array.from(means));
    }
  });
});
