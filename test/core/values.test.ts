// Hand-computed cases per op family, conventions at edge values, and the float32/float64 forward.
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { describe, expect, it } from 'vitest';
import {
  arange, concat, eye, full, gather, linear, matmul, ones, rand, randn, Rng, stack, tensor, Tensor, where, zeros,
} from '../../src/index.js';
import { expectClose } from './helpers.js';

describe('creation', () => {
  it('builds tensors from nested arrays, typed arrays and numbers', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype).toBe('float64');
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).item()).toBe(3);
    expect(tensor([1, 2, 3, 4], { shape: [2, 2], dtype: 'float64' }).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('rejects ragged arrays, bad shapes and bad dtypes, naming what it received', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged.*expected length 2 at values\[1\], received 1/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/shape \[2,2\] holds 4 values, received 3/);
    expect(() => zeros([2, -1])).toThrow(/received \[2,-1\]/);
    // @ts-expect-error: a dtype we do not support
    expect(() => zeros([2], { dtype: 'int32' })).toThrow(/received "int32"/);
  });

  it('draws random tensors from an explicit Rng, identically for the same seed', () => {
    expect(randn([3, 4], new Rng(1)).toArray()).toEqual(randn([3, 4], new Rng(1)).toArray());
    expect(randn([3, 4], new Rng(1)).toArray()).not.toEqual(randn([3, 4], new Rng(2)).toArray());
    const u = rand([1000], new Rng(3), { low: 2, high: 3 }).toTypedArray();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u)).toBeLessThan(3);
  });
});

describe('elementwise and broadcasting', () => {
  it('broadcasts [3,1] + [1,4] by hand', () => {
    const a = tensor([[1], [2], [3]]);
    const b = tensor([[10, 20, 30, 40]]);
    expect(a.add(b).toArray()).toEqual([[11, 21, 31, 41], [12, 22, 32, 42], [13, 23, 33, 43]]);
    a.requiresGrad = true;
    b.requiresGrad = true;
    a.add(b).mul(tensor([[1, 2, 3, 4]])).sum().backward();
    expect(a.grad!.toArray()).toEqual([[10], [10], [10]]);
    expect(b.grad!.toArray()).toEqual([[3, 6, 9, 12]]);
  });

  it('names both shapes when they do not broadcast', () => {
    expect(() => tensor([[1, 2, 3]]).add(tensor([[1, 2]]))).toThrow('add: shapes [1,3] and [1,2] cannot be broadcast together');
  });

  it('keeps float32 as float32 and promotes to float64 when mixed', () => {
    const f = tensor([1, 2]);
    const d = tensor([1, 2], { dtype: 'float64' });
    expect(f.mul(f).dtype).toBe('float32');
    expect(f.mul(d).dtype).toBe('float64');
    expect(f.mul(2).dtype).toBe('float32');
  });

  it('computes every unary op', () => {
    const x = tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64' });
    expectClose(x.neg(), [2, 0.5, 0, -0.5, -2]);
    expectClose(x.abs(), [2, 0.5, 0, 0.5, 2]);
    expectClose(x.square(), [4, 0.25, 0, 0.25, 4]);
    expectClose(x.relu(), [0, 0, 0, 0.5, 2]);
    expectClose(x.clamp(-1, 1), [-1, -0.5, 0, 0.5, 1]);
    expectClose(x.tanh(), [-2, -0.5, 0, 0.5, 2].map(Math.tanh), 1e-12);
    expectClose(x.sigmoid(), [-2, -0.5, 0, 0.5, 2].map((v) => 1 / (1 + Math.exp(-v))), 1e-12);
    expectClose(x.exp(), [-2, -0.5, 0, 0.5, 2].map(Math.exp), 1e-12);
    expectClose(tensor([1, 4, 9]).sqrt(), [1, 2, 3]);
    expectClose(tensor([1, Math.E]).log(), [0, 1]);
    expectClose(tensor([2, 3]).pow(3), [8, 27]);
    expectClose(x.gt(0), [0, 0, 0, 1, 1]);
    expectClose(x.ge(0), [0, 0, 1, 1, 1]);
    expectClose(x.lt(0), [1, 1, 0, 0, 0]);
    expectClose(x.le(0), [1, 1, 1, 0, 0]);
    expectClose(x.eq(0), [0, 0, 1, 0, 0]);
    expectClose(where(x.gt(0), x, tensor(-9)), [-9, -9, -9, 0.5, 2]);
    expectClose(x.maximum(0), [0, 0, 0, 0.5, 2]);
    expectClose(x.minimum(0), [-2, -0.5, 0, 0, 0]);
  });

  it('sigmoid saturates without NaN at +-300 (and +-1000) with finite gradients', () => {
    const x = tensor([-300, 300], { requiresGrad: true });
    const y = x.sigmoid();
    expect(y.toArray()).toEqual([0, 1]); // e^-300 underflows float32
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
    const d = tensor([-300, 300, -1000], { dtype: 'float64', requiresGrad: true });
    const yd = d.sigmoid();
    expect(Math.abs(yd.get(0) / Math.exp(-300) - 1)).toBeLessThan(1e-12);
    expect(yd.get(1)).toBe(1);
    expect(yd.get(2)).toBe(0);
    yd.sum().backward();
    expect(d.grad!.toTypedArray().every(Number.isFinite)).toBe(true);
  });

  it('uses the documented conventions at kinks: relu\'(0) = 0, |x|\'(0) = 0, clamp passes at its bounds', () => {
    const x = tensor([0, 0, -1, 1], { requiresGrad: true });
    x.relu().sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0, 1]);
    const y = tensor([0], { requiresGrad: true });
    y.abs().sum().backward();
    expect(y.grad!.toArray()).toEqual([0]);
    const z = tensor([-1, 1, 2], { requiresGrad: true });
    z.clamp(-1, 1).sum().backward();
    expect(z.grad!.toArray()).toEqual([1, 1, 0]);
  });

  it('propagates NaN like IEEE in the forward pass', () => {
    const x = tensor([NaN, 1]);
    expect(Number.isNaN(x.relu().get(0))).toBe(true);
    expect(Number.isNaN(x.maximum(0).get(0))).toBe(true);
    expect(Number.isNaN(x.max().item())).toBe(true);
    expect(Number.isNaN(x.clamp(0, 1).get(0))).toBe(true);
  });
});

