// Runs the wasm kernels on typed arrays: instantiates the module with its own memory, copies the
// operands in (one memcpy each), calls a kernel, copies the result out. Operands live in JS typed
// arrays, so the memory is scratch space, laid out afresh by every call.
import type { MatrixView } from '../kernels/matmul.js';
import { GEMM64_SHAPE, GEMM_SHAPE, kernelModuleBytes } from './kernels.js';

/** A WebAssembly memory: its bytes, and growth by 64 KiB pages. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows the memory by `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

/**
 * The parts of the WebAssembly API the runtime uses, declared here because the library is
 * compiled without the DOM's types (tests hand in one without SIMD, or a failing compiler).
 */
export interface WebAssemblyApi {
  /** Whether `bytes` is a valid module for this host (SIMD included). */
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

/** Whether `api` has the functions of {@link WebAssemblyApi} (checked at run time). */
function isWebAssemblyApi(api: unknown): api is WebAssemblyApi {
  const has = (key: string): boolean => typeof api === 'object' && api !== null && typeof Reflect.get(api, key) === 'function';
  return has('validate') && has('Module') && has('Instance') && has('Memory');
}

/** The host's WebAssembly (undefined in a runtime without it). */
export function hostWebAssembly(): WebAssemblyApi | undefined {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  return isWebAssemblyApi(api) ? api : undefined;
}

/** A wasm function taking and returning numbers. */
type WasmFunction = (...args: number[]) => unknown;

/** The export `name` of an instance, checked to be a function. */
function exported(exports: Record<string, unknown>, name: string): WasmFunction {
  const f = exports[name];
  if (typeof f !== 'function') throw new Error(`wasm kernels: the module exports no function '${name}'`);
  return (...args: number[]) => f(...args);
}

/** The kernels of one element type's product: packing and the micro-kernel loop. */
interface GemmExports {
  readonly pack: WasmFunction;
  readonly packRows: WasmFunction;
  readonly gemm: WasmFunction;
  /** The micro-kernel's rows and columns. */
  readonly shape: readonly [number, number];
  /** Bytes per element. */
  readonly bytes: number;
}

interface KernelExports {
  readonly f32: GemmExports;
  readonly f64: GemmExports;
  /** The 4 x 4 micro-kernels, for products with at most 4 columns (a policy head, a first layer's dW), where the wide ones waste most of each block. */
  readonly f32Narrow: GemmExports;
  readonly f64Narrow: GemmExports;
  readonly sumRows: WasmFunction;
  readonly adam: WasmFunction;
  readonly relu: WasmFunction;
  readonly reluBackward: WasmFunction;
  readonly reluBackward64: WasmFunction;
  readonly tanh: WasmFunction;
  readonly tanhBackward: WasmFunction;
  readonly rowProduct: WasmFunction;
}

const PAGE = 65536;
/**
 * The micro-kernel of products with at most 4 columns. Measured on the b1024 policy update's
 * shapes (kernel alone, medians): [1024, 64] x [64, 2] 61 -> 27 us and [64, 1024] x [1024, 4]
 * 70 -> 24 us against the 2 x 16 kernel. Each output's sum is the same whatever the shape.
 */
const NARROW_SHAPE: readonly [number, number] = [4, 4];
const align16 = (bytes: number): number => (bytes + 15) & ~15;
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** One bias per output column, read through a stride (a dense layer's bias). */
export interface BiasView {
  readonly data: Float32Array | Float64Array;
  readonly offset: number;
  readonly stride: number;
}

/** The numbers of one Adam step (src/nn/optim/adam.ts computes them per parameter tensor). */
export interface AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  /** lr / (1 - beta1^t). */
  readonly stepSize: number;
  /** sqrt(1 - beta2^t). */
  readonly bias2Sqrt: number;
  readonly eps: number;
  /** L2 weight decay added to the gradient (Adam), 0 for AdamW. */
  readonly l2: number;
  /** 1 - lr weightDecay (AdamW), 1 for Adam. */
  readonly shrink: number;
}

/** data[offset, offset + n) without making a view when that is the whole array (a parameter's usually is). */
function span(data: Float32Array, offset: number, n: number): Float32Array {
  return offset === 0 && data.length === n ? data : data.subarray(offset, offset + n);
}

/** One dense layer of {@link WasmKernels.denseStack}: weight [out, in] dense from `weightOffset`, optional bias [out]. */
export interface DenseLayerView {
  readonly weight: Float32Array;
  readonly weightOffset: number;
  readonly bias: BiasView | null;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

/** The smallest module that uses a SIMD instruction: `WebAssembly.validate` of it says whether SIMD is there. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // v128.const 0
]);

/** The wasm SIMD kernels bound to their memory. Construct with {@link WasmKernels.create}. */
export class WasmKernels {
  private f32: Float32Array;
  private f64: Float64Array;

