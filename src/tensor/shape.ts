/** A tensor's shape: one non-negative integer per dimension; `[]` is a scalar. */
export type Shape = readonly number[];

/** Formats a shape as `[2,3]` for error messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** The number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i] as number;
  return n;
}

/** Row-major (C-order) strides of a shape, in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i] as number;
  }
  return strides;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-supplied shape, naming the op and the value received. */
export function checkShape(shape: unknown, where: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${where}: shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}

/**
 * The NumPy broadcast of two shapes: align on the right; each pair of dims must be equal or 1.
 * Throws naming the op and both shapes.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : (a[i - (n - a.length)] as number);
    const db = i < n - b.length ? 1 : (b[i - (n - b.length)] as number);
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides that read a tensor of `shape`/`strides` as if it had `target` shape (NumPy broadcasting):
 * stride 0 along new or size-1 dims. `shape` must broadcast to `target`.
 */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : (strides[i] as number);
  }
  return out;
}

/** Resolves a possibly negative axis against `ndim`, naming the op when it is out of range. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? 'absent (a scalar has no axes)' : `an integer in [${-ndim}, ${ndim - 1}]`;
    throw new RangeError(`${op}: axis must be ${range}, received ${axis}`);
  }
  return axis < 0 ? axis + ndim : axis;
}