describe('reductions and softmax', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
  it('reduces over an axis or all, with keepDims', () => {
    expect(x.sum().toArray()).toBe(21);
    expect(x.sum(0).toArray()).toEqual([5, 7, 9]);
    expect(x.sum(1, true).toArray()).toEqual([[6], [15]]);
    expect(x.sum(-1).shape).toEqual([2]);
    expect(x.sum(undefined, true).shape).toEqual([1, 1]);
    expect(x.mean(1).toArray()).toEqual([2, 5]);
    expect(x.max(0).toArray()).toEqual([4, 5, 6]);
    expect(x.min(1).toArray()).toEqual([1, 4]);
    expectClose(x.logSumExp(1), [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), Math.log(Math.exp(4) + Math.exp(5) + Math.exp(6))], 1e-12);
  });

  it('names the axis range when an axis is out of range', () => {
    expect(() => x.sum(2)).toThrow('sum: axis must be an integer in [-2, 1], received 2');
    expect(() => tensor(1).sum(0)).toThrow(/a scalar has no axes/);
  });

  it('splits a k-way tie equally (1/k each) in max and min', () => {
    const t = tensor([3, 1, 3, 3], { requiresGrad: true });
    t.max().backward();
    expectClose(t.grad!, [1 / 3, 0, 1 / 3, 1 / 3]);
  });

  it('stays finite and exact for large logits', () => {
    const logits = tensor([[1000, 1000 + Math.log(3)], [-1000, -1000]], { dtype: 'float64' });
    expectClose(logits.logSoftmax(1), [[Math.log(0.25), Math.log(0.75)], [Math.log(0.5), Math.log(0.5)]], 1e-9);
    expectClose(logits.softmax(1), [[0.25, 0.75], [0.5, 0.5]], 1e-12);
    expectClose(logits.logSumExp(1), [1000 + Math.log(4), -1000 + Math.log(2)], 1e-9);
    expect(tensor([-Infinity, -Infinity]).logSumExp().item()).toBe(-Infinity);
    expect(tensor([Infinity, 0]).logSumExp().item()).toBe(Infinity);
    // As torch: a +Infinity logit gives NaN there and -Infinity (probability 0) elsewhere.
    const inf = tensor([Infinity, 0]).logSoftmax().toArray() as number[];
    expect(Number.isNaN(inf[0])).toBe(true);
    expect(inf[1]).toBe(-Infinity);
    const p = tensor([[0, 1, 2], [3, 4, 5]]).softmax(0).sum(0).toArray();
    expectClose(tensor(p as number[]), [1, 1, 1]);
  });
});

