// Which kernels run the float32 work: the JS reference kernels ('js') or the WebAssembly SIMD
// kernels ('wasm', src/tensor/wasm/). One process-wide switch. float64 products (gradient checks,
// audits, and the gradients of a float64 loss) take wasm's float64 kernel, which sums as the JS
// kernel does and gives its bits; float64 elementwise ops stay on JS. Where wasm SIMD is missing,
// 'wasm' falls back to 'js' with one notice, never silently.
import type { TypedArray } from './dtype.js';
import { reluRow, tanhRow } from './kernels/elementwise.js';
import { matmulInto, type MatrixView } from './kernels/matmul.js';
import { WasmKernels, type AdamHyper, type DenseLayerView, type WebAssemblyApi } from './wasm/runtime.js';

/** The kernel backends. */
export type BackendName = 'js' | 'wasm';
/** Every backend name {@link setBackend} accepts. */
export const BACKENDS: readonly BackendName[] = ['js', 'wasm'];

let active: BackendName = 'js';
/** The wasm kernels once loaded; null before the first load and after a failed one. */
let wasm: WasmKernels | null = null;
/** Why the wasm kernels could not load (null: not tried yet, or loaded). */
let wasmError: string | null = null;
let tried = false;
let notify: (message: string) => void = (message) => console.warn(message);

function loadWasm(): WasmKernels | null {
  if (!tried) loadWasmBackend();
  return wasm;
}

/**
 * (Re)loads the wasm kernels, from the module our emitter builds or from `options.bytes`, with the
 * host's WebAssembly or `options.wasm` (tests hand in a failing module or an API without SIMD).
 * Returns whether they loaded; on failure the reason goes to the notice handler, once.
 * @example if (!loadWasmBackend()) console.log(wasmUnavailableReason());
 */
export function loadWasmBackend(options: { bytes?: Uint8Array; wasm?: WebAssemblyApi } = {}): boolean {
  tried = true;
  try {
    wasm = WasmKernels.create(options);
    wasmError = null;
    return true;
  } catch (error) {
    wasm = null;
    wasmError = error instanceof Error ? error.message : String(error);
    if (active === 'wasm') active = 'js';
    notify(`grpo-ts: the wasm backend is unavailable (${wasmError}); using the js backend`);
    return false;
  }
}

/**
 * Whether the wasm SIMD kernels load on this host (loads them on first call).
 * @example setBackend(wasmAvailable() ? 'wasm' : 'js');
 */
export function wasmAvailable(): boolean {
  return loadWasm() !== null;
}

/**
 * Why the wasm kernels did not load, or null when they did (or were not tried yet).
 * @example if (!wasmAvailable()) console.log(`wasm off: ${wasmUnavailableReason()}`);
 */
export function wasmUnavailableReason(): string | null {
  return wasmError;
}

/**
 * Selects the kernels of every later float32 op and returns the backend now in use: 'wasm' falls
 * back to 'js' (with one notice, see {@link setBackendNotice}) when wasm SIMD is missing.
 * NOTE: results differ across backends in the last bits (wasm sums matmuls in float32 without
 * FMA, JS in float64; tanh is a rational approximation); within a backend they are bit-identical.
 * @example setBackend('wasm'); // 'wasm' where WebAssembly SIMD exists, else 'js'
 */
export function setBackend(name: BackendName): BackendName {
  if (!BACKENDS.includes(name)) throw new TypeError(`setBackend: name must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, received ${JSON.stringify(name)}`);
  active = name === 'wasm' && loadWasm() !== null ? 'wasm' : 'js';
  return active;
}

/**
 * The backend in use.
 * @example setBackend('wasm'); getBackend(); // 'wasm', or 'js' after a fallback
 */
export function getBackend(): BackendName {
  return active;
}

/**
 * Routes the fallback notice (default: console.warn).
 * @example const notices: string[] = []; setBackendNotice((m) => notices.push(m));
 */
export function setBackendNotice(handler: (message: string) => void): void {
  notify = handler;
}

/** The loaded wasm kernels when the wasm backend is active, else null. */
function activeWasm(): WasmKernels | null {
  return active === 'wasm' ? wasm : null;
}

/**
 * Below this many multiply-adds, or with fewer rows than the micro-kernel's, the JS kernel is
 * faster than copying into wasm memory and packing (measured: bench `matmul-*`, `mlp-forward-b1`).
 */
const WASM_MIN_MACS = 4096;

const isFloat = (x: TypedArray): x is Float32Array | Float64Array => x instanceof Float32Array || x instanceof Float64Array;

