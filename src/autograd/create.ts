// Tensor creation. Every random tensor draws from an explicit, seeded Rng.
import { allocate, checkDType, type DType, type TypedArray } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { checkShape, formatShape, sizeOf } from '../tensor/shape.js';
import type { NestedArray } from '../tensor/tensor_data.js';
import { Tensor } from './tensor.js';

/** Options shared by the creation functions. */
export interface CreateOptions {
  /** Element type; float32 unless given (or inferred from a Float64Array). */
  dtype?: DType;
  /** Whether the new tensor is a leaf that wants a gradient. */
  requiresGrad?: boolean;
}

function make(data: TypedArray, shape: number[], options: CreateOptions): Tensor {
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad ?? false });
}

function dtypeFrom(options: CreateOptions, where: string, fallback: DType = 'float32'): DType {
  return options.dtype === undefined ? fallback : checkDType(options.dtype, where);
}

/**
 * A tensor from nested arrays, a flat typed array or array with `shape`, or a number (a scalar).
 * Values are copied.
 * @example tensor([[1, 2], [3, 4]]) // shape [2, 2]
 * @example tensor(new Float32Array(6), {shape: [2, 3]})
 */
export function tensor(values: NestedArray | ArrayLike<number>, options: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  const inferredDType = values instanceof Float64Array ? 'float64' : 'float32';
  const dtype = dtypeFrom(options, 'tensor', inferredDType);
  let flat: ArrayLike<unknown>;
  let shape: number[];
  if (typeof values === 'number') {
    flat = [values];
    shape = [];
  } else if (values instanceof Float32Array || values instanceof Float64Array || (Array.isArray(values) && options.shape !== undefined)) {
    flat = values;
    shape = [flat.length];
  } else if (Array.isArray(values)) {
    ({ flat, shape } = flatten(values));
  } else {
    throw new TypeError(`tensor: values must be a number, nested arrays of numbers or a typed array, received ${typeof values}`);
  }
  if (options.shape !== undefined) {
    const given = checkShape(options.shape, 'tensor');
    if (sizeOf(given) !== flat.length) {
      throw new RangeError(`tensor: shape ${formatShape(given)} holds ${sizeOf(given)} values, received ${flat.length}`);
    }
    shape = given;
  }
  const data = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number') throw new TypeError(`tensor: values must be numbers, received ${typeof v} at flat index ${i}`);
    data[i] = v;
  }
  return make(data, shape, options);
}

function flatten(values: NestedArray[]): { flat: number[]; shape: number[] } {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  const flat: number[] = [];
  const walk = (v: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`tensor: expected a number at ${path}, received ${Array.isArray(v) ? 'an array' : typeof v}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new RangeError(`tensor: ragged nested array: expected length ${shape[depth]} at ${path}, received ${Array.isArray(v) ? v.length : typeof v}`);
    }
    v.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(values, 0, 'values');
  return { flat, shape };
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const s = checkShape(shape, 'full');
  return make(allocate(dtypeFrom(options, 'full'), sizeOf(s)).fill(value), s, options);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  const s = checkShape(shape, 'zeros');
  return make(allocate(dtypeFrom(options, 'zeros'), sizeOf(s)), s, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** [start, start + step, ...) below `stop` (one argument: 0..stop-1), as NumPy's arange. */
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
    throw new RangeError(`arange: expected finite start, stop and a non-zero step, received start=${lo}, stop=${hi}, step=${step}`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = allocate(dtypeFrom(options, 'arange'), n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return make(data, [n], options);
}

/** The identity matrix [n, m] (m defaults to n). */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  const s = checkShape([n, m], 'eye');
  const data = allocate(dtypeFrom(options, 'eye'), n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return make(data, s, options);
}

/** Normal draws N(mean, std^2) from `rng`, in row-major order. */
export function randn(shape: readonly number[], rng: Rng, options: CreateOptions & { mean?: number; std?: number } = {}): Tensor {
  const s = checkShape(shape, 'randn');
  const data = allocate(dtypeFrom(options, 'randn'), sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal(options.mean ?? 0, options.std ?? 1);
  return make(data, s, options);
}

/** Uniform draws in [low, high) (default [0, 1)) from `rng`, in row-major order. */
export function rand(shape: readonly number[], rng: Rng, options: CreateOptions & { low?: number; high?: number } = {}): Tensor {
  const s = checkShape(shape, 'rand');
  const data = allocate(dtypeFrom(options, 'rand'), sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(options.low ?? 0, options.high ?? 1);
  return make(data, s, options);
}
