// Public API of the tensor layer: storage, shapes, dtypes, randomness and the reference kernels.
export { TensorData, type NestedArray } from './tensor_data.js';
export { type DType, type TypedArray } from './dtype.js';
export { type Shape, broadcastShapes, formatShape, sizeOf } from './shape.js';
export { Rng, type RngState } from './rng.js';
export { matmulInto, matmulReference, type MatrixView } from './kernels/matmul.js';
export {
  setBackend, getBackend, setBackendNotice, wasmAvailable, wasmUnavailableReason, loadWasmBackend, fastestBackend, BACKENDS,
  type BackendName, type BackendChoice,
} from './backend.js';
export { type WebAssemblyApi, type WasmMemory } from './wasm/runtime.js';
export { exp as fdlibmExp, log as fdlibmLog } from './libm.js';
