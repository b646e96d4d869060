/** The element types a tensor can hold: float32 for work, float64 for gradient checks and audits. */
export type DType = 'float32' | 'float64';

/** The typed arrays behind a tensor. */
export type TypedArray = Float32Array | Float64Array;

/** A zero-filled typed array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** The dtype of a typed array. */
export function dtypeOf(array: TypedArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

/** The result dtype of a binary op: float64 if either side is float64. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Checks a user-supplied dtype, naming the argument when it is not one we support. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new TypeError(`${where}: dtype must be 'float32' or 'float64', received ${JSON.stringify(dtype)}`);
}