  private constructor(
    private readonly exports: KernelExports,
    private readonly memory: WasmMemory,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
  }

  /** The float32 micro-kernel's rows and columns. */
  get shape(): readonly [number, number] {
    return this.exports.f32.shape;
  }

  /**
   * Compiles and instantiates the kernels. Throws when the host has no WebAssembly SIMD or the
   * module does not compile; the backend turns that into a fallback to JS with one notice.
   */
  static create(options: { bytes?: Uint8Array; wasm?: WebAssemblyApi; shape?: readonly [number, number]; shape64?: readonly [number, number] } = {}): WasmKernels {
    const wasm = options.wasm ?? hostWebAssembly();
    if (wasm === undefined) throw new Error('WebAssembly is not available in this runtime');
    if (!wasm.validate(SIMD_PROBE)) throw new Error('this runtime has WebAssembly but not its SIMD instructions');
    const memory = new wasm.Memory({ initial: 16 });
    const module = new wasm.Module(options.bytes ?? kernelModuleBytes());
    const { exports } = new wasm.Instance(module, { env: { memory } });
    const gemmOf = (suffix: '' | '64', shape: readonly [number, number], bytes: number): GemmExports => ({
      pack: exported(exports, `pack${suffix}`),
      packRows: exported(exports, `pack${suffix}_rows_${shape[1]}`),
      gemm: exported(exports, `gemm${suffix}_${shape[0]}x${shape[1]}`),
      shape,
      bytes,
    });
    const kernels: KernelExports = {
      f32: gemmOf('', options.shape ?? GEMM_SHAPE, 4),
      f64: gemmOf('64', options.shape64 ?? GEMM64_SHAPE, 8),
      f32Narrow: gemmOf('', NARROW_SHAPE, 4),
      f64Narrow: gemmOf('64', NARROW_SHAPE, 8),
      sumRows: exported(exports, 'sum_rows'),
      adam: exported(exports, 'adam'),
      relu: exported(exports, 'relu'),
      reluBackward: exported(exports, 'relu_backward'),
      reluBackward64: exported(exports, 'relu_backward64'),
      tanh: exported(exports, 'tanh'),
      tanhBackward: exported(exports, 'tanh_backward'),
      rowProduct: exported(exports, 'row_product'),
    };
    return new WasmKernels(kernels, memory);
  }

