// The engine's common work: accumulation, skipping, shape checks, the guard, the tape, determinism.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backward, describeGraph, gradcheck, linear, matmulInto, matmulReference, noGrad, randn, Rng, tensor, Tensor, type MatrixView,
} from '../../src/index.js';
import { record } from '../../src/autograd/engine.js';

describe('backward', () => {
  it('accumulates into .grad across calls, like PyTorch', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(2).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 5, 5]);
  });

  it('gives every leaf its own gradient buffer (no aliasing between leaves)', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.grad!.data[0] = 100;
    expect(b.grad!.get(0)).toBe(1);
  });

  it('skips inputs that need no gradient: their thunks never run', () => {
    let ran = 0;
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([5, 6]);
    const y = record('probe', new Float32Array([0]), [], [x, c], (dy) => [() => { ran++; return dy.mul(tensor([1, 1])); }, () => { throw new Error('constant thunk ran'); }]);
    y.backward();
    expect(ran).toBe(1);
    expect(c.grad).toBeNull();
  });

  it('records nothing under noGrad and for inputs that need no gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.inputs).toEqual([]);
    expect(tensor([1]).mul(2).requiresGrad).toBe(false);
    expect(() => y.sum().backward()).toThrow(/does not require a gradient/);
  });

  it('differentiates a 100,000-node chain without recursion', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1e-6);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('checks the root and the seed gradient shapes, naming them', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: a non-scalar tensor of shape [1,2] needs an explicit grad (options.grad)');
    expect(() => x.mul(2).backward({ grad: tensor([1, 2]) })).toThrow('backward: grad has shape [2] but the tensor has shape [1,2]');
    x.mul(2).backward({ grad: tensor([[1, 10]]) });
    expect(x.grad!.toArray()).toEqual([[2, 20]]);
  });

  it('catches a backward rule whose gradient has the wrong shape, naming the op', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = record('broken', new Float32Array([0]), [], [x], () => [() => tensor([1, 2])]);
    expect(() => y.backward()).toThrow(/backward of 'broken': .*shape \[2\].*input has shape \[3\]/);
  });

  it('releases the graph after backward unless retainGraph is set', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.square().sum();
    y.backward({ retainGraph: true });
    y.backward();
    expect(x.grad!.toArray()).toEqual([4, 8]);
    expect(() => y.backward()).toThrow(/released by an earlier backward/);
  });

  it('guards against non-finite gradients, naming the op (on in tests)', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    expect(() => x.log().sum().backward()).toThrow(/backward of 'log': non-finite gradient \(Infinity\) for input 0 of shape \[2\]/);
    const z = tensor([0, 1], { requiresGrad: true });
    z.sqrt().sum().backward({ checkFinite: false });
    expect(z.grad!.get(0)).toBe(Infinity);
  });
});

describe('describeGraph', () => {
  it('lists every node with its op, inputs and output shape', () => {
    const rng = new Rng(0);
    const x = randn([1, 4], rng);
    const w = randn([3, 4], rng, { requiresGrad: true });
    const b = randn([3], rng, { requiresGrad: true });
    const loss = linear(x, w, b).tanh().sum();
    const g = describeGraph(loss);
    expect(g.nodes.map((n) => n.op)).toEqual(['leaf', 'leaf', 'linear', 'tanh', 'sum']);
    expect(g.nodes[2]).toMatchObject({ op: 'linear', inputs: [0, 1], shape: [1, 3] });
    expect(g.text.split('\n')).toEqual([
      '#0 leaf -> [3,4] float32 requiresGrad',
      '#1 leaf -> [3] float32 requiresGrad',
      '#2 linear(#0, #1) -> [1,3] float32',
      '#3 tanh(#2) -> [1,3] float32',
      '#4 sum(#3) -> [] float32',
    ]);
  });
});

describe('gradcheck', () => {
  it('reports per-input errors and catches a wrong gradient', () => {
    const x = tensor([0.3, -0.7], { dtype: 'float64' });
    expect(gradcheck((t) => t.tanh(), [x]).ok).toBe(true);
    const wrong = (t: Tensor) => record('wrongSquare', t.square().detach().data, t.shape.slice(), [t], (dy) => [() => dy.mul(t)]);
    const report = gradcheck(wrong, [x]);
    expect(report.ok).toBe(false);
    expect(report.inputs[0]!.maxAbsError).toBeGreaterThan(0.1);
    expect(report.text).toMatch(/input 0 \[2\]: MISMATCH/);
  });
});

describe('determinism', () => {
  it('the same seed gives identical draws and identical gradients, twice', () => {
    const run = () => {
      const rng = new Rng(42);
      const w = randn([8, 4], rng.fork('init'), { requiresGrad: true });
      const x = randn([16, 4], rng.fork('data'));
      linear(x, w).tanh().logSoftmax(1).sum().backward();
      return { w: Array.from(w.data), g: Array.from(w.grad!.data) };
    };
    expect(run()).toEqual(run());
  });
});

describe('matmul kernel', () => {
  it('the blocked kernel equals the naive reference bit for bit, for any shape, strides and transposes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
        fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer(),
        (M, N, K, tA, tB, pad, seed) => {
          const rng = new Rng(seed);
          const a = new Float32Array(pad + M * K).map(() => rng.normal());
          const b = new Float32Array(pad + K * N).map(() => rng.normal());
          // A stored [M,K] (or [K,M] read transposed), from an offset.
          const av: MatrixView = tA ? { data: a, offset: pad, rowStride: 1, colStride: M } : { data: a, offset: pad, rowStride: K, colStride: 1 };
          const bv: MatrixView = tB ? { data: b, offset: pad, rowStride: 1, colStride: K } : { data: b, offset: pad, rowStride: N, colStride: 1 };
          const fast = new Float32Array(M * N);
          const slow = new Float32Array(M * N);
          matmulInto(M, N, K, av, bv, fast, 0);
          matmulReference(M, N, K, av, bv, slow, 0);
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('backward as a function', () => {
  it('is the same as the method', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    backward(x.square().sum());
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });
});
