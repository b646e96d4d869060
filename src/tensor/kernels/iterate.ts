import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** What a kernel needs to read a tensor: storage, shape, strides and offset (an ndarray-style view). */
export interface StridedView {
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Merges adjacent dims that every operand walks as one (stride[i] == stride[i+1] * shape[i+1]),
 * so a contiguous or scalar-broadcast operation becomes a single long row.
 * Returns the merged shape and one merged stride list per operand.
 */
export function coalesce(shape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d] as number;
    if (size === 1) continue; // a size-1 dim contributes nothing to the walk
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 &&
      strides.every((s, k) => (outStrides[k]![last] as number) === (s[d] as number) * size);
    if (mergeable) {
      outShape[last] = (outShape[last] as number) * size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d] as number));
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k]!.push(s[d] as number));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Walks `shape` in row-major order as rows along its last (coalesced) dimension, calling
 * `row(offsets, length)` once per row with each operand's offset of the row's first element.
 * Each operand's stride along the row is `strides[k][last]` of the returned coalesced layout.
 */
export function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: (rowOffsets: number[], rowStrides: number[], length: number) => void,
): void {
  const merged = coalesce(shape, strides);
  const dims = merged.shape.length;
  const length = merged.shape[dims - 1] as number;
  const rowStrides = merged.strides.map((s) => s[dims - 1] as number);
  const at = offsets.slice();
  if (shape.some((d) => d === 0)) return;
  if (dims === 1) {
    row(at, rowStrides, length);
    return;
  }
  const counter = new Array<number>(dims - 1).fill(0);
  for (;;) {
    row(at, rowStrides, length);
    // Advance the odometer over the outer dims.
    let d = dims - 2;
    for (; d >= 0; d--) {
      const c = (counter[d] as number) + 1;
      if (c < (merged.shape[d] as number)) {
        counter[d] = c;
        for (let k = 0; k < at.length; k++) at[k] = (at[k] as number) + (merged.strides[k]![d] as number);
        break;
      }
      counter[d] = 0;
      for (let k = 0; k < at.length; k++) {
        at[k] = (at[k] as number) - (c - 1) * (merged.strides[k]![d] as number);
      }
    }
    if (d < 0) return;
  }
}

/** Fills `out` (dense, row-major, same shape) with a strided copy of `src`. */
export function copyToDense(src: StridedView, out: TypedArray): void {
  const outStrides: number[] = [];
  let step = 1;
  for (let i = src.shape.length - 1; i >= 0; i--) {
    outStrides[i] = step;
    step *= src.shape[i] as number;
  }
  copyStrided(src, { data: out, shape: src.shape, strides: outStrides, offset: 0 });
}

/** Copies `src` into the view `dst` of the same shape (element by element, any strides). */
export function copyStrided(src: StridedView, dst: StridedView): void {
  const s = src.data;
  const o = dst.data;
  forEachRow(src.shape, [src.strides, dst.strides], [src.offset, dst.offset], (at, st, n) => {
    const ss = st[0] as number;
    const ds = st[1] as number;
    let i = at[0] as number;
    let j = at[1] as number;
    if (ss === 1 && ds === 1) {
      o.set(s.subarray(i, i + n), j);
      return;
    }
    for (let k = 0; k < n; k++, i += ss, j += ds) o[j] = s[i] as number;
  });
}

/**
 * The values of `v` in row-major order: its own storage when already dense (no copy), a subarray
 * when contiguous from an offset, else a fresh dense copy. Callers must not write into the result.
 */
export function denseValues(v: StridedView & { readonly size?: number }): TypedArray {
  const size = v.shape.reduce((p, d) => p * d, 1);
  let contiguous = true;
  let step = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i] as number;
    if (d !== 1 && v.strides[i] !== step) {
      contiguous = false;
      break;
    }
    step *= d;
  }
  if (contiguous) return v.offset === 0 && v.data.length === size ? v.data : v.data.subarray(v.offset, v.offset + size);
  const out = v.data instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  copyToDense(v, out);
  return out;
}
