// Attaches the ops to Tensor as methods, so `x.matmul(w).add(b).tanh()` reads left to right.
// The ops live in ops/ (forward and backward side by side); this file only forwards to them,
// which keeps tensor.ts free of imports from the ops and the module graph acyclic.
import { backward, type BackwardOptions } from './engine.js';
import * as ew from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as mm from './ops/matmul.js';
import * as mv from './ops/movement.js';
import * as rd from './ops/reduce.js';
import { Tensor } from './tensor.js';

declare module './tensor.js' {
  interface Tensor {
    /** Reverse-mode differentiation from this tensor (see `backward` in engine.ts). */
    backward(options?: BackwardOptions): void;
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    neg(): Tensor;
    pow(exponent: number): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    clamp(min: number, max: number): Tensor;
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
    /** `cond ? this : other`, as torch's `x.where(cond, y)`. */
    where(cond: Tensor, other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    eq(other: TensorLike): Tensor;
    sum(axis?: number, keepDims?: boolean): Tensor;
    mean(axis?: number, keepDims?: boolean): Tensor;
    max(axis?: number, keepDims?: boolean): Tensor;
    min(axis?: number, keepDims?: boolean): Tensor;
    logSumExp(axis?: number, keepDims?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    matmul(other: Tensor, options?: mm.MatmulOptions): Tensor;
    reshape(shape: readonly number[]): Tensor;
    permute(axes: readonly number[]): Tensor;
    transpose(axis0?: number, axis1?: number): Tensor;
    slice(ranges: readonly (mv.SliceRange | null | undefined)[]): Tensor;
    expand(shape: readonly number[]): Tensor;
    gather(indices: Tensor, axis: number): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
  }
}

const p = Tensor.prototype;
p.backward = function (options) { backward(this, options); };
p.add = function (o) { return ew.add(this, o); };
p.sub = function (o) { return ew.sub(this, o); };
p.mul = function (o) { return ew.mul(this, o); };
p.div = function (o) { return ew.div(this, o); };
p.neg = function () { return ew.neg(this); };
p.pow = function (e) { return ew.pow(this, e); };
p.exp = function () { return ew.exp(this); };
p.log = function () { return ew.log(this); };
p.sqrt = function () { return ew.sqrt(this); };
p.abs = function () { return ew.abs(this); };
p.square = function () { return ew.square(this); };
p.tanh = function () { return ew.tanh(this); };
p.sigmoid = function () { return ew.sigmoid(this); };
p.relu = function () { return ew.relu(this); };
p.clamp = function (lo, hi) { return ew.clamp(this, lo, hi); };
p.maximum = function (o) { return ew.maximum(this, o); };
p.minimum = function (o) { return ew.minimum(this, o); };
p.where = function (cond, other) { return ew.where(cond, this, other); };
p.gt = function (o) { return ew.gt(this, o); };
p.ge = function (o) { return ew.ge(this, o); };
p.lt = function (o) { return ew.lt(this, o); };
p.le = function (o) { return ew.le(this, o); };
p.eq = function (o) { return ew.eq(this, o); };
p.sum = function (axis, keepDims) { return rd.sum(this, axis, keepDims); };
p.mean = function (axis, keepDims) { return rd.mean(this, axis, keepDims); };
p.max = function (axis, keepDims) { return rd.max(this, axis, keepDims); };
p.min = function (axis, keepDims) { return rd.min(this, axis, keepDims); };
p.logSumExp = function (axis, keepDims) { return rd.logSumExp(this, axis, keepDims); };
p.softmax = function (axis) { return rd.softmax(this, axis); };
p.logSoftmax = function (axis) { return rd.logSoftmax(this, axis); };
p.matmul = function (o, options) { return mm.matmul(this, o, options); };
p.reshape = function (shape) { return mv.reshape(this, shape); };
p.permute = function (axes) { return mv.permute(this, axes); };
p.transpose = function (a0, a1) { return a0 === undefined && a1 === undefined ? mv.transpose(this) : mv.transpose(this, a0, a1); };
p.slice = function (ranges) { return mv.slice(this, ranges); };
p.expand = function (shape) { return mv.expand(this, shape); };
p.gather = function (indices, axis) { return mv.gather(this, indices, axis); };
p.contiguous = function () { return mv.contiguous(this); };
p.clone = function () { return mv.clone(this); };