describe('matmul', () => {
  it('matches hand-computed products, with every transpose flag', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]); // [3,2]
    const b = tensor([[1, 0, 2], [0, 1, 3]]); // [2,3]
    const ab = [[1, 2, 8], [3, 4, 18], [5, 6, 28]];
    expect(matmul(a, b).toArray()).toEqual(ab);
    expect(matmul(a.transpose().contiguous(), b, { transposeA: true }).toArray()).toEqual(ab);
    expect(matmul(a, b.transpose().contiguous(), { transposeB: true }).toArray()).toEqual(ab);
    expect(matmul(a.transpose().contiguous(), b.transpose().contiguous(), { transposeA: true, transposeB: true }).toArray()).toEqual(ab);
    // A transposed view works as an operand too (strides, no copy).
    expect(matmul(a.transpose(), a).toArray()).toEqual([[35, 44], [44, 56]]);
  });

  it('batches over a leading dim and shares a 2-D operand', () => {
    const a = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
    const b = tensor([[1, 2], [3, 4]]);
    expect(matmul(a, b).toArray()).toEqual([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
  });

  it('names both shapes on a mismatch', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow('matmul: inner dims differ for shapes [2,3] and [4,5] (3 vs 4)');
    expect(() => matmul(zeros([2, 3]), zeros([4, 3]), { transposeA: true })).toThrow(/matmul transposeA: inner dims differ/);
    expect(() => linear(zeros([2, 3]), zeros([4, 5]))).toThrow('linear: expected x [N, in] and weight [out, in], received shapes [2,3] and [4,5]');
  });

  it('linear is x W^T + b', () => {
    const x = tensor([[1, 2]]);
    const w = tensor([[1, 1], [2, -1], [0, 3]]);
    expect(linear(x, w, tensor([0.5, 0, -1])).toArray()).toEqual([[3.5, 0, 5]]);
  });
});

describe('movement', () => {
  const x = arange(6).reshape([2, 3]);
  it('reshapes (with -1), transposes, permutes and slices as views', () => {
    expect(x.reshape([3, -1]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(x.transpose().toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(x.transpose().data).toBe(x.data);
    expect(arange(24).reshape([2, 3, 4]).permute([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(x.slice([null, [1, 3]]).toArray()).toEqual([[1, 2], [4, 5]]);
    expect(x.slice([[-1, 2], [0, 3, 2]]).toArray()).toEqual([[3, 5]]);
    expect(x.transpose().reshape([6]).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(() => x.reshape([4, 2])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,2]');
  });

  it('expands, concatenates, stacks and gathers', () => {
    expect(tensor([[1], [2]]).expand([2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(concat([x, x], 1).toArray()).toEqual([[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    const logp = tensor([[0.1, 0.9], [0.7, 0.3]]);
    expectClose(gather(logp, tensor([[1], [0]]), 1), [[0.9], [0.7]]);
    expect(() => gather(logp, tensor([[2], [0]]), 1)).toThrow('gather: indices must be integers in [0, 2) for axis 1 of shape [2,2], received 2');
    expect(() => concat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow('concat: shapes [2,3] and [3,3] differ outside axis 1');
  });

  it('detach and clone own or share storage as documented', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(p.detach().data).toBe(p.data);
    expect(p.detach().requiresGrad).toBe(false);
    expect(p.clone().data).not.toBe(p.data);
    expect(p.clone().requiresGrad).toBe(true);
  });
});

describe('ndarray interoperability', () => {
  it('exposes views to ndarray-ops and wraps ndarrays without copying', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const view = t.transpose().toNdarray();
    expect(view.shape).toEqual([3, 2]);
    expect(view.get(2, 1)).toBe(6);
    const doubled = ndarray(new Float32Array(6), [3, 2]);
    ops.mulseq(ops.assign(doubled, view), 2);
    const back = Tensor.fromNdarray(doubled);
    expect(back.toArray()).toEqual([[2, 8], [4, 10], [6, 12]]);
    expect(back.data).toBe(doubled.data);
    expect(() => Tensor.fromNdarray(ndarray([1, 2, 3]))).toThrow('Tensor.fromNdarray: array.data must be a Float32Array or Float64Array, received Array');
  });
});