/**
 * out[outOffset..] = A [M, K] B [K, N] (+ bias [N] per row, added after the sum) with the active
 * backend. When wasm is active, float32 operands and output take its float32 kernel, and a
 * float64 output (a product with a float64 operand: a float64 loss's gradients) its float64
 * kernel, which gives the JS kernel's bits; anything else takes JS.
 */
export function matmulKernel(
  M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number,
  bias?: { data: TypedArray; offset: number; stride: number },
): void {
  const k = activeWasm();
  if (
    k !== null && out instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array &&
    (bias === undefined || bias.data instanceof Float32Array) &&
    M >= k.shape[0] && M * N * K >= WASM_MIN_MACS && a.rowStride >= 0 && a.colStride >= 0 && b.rowStride >= 0 && b.colStride >= 0
  ) {
    k.matmul(M, N, K, a, b, out, outOffset, bias === undefined ? undefined : { data: bias.data as Float32Array, offset: bias.offset, stride: bias.stride });
    return;
  }
  if (
    k !== null && M < k.shape[0] && out instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array &&
    (bias === undefined || bias.data instanceof Float32Array) && M * N * K >= WASM_MIN_MACS &&
    a.colStride === 1 && a.rowStride === K && b.rowStride === 1 && b.colStride === K
  ) {
    // Fewer rows than the micro-kernel's (one observation in action selection): the float64 row
    // product, which gives the JS kernel's bits, reading a dense layer's weight without packing.
    k.rowProduct(M, N, K, a.data, a.offset, b.data, b.offset, out, outOffset, bias === undefined ? undefined : { data: bias.data as Float32Array, offset: bias.offset, stride: bias.stride });
    return;
  }
  if (
    k !== null && out instanceof Float64Array && isFloat(a.data) && isFloat(b.data) && (bias === undefined || isFloat(bias.data)) &&
    M * N * K >= WASM_MIN_MACS && a.rowStride >= 0 && a.colStride >= 0 && b.rowStride >= 0 && b.colStride >= 0
  ) {
    k.matmul64(M, N, K, a, b, out, outOffset, bias === undefined ? undefined : { data: bias.data as Float32Array | Float64Array, offset: bias.offset, stride: bias.stride });
    return;
  }
  matmulInto(M, N, K, a, b, out, outOffset);
  if (bias) {
    const bd = bias.data;
    for (let i = 0; i < M; i++) {
      const row = outOffset + i * N;
      for (let j = 0, at = bias.offset; j < N; j++, at += bias.stride) out[row + j] = (out[row + j] as number) + (bd[at] as number);
    }
  }
}

/** Below this many elements the JS loop beats the copies in and out of wasm memory. */
const WASM_MIN_ELEMENTS = 16;

/**
 * out[0..n) = tanh(x[xOffset..xOffset+n)) with the wasm kernel when it is active and both are
 * float32; returns false (nothing written) otherwise, so the caller runs the JS kernel.
 */
export function tanhWasm(x: TypedArray, xOffset: number, n: number, out: TypedArray): boolean {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.tanh(x, xOffset, n, out, 0);
  return true;
}