  /** Makes the memory at least `bytes` long; returns the float32 view (a new one after growing). */
  private reserve(bytes: number): Float32Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f32.buffer !== this.memory.buffer) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.f64 = new Float64Array(this.memory.buffer);
    }
    return this.f32;
  }

  /**
   * out[outOffset + i N + j] = sum_k A[i, k] B[k, j] (+ bias[j]), A [M, K] and B [K, N] read
   * through strides (transposes are stride swaps). The float32 sums run over k in ascending order.
   */
  matmul(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: Float32Array, outOffset: number, bias?: BiasView): void {
    this.product(N <= NARROW_SHAPE[1] ? this.exports.f32Narrow : this.exports.f32, M, N, K, a, b, out, outOffset, bias);
  }

  /**
   * The same product in float64 (operands of either float type, converted exactly on the way in):
   * each output sums over k in ascending order with a separate multiply and add, as the JS
   * kernel does, so the result is the JS kernel's bit for bit.
   */
  matmul64(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: Float64Array, outOffset: number, bias?: BiasView): void {
    this.product(N <= NARROW_SHAPE[1] ? this.exports.f64Narrow : this.exports.f64, M, N, K, a, b, out, outOffset, bias);
  }

  private product(g: GemmExports, M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: Float32Array | Float64Array, outOffset: number, bias?: BiasView): void {
    if (M === 0 || N === 0) return;
    const [MR, NR] = g.shape;
    const E = g.bytes;
    const align = (elements: number): number => align16(elements * E);
    const Np = roundUp(N, NR);
    const spanA = K === 0 ? 0 : (M - 1) * a.rowStride + (K - 1) * a.colStride + 1;
    const spanB = K === 0 ? 0 : (K - 1) * b.rowStride + (N - 1) * b.colStride + 1;
    // Layout: [A as given][B as given][B packed][C][bias][tile]; A is read where it lies.
    const rawA = 0;
    const rawB = rawA + align(Math.max(spanA, 1));
    const pb = rawB + align(spanB);
    const c = pb + align(Np * K);
    const biasAt = c + align(M * N);
    const tile = biasAt + align(Np);
    this.reserve(tile + MR * NR * E);
    // A typed-array set of float32 values into the float64 view converts them exactly.
    const mem = E === 4 ? this.f32 : this.f64;
    const at = (bytes: number): number => bytes / E;
    if (K > 0) {
      mem.set(a.data.subarray(a.offset, a.offset + spanA), at(rawA));
      mem.set(b.data.subarray(b.offset, b.offset + spanB), at(rawB));
      const full = N - (N % NR);
      if (b.colStride === 1) g.packRows(rawB, b.rowStride, K, N, pb);
      else g.pack(rawB, b.colStride, b.rowStride, full, full, K, NR, pb);
      // The last, partial panel: its columns from `full` on, zero-padded to NR.
      if (full < N) g.pack(rawB + full * b.colStride * E, b.colStride, b.rowStride, N - full, NR, K, NR, pb + full * K * E);
    }
    if (bias) for (let j = 0, i = bias.offset; j < N; j++, i += bias.stride) mem[at(biasAt) + j] = bias.data[i]!;
    g.gemm(rawA, a.rowStride * E, a.colStride * E, pb, c, M, N, K, biasAt, bias ? 1 : 0, tile);
    out.set(mem.subarray(at(c), at(c) + M * N), outOffset);
  }

  /**
   * The float32 product of a few dense rows with a dense layer's weight, out[outOffset + i N + j] =
   * sum_k x[xOffset + i K + k] w[wOffset + j K + k] (+ bias[j]), summed in float64 and rounded
   * as the JS kernel does (its bits: see `row_product` in kernels.ts). Copies x and w in (no
   * packing: the kernel reads w's rows where they lie).
   */
  rowProduct(M: number, N: number, K: number, x: Float32Array, xOffset: number, w: Float32Array, wOffset: number, out: Float32Array, outOffset: number, bias?: BiasView): void {
    if (M === 0 || N === 0) return;
    const xAt = 0;
    const wAt = xAt + align16(M * K * 4);
    const biasAt = wAt + align16(N * K * 4);
    const outAt = biasAt + align16(N * 4);
    const mem = this.reserve(outAt + M * N * 4);
    mem.set(x.subarray(xOffset, xOffset + M * K), xAt >> 2);
    mem.set(w.subarray(wOffset, wOffset + N * K), wAt >> 2);
    if (bias) for (let j = 0, i = bias.offset, b = biasAt >> 2; j < N; j++, i += bias.stride) mem[b + j] = bias.data[i]!;
    this.exports.rowProduct(xAt, M, K, wAt, N, biasAt, bias ? 1 : 0, outAt);
    out.set(mem.subarray(outAt >> 2, (outAt >> 2) + M * N), outOffset);
  }

  /**
   * A stack of dense layers on a few dense rows x [rows, in] (from xOffset), each product by
   * `row_product` (the JS kernel's bits), the layers' outputs staying in wasm memory; between two
   * layers `activate(memory, at, n)` runs in place on the n = rows * width values from index `at`
   * of the float32 view of memory. Returns the last layer's output, a fresh [rows, out] array.
   */
  denseStack(rows: number, x: Float32Array, xOffset: number, layers: readonly DenseLayerView[], activate: (memory: Float32Array, at: number, n: number) => void): Float32Array {
    // Layout: [x] then per layer [weight][bias][output], every block 16-byte aligned.
    let end = align16(rows * layers[0]!.inFeatures * 4);
    const at = layers.map((l) => {
      const w = end;
      const b = w + align16(l.outFeatures * l.inFeatures * 4);
      const o = b + align16(l.outFeatures * 4);
      end = o + align16(rows * l.outFeatures * 4);
      return { w, b, o };
    });
    const mem = this.reserve(end);
    mem.set(span(x, xOffset, rows * layers[0]!.inFeatures), 0);
    let input = 0;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      const { w, b, o } = at[i]!;
      mem.set(span(l.weight, l.weightOffset, l.outFeatures * l.inFeatures), w >> 2);
      const bias = l.bias;
      if (bias !== null && bias.stride === 1 && bias.data instanceof Float32Array) mem.set(span(bias.data, bias.offset, l.outFeatures), b >> 2);
      else if (bias !== null) for (let j = 0, k = bias.offset, d = b >> 2; j < l.outFeatures; j++, k += bias.stride) mem[d + j] = bias.data[k]!;
      this.exports.rowProduct(input, rows, l.inFeatures, w, l.outFeatures, b, bias === null ? 0 : 1, o);
      if (i + 1 < layers.length) activate(mem, o >> 2, rows * l.outFeatures);
      input = o;
    }
    const last = layers[layers.length - 1]!;
    return mem.slice(input >> 2, (input >> 2) + rows * last.outFeatures);
  }

  /** out = tanh(out) in place for the n values of wasm memory from float32 index `at` (the view {@link denseStack} hands out). */
  tanhInMemory(at: number, n: number): void {
    this.exports.tanh(at * 4, at * 4, n);
  }

  /**
   * out[j] = sum_i x[xOffset + i cols + j] over the rows of a dense [rows, cols] float32 matrix:
   * the same bits as the JS kernel (float64 sums over i ascending, one rounding).
   */
  sumRows(x: Float32Array, xOffset: number, rows: number, cols: number, out: Float32Array): void {
    const inBytes = align16((rows * cols + 8) * 4);
    const mem = this.reserve(inBytes + align16(cols + 8) * 4);
    mem.set(x.subarray(xOffset, xOffset + rows * cols), 0);
    this.exports.sumRows(0, rows, cols, inBytes);
    out.set(mem.subarray(inBytes >> 2, (inBytes >> 2) + cols), 0);
  }

  /**
   * One Adam step of n float32 parameters in place: p, m and v updated from g, with the
   * hyperparameters of {@link AdamHyper}; the JS step's bits (see the kernel's comment).
   */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, hyper: AdamHyper): void {
    const n = p.length;
    const bytes = align16((n + 2) * 4);
    const hyperAt = 4 * bytes;
    this.reserve(hyperAt + 9 * 8);
    const mem = this.f32;
    mem.set(p, 0);
    mem.set(g, bytes >> 2);
    mem.set(m, (2 * bytes) >> 2);
    mem.set(v, (3 * bytes) >> 2);
    this.f64.set([hyper.beta1, 1 - hyper.beta1, hyper.beta2, 1 - hyper.beta2, hyper.stepSize, hyper.bias2Sqrt, hyper.eps, hyper.l2, hyper.shrink], hyperAt >> 3);
    this.exports.adam(0, bytes, 2 * bytes, 3 * bytes, n, hyperAt);
    p.set(mem.subarray(0, n));
    m.set(mem.subarray((2 * bytes) >> 2, ((2 * bytes) >> 2) + n));
    v.set(mem.subarray((3 * bytes) >> 2, ((3 * bytes) >> 2) + n));
  }

  /** out[i] = x[xOffset + i] > 0 ? x[xOffset + i] : +0 (NaN kept) for i < n: the JS kernel's bits. */
  relu(x: Float32Array, xOffset: number, n: number, out: Float32Array): void {
    const bytes = align16(n * 4);
    const mem = this.reserve(2 * bytes);
    mem.set(x.subarray(xOffset, xOffset + n), 0);
    this.exports.relu(0, bytes, n);
    out.set(mem.subarray(bytes >> 2, (bytes >> 2) + n), 0);
  }

  /** out[i] = dy[dyOffset + i] * (x[xOffset + i] > 0 ? 1 : 0) for i < n, dy and out of one float type: the JS kernel's bits. */
  reluBackward(dy: Float32Array | Float64Array, dyOffset: number, x: Float32Array, xOffset: number, n: number, out: Float32Array | Float64Array): void {
    const E = dy instanceof Float64Array ? 8 : 4;
    const dyBytes = align16(n * E);
    const xBytes = align16(n * 4 + 8);
    this.reserve(2 * dyBytes + xBytes);
    const mem = E === 8 ? this.f64 : this.f32;
    mem.set(dy.subarray(dyOffset, dyOffset + n), 0);
    this.f32.set(x.subarray(xOffset, xOffset + n), dyBytes >> 2);
    (E === 8 ? this.exports.reluBackward64 : this.exports.reluBackward)(0, dyBytes, dyBytes + xBytes, n);
    out.set(mem.subarray((dyBytes + xBytes) / E, (dyBytes + xBytes) / E + n), 0);
  }

  /** out[o + i] = tanh(x[i + xOffset]) for i < n, x read densely. */
  tanh(x: Float32Array, xOffset: number, n: number, out: Float32Array, o: number): void {
    const bytes = align16(n * 4);
    const mem = this.reserve(2 * bytes);
    mem.set(x.subarray(xOffset, xOffset + n), 0);
    this.exports.tanh(0, bytes, n);
    out.set(mem.subarray(bytes >> 2, (bytes >> 2) + n), o);
  }

  /** out[i] = dy[i] (1 - y[i]^2) for i < n, both read densely from their offsets. */
  tanhBackward(dy: Float32Array, dyOffset: number, y: Float32Array, yOffset: number, n: number, out: Float32Array): void {
    const bytes = align16(n * 4);
    const mem = this.reserve(3 * bytes);
    mem.set(dy.subarray(dyOffset, dyOffset + n), 0);
    mem.set(y.subarray(yOffset, yOffset + n), bytes >> 2);
    this.exports.tanhBackward(0, bytes, 2 * bytes, n);
    out.set(mem.subarray((2 * bytes) >> 2, ((2 * bytes) >> 2) + n), 0);
  }
}
