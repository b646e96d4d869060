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
    /** Elementwise `this + other`, broadcast like NumPy; see {@link add}. */
    add(other: TensorLike): Tensor;
    /** Elementwise `this - other`, broadcast; see {@link sub}. */
    sub(other: TensorLike): Tensor;
    /** Elementwise `this * other`, broadcast; see {@link mul}. */
    mul(other: TensorLike): Tensor;
    /** Elementwise `this / other`, broadcast; see {@link div}. */
    div(other: TensorLike): Tensor;
    /** `-this`, same shape. */
    neg(): Tensor;
    /** `this ** exponent` for a scalar exponent, same shape. */
    pow(exponent: number): Tensor;
    /** `e ** this`, same shape. */
    exp(): Tensor;
    /** Natural log, same shape. */
    log(): Tensor;
    /** Square root, same shape. */
    sqrt(): Tensor;
    /** `|this|`, same shape. NOTE: the gradient at 0 is 0. */
    abs(): Tensor;
    /** `this * this`, same shape. */
    square(): Tensor;
    /** Hyperbolic tangent, same shape. */
    tanh(): Tensor;
    /** `1 / (1 + e^-this)`, same shape. */
    sigmoid(): Tensor;
    /** `max(this, 0)`, same shape. NOTE: relu'(0) = 0. */
    relu(): Tensor;
    /** Values clipped to [min, max], same shape; the gradient passes at the bounds. */
    clamp(min: number, max: number): Tensor;
    /** Elementwise max with `other`, broadcast; ties share the gradient. */
    maximum(other: TensorLike): Tensor;
    /** Elementwise min with `other`, broadcast; ties share the gradient. */
    minimum(other: TensorLike): Tensor;
    /** `cond ? this : other`, as torch's `x.where(cond, y)`. */
    where(cond: Tensor, other: TensorLike): Tensor;
    /** `this > other` as 1/0, broadcast (no gradient). */
    gt(other: TensorLike): Tensor;
    /** `this >= other` as 1/0, broadcast (no gradient). */
    ge(other: TensorLike): Tensor;
    /** `this < other` as 1/0, broadcast (no gradient). */
    lt(other: TensorLike): Tensor;
    /** `this <= other` as 1/0, broadcast (no gradient). */
    le(other: TensorLike): Tensor;
    /** `this == other` as 1/0, broadcast (no gradient). */
    eq(other: TensorLike): Tensor;
    /** Sum over `axis` (all axes when omitted, giving shape []), keeping it as size 1 if `keepDims`. */
    sum(axis?: number, keepDims?: boolean): Tensor;
    /** Mean over `axis` (all axes when omitted), keeping it as size 1 if `keepDims`. */
    mean(axis?: number, keepDims?: boolean): Tensor;
    /** Max over `axis` (all when omitted); ties share the gradient. */
    max(axis?: number, keepDims?: boolean): Tensor;
    /** Min over `axis` (all when omitted); ties share the gradient. */
    min(axis?: number, keepDims?: boolean): Tensor;
    /** `log(sum(exp(this)))` over `axis`, max-subtracted for stability. */
    logSumExp(axis?: number, keepDims?: boolean): Tensor;
    /** Softmax along `axis` (default the last), same shape. */
    softmax(axis?: number): Tensor;
    /** Log-softmax along `axis` (default the last), same shape, computed stably. */
    logSoftmax(axis?: number): Tensor;
    /** Matrix product [.., m, k] x [.., k, n] -> [.., m, n]; `options` transposes either side without copying. */
    matmul(other: Tensor, options?: mm.MatmulOptions): Tensor;
    /** The same elements in a new shape of the same size (a view when contiguous). */
    reshape(shape: readonly number[]): Tensor;
    /** Axes reordered as `axes` (a view). */
    permute(axes: readonly number[]): Tensor;
    /** Two axes swapped (the last two by default), a view. */
    transpose(axis0?: number, axis1?: number): Tensor;
    /** A strided view: one `[start, end, step?]` range (or null for all) per leading axis. */
    slice(ranges: readonly (mv.SliceRange | null | undefined)[]): Tensor;
    /** A broadcast view to `shape` (size-1 axes repeated, no copy). */
    expand(shape: readonly number[]): Tensor;
    /** Values picked along `axis` at `indices` (torch.gather): output has the shape of `indices`. */
    gather(indices: Tensor, axis: number): Tensor;
    /** A row-major copy, or this tensor when already contiguous. */
    contiguous(): Tensor;
    /** A copy with its own storage, still on the tape. */
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
