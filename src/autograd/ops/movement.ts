// Movement ops: views (reshape of contiguous data, permute, slice, expand) and copies (concat,
// gather, clone). Each forward with its backward rule beside it.
import { allocateOutput, promote } from '../../tensor/dtype.js';
import { copyStrided, copyToDense, denseValues } from '../../tensor/kernels/iterate.js';
import { concatAxis, gatherAxis, scatterAddAxis } from '../../tensor/kernels/movement.js';
import { contiguousStrides, formatShape, normalizeAxis, shapesEqual, sizeOf } from '../../tensor/shape.js';
import { record } from '../engine.js';
import { Tensor } from '../tensor.js';

/** The same values laid out densely (a copy only when `x` is not contiguous). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  const out = allocateOutput(x.dtype, x.size);
  copyToDense(x, out);
  return record('contiguous', out, x.shape.slice(), [x], (dy) => [() => dy]);
}

/** A copy with its own storage. */
export function clone(x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  copyToDense(x, out);
  return record('clone', out, x.shape.slice(), [x], (dy) => [() => dy]);
}

/**
 * The same elements in a new shape (row-major order); one dim may be -1 (inferred).
 * A view when `x` is contiguous, a copy otherwise.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = resolveShape(x, shape);
  if (x.isContiguous()) {
    return record('reshape', x.data, target, [x], (dy) => [() => reshape(dy, x.shape)], {
      strides: contiguousStrides(target),
      offset: x.offset,
    });
  }
  return record('reshape', denseValues(x), target, [x], (dy) => [() => reshape(dy, x.shape)]);
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new TypeError(`reshape: shape must be an array of integers >= -1, received ${JSON.stringify(shape)}`);
  }
  const out = shape.slice();
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) throw new RangeError(`reshape: at most one dim may be -1, received ${formatShape(shape)}`);
  if (free >= 0) {
    const known = out.reduce((p, d, i) => (i === free ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new RangeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
    }
    out[free] = x.size / known;
  }
  if (sizeOf(out) !== x.size) {
    throw new RangeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  return out;
}

/** Reorders the dims: result dim i is input dim axes[i]. A view. */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const n = x.ndim;
  const resolved = axes.map((a) => normalizeAxis('permute', a, n));
  if (resolved.length !== n || new Set(resolved).size !== n) {
    throw new RangeError(`permute: axes must be a permutation of ${n} dims for shape ${formatShape(x.shape)}, received ${JSON.stringify(axes)}`);
  }
  const inverse = new Array<number>(n);
  resolved.forEach((a, i) => (inverse[a] = i));
  return record('permute', x.data, resolved.map((a) => x.shape[a] as number), [x], (dy) => [() => permute(dy, inverse)], {
    strides: resolved.map((a) => x.strides[a] as number),
    offset: x.offset,
  });
}

/** Swaps two dims (by default the last two). A view. */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.ndim < 2 && arguments.length < 2) {
    throw new RangeError(`transpose: needs at least 2 dims (or explicit axes), received shape ${formatShape(x.shape)}`);
  }
  const a = normalizeAxis('transpose', axis0, x.ndim);
  const b = normalizeAxis('transpose', axis1, x.ndim);
  const axes = Array.from({ length: x.ndim }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return permute(x, axes);
}

/** A range along one axis: `[start, end]` or `[start, end, step]`; negative indices count from the end. */
export type SliceRange = readonly [number, number] | readonly [number, number, number];

/**
 * A view of a sub-block: `ranges[d]` selects along dim d (`null`/missing = the whole dim).
 * Ends are exclusive and clipped to the dim, as in Python; steps are positive.
 * @example x.slice([[0, 2], null, [1, 4, 2]])
 */
export function slice(x: Tensor, ranges: readonly (SliceRange | null | undefined)[]): Tensor {
  if (ranges.length > x.ndim) {
    throw new RangeError(`slice: ${ranges.length} ranges given for shape ${formatShape(x.shape)}`);
  }
  const shape = x.shape.slice();
  const starts = new Array<number>(x.ndim).fill(0);
  const steps = new Array<number>(x.ndim).fill(1);
  ranges.forEach((r, d) => {
    if (r === null || r === undefined) return;
    const size = x.shape[d] as number;
    const [rawStart, rawEnd, step = 1] = r;
    if (!Number.isInteger(rawStart) || !Number.isInteger(rawEnd) || !Number.isInteger(step) || step < 1) {
      throw new RangeError(`slice: range for dim ${d} must be integers [start, end, step>=1], received ${JSON.stringify(r)}`);
    }
    const clip = (i: number) => Math.min(size, Math.max(0, i < 0 ? i + size : i));
    const start = clip(rawStart);
    const end = Math.max(start, clip(rawEnd));
    shape[d] = Math.ceil((end - start) / step);
    starts[d] = start;
    steps[d] = step;
  });
  // The same block read in a strided layout `base` starting at `origin`.
  const blockOf = (base: readonly number[], origin: number) => ({
    strides: base.map((s, d) => s * (steps[d] as number)),
    offset: base.reduce((acc, s, d) => acc + s * (starts[d] as number), origin),
  });
  return record('slice', x.data, shape, [x], (dy) => [() => {
    // The adjoint of a view: zeros of the input's shape with dy written into the viewed block.
    const grad = allocateOutput(dy.dtype, x.size);
    copyStrided(dy, { data: grad, shape, ...blockOf(contiguousStrides(x.shape), 0) });
    return new Tensor(grad, x.shape.slice());
  }], blockOf(x.strides, x.offset));
}

