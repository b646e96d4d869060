import ndarray from 'ndarray';
import { dtypeOf, type DType, type TypedArray } from './dtype.js';
import { contiguousStrides, formatShape, sizeOf, type Shape } from './shape.js';

/** A nested array of numbers, as `toArray` returns and `tensor` accepts. */
export type NestedArray = number | NestedArray[];

/**
 * Strided storage: a typed array read as an n-d array through a shape, strides and an offset
 * (the same layout as an `ndarray` view). It knows nothing of gradients; the autograd layer's
 * `Tensor` extends it.
 */
export class TensorData {
  /** The backing storage, possibly shared with other views. */
  readonly data: TypedArray;
  readonly shape: Shape;
  /** Element strides, one per dimension (0 for broadcast dims). */
  readonly strides: readonly number[];
  /** Index of element [0, ..., 0] in `data`. */
  readonly offset: number;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;

  constructor(data: TypedArray, shape: Shape, strides?: readonly number[], offset = 0) {
    this.data = data;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtypeOf(data);
    this.size = sizeOf(shape);
  }

  /** Number of dimensions (0 for a scalar). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether the elements are laid out row-major and densely from `offset`. */
  isContiguous(): boolean {
    let step = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i] as number;
      if (d !== 1 && this.strides[i] !== step) return false;
      step *= d;
    }
    return true;
  }

  /** Whether this view covers its whole buffer densely, so `data` can be read directly as the values. */
  isDense(): boolean {
    return this.offset === 0 && this.data.length === this.size && this.isContiguous();
  }

  /** The element at a multi-index (one integer per dimension). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new RangeError(`get: expected ${this.shape.length} indices for shape ${formatShape(this.shape)}, received ${index.length}`);
    }
    let at = this.offset;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] as number;
      const d = this.shape[i] as number;
      if (!Number.isInteger(k) || k < 0 || k >= d) {
        throw new RangeError(`get: index ${k} out of range for axis ${i} of shape ${formatShape(this.shape)}`);
      }
      at += k * (this.strides[i] as number);
    }
    return this.data[at] as number;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item: expected a tensor with one element, received shape ${formatShape(this.shape)}`);
    return this.data[this.offset] as number;
  }

  /** The values as (nested) JavaScript arrays; a scalar gives a number. */
  toArray(): NestedArray {
    const walk = (dim: number, at: number): NestedArray => {
      if (dim === this.shape.length) return this.data[at] as number;
      const out: NestedArray[] = [];
      const stride = this.strides[dim] as number;
      for (let i = 0; i < (this.shape[dim] as number); i++) out.push(walk(dim + 1, at + i * stride));
      return out;
    };
    return walk(0, this.offset);
  }

  /** The values in row-major order as a new typed array of this dtype. */
  toTypedArray(): TypedArray {
    const out = this.dtype === 'float64' ? new Float64Array(this.size) : new Float32Array(this.size);
    if (this.isContiguous()) {
      out.set(this.data.subarray(this.offset, this.offset + this.size));
      return out;
    }
    let k = 0;
    const walk = (dim: number, at: number): void => {
      if (dim === this.shape.length) {
        out[k++] = this.data[at] as number;
        return;
      }
      const stride = this.strides[dim] as number;
      for (let i = 0; i < (this.shape[dim] as number); i++) walk(dim + 1, at + i * stride);
    };
    walk(0, this.offset);
    return out;
  }

  /** An `ndarray` view of the same storage (no copy), for the scijs ecosystem. */
  toNdarray(): ndarray.NdArray<TypedArray> {
    return ndarray(this.data, this.shape.slice(), this.strides.slice(), this.offset);
  }
}