/** out[0..n) = dy (1 - y^2) with the wasm kernel when active and all float32; false otherwise (caller runs JS). */
export function tanhBackwardWasm(dy: TypedArray, dyOffset: number, y: TypedArray, yOffset: number, n: number, out: TypedArray): boolean {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(dy instanceof Float32Array) || !(y instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.tanhBackward(dy, dyOffset, y, yOffset, n, out);
  return true;
}

/**
 * out[j] = sum_i x[xOffset + i cols + j] (a dense [rows, cols] float32 matrix summed over its rows,
 * as a dense layer's bias gradient is) with the wasm kernel when active: the same bits as the JS
 * kernel. Returns false (nothing written) otherwise, so the caller runs JS.
 */
export function sumRowsWasm(x: TypedArray, xOffset: number, rows: number, cols: number, out: TypedArray): boolean {
  const k = activeWasm();
  if (k === null || rows * cols < WASM_MIN_ELEMENTS || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.sumRows(x, xOffset, rows, cols, out);
  return true;
}

/** out[0..n) = relu(x[xOffset..]) with the wasm kernel when active and both float32; false otherwise (caller runs JS). */
export function reluWasm(x: TypedArray, xOffset: number, n: number, out: TypedArray): boolean {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.relu(x, xOffset, n, out);
  return true;
}

/**
 * out[0..n) = dy (x > 0) with the wasm kernel when active, x float32 and dy and out both float32
 * or both float64; false otherwise (caller runs JS).
 */
export function reluBackwardWasm(dy: TypedArray, dyOffset: number, x: TypedArray, xOffset: number, n: number, out: TypedArray): boolean {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(x instanceof Float32Array)) return false;
  if (!((dy instanceof Float32Array && out instanceof Float32Array) || (dy instanceof Float64Array && out instanceof Float64Array))) return false;
  k.reluBackward(dy, dyOffset, x, xOffset, n, out);
  return true;
}

/** Below this many parameters the JS loop beats the copies in and out of wasm memory. */
const WASM_MIN_ADAM = 256;

/**
 * One Adam step in place (p, m, v from g) with the wasm kernel when it is active and all four
 * arrays are float32: the JS loop's bits. Returns false (nothing written) otherwise, so the caller
 * runs the JS loop.
 */
export function adamStepWasm(p: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, hyper: AdamHyper): boolean {
  const k = activeWasm();
  if (
    k === null || p.length < WASM_MIN_ADAM || !(p instanceof Float32Array) || !(g instanceof Float32Array) ||
    !(m instanceof Float32Array) || !(v instanceof Float32Array) || g.length !== p.length || m.length !== p.length || v.length !== p.length
  ) return false;
  k.adam(p, g, m, v, hyper);
  return true;
}

/**
 * A float32 MLP's layers on one dense row x [1, in], in wasm memory from start to end, when the
 * wasm backend is active: each product by the float64 row kernel and each activation by the
 * kernel the ops choose for it (wasm's tanh from WASM_MIN_ELEMENTS values, else the JS row kernel
 * on the wasm memory; JS's relu, whose bits wasm's relu gives too), so the bits are those of
 * `linear` then `tanh`/`relu` layer by layer. Returns the output [out] as a fresh array, or null (nothing done) when wasm is not active
 * or the rows are as many as the micro-kernel's (the ops then use the float32 kernel: other bits).
 */
export function denseRowsWasm(rows: number, x: Float32Array, xOffset: number, layers: readonly DenseLayerView[], activation: 'tanh' | 'relu'): Float32Array | null {
  const k = activeWasm();
  if (k === null || rows >= k.shape[0] || layers.length === 0) return null;
  return k.denseStack(rows, x, xOffset, layers, (memory, at, n) => {
    if (activation === 'relu') reluRow(memory, at, 1, memory, at, n);
    else if (n >= WASM_MIN_ELEMENTS) k.tanhInMemory(at, n);
    else tanhRow(memory, at, 1, memory, at, n);
  });
}

/** What {@link fastestBackend} measured. */
export interface BackendChoice {
  readonly backend: BackendName;
  /** Median microseconds of the probe with each backend (wasm: null where it is unavailable). */
  readonly jsMicros: number;
  readonly wasmMicros: number | null;
}
let choice: BackendChoice | null = null;

/**
 * The faster backend on this host, measured once per process (then remembered): a hidden layer's
 * product at batch 256 ([256, 64] x [64, 64]^T) with each backend, 7 interleaved rounds, medians.
 * The gap is wide (about 5-10x where SIMD exists), so load on the host does not flip the answer;
 * a run records the backend it used in its config, so the choice is made once per run.
 * @example setBackend(fastestBackend());
 */
export function fastestBackend(): BackendChoice {
  if (choice !== null) return choice;
  const k = loadWasm();
  const size = 64 * 256;
  const x = Float32Array.from({ length: size }, (_, i) => Math.sin(i));
  const w = Float32Array.from({ length: 64 * 64 }, (_, i) => Math.cos(i));
  const out = new Float32Array(size);
  const a: MatrixView = { data: x, offset: 0, rowStride: 64, colStride: 1 };
  const b: MatrixView = { data: w, offset: 0, rowStride: 1, colStride: 64 };
  const time = (f: () => void): number => {
    const start = globalThis.performance.now();
    for (let i = 0; i < 3; i++) f();
    return ((globalThis.performance.now() - start) * 1000) / 3;
  };
  const js: number[] = [];
  const wasmTimes: number[] = [];
  for (let round = 0; round < 7; round++) {
    js.push(time(() => matmulInto(256, 64, 64, a, b, out, 0)));
    if (k !== null) wasmTimes.push(time(() => k.matmul(256, 64, 64, a, b, out, 0)));
  }
  const median = (v: number[]): number => v.sort((p, q) => p - q)[v.length >> 1]!;
  const jsMicros = median(js);
  const wasmMicros = k === null ? null : median(wasmTimes);
  choice = { backend: wasmMicros !== null && wasmMicros < jsMicros ? 'wasm' : 'js', jsMicros, wasmMicros };
  return choice;
}