/**
 * Broadcasts `x` to `shape` without copying (stride 0 along expanded dims), as NumPy's
 * broadcast_to; -1 keeps a dim. The backward sums over the expanded dims.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new RangeError(`expand: cannot expand shape ${formatShape(x.shape)} to fewer dims ${formatShape(shape)}`);
  const target = shape.map((d, i) => (d === -1 && i >= lead ? (x.shape[i - lead] as number) : d));
  const strides = target.map((d, i) => {
    if (i < lead) return 0;
    const own = x.shape[i - lead] as number;
    if (own === d) return x.strides[i - lead] as number;
    if (own === 1 && Number.isInteger(d) && d >= 0) return 0;
    throw new RangeError(`expand: cannot expand shape ${formatShape(x.shape)} to ${formatShape(shape)}`);
  });
  return record('expand', x.data, target, [x], (dy) => [() => dy], { strides, offset: x.offset });
}

/** Joins tensors along an existing axis; all other dims must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('concat: expected at least one tensor, received none');
  const first = tensors[0]!;
  const ax = normalizeAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new RangeError(`concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${ax}`);
    }
  }
  const dtype = tensors.reduce((d, t) => promote(d, t.dtype), first.dtype);
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const lengths = tensors.map((t) => t.shape[ax] as number);
  const shape = first.shape.slice();
  shape[ax] = lengths.reduce((a, b) => a + b, 0);
  const out = allocateOutput(dtype, sizeOf(shape));
  concatAxis(tensors.map((t, i) => ({ data: denseValues(t), n: lengths[i]! })), outer, inner, out);
  const starts = lengths.map((_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
  return record('concat', out, shape, tensors, (dy) =>
    tensors.map((_, i) => () => {
      const ranges: (SliceRange | null)[] = new Array(ax + 1).fill(null);
      ranges[ax] = [starts[i]!, starts[i]! + lengths[i]!];
      return slice(dy, ranges);
    }),
  );
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack: expected at least one tensor, received none');
  const first = tensors[0]!;
  const ax = normalizeAxis('stack', axis, first.ndim + 1);
  for (const t of tensors) {
    if (!shapesEqual(t.shape, first.shape)) throw new RangeError(`stack: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ`);
  }
  const withAxis = first.shape.slice();
  withAxis.splice(ax, 0, 1);
  return concat(tensors.map((t) => reshape(t, withAxis)), ax);
}

/**
 * Picks values along `axis` at integer `indices` (NumPy's take_along_axis, torch.gather):
 * out[..., j, ...] = x[..., indices[..., j, ...], ...]. `indices` has x's rank; its other dims
 * must equal x's. The gradient scatters back, adding at repeated indices.
 */
export function gather(x: Tensor, indices: Tensor, axis: number): Tensor {
  const ax = normalizeAxis('gather', axis, x.ndim);
  if (indices.ndim !== x.ndim || indices.shape.some((d, i) => i !== ax && d !== x.shape[i])) {
    throw new RangeError(`gather: indices of shape ${formatShape(indices.shape)} must match input shape ${formatShape(x.shape)} outside axis ${ax}`);
  }
  const n = x.shape[ax] as number;
  const idx = denseValues(indices);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(`gather: indices must be integers in [0, ${n}) for axis ${ax} of shape ${formatShape(x.shape)}, received ${v}`);
    }
  }
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const m = indices.shape[ax] as number;
  const out = allocateOutput(x.dtype, indices.size);
  gatherAxis(denseValues(x), outer, n, inner, idx, m, out);
  return record('gather', out, indices.shape.slice(), [x, indices], (dy) => [() => {
    const grad = allocateOutput(dy.dtype, x.size);
    scatterAddAxis(denseValues(dy), outer, m, inner, idx, n, grad);
    return new Tensor(grad, x.shape.slice());
  }, null]);
}

