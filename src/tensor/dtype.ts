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

/** Largest output (in bytes) carved from the shared slab; larger ones get their own buffer. */
const SLAB_MAX_BYTES = 1024;
/** Size of one slab. A live view keeps its whole slab alive, so slabs stay small. */
const SLAB_BYTES = 16 * 1024;
/** V8 keeps typed arrays up to this many bytes on its heap, where allocation is already cheap. */
const ON_HEAP_BYTES = 64;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * A zero-filled typed array for an op's output. Small outputs (65 to 1024 bytes) are views into
 * a shared, never-reused slab: a fresh off-heap buffer costs ~750 ns in V8 and a view ~70 ns
 * (measured), which is most of the cost of a batch-1 forward pass.
 * NOTE: such an array shares its `.buffer` with other tensors' data (always use `byteOffset` and
 * `byteLength` with `.buffer`), and while it lives it keeps its 16 KiB slab alive. Creation
 * functions and parameters use {@link allocate}: their storage is their own.
 */
export function allocateOutput(dtype: DType, length: number): TypedArray {
  const bytes = length * (dtype === 'float64' ? 8 : 4);
  if (bytes <= ON_HEAP_BYTES || bytes > SLAB_MAX_BYTES) return allocate(dtype, length);
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  slabUsed += (bytes + 7) & ~7; // keep every view 8-byte aligned (Float64Array needs it)
  return dtype === 'float64' ? new Float64Array(slab, offset, length) : new Float32Array(slab, offset, length);
}
