// src/tensor/tensor_data.ts
import ndarray from "ndarray";

// src/tensor/dtype.ts
function allocate(dtype, length) {
  return dtype === "float64" ? new Float64Array(length) : new Float32Array(length);
}
function dtypeOf(array) {
  return array instanceof Float64Array ? "float64" : "float32";
}
function promote(a, b) {
  return a === "float64" || b === "float64" ? "float64" : "float32";
}
function checkDType(dtype, where2) {
  if (dtype === "float32" || dtype === "float64") return dtype;
  throw new TypeError(`${where2}: dtype must be 'float32' or 'float64', received ${JSON.stringify(dtype)}`);
}
var SLAB_MAX_BYTES = 1024;
var SLAB_BYTES = 16 * 1024;
var ON_HEAP_BYTES = 64;
var slab = new ArrayBuffer(0);
var slabUsed = 0;
function allocateOutput(dtype, length) {
  const bytes = length * (dtype === "float64" ? 8 : 4);
  if (bytes <= ON_HEAP_BYTES || bytes > SLAB_MAX_BYTES) return allocate(dtype, length);
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  slabUsed += bytes + 7 & ~7;
  return dtype === "float64" ? new Float64Array(slab, offset, length) : new Float32Array(slab, offset, length);
}

// src/tensor/shape.ts
function formatShape(shape) {
  return `[${shape.join(",")}]`;
}
function sizeOf(shape) {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
function contiguousStrides(shape) {
  const strides = new Array(shape.length);
  let step2 = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step2;
    step2 *= shape[i];
  }
  return strides;
}
function shapesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function checkShape(shape, where2) {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${where2}: shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}
function broadcastShapes(op, a, b) {
  const n = Math.max(a.length, b.length);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}
function broadcastStrides(shape, strides, target) {
  const out = new Array(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i];
  }
  return out;
}
function normalizeAxis(op, axis, ndim) {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? "absent (a scalar has no axes)" : `an integer in [${-ndim}, ${ndim - 1}]`;
    throw new RangeError(`${op}: axis must be ${range}, received ${axis}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

// src/tensor/tensor_data.ts
var TensorData = class {
  /** The backing storage, possibly shared with other views. */
  data;
  shape;
  /** Element strides, one per dimension (0 for broadcast dims). */
  strides;
  /** Index of element [0, ..., 0] in `data`. */
  offset;
  dtype;
  /** Number of elements. */
  size;
  constructor(data, shape, strides, offset = 0) {
    this.data = data;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtypeOf(data);
    this.size = sizeOf(shape);
  }
  /** Number of dimensions (0 for a scalar). */
  get ndim() {
    return this.shape.length;
  }
  /** Whether the elements are laid out row-major and densely from `offset`. */
  isContiguous() {
    let step2 = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      if (d !== 1 && this.strides[i] !== step2) return false;
      step2 *= d;
    }
    return true;
  }
  /** Whether this view covers its whole buffer densely, so `data` can be read directly as the values. */
  isDense() {
    return this.offset === 0 && this.data.length === this.size && this.isContiguous();
  }
  /** The element at a multi-index (one integer per dimension). */
  get(...index) {
    if (index.length !== this.shape.length) {
      throw new RangeError(`get: expected ${this.shape.length} indices for shape ${formatShape(this.shape)}, received ${index.length}`);
    }
    let at = this.offset;
    for (let i = 0; i < index.length; i++) {
      const k = index[i];
      const d = this.shape[i];
      if (!Number.isInteger(k) || k < 0 || k >= d) {
        throw new RangeError(`get: index ${k} out of range for axis ${i} of shape ${formatShape(this.shape)}`);
      }
      at += k * this.strides[i];
    }
    return this.data[at];
  }
  /** The single value of a one-element tensor. */
  item() {
    if (this.size !== 1) throw new RangeError(`item: expected a tensor with one element, received shape ${formatShape(this.shape)}`);
    return this.data[this.offset];
  }
  /** The values as (nested) JavaScript arrays; a scalar gives a number. */
  toArray() {
    const walk = (dim, at) => {
      if (dim === this.shape.length) return this.data[at];
      const out = [];
      const stride = this.strides[dim];
      for (let i = 0; i < this.shape[dim]; i++) out.push(walk(dim + 1, at + i * stride));
      return out;
    };
    return walk(0, this.offset);
  }
  /** The values in row-major order as a new typed array of this dtype. */
  toTypedArray() {
    const out = this.dtype === "float64" ? new Float64Array(this.size) : new Float32Array(this.size);
    if (this.isContiguous()) {
      out.set(this.data.subarray(this.offset, this.offset + this.size));
      return out;
    }
    let k = 0;
    const walk = (dim, at) => {
      if (dim === this.shape.length) {
        out[k++] = this.data[at];
        return;
      }
      const stride = this.strides[dim];
      for (let i = 0; i < this.shape[dim]; i++) walk(dim + 1, at + i * stride);
    };
    walk(0, this.offset);
    return out;
  }
  /** An `ndarray` view of the same storage (no copy), for the scijs ecosystem. */
  toNdarray() {
    return ndarray(this.data, this.shape.slice(), this.strides.slice(), this.offset);
  }
};

// src/tensor/rng.ts
import seedrandom from "seedrandom";
var Rng = class _Rng {
  seedPath;
  prng;
  spareNormal = null;
  constructor(seed) {
    if (typeof seed === "number" && !Number.isFinite(seed)) {
      throw new RangeError(`Rng: seed must be a finite number or a string, received ${seed}`);
    }
    this.seedPath = String(seed);
    this.prng = seedrandom.alea(this.seedPath, { state: true });
  }
  /** The seed path: the root seed followed by the names of the forks that led here. */
  get path() {
    return this.seedPath;
  }
  /**
   * A named child stream. The same parent path and name always give the same stream.
   * @param name a label such as `'init'`, `'env'`, `'noise'`
   * @param index optional index for families of streams, e.g. one per vector-env copy
   */
  fork(name2, index) {
    if (typeof name2 !== "string" || name2.length === 0 || name2.includes("/")) {
      throw new TypeError(`Rng.fork: name must be a non-empty string without '/', received ${JSON.stringify(name2)}`);
    }
    if (index !== void 0 && !(Number.isInteger(index) && index >= 0)) {
      throw new RangeError(`Rng.fork: index must be a non-negative integer, received ${index}`);
    }
    return new _Rng(`${this.path}/${name2}${index === void 0 ? "" : `#${index}`}`);
  }
  /** A uniform draw in [low, high) (defaults [0, 1)), with 32 bits of randomness. */
  uniform(low = 0, high = 1) {
    return low + (high - low) * this.prng();
  }
  /** A normal draw N(mean, std^2), by the Box-Muller transform (pairs are cached, and saved in the state). */
  normal(mean2 = 0, std = 1) {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean2 + std * z;
    }
    const u1 = 1 - this.prng();
    const u2 = this.prng();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return mean2 + std * radius * Math.cos(angle);
  }
  /** A uniform integer in [0, n) (or [low, high) with two arguments). */
  int(lowOrN, high) {
    const low = high === void 0 ? 0 : lowOrN;
    const top = high === void 0 ? lowOrN : high;
    if (!Number.isInteger(low) || !Number.isInteger(top) || top <= low) {
      throw new RangeError(`Rng.int: expected integers low < high, received low=${low}, high=${top}`);
    }
    return low + Math.floor(this.prng() * (top - low));
  }
  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle(array) {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
  /** A random permutation of 0..n-1. */
  permutation(n) {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
  /**
   * An index drawn with probability proportional to `weights[i]` (non-negative, not all zero;
   * they need not sum to 1).
   */
  categorical(weights) {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || w === Infinity) {
        throw new RangeError(`Rng.categorical: weights must be finite and >= 0, received weights[${i}]=${w}`);
      }
      total += w;
    }
    if (!(total > 0)) throw new RangeError(`Rng.categorical: weights must not all be zero (received ${weights.length} weights)`);
    const target = this.prng() * total;
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      cumulative += weights[i];
      if (target < cumulative) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }
  /** A snapshot of this stream's state; `Rng.fromState` resumes it exactly. */
  getState() {
    return { path: this.path, alea: { ...this.prng.state() }, spareNormal: this.spareNormal };
  }
  /** Restores a snapshot taken with {@link Rng.getState} (of this stream or another). */
  setState(state) {
    this.prng = seedrandom.alea("", { state: { ...state.alea } });
    this.spareNormal = state.spareNormal;
    this.seedPath = state.path;
  }
  /** A new stream resuming from a snapshot. */
  static fromState(state) {
    const rng2 = new _Rng(state.path);
    rng2.setState(state);
    return rng2;
  }
};

// src/tensor/kernels/matmul.ts
var packA = new Float64Array(0);
var packB = new Float64Array(0);
function matmulInto(M, N, K, a, b, out, outOffset) {
  if (M < 4 || N < 4 || M * N * K < 4096) {
    matmulSmall(M, N, K, a, b, out, outOffset);
    return;
  }
  const mPanels = M + 3 >> 2;
  const nPanels = N + 3 >> 2;
  if (packA.length < mPanels * 4 * K) packA = new Float64Array(mPanels * 4 * K);
  if (packB.length < nPanels * 4 * K) packB = new Float64Array(nPanels * 4 * K);
  const pa = packA;
  const pb = packB;
  packPanels(a, M, K, true, pa);
  packPanels(b, N, K, false, pb);
  for (let ip = 0; ip < mPanels; ip++) {
    const aBase = ip * 4 * K;
    const i0 = ip * 4;
    for (let jp = 0; jp < nPanels; jp++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let p2 = aBase;
      let q = jp * 4 * K;
      for (let k = 0; k < K; k++, p2 += 4, q += 4) {
        const a0 = pa[p2], a1 = pa[p2 + 1], a2 = pa[p2 + 2], a3 = pa[p2 + 3];
        const b0 = pb[q], b1 = pb[q + 1], b2 = pb[q + 2], b3 = pb[q + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const j0 = jp * 4;
      const rows = Math.min(4, M - i0);
      const cols = Math.min(4, N - j0);
      if (rows === 4 && cols === 4) {
        let o = outOffset + i0 * N + j0;
        out[o] = c00;
        out[o + 1] = c01;
        out[o + 2] = c02;
        out[o + 3] = c03;
        o += N;
        out[o] = c10;
        out[o + 1] = c11;
        out[o + 2] = c12;
        out[o + 3] = c13;
        o += N;
        out[o] = c20;
        out[o + 1] = c21;
        out[o + 2] = c22;
        out[o + 3] = c23;
        o += N;
        out[o] = c30;
        out[o + 1] = c31;
        out[o + 2] = c32;
        out[o + 3] = c33;
      } else {
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[outOffset + (i0 + r) * N + j0 + c] = block[r * 4 + c];
      }
    }
  }
}
function packPanels(m, lines, K, linesAreRows, dst) {
  const src = m.data;
  const lineStride = linesAreRows ? m.rowStride : m.colStride;
  const kStride = linesAreRows ? m.colStride : m.rowStride;
  const panels = lines + 3 >> 2;
  for (let p2 = 0; p2 < panels; p2++) {
    const base = p2 * 4 * K;
    for (let r = 0; r < 4; r++) {
      const line = p2 * 4 + r;
      if (line >= lines) {
        for (let k = 0; k < K; k++) dst[base + k * 4 + r] = 0;
        continue;
      }
      let at = m.offset + line * lineStride;
      for (let k = 0; k < K; k++, at += kStride) dst[base + k * 4 + r] = src[at];
    }
  }
}
function matmulSmall(M, N, K, a, b, out, outOffset) {
  const ad = a.data;
  const bd = b.data;
  const ars = a.rowStride;
  const acs = a.colStride;
  const brs = b.rowStride;
  const bcs = b.colStride;
  const N8 = N - N % 8;
  const N4 = N - N % 4;
  const s1 = bcs, s2 = 2 * bcs, s3 = 3 * bcs, s4 = 4 * bcs, s5 = 5 * bcs, s6 = 6 * bcs, s7 = 7 * bcs;
  for (let i = 0; i < M; i++) {
    const aRow = a.offset + i * ars;
    const o = outOffset + i * N;
    for (let j = 0; j < N8; j += 8) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
      let p2 = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p2 += acs, q += brs) {
        const x = ad[p2];
        c0 += x * bd[q];
        c1 += x * bd[q + s1];
        c2 += x * bd[q + s2];
        c3 += x * bd[q + s3];
        c4 += x * bd[q + s4];
        c5 += x * bd[q + s5];
        c6 += x * bd[q + s6];
        c7 += x * bd[q + s7];
      }
      out[o + j] = c0;
      out[o + j + 1] = c1;
      out[o + j + 2] = c2;
      out[o + j + 3] = c3;
      out[o + j + 4] = c4;
      out[o + j + 5] = c5;
      out[o + j + 6] = c6;
      out[o + j + 7] = c7;
    }
    for (let j = N8; j < N4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let p2 = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p2 += acs, q += brs) {
        const x = ad[p2];
        c0 += x * bd[q];
        c1 += x * bd[q + s1];
        c2 += x * bd[q + s2];
        c3 += x * bd[q + s3];
      }
      out[o + j] = c0;
      out[o + j + 1] = c1;
      out[o + j + 2] = c2;
      out[o + j + 3] = c3;
    }
    for (let j = N4; j < N; j++) {
      let acc = 0;
      let p2 = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p2 += acs, q += brs) acc += ad[p2] * bd[q];
      out[o + j] = acc;
    }
  }
}

// src/tensor/wasm/assembler.ts
var VALTYPE = { i32: 127, f32: 125, f64: 124, v128: 123 };
function uleb(n) {
  const out = [];
  do {
    let byte = n & 127;
    n >>>= 7;
    if (n !== 0) byte |= 128;
    out.push(byte);
  } while (n !== 0);
  return out;
}
function sleb(n) {
  const out = [];
  for (; ; ) {
    const byte = n & 127;
    n >>= 7;
    const done = n === 0 && (byte & 64) === 0 || n === -1 && (byte & 64) !== 0;
    out.push(done ? byte : byte | 128);
    if (done) return out;
  }
}
function seq(...parts) {
  return parts.flat();
}
var get = (l) => [32, ...uleb(l.index)];
var set = (l, value) => [...value, 33, ...uleb(l.index)];
var i32c = (n) => [65, ...sleb(n | 0)];
function f32c(x) {
  const bytes = new Uint8Array(new Float32Array([x]).buffer);
  return [67, ...bytes];
}
var EMPTY_BLOCK = 64;
var loop = (...body) => [3, EMPTY_BLOCK, ...seq(...body), 11];
var ifThen = (cond, ...body) => [...cond, 4, EMPTY_BLOCK, ...seq(...body), 11];
var ifElse = (cond, then, otherwise) => [...cond, 4, EMPTY_BLOCK, ...then, 5, ...otherwise, 11];
var brIf = (depth, cond) => [...cond, 13, ...uleb(depth)];
function forRange(i, from, to, step2, ...body) {
  return seq(
    set(i, from),
    ifThen(i32.lt_s(get(i), to), loop(...body, set(i, i32.add(get(i), step2)), brIf(0, i32.lt_s(get(i), to))))
  );
}
var bin = (op) => (a, b) => [...a, ...b, op];
var i32 = {
  add: bin(106),
  sub: bin(107),
  mul: bin(108),
  shl: bin(116),
  div_u: bin(110),
  rem_u: bin(112),
  and: bin(113),
  eq: bin(70),
  ne: bin(71),
  lt_s: bin(72),
  gt_s: bin(74),
  le_s: bin(76),
  ge_s: bin(78),
  eqz: (a) => [...a, 69]
};
var select = (a, b, cond) => [...a, ...b, ...cond, 27];
var memarg = (alignLog2, offset) => [...uleb(alignLog2), ...uleb(offset)];
var f32 = {
  load: (addr, offset = 0) => [...addr, 42, ...memarg(2, offset)],
  store: (addr, value, offset = 0) => [...addr, ...value, 56, ...memarg(2, offset)]
};
var f64 = {
  add: bin(160),
  sub: bin(161),
  mul: bin(162),
  div: bin(163),
  sqrt: (a) => [...a, 159],
  promote: (a) => [...a, 187]
};
var simd = (op) => [253, ...uleb(op)];
var vbin = (op) => (a, b) => [...a, ...b, ...simd(op)];
var vun = (op) => (a) => [...a, ...simd(op)];
var v128 = {
  load: (addr, offset = 0) => [...addr, ...simd(0), ...memarg(4, offset)],
  /** Loads one f32 and copies it into all four lanes. */
  load32_splat: (addr, offset = 0) => [...addr, ...simd(9), ...memarg(2, offset)],
  /** Loads two f32 into the low lanes (high lanes zero). */
  load64_zero: (addr, offset = 0) => [...addr, ...simd(93), ...memarg(3, offset)],
  store: (addr, value, offset = 0) => [...addr, ...value, ...simd(11), ...memarg(4, offset)],
  /** Stores the low two f32 lanes. */
  store64_lane0: (addr, value, offset = 0) => [...addr, ...value, ...simd(91), ...memarg(3, offset), 0],
  and: vbin(78),
  or: vbin(80),
  /** Lanes of `a` where `mask` bits are 1, else `b`'s. */
  bitselect: (a, b, mask) => [...a, ...b, ...mask, ...simd(82)],
  zero: () => [...simd(12), ...new Array(16).fill(0)]
};
var f32x4 = {
  splat: vun(19),
  extract_lane: (a, lane) => [...a, ...simd(31), lane],
  lt: vbin(67),
  abs: vun(224),
  sqrt: vun(227),
  add: vbin(228),
  sub: vbin(229),
  mul: vbin(230),
  div: vbin(231),
  /** IEEE-style min: NaN if either lane is NaN. */
  min: vbin(232),
  max: vbin(233),
  demote_f64x2_zero: vun(94)
};
var f64x2 = {
  splat: vun(20),
  add: vbin(240),
  sub: vbin(241),
  mul: vbin(242),
  div: vbin(243),
  sqrt: vun(239),
  promote_low_f32x4: vun(95)
};
var FunctionBuilder = class {
  constructor(name2, paramTypes, results = []) {
    this.name = name2;
    this.results = results;
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }
  name;
  results;
  params;
  extra = [];
  /** A new local of `type`. */
  local(type) {
    this.extra.push(type);
    return { index: this.params.length + this.extra.length - 1, type };
  }
  /** `count` new locals of `type`. */
  locals(type, count) {
    return Array.from({ length: count }, () => this.local(type));
  }
  /** The encoded function body: local declarations (one group per local), code, `end`. */
  encode(body) {
    const groups = this.extra.flatMap((t2) => [1, VALTYPE[t2]]);
    const bytes = [...uleb(this.extra.length), ...groups, ...body, 11];
    return [...uleb(bytes.length), ...bytes];
  }
  signature() {
    return [96, ...uleb(this.params.length), ...this.params.map((p2) => VALTYPE[p2.type]), ...uleb(this.results.length), ...this.results.map((t2) => VALTYPE[t2])];
  }
};
function section(id, contents) {
  return [id, ...uleb(contents.length), ...contents];
}
function name(text) {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}
function assembleModule(functions) {
  const n = functions.length;
  const types = section(1, [...uleb(n), ...functions.flatMap(({ fn }) => fn.signature())]);
  const imports = section(2, [1, ...name("env"), ...name("memory"), 2, 0, 1]);
  const funcs = section(3, [...uleb(n), ...functions.flatMap((_, i) => uleb(i))]);
  const exports = section(7, [...uleb(n), ...functions.flatMap(({ fn }, i) => [...name(fn.name), 0, ...uleb(i)])]);
  const code = section(10, [...uleb(n), ...functions.flatMap(({ fn, body }) => fn.encode(body))]);
  return new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, ...types, ...imports, ...funcs, ...exports, ...code]);
}

// src/tensor/wasm/kernels.ts
var F = 4;
function pack() {
  const fn = new FunctionBuilder("pack", ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
  const [src, lineStride, kStride, lines, paddedLines, K, width, dst] = fn.params;
  const [line, k, s, d, kStep, dStep] = fn.locals("i32", 6);
  const body = seq(
    set(kStep, i32.mul(get(kStride), i32c(F))),
    set(dStep, i32.mul(get(width), i32c(F))),
    forRange(
      line,
      i32c(0),
      get(paddedLines),
      i32c(1),
      // d = dst + (panel * K * width + line % width) * 4
      set(d, i32.add(get(dst), i32.mul(i32c(F), i32.add(
        i32.mul(i32.mul(i32.div_u(get(line), get(width)), get(K)), get(width)),
        i32.rem_u(get(line), get(width))
      )))),
      ifElse(
        i32.lt_s(get(line), get(lines)),
        seq(
          set(s, i32.add(get(src), i32.mul(i32.mul(get(line), get(lineStride)), i32c(F)))),
          forRange(
            k,
            i32c(0),
            get(K),
            i32c(1),
            f32.store(get(d), f32.load(get(s))),
            set(s, i32.add(get(s), get(kStep))),
            set(d, i32.add(get(d), get(dStep)))
          )
        ),
        forRange(
          k,
          i32c(0),
          get(K),
          i32c(1),
          f32.store(get(d), f32c(0)),
          set(d, i32.add(get(d), get(dStep)))
        )
      )
    )
  );
  return { fn, body };
}
function gemm(MR, NV) {
  const NR = 4 * NV;
  const fn = new FunctionBuilder(`gemm_${MR}x${NR}`, ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
  const [pa, pb, c, M, N, K, bias, hasBias, tile] = fn.params;
  const [i0, j0, k, a, b, out, r, col, rows, cols] = fn.locals("i32", 10);
  const acc = fn.locals("v128", MR * NV);
  const bv = fn.locals("v128", NV);
  const as = fn.local("v128");
  const accAt = (row, v) => acc[row * NV + v];
  const each = (f) => seq(...acc.map((_, i) => f(Math.floor(i / NV), i % NV)));
  const microKernel = seq(
    ...bv.map((x, v) => set(x, v128.load(get(b), 16 * v))),
    ...Array.from({ length: MR }, (_, row) => seq(
      set(as, v128.load32_splat(get(a), F * row)),
      ...bv.map((x, v) => set(accAt(row, v), f32x4.add(get(accAt(row, v)), f32x4.mul(get(as), get(x)))))
    )),
    set(a, i32.add(get(a), i32c(MR * F))),
    set(b, i32.add(get(b), i32c(NR * F)))
  );
  const addBias = ifThen(get(hasBias), each((row, v) => set(accAt(row, v), f32x4.add(get(accAt(row, v)), v128.load(i32.add(get(bias), i32.mul(get(j0), i32c(F))), 16 * v)))));
  const rowBytes = i32.mul(get(N), i32c(F));
  const storeFull = seq(
    set(out, i32.add(get(c), i32.mul(i32.add(i32.mul(get(i0), get(N)), get(j0)), i32c(F)))),
    ...Array.from({ length: MR }, (_, row) => seq(
      ...Array.from({ length: NV }, (_2, v) => v128.store(get(out), get(accAt(row, v)), 16 * v)),
      set(out, i32.add(get(out), rowBytes))
    ))
  );
  const storeEdge = seq(
    each((row, v) => v128.store(get(tile), get(accAt(row, v)), (row * NR + 4 * v) * F)),
    set(rows, select(i32.sub(get(M), get(i0)), i32c(MR), i32.lt_s(i32.sub(get(M), get(i0)), i32c(MR)))),
    set(cols, select(i32.sub(get(N), get(j0)), i32c(NR), i32.lt_s(i32.sub(get(N), get(j0)), i32c(NR)))),
    forRange(
      r,
      i32c(0),
      get(rows),
      i32c(1),
      forRange(
        col,
        i32c(0),
        get(cols),
        i32c(1),
        f32.store(
          i32.add(get(c), i32.mul(i32.add(i32.mul(i32.add(get(i0), get(r)), get(N)), i32.add(get(j0), get(col))), i32c(F))),
          f32.load(i32.add(get(tile), i32.mul(i32.add(i32.mul(get(r), i32c(NR)), get(col)), i32c(F))))
        )
      )
    )
  );
  const body = forRange(
    i0,
    i32c(0),
    get(M),
    i32c(MR),
    forRange(
      j0,
      i32c(0),
      get(N),
      i32c(NR),
      each((row, v) => set(accAt(row, v), v128.zero())),
      set(a, i32.add(get(pa), i32.mul(i32.mul(get(i0), get(K)), i32c(F)))),
      set(b, i32.add(get(pb), i32.mul(i32.mul(get(j0), get(K)), i32c(F)))),
      forRange(k, i32c(0), get(K), i32c(1), microKernel),
      addBias,
      ifElse(i32.and(i32.le_s(i32.add(get(i0), i32c(MR)), get(M)), i32.le_s(i32.add(get(j0), i32c(NR)), get(N))), storeFull, storeEdge)
    )
  );
  return { fn, body };
}
var TANH_CLAMP = 7.905311107635498;
var TANH_TINY = 4e-4;
var TANH_P = [0.00489352455891786, 637261928875436e-18, 148572235717979e-19, 512229709037114e-22, -860467152213735e-25, 200018790482477e-27, -276076847742355e-30];
var TANH_Q = [0.00489352518554385, 0.002268434632439, 118534705686654e-18, 119825839466702e-20];
function horner(x2, coefficients) {
  const splat = (c) => f32x4.splat(f32c(c));
  let acc = splat(coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = f32x4.add(f32x4.mul(get(x2), acc), splat(coefficients[i]));
  return acc;
}
function tanh() {
  const fn = new FunctionBuilder("tanh", ["i32", "i32", "i32"]);
  const [src, dst, n] = fn.params;
  const [i] = fn.locals("i32", 1);
  const [x, xc, x2] = fn.locals("v128", 3);
  const body = forRange(
    i,
    i32c(0),
    i32.mul(get(n), i32c(F)),
    i32c(16),
    set(x, v128.load(i32.add(get(src), get(i)))),
    set(xc, f32x4.min(f32x4.max(get(x), f32x4.splat(f32c(-TANH_CLAMP))), f32x4.splat(f32c(TANH_CLAMP)))),
    set(x2, f32x4.mul(get(xc), get(xc))),
    v128.store(i32.add(get(dst), get(i)), v128.bitselect(
      get(x),
      f32x4.div(f32x4.mul(get(xc), horner(x2, TANH_P)), horner(x2, TANH_Q)),
      f32x4.lt(f32x4.abs(get(x)), f32x4.splat(f32c(TANH_TINY)))
    ))
  );
  return { fn, body };
}
function tanhBackward() {
  const fn = new FunctionBuilder("tanh_backward", ["i32", "i32", "i32", "i32"]);
  const [dy, y, out, n] = fn.params;
  const [i] = fn.locals("i32", 1);
  const [yv] = fn.locals("v128", 1);
  const body = forRange(
    i,
    i32c(0),
    i32.mul(get(n), i32c(F)),
    i32c(16),
    set(yv, v128.load(i32.add(get(y), get(i)))),
    v128.store(i32.add(get(out), get(i)), f32x4.mul(
      v128.load(i32.add(get(dy), get(i))),
      f32x4.sub(f32x4.splat(f32c(1)), f32x4.mul(get(yv), get(yv)))
    ))
  );
  return { fn, body };
}
var GEMM_SHAPES = [[4, 8], [4, 4], [6, 8], [8, 4], [4, 12], [2, 16], [8, 8]];
var GEMM_SHAPE = [4, 8];
function kernelModuleBytes() {
  return assembleModule([pack(), ...GEMM_SHAPES.map(([mr, nr]) => gemm(mr, nr / 4)), tanh(), tanhBackward()]);
}

// src/tensor/wasm/runtime.ts
function isWebAssemblyApi(api) {
  const has = (key) => typeof api === "object" && api !== null && typeof Reflect.get(api, key) === "function";
  return has("validate") && has("Module") && has("Instance") && has("Memory");
}
function hostWebAssembly() {
  const api = Reflect.get(globalThis, "WebAssembly");
  return isWebAssemblyApi(api) ? api : void 0;
}
function exported(exports, name2) {
  const f = exports[name2];
  if (typeof f !== "function") throw new Error(`wasm kernels: the module exports no function '${name2}'`);
  return (...args) => f(...args);
}
var PAGE = 65536;
var align16 = (bytes) => bytes + 15 & ~15;
var roundUp = (n, m) => Math.ceil(n / m) * m;
var SIMD_PROBE = new Uint8Array([
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  // magic, version
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  // type: () -> v128
  3,
  2,
  1,
  0,
  // one function of type 0
  10,
  22,
  1,
  20,
  0,
  253,
  12,
  ...new Array(16).fill(0),
  11
  // v128.const 0
]);
var WasmKernels = class _WasmKernels {
  constructor(exports, memory, shape) {
    this.exports = exports;
    this.memory = memory;
    this.shape = shape;
    this.f32 = new Float32Array(memory.buffer);
  }
  exports;
  memory;
  shape;
  f32;
  /**
   * Compiles and instantiates the kernels. Throws when the host has no WebAssembly SIMD or the
   * module does not compile; the backend turns that into a fallback to JS with one notice.
   */
  static create(options2 = {}) {
    const wasm2 = options2.wasm ?? hostWebAssembly();
    if (wasm2 === void 0) throw new Error("WebAssembly is not available in this runtime");
    if (!wasm2.validate(SIMD_PROBE)) throw new Error("this runtime has WebAssembly but not its SIMD instructions");
    const memory = new wasm2.Memory({ initial: 16 });
    const module = new wasm2.Module(options2.bytes ?? kernelModuleBytes());
    const { exports } = new wasm2.Instance(module, { env: { memory } });
    const shape = options2.shape ?? GEMM_SHAPE;
    const kernels = {
      pack: exported(exports, "pack"),
      gemm: exported(exports, `gemm_${shape[0]}x${shape[1]}`),
      tanh: exported(exports, "tanh"),
      tanhBackward: exported(exports, "tanh_backward")
    };
    return new _WasmKernels(kernels, memory, shape);
  }
  /** Makes the memory at least `bytes` long; returns the float32 view (a new one after growing). */
  reserve(bytes) {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    return this.f32;
  }
  /**
   * out[outOffset + i N + j] = sum_k A[i, k] B[k, j] (+ bias[j]), A [M, K] and B [K, N] read
   * through strides (transposes are stride swaps). The float32 sums run over k in ascending order.
   */
  matmul(M, N, K, a, b, out, outOffset, bias) {
    if (M === 0 || N === 0) return;
    const [MR, NR] = this.shape;
    const Mp = roundUp(M, MR);
    const Np = roundUp(N, NR);
    const spanA = K === 0 ? 0 : (M - 1) * a.rowStride + (K - 1) * a.colStride + 1;
    const spanB = K === 0 ? 0 : (K - 1) * b.rowStride + (N - 1) * b.colStride + 1;
    const rawA = 0;
    const rawB = rawA + align16(spanA * 4);
    const pa = rawB + align16(spanB * 4);
    const pb = pa + align16(Mp * K * 4);
    const c = pb + align16(Np * K * 4);
    const biasAt = c + align16(M * N * 4);
    const tile = biasAt + align16(Np * 4);
    const mem = this.reserve(tile + MR * NR * 4);
    if (K > 0) {
      mem.set(a.data.subarray(a.offset, a.offset + spanA), rawA >> 2);
      mem.set(b.data.subarray(b.offset, b.offset + spanB), rawB >> 2);
      this.exports.pack(rawA, a.rowStride, a.colStride, M, Mp, K, MR, pa);
      this.exports.pack(rawB, b.colStride, b.rowStride, N, Np, K, NR, pb);
    }
    if (bias) for (let j = 0, at = bias.offset; j < N; j++, at += bias.stride) mem[(biasAt >> 2) + j] = bias.data[at];
    this.exports.gemm(pa, pb, c, M, N, K, biasAt, bias ? 1 : 0, tile);
    out.set(mem.subarray(c >> 2, (c >> 2) + M * N), outOffset);
  }
  /** out[o + i] = tanh(x[i + xOffset]) for i < n, x read densely. */
  tanh(x, xOffset, n, out, o) {
    const bytes = align16(n * 4);
    const mem = this.reserve(2 * bytes);
    mem.set(x.subarray(xOffset, xOffset + n), 0);
    this.exports.tanh(0, bytes, n);
    out.set(mem.subarray(bytes >> 2, (bytes >> 2) + n), o);
  }
  /** out[i] = dy[i] (1 - y[i]^2) for i < n, both read densely from their offsets. */
  tanhBackward(dy, dyOffset, y, yOffset, n, out) {
    const bytes = align16(n * 4);
    const mem = this.reserve(3 * bytes);
    mem.set(dy.subarray(dyOffset, dyOffset + n), 0);
    mem.set(y.subarray(yOffset, yOffset + n), bytes >> 2);
    this.exports.tanhBackward(0, bytes, 2 * bytes, n);
    out.set(mem.subarray(2 * bytes >> 2, (2 * bytes >> 2) + n), 0);
  }
};

// src/tensor/backend.ts
var BACKENDS = ["js", "wasm"];
var active = "js";
var wasm = null;
var wasmError = null;
var tried = false;
var notify = (message) => console.warn(message);
function loadWasm() {
  if (!tried) loadWasmBackend();
  return wasm;
}
function loadWasmBackend(options2 = {}) {
  tried = true;
  try {
    wasm = WasmKernels.create(options2);
    wasmError = null;
    return true;
  } catch (error) {
    wasm = null;
    wasmError = error instanceof Error ? error.message : String(error);
    if (active === "wasm") active = "js";
    notify(`grpo-ts: the wasm backend is unavailable (${wasmError}); using the js backend`);
    return false;
  }
}
function setBackend(name2) {
  if (!BACKENDS.includes(name2)) throw new TypeError(`setBackend: name must be one of ${BACKENDS.map((b) => `'${b}'`).join(", ")}, received ${JSON.stringify(name2)}`);
  active = name2 === "wasm" && loadWasm() !== null ? "wasm" : "js";
  return active;
}
function activeWasm() {
  return active === "wasm" ? wasm : null;
}
var WASM_MIN_MACS = 4096;
function matmulKernel(M, N, K, a, b, out, outOffset, bias) {
  const k = activeWasm();
  if (k !== null && out instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array && (bias === void 0 || bias.data instanceof Float32Array) && M >= k.shape[0] && M * N * K >= WASM_MIN_MACS && a.rowStride >= 0 && a.colStride >= 0 && b.rowStride >= 0 && b.colStride >= 0) {
    k.matmul(M, N, K, a, b, out, outOffset, bias === void 0 ? void 0 : { data: bias.data, offset: bias.offset, stride: bias.stride });
    return;
  }
  matmulInto(M, N, K, a, b, out, outOffset);
  if (bias) {
    const bd = bias.data;
    for (let i = 0; i < M; i++) {
      const row = outOffset + i * N;
      for (let j = 0, at = bias.offset; j < N; j++, at += bias.stride) out[row + j] = out[row + j] + bd[at];
    }
  }
}
var WASM_MIN_ELEMENTS = 16;
function tanhWasm(x, xOffset, n, out) {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(x instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.tanh(x, xOffset, n, out, 0);
  return true;
}
function tanhBackwardWasm(dy, dyOffset, y, yOffset, n, out) {
  const k = activeWasm();
  if (k === null || n < WASM_MIN_ELEMENTS || !(dy instanceof Float32Array) || !(y instanceof Float32Array) || !(out instanceof Float32Array)) return false;
  k.tanhBackward(dy, dyOffset, y, yOffset, n, out);
  return true;
}

// src/tensor/kernels/iterate.ts
function coalesce(shape, strides) {
  const outShape = [];
  const outStrides = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * size);
    if (mergeable) {
      outShape[last] = outShape[last] * size;
      strides.forEach((s, k) => outStrides[k][last] = s[d]);
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}
function forEachRow(shape, strides, offsets, row) {
  const merged = coalesce(shape, strides);
  const dims = merged.shape.length;
  const length = merged.shape[dims - 1];
  const rowStrides = merged.strides.map((s) => s[dims - 1]);
  const at = offsets.slice();
  if (shape.some((d) => d === 0)) return;
  if (dims === 1) {
    row(at, rowStrides, length);
    return;
  }
  const counter = new Array(dims - 1).fill(0);
  for (; ; ) {
    row(at, rowStrides, length);
    let d = dims - 2;
    for (; d >= 0; d--) {
      const c = counter[d] + 1;
      if (c < merged.shape[d]) {
        counter[d] = c;
        for (let k = 0; k < at.length; k++) at[k] = at[k] + merged.strides[k][d];
        break;
      }
      counter[d] = 0;
      for (let k = 0; k < at.length; k++) {
        at[k] = at[k] - (c - 1) * merged.strides[k][d];
      }
    }
    if (d < 0) return;
  }
}
function copyToDense(src, out) {
  const outStrides = [];
  let step2 = 1;
  for (let i = src.shape.length - 1; i >= 0; i--) {
    outStrides[i] = step2;
    step2 *= src.shape[i];
  }
  copyStrided(src, { data: out, shape: src.shape, strides: outStrides, offset: 0 });
}
function copyStrided(src, dst) {
  const s = src.data;
  const o = dst.data;
  forEachRow(src.shape, [src.strides, dst.strides], [src.offset, dst.offset], (at, st, n) => {
    const ss = st[0];
    const ds = st[1];
    let i = at[0];
    let j = at[1];
    if (ss === 1 && ds === 1) {
      o.set(s.subarray(i, i + n), j);
      return;
    }
    for (let k = 0; k < n; k++, i += ss, j += ds) o[j] = s[i];
  });
}
function denseValues(v) {
  const size = v.shape.reduce((p2, d) => p2 * d, 1);
  let contiguous2 = true;
  let step2 = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i];
    if (d !== 1 && v.strides[i] !== step2) {
      contiguous2 = false;
      break;
    }
    step2 *= d;
  }
  if (contiguous2) return v.offset === 0 && v.data.length === size ? v.data : v.data.subarray(v.offset, v.offset + size);
  const out = v.data instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  copyToDense(v, out);
  return out;
}

// src/autograd/mode.ts
var options = { checkFinite: false };
var recording = true;
function getAutogradOptions() {
  return { ...options };
}
function isRecording() {
  return recording;
}
function noGrad(fn) {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

// src/autograd/tensor.ts
var Tensor = class _Tensor extends TensorData {
  /** Whether gradients are wanted for this tensor (leaves) or flow through it (op outputs). */
  requiresGrad;
  /** The accumulated gradient, same shape as the tensor; filled by `backward()` on leaves. */
  grad = null;
  /** The op that produced this tensor, `'leaf'` for user-created tensors. */
  op;
  /** The op's inputs, in argument order (empty for leaves, and after the graph is released). */
  inputs;
  /** The op's backward rule (null for leaves, for tensors needing no gradient, and after release). */
  backwardRule;
  /** Set once `backward` has released the graph through this node (it cannot be differentiated again). */
  graphReleased = false;
  constructor(data, shape, options2 = {}) {
    super(data, shape, options2.strides, options2.offset ?? 0);
    this.requiresGrad = options2.requiresGrad ?? false;
    this.op = options2.op ?? "leaf";
    this.inputs = options2.inputs ?? [];
    this.backwardRule = options2.backwardRule ?? null;
  }
  /** Whether this is a leaf of the graph: a tensor whose gradient is stored in `.grad`. */
  get isLeaf() {
    return this.backwardRule === null;
  }
  /** A tensor sharing this one's storage, cut from the graph (no gradient flows through it). */
  detach() {
    return new _Tensor(this.data, this.shape, { strides: this.strides, offset: this.offset });
  }
  /** Wraps an `ndarray` view (no copy) as a tensor. Its data must be a Float32Array or Float64Array. */
  static fromNdarray(array, options2 = {}) {
    const data = array.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      const kind = data === null || typeof data !== "object" ? typeof data : data.constructor.name;
      throw new TypeError(`Tensor.fromNdarray: array.data must be a Float32Array or Float64Array, received ${kind}`);
    }
    return new _Tensor(data, array.shape.slice(), { strides: array.stride.slice(), offset: array.offset, requiresGrad: options2.requiresGrad ?? false });
  }
  /** A short description such as `Tensor(float32 [2,3], op=matmul, requiresGrad)`. */
  toString() {
    return `Tensor(${this.dtype} ${formatShape(this.shape)}, op=${this.op}${this.requiresGrad ? ", requiresGrad" : ""})`;
  }
};

// src/autograd/engine.ts
function record(op, data, shape, inputs, backwardRule, view) {
  let needsGrad = false;
  if (isRecording()) {
    for (const t2 of inputs) if (t2.requiresGrad) needsGrad = true;
  }
  return new Tensor(data, shape, {
    strides: view?.strides,
    offset: view?.offset ?? 0,
    op,
    requiresGrad: needsGrad,
    inputs: needsGrad ? inputs : [],
    backwardRule: needsGrad ? backwardRule : null
  });
}
function sumToShape(g, shape) {
  if (shapesEqual(g.shape, shape)) return g;
  const outSize = shape.reduce((a, b) => a * b, 1);
  const acc = new Float64Array(outSize);
  const target = broadcastStrides(shape, contiguousStrides(shape), g.shape);
  const src = g.data;
  forEachRow(g.shape, [g.strides, target], [g.offset, 0], (at, st, n) => {
    let i = at[0];
    let j = at[1];
    const si = st[0];
    const sj = st[1];
    for (let k = 0; k < n; k++, i += si, j += sj) acc[j] = acc[j] + src[i];
  });
  const out = allocateOutput(g.dtype, outSize);
  out.set(acc);
  return new Tensor(out, shape.slice());
}
function broadcastsTo(shape, target) {
  const lead = target.length - shape.length;
  if (lead < 0) return false;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d !== 1 && d !== target[lead + i]) return false;
  }
  return true;
}
function dense(t2) {
  if (t2.isDense()) return t2;
  return new Tensor(t2.toTypedArray(), t2.shape.slice());
}
function findNonFinite(t2) {
  const d = t2.data;
  if (t2.isDense()) {
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return d[i];
    return 0;
  }
  const values = t2.toTypedArray();
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return values[i];
  return 0;
}
function accumulateLeaf(leaf, g) {
  const current = leaf.grad;
  if (current === null || !current.isDense() || !shapesEqual(current.shape, leaf.shape) || current.dtype !== leaf.dtype) {
    const own = allocate(leaf.dtype, leaf.size);
    own.set(g.isContiguous() ? g.data.subarray(g.offset, g.offset + g.size) : g.toTypedArray());
    if (current !== null) {
      const prev = current.toTypedArray();
      for (let i = 0; i < own.length; i++) own[i] = own[i] + prev[i];
    }
    leaf.grad = new Tensor(own, leaf.shape.slice());
    return;
  }
  const dst = current.data;
  const src = g.isContiguous() ? g.data : g.toTypedArray();
  const base = g.isContiguous() ? g.offset : 0;
  for (let i = 0; i < dst.length; i++) dst[i] = dst[i] + src[base + i];
}
function topologicalOrder(root) {
  const order = [];
  const visited = /* @__PURE__ */ new Set();
  const stack2 = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack2.length > 0) {
    const frame = stack2[stack2.length - 1];
    const inputs = frame.node.inputs;
    if (frame.next < inputs.length) {
      const child = inputs[frame.next++];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack2.push({ node: child, next: 0 });
      }
    } else {
      order.push(frame.node);
      stack2.pop();
    }
  }
  return order;
}
function backward(root, options2 = {}) {
  if (root.graphReleased) {
    throw new Error(`backward: the graph through ${root.toString()} was released by an earlier backward; pass {retainGraph: true} to differentiate twice`);
  }
  if (!root.requiresGrad) {
    throw new Error(`backward: the tensor ${root.toString()} does not require a gradient (no input had requiresGrad, or it was built under noGrad)`);
  }
  let seed;
  if (options2.grad !== void 0) {
    if (!shapesEqual(options2.grad.shape, root.shape)) {
      throw new RangeError(`backward: grad has shape ${formatShape(options2.grad.shape)} but the tensor has shape ${formatShape(root.shape)}`);
    }
    seed = options2.grad;
  } else {
    if (root.size !== 1) {
      throw new RangeError(`backward: a non-scalar tensor of shape ${formatShape(root.shape)} needs an explicit grad (options.grad)`);
    }
    seed = new Tensor(allocate(root.dtype, 1).fill(1), root.shape.slice());
  }
  const checkFinite = options2.checkFinite ?? getAutogradOptions().checkFinite;
  const order = topologicalOrder(root);
  const grads = /* @__PURE__ */ new Map([[root, seed]]);
  noGrad(() => {
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n];
      const dy = grads.get(node);
      if (dy === void 0) continue;
      grads.delete(node);
      const rule = node.backwardRule;
      if (rule === null) {
        accumulateLeaf(node, dy);
        continue;
      }
      const thunks = rule(dy);
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i];
        const thunk = thunks[i];
        if (!input.requiresGrad || thunk === null || thunk === void 0) continue;
        const raw = thunk();
        if (!broadcastsTo(input.shape, raw.shape)) {
          throw new Error(`backward of '${node.op}': gradient for input ${i} has shape ${formatShape(raw.shape)} but the input has shape ${formatShape(input.shape)}`);
        }
        const g = sumToShape(raw, input.shape);
        if (checkFinite) {
          const bad = findNonFinite(g);
          if (bad !== 0) {
            throw new Error(`backward of '${node.op}': non-finite gradient (${bad}) for input ${i} of shape ${formatShape(input.shape)}`);
          }
        }
        const previous = grads.get(input);
        grads.set(input, previous === void 0 ? g : addDense(previous, g, input.dtype));
      }
    }
  });
  if (!options2.retainGraph) {
    for (const node of order) {
      if (node.backwardRule !== null) {
        node.inputs = [];
        node.backwardRule = null;
        node.requiresGrad = false;
        node.graphReleased = true;
      }
    }
  }
}
function addDense(a, b, dtype) {
  const x = dense(a);
  const y = dense(b);
  const out = allocateOutput(dtype, x.size);
  const xd = x.data;
  const yd = y.data;
  for (let i = 0; i < out.length; i++) out[i] = xd[i] + yd[i];
  return new Tensor(out, x.shape.slice());
}

// src/tensor/kernels/elementwise.ts
function unaryInto(x, out, row) {
  if (isContiguous(x)) {
    row(x.data, x.offset, 1, out, 0, out.length);
    return;
  }
  forEachRow(
    x.shape,
    [x.strides, contiguousStrides(x.shape)],
    [x.offset, 0],
    (at, st, n) => row(x.data, at[0], st[0], out, at[1], n)
  );
}
function binaryInto(a, b, shape, out, row) {
  const n = out.length;
  const aFull = a.shape.length === shape.length && isContiguous(a) && sameDims(a.shape, shape);
  const bFull = b.shape.length === shape.length && isContiguous(b) && sameDims(b.shape, shape);
  if (aFull && (bFull || isSingle(b))) {
    row(a.data, a.offset, 1, b.data, b.offset, bFull ? 1 : 0, out, 0, n);
    return;
  }
  if (bFull && isSingle(a)) {
    row(a.data, a.offset, 0, b.data, b.offset, 1, out, 0, n);
    return;
  }
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  forEachRow(
    shape,
    [sa, sb, contiguousStrides(shape)],
    [a.offset, b.offset, 0],
    (at, st, n2) => row(a.data, at[0], st[0], b.data, at[1], st[1], out, at[2], n2)
  );
}
function whereInto(cond, a, b, shape, out) {
  const sc = broadcastStrides(cond.shape, cond.strides, shape);
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  forEachRow(shape, [sc, sa, sb, contiguousStrides(shape)], [cond.offset, a.offset, b.offset, 0], (at, st, n) => {
    const c = cond.data;
    const x = a.data;
    const y = b.data;
    let ic = at[0];
    let ia = at[1];
    let ib = at[2];
    const o = at[3];
    const [s0, s1, s2] = st;
    for (let k = 0; k < n; k++, ic += s0, ia += s1, ib += s2) out[o + k] = c[ic] !== 0 ? x[ia] : y[ib];
  });
}
function isContiguous(v) {
  let step2 = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i];
    if (d !== 1 && v.strides[i] !== step2) return false;
    step2 *= d;
  }
  return true;
}
function isSingle(v) {
  for (let i = 0; i < v.shape.length; i++) if (v.shape[i] !== 1) return false;
  return true;
}
function sameDims(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
var negRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = -x[i];
};
var expRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.exp(x[i]);
};
var logRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.log(x[i]);
};
var sqrtRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.sqrt(x[i]);
};
var absRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.abs(x[i]);
};
var signRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i];
    out[o + k] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN;
  }
};
var squareRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i];
    out[o + k] = v * v;
  }
};
var tanhRow = (x, i, s, out, o, n) => {
  if (out instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += s) out[o + k] = tanhForFloat32(x[i]);
    return;
  }
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.tanh(x[i]);
};
var EXP_STEPS_PER_LN2 = 16;
var EXP_STEP = Math.LN2 / EXP_STEPS_PER_LN2;
var EXP_SCALE = EXP_STEPS_PER_LN2 / Math.LN2;
var TANH_SATURATES = 9.5;
var EXP_TABLE = Float64Array.from({ length: Math.ceil(2 * TANH_SATURATES * EXP_SCALE) + 2 }, (_, k) => Math.exp(-k * EXP_STEP));
var TANH_TRUST = 1e-12;
function tanhForFloat32(x) {
  const a = Math.abs(x);
  let y;
  if (a < 0.0625) {
    const x2 = x * x;
    y = x * (1 + x2 * (-1 / 3 + x2 * (2 / 15 + x2 * (-17 / 315 + x2 * (62 / 2835 + x2 * (-1382 / 155925))))));
  } else if (a >= TANH_SATURATES) {
    return x > 0 ? 1 : -1;
  } else {
    const z = 2 * a;
    const k = z * EXP_SCALE + 0.5 | 0;
    const r = k * EXP_STEP - z;
    const e = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
    const t2 = EXP_TABLE[k] * e;
    const m = (1 - t2) / (1 + t2);
    y = x > 0 ? m : -m;
  }
  const d = y * TANH_TRUST;
  return Math.fround(y - d) === Math.fround(y + d) ? y : Math.tanh(x);
}
var sigmoidRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = 1 / (1 + Math.exp(-x[i]));
};
var reluRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i];
    out[o + k] = v > 0 ? v : v === v ? 0 : v;
  }
};
function powRow(p2) {
  if (p2 === 2) return squareRow;
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) out[o + k] = Math.pow(x[i], p2);
  };
}
function clampRow(lo, hi) {
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) {
      const v = x[i];
      out[o + k] = v < lo ? lo : v > hi ? hi : v;
    }
  };
}
function insideRow(lo, hi) {
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) {
      const v = x[i];
      out[o + k] = v >= lo && v <= hi ? 1 : 0;
    }
  };
}
var tanhBackwardRow = (dy, i, sa, y, j, sb, out, o, n) => {
  if (y instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += sa, j += sb) {
      const v = y[j];
      out[o + k] = dy[i] * Math.fround(1 - Math.fround(v * v));
    }
    return;
  }
  for (let k = 0; k < n; k++, i += sa, j += sb) {
    const v = y[j];
    out[o + k] = dy[i] * (1 - v * v);
  }
};
var sigmoidBackwardRow = (dy, i, sa, y, j, sb, out, o, n) => {
  if (y instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += sa, j += sb) {
      const v = y[j];
      out[o + k] = dy[i] * Math.fround(v * Math.fround(1 - v));
    }
    return;
  }
  for (let k = 0; k < n; k++, i += sa, j += sb) {
    const v = y[j];
    out[o + k] = dy[i] * (v * (1 - v));
  }
};
var addRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] + b[j];
};
var subRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] - b[j];
};
var mulRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] * b[j];
};
var divRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] / b[j];
};
var maximumRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = Math.max(a[i], b[j]);
};
var minimumRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = Math.min(a[i], b[j]);
};
var gtRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] > b[j] ? 1 : 0;
};
var geRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] >= b[j] ? 1 : 0;
};
var ltRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] < b[j] ? 1 : 0;
};
var leRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] <= b[j] ? 1 : 0;
};
var eqRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] === b[j] ? 1 : 0;
};

// src/autograd/ops/elementwise.ts
function lift(x, like, op, arg) {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number") throw new TypeError(`${op}: ${arg} must be a Tensor or a number, received ${typeof x}`);
  const data = allocateOutput(like.dtype, 1);
  data[0] = x;
  return new Tensor(data, []);
}
function unary(op, x, row, rule) {
  const out = allocateOutput(x.dtype, x.size);
  unaryInto(x, out, row);
  return record(op, out, x.shape.slice(), [x], rule);
}
function binary(op, a, b, row, rule) {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocateOutput(promote(a.dtype, b.dtype), shape.reduce((p2, d) => p2 * d, 1));
  binaryInto(a, b, shape, out, row);
  return record(op, out, shape, [a, b], rule);
}
function mapNoGrad(x, row) {
  const out = allocateOutput(x.dtype, x.size);
  unaryInto(x, out, row);
  return new Tensor(out, x.shape.slice());
}
function zipNoGrad(op, a, b, row) {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocateOutput(promote(a.dtype, b.dtype), shape.reduce((p2, d) => p2 * d, 1));
  binaryInto(a, b, shape, out, row);
  return new Tensor(out, shape);
}
function neg(x) {
  return unary("neg", x, negRow, (dy) => [() => neg(dy)]);
}
function exp(x) {
  const y = unary("exp", x, expRow, (dy) => [() => mul(dy, y)]);
  return y;
}
function log(x) {
  return unary("log", x, logRow, (dy) => [() => div(dy, x)]);
}
function sqrt(x) {
  const y = unary("sqrt", x, sqrtRow, (dy) => [() => div(dy, mul(y, 2))]);
  return y;
}
function abs(x) {
  return unary("abs", x, absRow, (dy) => [() => mul(dy, mapNoGrad(x, signRow))]);
}
function square(x) {
  return unary("square", x, squareRow, (dy) => [() => mul(dy, mul(x, 2))]);
}
function pow(x, p2) {
  if (typeof p2 !== "number" || !Number.isFinite(p2)) throw new TypeError(`pow: exponent must be a finite number, received ${p2}`);
  return unary("pow", x, powRow(p2), (dy) => [() => mul(dy, mul(pow(x, p2 - 1), p2))]);
}
function tanh2(x) {
  const out = allocateOutput(x.dtype, x.size);
  if (!(x.isContiguous() && tanhWasm(x.data, x.offset, x.size, out))) unaryInto(x, out, tanhRow);
  const y = record("tanh", out, x.shape.slice(), [x], (dy) => [() => tanhBackward2(dy, y)]);
  return y;
}
function tanhBackward2(dy, y) {
  if (shapesEqual(dy.shape, y.shape) && dy.isContiguous() && y.isContiguous()) {
    const out = allocateOutput(promote(dy.dtype, y.dtype), y.size);
    if (tanhBackwardWasm(dy.data, dy.offset, y.data, y.offset, y.size, out)) return new Tensor(out, y.shape.slice());
  }
  return zipNoGrad("tanh backward", dy, y, tanhBackwardRow);
}
function sigmoid(x) {
  const y = unary("sigmoid", x, sigmoidRow, (dy) => [() => zipNoGrad("sigmoid backward", dy, y, sigmoidBackwardRow)]);
  return y;
}
function relu(x) {
  return unary("relu", x, reluRow, (dy) => [() => mul(dy, gt(x, 0))]);
}
function clamp(x, lo, hi) {
  if (!(lo <= hi)) throw new RangeError(`clamp: expected min <= max, received min=${lo}, max=${hi}`);
  return unary("clamp", x, clampRow(lo, hi), (dy) => [() => mul(dy, mapNoGrad(x, insideRow(lo, hi)))]);
}
function add(a, b) {
  const [x, y] = pair("add", a, b);
  return binary("add", x, y, addRow, (dy) => [() => dy, () => dy]);
}
function sub(a, b) {
  const [x, y] = pair("sub", a, b);
  return binary("sub", x, y, subRow, (dy) => [() => dy, () => neg(dy)]);
}
function mul(a, b) {
  const [x, y] = pair("mul", a, b);
  return binary("mul", x, y, mulRow, (dy) => [() => mul(dy, y), () => mul(dy, x)]);
}
function div(a, b) {
  const [x, y] = pair("div", a, b);
  const out = binary("div", x, y, divRow, (dy) => [() => div(dy, y), () => neg(div(mul(dy, out), y))]);
  return out;
}
function maximum(a, b) {
  const [x, y] = pair("maximum", a, b);
  return binary("maximum", x, y, maximumRow, (dy) => [
    () => mul(dy, add(gt(x, y), mul(eq(x, y), 0.5))),
    () => mul(dy, add(lt(x, y), mul(eq(x, y), 0.5)))
  ]);
}
function minimum(a, b) {
  const [x, y] = pair("minimum", a, b);
  return binary("minimum", x, y, minimumRow, (dy) => [
    () => mul(dy, add(lt(x, y), mul(eq(x, y), 0.5))),
    () => mul(dy, add(gt(x, y), mul(eq(x, y), 0.5)))
  ]);
}
function where(cond, a, b) {
  const [x, y] = pair("where", a, b);
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, x.shape), y.shape);
  const out = allocateOutput(promote(x.dtype, y.dtype), shape.reduce((p2, d) => p2 * d, 1));
  whereInto(cond, x, y, shape, out);
  return record("where", out, shape, [cond, x, y], (dy) => [null, () => where(cond, dy, 0), () => where(cond, 0, dy)]);
}
function compare(op, a, b, row) {
  const [x, y] = pair(op, a, b);
  const shape = broadcastShapes(op, x.shape, y.shape);
  const out = allocateOutput(promote(x.dtype, y.dtype), shape.reduce((p2, d) => p2 * d, 1));
  binaryInto(x, y, shape, out, row);
  return new Tensor(out, shape);
}
function gt(a, b) {
  return compare("gt", a, b, gtRow);
}
function ge(a, b) {
  return compare("ge", a, b, geRow);
}
function lt(a, b) {
  return compare("lt", a, b, ltRow);
}
function le(a, b) {
  return compare("le", a, b, leRow);
}
function eq(a, b) {
  return compare("eq", a, b, eqRow);
}
function pair(op, a, b) {
  if (a instanceof Tensor) return [a, lift(b, a, op, "b")];
  if (b instanceof Tensor) return [lift(a, b, op, "a"), b];
  throw new TypeError(`${op}: at least one argument must be a Tensor, received ${typeof a} and ${typeof b}`);
}

// src/tensor/kernels/reduce.ts
function sumAxis(x, outer, n, inner, out) {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc2 = 0;
      const base = o * n;
      for (let k = 0; k < n; k++) acc2 += x[base + k];
      out[o] = acc2;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) acc[i] = acc[i] + x[base + i];
    }
    out.set(acc, o * inner);
  }
}
function extremumAxis(x, outer, n, inner, out, sign) {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let sawNaN = false;
      for (let k = 0; k < n; k++) {
        const v = sign * x[(o * n + k) * inner + i];
        if (v > best) best = v;
        else if (v !== v) sawNaN = true;
      }
      out[o * inner + i] = sawNaN ? NaN : sign * best;
    }
  }
}
function logSumExpOfSlice(x, base, n, stride) {
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = x[base + k * stride];
    if (v > m || v !== v) m = v;
  }
  if (m === -Infinity || m === Infinity || m !== m) return m;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(x[base + k * stride] - m);
  return m + Math.log(s);
}
function logSumExpAxis(x, outer, n, inner, out) {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[o * inner + i] = logSumExpOfSlice(x, o * n * inner + i, n, inner);
  }
}
function logSoftmaxAxis(x, outer, n, inner, out, softmax2) {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const lse = logSumExpOfSlice(x, base, n, inner);
      if (softmax2) for (let k = 0; k < n; k++) out[base + k * inner] = Math.exp(x[base + k * inner] - lse);
      else for (let k = 0; k < n; k++) out[base + k * inner] = x[base + k * inner] - lse;
    }
  }
}

// src/tensor/kernels/movement.ts
function gatherAxis(x, outer, n, inner, idx, m, out) {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const row = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[row + i] = x[(o * n + idx[row + i]) * inner + i];
    }
  }
}
function scatterAddAxis(g, outer, m, inner, idx, n, out) {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const row = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) {
        const at = (o * n + idx[row + i]) * inner + i;
        out[at] = out[at] + g[row + i];
      }
    }
  }
}

// src/autograd/ops/movement.ts
function contiguous(x) {
  if (x.isContiguous()) return x;
  const out = allocateOutput(x.dtype, x.size);
  copyToDense(x, out);
  return record("contiguous", out, x.shape.slice(), [x], (dy) => [() => dy]);
}
function clone(x) {
  const out = allocateOutput(x.dtype, x.size);
  copyToDense(x, out);
  return record("clone", out, x.shape.slice(), [x], (dy) => [() => dy]);
}
function reshape(x, shape) {
  const target = resolveShape(x, shape);
  if (x.isContiguous()) {
    return record("reshape", x.data, target, [x], (dy) => [() => reshape(dy, x.shape)], {
      strides: contiguousStrides(target),
      offset: x.offset
    });
  }
  return record("reshape", denseValues(x), target, [x], (dy) => [() => reshape(dy, x.shape)]);
}
function resolveShape(x, shape) {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new TypeError(`reshape: shape must be an array of integers >= -1, received ${JSON.stringify(shape)}`);
  }
  const out = shape.slice();
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) throw new RangeError(`reshape: at most one dim may be -1, received ${formatShape(shape)}`);
  if (free >= 0) {
    const known = out.reduce((p2, d, i) => i === free ? p2 : p2 * d, 1);
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
function permute(x, axes) {
  const n = x.ndim;
  const resolved = axes.map((a) => normalizeAxis("permute", a, n));
  if (resolved.length !== n || new Set(resolved).size !== n) {
    throw new RangeError(`permute: axes must be a permutation of ${n} dims for shape ${formatShape(x.shape)}, received ${JSON.stringify(axes)}`);
  }
  const inverse = new Array(n);
  resolved.forEach((a, i) => inverse[a] = i);
  return record("permute", x.data, resolved.map((a) => x.shape[a]), [x], (dy) => [() => permute(dy, inverse)], {
    strides: resolved.map((a) => x.strides[a]),
    offset: x.offset
  });
}
function transpose(x, axis0 = -2, axis1 = -1) {
  if (x.ndim < 2 && arguments.length < 2) {
    throw new RangeError(`transpose: needs at least 2 dims (or explicit axes), received shape ${formatShape(x.shape)}`);
  }
  const a = normalizeAxis("transpose", axis0, x.ndim);
  const b = normalizeAxis("transpose", axis1, x.ndim);
  const axes = Array.from({ length: x.ndim }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return permute(x, axes);
}
function slice(x, ranges) {
  if (ranges.length > x.ndim) {
    throw new RangeError(`slice: ${ranges.length} ranges given for shape ${formatShape(x.shape)}`);
  }
  const shape = x.shape.slice();
  const starts = new Array(x.ndim).fill(0);
  const steps = new Array(x.ndim).fill(1);
  ranges.forEach((r, d) => {
    if (r === null || r === void 0) return;
    const size = x.shape[d];
    const [rawStart, rawEnd, step2 = 1] = r;
    if (!Number.isInteger(rawStart) || !Number.isInteger(rawEnd) || !Number.isInteger(step2) || step2 < 1) {
      throw new RangeError(`slice: range for dim ${d} must be integers [start, end, step>=1], received ${JSON.stringify(r)}`);
    }
    const clip2 = (i) => Math.min(size, Math.max(0, i < 0 ? i + size : i));
    const start = clip2(rawStart);
    const end = Math.max(start, clip2(rawEnd));
    shape[d] = Math.ceil((end - start) / step2);
    starts[d] = start;
    steps[d] = step2;
  });
  const blockOf = (base, origin) => ({
    strides: base.map((s, d) => s * steps[d]),
    offset: base.reduce((acc, s, d) => acc + s * starts[d], origin)
  });
  return record("slice", x.data, shape, [x], (dy) => [() => {
    const grad = allocateOutput(dy.dtype, x.size);
    copyStrided(dy, { data: grad, shape, ...blockOf(contiguousStrides(x.shape), 0) });
    return new Tensor(grad, x.shape.slice());
  }], blockOf(x.strides, x.offset));
}
function expand(x, shape) {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new RangeError(`expand: cannot expand shape ${formatShape(x.shape)} to fewer dims ${formatShape(shape)}`);
  const target = shape.map((d, i) => d === -1 && i >= lead ? x.shape[i - lead] : d);
  const strides = target.map((d, i) => {
    if (i < lead) return 0;
    const own = x.shape[i - lead];
    if (own === d) return x.strides[i - lead];
    if (own === 1 && Number.isInteger(d) && d >= 0) return 0;
    throw new RangeError(`expand: cannot expand shape ${formatShape(x.shape)} to ${formatShape(shape)}`);
  });
  return record("expand", x.data, target, [x], (dy) => [() => dy], { strides, offset: x.offset });
}
function gather(x, indices, axis) {
  const ax = normalizeAxis("gather", axis, x.ndim);
  if (indices.ndim !== x.ndim || indices.shape.some((d, i) => i !== ax && d !== x.shape[i])) {
    throw new RangeError(`gather: indices of shape ${formatShape(indices.shape)} must match input shape ${formatShape(x.shape)} outside axis ${ax}`);
  }
  const n = x.shape[ax];
  const idx = denseValues(indices);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(`gather: indices must be integers in [0, ${n}) for axis ${ax} of shape ${formatShape(x.shape)}, received ${v}`);
    }
  }
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const m = indices.shape[ax];
  const out = allocateOutput(x.dtype, indices.size);
  gatherAxis(denseValues(x), outer, n, inner, idx, m, out);
  return record("gather", out, indices.shape.slice(), [x, indices], (dy) => [() => {
    const grad = allocateOutput(dy.dtype, x.size);
    scatterAddAxis(denseValues(dy), outer, m, inner, idx, n, grad);
    return new Tensor(grad, x.shape.slice());
  }, null]);
}

// src/autograd/ops/reduce.ts
function layout(op, x, axis, keepDims) {
  if (axis === void 0) {
    return { outer: 1, n: x.size, inner: 1, shape: keepDims ? x.shape.map(() => 1) : [], keptShape: x.shape.map(() => 1) };
  }
  const ax = normalizeAxis(op, axis, x.ndim);
  const keptShape = x.shape.map((d, i) => i === ax ? 1 : d);
  return {
    outer: sizeOf(x.shape.slice(0, ax)),
    n: x.shape[ax],
    inner: sizeOf(x.shape.slice(ax + 1)),
    shape: keepDims ? keptShape : x.shape.filter((_, i) => i !== ax),
    keptShape
  };
}
function spread(dy, l, x) {
  return expand(reshape(dy, l.keptShape), x.shape);
}
function sum(x, axis, keepDims = false) {
  const l = layout("sum", x, axis, keepDims);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  sumAxis(denseValues(x), l.outer, l.n, l.inner, out);
  return record("sum", out, l.shape, [x], (dy) => [() => spread(dy, l, x)]);
}
function mean(x, axis, keepDims = false) {
  const l = layout("mean", x, axis, keepDims);
  return mul(sum(x, axis, keepDims), 1 / l.n);
}
function extremum(op, x, axis, keepDims) {
  const l = layout(op, x, axis, keepDims);
  if (l.n === 0) throw new RangeError(`${op}: cannot reduce an empty axis of shape [${x.shape.join(",")}]`);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  extremumAxis(denseValues(x), l.outer, l.n, l.inner, out, op === "max" ? 1 : -1);
  const y = record(op, out, l.shape, [x], (dy) => [() => {
    const hit = eq(x, reshape(y.detach(), l.keptShape));
    const count = sum(hit, axis, true);
    return mul(reshape(dy, l.keptShape), div(hit, count));
  }]);
  return y;
}
function max(x, axis, keepDims = false) {
  return extremum("max", x, axis, keepDims);
}
function min(x, axis, keepDims = false) {
  return extremum("min", x, axis, keepDims);
}
function logSumExp(x, axis, keepDims = false) {
  const l = layout("logSumExp", x, axis, keepDims);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  logSumExpAxis(denseValues(x), l.outer, l.n, l.inner, out);
  const y = record("logSumExp", out, l.shape, [x], (dy) => [
    () => mul(reshape(dy, l.keptShape), exp(sub(x, reshape(y.detach(), l.keptShape))))
  ]);
  return y;
}
function logSoftmax(x, axis = -1) {
  const l = layout("logSoftmax", x, axis, true);
  const out = allocateOutput(x.dtype, x.size);
  logSoftmaxAxis(denseValues(x), l.outer, l.n, l.inner, out, false);
  const y = record("logSoftmax", out, x.shape.slice(), [x], (dy) => [() => sub(dy, mul(exp(y.detach()), sum(dy, axis, true)))]);
  return y;
}
function softmax(x, axis = -1) {
  const l = layout("softmax", x, axis, true);
  const out = allocateOutput(x.dtype, x.size);
  logSoftmaxAxis(denseValues(x), l.outer, l.n, l.inner, out, true);
  const y = record("softmax", out, x.shape.slice(), [x], (dy) => {
    const s = y.detach();
    return [() => mul(s, sub(dy, sum(mul(dy, s), axis, true)))];
  });
  return y;
}

// src/autograd/ops/matmul.ts
function matrixView(t2, batch2, transposed2) {
  const n = t2.ndim;
  const rs = t2.strides[n - 2];
  const cs = t2.strides[n - 1];
  const offset = t2.offset + (n === 3 && t2.shape[0] !== 1 ? batch2 * t2.strides[0] : 0);
  return transposed2 ? { data: t2.data, offset, rowStride: cs, colStride: rs } : { data: t2.data, offset, rowStride: rs, colStride: cs };
}
function matmul(a, b, options2 = {}) {
  const tA = options2.transposeA ?? false;
  const tB = options2.transposeB ?? false;
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > 3) {
    throw new RangeError(`matmul: operands must be 2-D or 3-D, received shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const M = a.shape[a.ndim - (tA ? 1 : 2)];
  const Ka = a.shape[a.ndim - (tA ? 2 : 1)];
  const Kb = b.shape[b.ndim - (tB ? 1 : 2)];
  const N = b.shape[b.ndim - (tB ? 2 : 1)];
  const flags = `${tA ? " transposeA" : ""}${tB ? " transposeB" : ""}`;
  if (Ka !== Kb) {
    throw new RangeError(`matmul${flags}: inner dims differ for shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (${Ka} vs ${Kb})`);
  }
  const Ba = a.ndim === 3 ? a.shape[0] : 1;
  const Bb = b.ndim === 3 ? b.shape[0] : 1;
  if (Ba !== Bb && Ba !== 1 && Bb !== 1) {
    throw new RangeError(`matmul: batch sizes differ for shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const batched = a.ndim === 3 || b.ndim === 3;
  const B = Math.max(Ba, Bb);
  const out = allocateOutput(promote(a.dtype, b.dtype), B * M * N);
  for (let i = 0; i < B; i++) matmulKernel(M, N, Ka, matrixView(a, i, tA), matrixView(b, i, tB), out, i * M * N);
  const shape = batched ? [B, M, N] : [M, N];
  return record("matmul", out, shape, [a, b], (dy) => {
    if (!tA && !tB) return [() => matmul(dy, b, { transposeB: true }), () => matmul(a, dy, { transposeA: true })];
    if (!tA && tB) return [() => matmul(dy, b), () => matmul(dy, a, { transposeA: true })];
    if (tA && !tB) return [() => matmul(b, dy, { transposeB: true }), () => matmul(a, dy)];
    return [() => matmul(b, dy, { transposeA: true, transposeB: true }), () => matmul(dy, a, { transposeA: true, transposeB: true })];
  });
}
function linear(x, weight, bias) {
  if (x.ndim !== 2 || weight.ndim !== 2 || x.shape[1] !== weight.shape[1]) {
    throw new RangeError(`linear: expected x [N, in] and weight [out, in], received shapes ${formatShape(x.shape)} and ${formatShape(weight.shape)}`);
  }
  const N = x.shape[0];
  const inDim = x.shape[1];
  const outDim = weight.shape[0];
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outDim)) {
    throw new RangeError(`linear: bias must have shape [${outDim}] for weight ${formatShape(weight.shape)}, received ${formatShape(bias.shape)}`);
  }
  const dtype = promote(promote(x.dtype, weight.dtype), bias ? bias.dtype : x.dtype);
  const out = allocateOutput(dtype, N * outDim);
  const biasView = bias ? { data: bias.data, offset: bias.offset, stride: bias.strides[0] } : void 0;
  matmulKernel(N, outDim, inDim, matrixView(x, 0, false), matrixView(weight, 0, true), out, 0, biasView);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record("linear", out, [N, outDim], inputs, (dy) => [
    () => matmul(dy, weight),
    () => matmul(dy, x, { transposeA: true }),
    () => sum(dy, 0)
  ]);
}

// src/autograd/methods.ts
var p = Tensor.prototype;
p.backward = function(options2) {
  backward(this, options2);
};
p.add = function(o) {
  return add(this, o);
};
p.sub = function(o) {
  return sub(this, o);
};
p.mul = function(o) {
  return mul(this, o);
};
p.div = function(o) {
  return div(this, o);
};
p.neg = function() {
  return neg(this);
};
p.pow = function(e) {
  return pow(this, e);
};
p.exp = function() {
  return exp(this);
};
p.log = function() {
  return log(this);
};
p.sqrt = function() {
  return sqrt(this);
};
p.abs = function() {
  return abs(this);
};
p.square = function() {
  return square(this);
};
p.tanh = function() {
  return tanh2(this);
};
p.sigmoid = function() {
  return sigmoid(this);
};
p.relu = function() {
  return relu(this);
};
p.clamp = function(lo, hi) {
  return clamp(this, lo, hi);
};
p.maximum = function(o) {
  return maximum(this, o);
};
p.minimum = function(o) {
  return minimum(this, o);
};
p.where = function(cond, other) {
  return where(cond, this, other);
};
p.gt = function(o) {
  return gt(this, o);
};
p.ge = function(o) {
  return ge(this, o);
};
p.lt = function(o) {
  return lt(this, o);
};
p.le = function(o) {
  return le(this, o);
};
p.eq = function(o) {
  return eq(this, o);
};
p.sum = function(axis, keepDims) {
  return sum(this, axis, keepDims);
};
p.mean = function(axis, keepDims) {
  return mean(this, axis, keepDims);
};
p.max = function(axis, keepDims) {
  return max(this, axis, keepDims);
};
p.min = function(axis, keepDims) {
  return min(this, axis, keepDims);
};
p.logSumExp = function(axis, keepDims) {
  return logSumExp(this, axis, keepDims);
};
p.softmax = function(axis) {
  return softmax(this, axis);
};
p.logSoftmax = function(axis) {
  return logSoftmax(this, axis);
};
p.matmul = function(o, options2) {
  return matmul(this, o, options2);
};
p.reshape = function(shape) {
  return reshape(this, shape);
};
p.permute = function(axes) {
  return permute(this, axes);
};
p.transpose = function(a0, a1) {
  return a0 === void 0 && a1 === void 0 ? transpose(this) : transpose(this, a0, a1);
};
p.slice = function(ranges) {
  return slice(this, ranges);
};
p.expand = function(shape) {
  return expand(this, shape);
};
p.gather = function(indices, axis) {
  return gather(this, indices, axis);
};
p.contiguous = function() {
  return contiguous(this);
};
p.clone = function() {
  return clone(this);
};

// src/autograd/create.ts
function make(data, shape, options2) {
  return new Tensor(data, shape, { requiresGrad: options2.requiresGrad ?? false });
}
function dtypeFrom(options2, where2, fallback = "float32") {
  return options2.dtype === void 0 ? fallback : checkDType(options2.dtype, where2);
}
function tensor(values, options2 = {}) {
  const inferredDType = values instanceof Float64Array ? "float64" : "float32";
  const dtype = dtypeFrom(options2, "tensor", inferredDType);
  let flat;
  let shape;
  if (typeof values === "number") {
    flat = [values];
    shape = [];
  } else if (values instanceof Float32Array || values instanceof Float64Array || Array.isArray(values) && options2.shape !== void 0) {
    flat = values;
    shape = [flat.length];
  } else if (Array.isArray(values)) {
    ({ flat, shape } = flatten(values));
  } else {
    throw new TypeError(`tensor: values must be a number, nested arrays of numbers or a typed array, received ${typeof values}`);
  }
  if (options2.shape !== void 0) {
    const given = checkShape(options2.shape, "tensor");
    if (sizeOf(given) !== flat.length) {
      throw new RangeError(`tensor: shape ${formatShape(given)} holds ${sizeOf(given)} values, received ${flat.length}`);
    }
    shape = given;
  }
  const data = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== "number") throw new TypeError(`tensor: values must be numbers, received ${typeof v} at flat index ${i}`);
    data[i] = v;
  }
  return make(data, shape, options2);
}
function flatten(values) {
  const shape = [];
  let level = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const flat = [];
  const walk = (v, depth, path) => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw new TypeError(`tensor: expected a number at ${path}, received ${Array.isArray(v) ? "an array" : typeof v}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new RangeError(`tensor: ragged nested array: expected length ${shape[depth]} at ${path}, received ${Array.isArray(v) ? v.length : typeof v}`);
    }
    v.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(values, 0, "values");
  return { flat, shape };
}

// src/nn/module.ts
function checkName(kind, name2) {
  if (name2.length === 0 || name2.includes(".") || name2 === "__proto__") {
    throw new RangeError(`Module: ${kind} name must be non-empty, contain no '.' and not be '__proto__', received ${JSON.stringify(name2)}`);
  }
}
function joinName(prefix, name2) {
  return prefix === "" ? name2 : `${prefix}.${name2}`;
}
function tensorToRecord(t2) {
  const values = t2.toTypedArray();
  const shape = t2.shape.slice();
  return values instanceof Float64Array ? { dtype: "F64", shape, data: values } : { dtype: "F32", shape, data: values };
}
function copyRecordInto(target, record2, name2, source = "loadStateDict") {
  const same = record2.shape.length === target.shape.length && record2.shape.every((d, i) => d === target.shape[i]);
  if (!same) {
    throw new RangeError(`${source}: '${name2}' has shape [${record2.shape.join(", ")}] in the checkpoint but [${target.shape.join(", ")}] in the module`);
  }
  if (record2.dtype !== "F32" && record2.dtype !== "F64") {
    throw new TypeError(`${source}: '${name2}' has dtype ${record2.dtype} in the checkpoint, expected F32 or F64`);
  }
  if (!target.isDense()) throw new Error(`${source}: parameter '${name2}' is not a dense tensor, cannot load into it`);
  target.data.set(record2.data);
}
var Module = class {
  ownParameters = /* @__PURE__ */ new Map();
  childModules = /* @__PURE__ */ new Map();
  /** Registers `value` as a trainable parameter named `name` (sets `requiresGrad`); returns it. */
  registerParameter(name2, value) {
    checkName("parameter", name2);
    if (this.ownParameters.has(name2) || this.childModules.has(name2)) throw new RangeError(`Module: name '${name2}' is already registered`);
    if (!value.isDense()) throw new RangeError(`Module: parameter '${name2}' must be a dense tensor (a leaf with its own storage)`);
    value.requiresGrad = true;
    this.ownParameters.set(name2, value);
    return value;
  }
  /** Registers a submodule named `name`; its parameters appear as `name.<their names>`. */
  registerModule(name2, module) {
    checkName("module", name2);
    if (this.ownParameters.has(name2) || this.childModules.has(name2)) throw new RangeError(`Module: name '${name2}' is already registered`);
    this.childModules.set(name2, module);
    return module;
  }
  /** The direct submodules, with their names, in registration order. */
  namedChildren() {
    return [...this.childModules];
  }
  /**
   * Every parameter with its dotted name, depth-first in registration order, e.g.
   * `[['layers.0.weight', W0], ['layers.0.bias', b0], ...]`. A parameter shared by two
   * submodules is listed once, under its first name.
   * @param prefix prepended with a dot, e.g. `'policy'` gives `policy.layers.0.weight`
   */
  namedParameters(prefix = "") {
    const out = [];
    const seen = /* @__PURE__ */ new Set();
    const walk = (module, path) => {
      for (const [name2, p2] of module.ownParameters) {
        if (seen.has(p2)) continue;
        seen.add(p2);
        out.push([joinName(path, name2), p2]);
      }
      for (const [name2, child] of module.childModules) walk(child, joinName(path, name2));
    };
    walk(this, prefix);
    return out;
  }
  /** Every parameter, in the order of {@link Module.namedParameters}. */
  parameters() {
    return this.namedParameters().map(([, p2]) => p2);
  }
  /** The total number of scalar parameters. */
  numParameters() {
    return this.parameters().reduce((n, p2) => n + p2.size, 0);
  }
  /** Clears the gradients of every parameter (see {@link ZeroGradOptions}). */
  zeroGrad(options2 = {}) {
    zeroGradOf(this.parameters(), options2);
  }
  /** A copy of every parameter as checkpoint records, keyed by dotted name (with `prefix`). */
  stateDict(prefix = "") {
    const out = {};
    for (const [name2, p2] of this.namedParameters(prefix)) out[name2] = tensorToRecord(p2);
    return out;
  }
  /**
   * Copies parameter values from checkpoint records into this module, in place.
   * Checks every shape (naming both) and, when strict, that the names match exactly.
   */
  loadStateDict(records, options2 = {}) {
    const prefix = options2.prefix ?? "";
    const source = options2.source ?? "loadStateDict";
    const named = this.namedParameters(prefix);
    if (options2.strict ?? true) {
      const missing = named.filter(([name2]) => !(name2 in records)).map(([name2]) => name2);
      const wanted = new Set(named.map(([name2]) => name2));
      const under = prefix === "" ? Object.keys(records) : Object.keys(records).filter((k) => k.startsWith(`${prefix}.`));
      const unexpected = under.filter((k) => !wanted.has(k));
      if (missing.length > 0 || unexpected.length > 0) {
        throw new RangeError(
          `${source}: parameter names do not match` + (missing.length > 0 ? `; missing from the checkpoint: ${missing.join(", ")}` : "") + (unexpected.length > 0 ? `; not in the module: ${unexpected.join(", ")}` : "")
        );
      }
    }
    for (const [name2, p2] of named) {
      const record2 = records[name2];
      if (record2 !== void 0 && !(record2.shape.length === p2.shape.length && record2.shape.every((d, i) => d === p2.shape[i]))) {
        throw new RangeError(`${source}: '${name2}' has shape [${record2.shape.join(", ")}] in the checkpoint but [${p2.shape.join(", ")}] in the module`);
      }
    }
    for (const [name2, p2] of named) {
      const record2 = records[name2];
      if (record2 !== void 0) copyRecordInto(p2, record2, name2, source);
    }
  }
};
function zeroGradOf(params, options2 = {}) {
  const setToNull = options2.setToNull ?? true;
  for (const p2 of params) {
    if (setToNull || p2.grad === null || !p2.grad.isDense()) p2.grad = null;
    else p2.grad.data.fill(0);
  }
}

// src/nn/qr.ts
function householderQR(a, m, n, mode = "reduced") {
  if (!Number.isInteger(m) || m < 0 || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`householderQR: m and n must be non-negative integers, received m=${m}, n=${n}`);
  }
  if (a.length !== m * n) {
    throw new RangeError(`householderQR: a must hold m*n = ${m * n} values for shape [${m}, ${n}], received ${a.length}`);
  }
  const k = Math.min(m, n);
  const r = Float64Array.from(a);
  const vs = [];
  for (let j = 0; j < k; j++) {
    let anyBelow = false;
    let scale = Math.abs(r[j * n + j]);
    for (let i = j + 1; i < m; i++) {
      const x = Math.abs(r[i * n + j]);
      if (x !== 0) anyBelow = true;
      if (x > scale) scale = x;
    }
    if (!anyBelow) {
      for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
      vs.push(null);
      continue;
    }
    const v = new Float64Array(m);
    let below = 0;
    for (let i = j + 1; i < m; i++) {
      v[i] = r[i * n + j] / scale;
      below += v[i] * v[i];
    }
    const x0 = r[j * n + j] / scale;
    const norm = Math.sqrt(x0 * x0 + below);
    v[j] = x0 + (x0 >= 0 ? norm : -norm);
    const vv = v[j] * v[j] + below;
    for (let c = j; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i] * r[i * n + c];
      const scale2 = 2 * dot / vv;
      for (let i = j; i < m; i++) r[i * n + c] = r[i * n + c] - scale2 * v[i];
    }
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
    vs.push(v);
  }
  const qCols = mode === "complete" ? m : k;
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < qCols; i++) q[i * qCols + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j];
    if (!v) continue;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    for (let c = 0; c < qCols; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i] * q[i * qCols + c];
      const scale = 2 * dot / vv;
      for (let i = j; i < m; i++) q[i * qCols + c] = q[i * qCols + c] - scale * v[i];
    }
  }
  const rRows = mode === "complete" ? m : k;
  return { q, r: r.slice(0, rRows * n), m, n, qCols };
}

// src/nn/init.ts
function calculateGain(nonlinearity, negativeSlope = 0.01) {
  switch (nonlinearity) {
    case "linear":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu":
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
  }
}
function numel(shape) {
  return shape.reduce((a, b) => a * b, 1);
}
function computeFans(shape, who = "computeFans") {
  if (shape.length < 2) {
    throw new RangeError(`${who}: needs a weight with at least 2 dimensions [out, in, ...], received shape [${shape.join(", ")}]`);
  }
  const receptive = numel(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}
function zerosInit() {
  return (shape) => new Float64Array(numel(shape));
}
function uniformInit(low, high) {
  if (!(low <= high)) throw new RangeError(`uniformInit: expected low <= high, received low=${low}, high=${high}`);
  return (shape, rng2) => Float64Array.from({ length: numel(shape) }, () => rng2.uniform(low, high));
}
function kaimingStd(shape, options2, who) {
  const { fanIn, fanOut } = computeFans(shape, who);
  const fan = (options2.mode ?? "fanIn") === "fanIn" ? fanIn : fanOut;
  const gain = calculateGain(options2.nonlinearity ?? "leaky_relu", options2.a ?? 0);
  return gain / Math.sqrt(fan);
}
function kaimingUniform(options2 = {}) {
  return (shape, rng2) => {
    const bound = Math.sqrt(3) * kaimingStd(shape, options2, "kaimingUniform");
    return uniformInit(-bound, bound)(shape, rng2);
  };
}
function orthogonalInit(options2 = {}) {
  const gain = options2.gain ?? 1;
  return (shape, rng2) => {
    if (shape.length < 2) {
      throw new RangeError(`orthogonalInit: needs a weight with at least 2 dimensions, received shape [${shape.join(", ")}]`);
    }
    const rows = shape[0];
    const cols = numel(shape) / Math.max(1, rows);
    const flat = Float64Array.from({ length: rows * cols }, () => rng2.normal());
    const out = new Float64Array(rows * cols);
    if (rows === 0 || cols === 0) return out;
    const tall = rows >= cols;
    const m = tall ? rows : cols;
    const k = tall ? cols : rows;
    const a = tall ? flat : transposed(flat, rows, cols);
    const { q, r } = householderQR(a, m, k, "reduced");
    for (let j = 0; j < k; j++) {
      const sign = r[j * k + j] < 0 ? -1 : 1;
      for (let i = 0; i < m; i++) {
        const value = gain * sign * q[i * k + j];
        if (tall) out[i * cols + j] = value;
        else out[j * cols + i] = value;
      }
    }
    return out;
  };
}
function transposed(a, rows, cols) {
  const t2 = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t2[j * rows + i] = a[i * cols + j];
  return t2;
}

// src/nn/layers.ts
function initParameter(shape, init, rng2, dtype = "float32") {
  const values = init(shape, rng2);
  const data = allocate(dtype, values.length);
  data.set(values);
  return new Tensor(data, shape.slice(), { requiresGrad: true });
}
var Linear = class extends Module {
  constructor(inFeatures, outFeatures, options2) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    for (const [name2, value] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]]) {
      if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`Linear: ${name2} must be a positive integer, received ${value}`);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    const dtype = options2.dtype ?? "float32";
    this.weight = this.registerParameter("weight", initParameter([outFeatures, inFeatures], options2.weightInit ?? kaimingUniform({ a: Math.sqrt(5) }), options2.rng, dtype));
    this.bias = options2.bias ?? true ? this.registerParameter("bias", initParameter([outFeatures], options2.biasInit ?? uniformInit(-bound, bound), options2.rng, dtype)) : null;
  }
  inFeatures;
  outFeatures;
  weight;
  bias;
  /** x [N, in] -> x W^T + b [N, out] (or [in] -> [out]), through the fused `linear` primitive. */
  forward(x) {
    if (x.ndim === 1) return linear(x.reshape([1, x.shape[0]]), this.weight, this.bias).reshape([this.outFeatures]);
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) {
      throw new RangeError(`Linear(${this.inFeatures}, ${this.outFeatures}).forward: expected input [N, ${this.inFeatures}], received [${x.shape.join(", ")}]`);
    }
    return linear(x, this.weight, this.bias);
  }
};
var Tanh = class extends Module {
  forward(x) {
    return x.tanh();
  }
};
var ReLU = class extends Module {
  forward(x) {
    return x.relu();
  }
};
var Sequential = class extends Module {
  layers;
  constructor(...layers) {
    super();
    this.layers = layers.map((layer, i) => this.registerModule(String(i), layer));
  }
  forward(x) {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }
};

// src/nn/mlp.ts
var MLP = class extends Module {
  layers;
  sizes;
  constructor(sizes2, options2) {
    super();
    if (sizes2.length < 2 || !sizes2.every((s) => Number.isInteger(s) && s > 0)) {
      throw new RangeError(`MLP: sizes must be at least two positive integers [in, ..., out], received [${sizes2.join(", ")}]`);
    }
    this.sizes = sizes2.slice();
    const activation = options2.activation ?? "tanh";
    if (activation !== "tanh" && activation !== "relu") {
      throw new RangeError(`MLP: activation must be 'tanh' or 'relu', received ${JSON.stringify(activation)}`);
    }
    const orthogonal = (options2.init ?? "orthogonal") === "orthogonal";
    const hiddenGain = options2.hiddenGain ?? Math.SQRT2;
    const outputGain = options2.outputGain ?? 1;
    const modules = [];
    for (let i = 0; i + 1 < sizes2.length; i++) {
      const last = i + 2 === sizes2.length;
      const inits = orthogonal ? { weightInit: orthogonalInit({ gain: last ? outputGain : hiddenGain }), biasInit: zerosInit() } : {};
      modules.push(new Linear(sizes2[i], sizes2[i + 1], { rng: options2.rng, dtype: options2.dtype, ...inits }));
      if (!last) modules.push(activation === "tanh" ? new Tanh() : new ReLU());
    }
    this.layers = this.registerModule("layers", new Sequential(...modules));
  }
  /** x [N, in] -> [N, out]. */
  forward(x) {
    return this.layers.forward(x);
  }
};

// src/nn/distributions/categorical.ts
function shapeText(shape) {
  return `[${shape.join(", ")}]`;
}
var MIN_LOG_PROB = -34028234663852886e22;
var Categorical = class {
  /** The unnormalised log-probabilities, [..., n]. */
  logits;
  /** The normalised log-probabilities log p, [..., n] (part of the graph). */
  logProbs;
  /** The batch shape: `logits.shape` without the last dim. */
  batchShape;
  /** The number of categories n. */
  numCategories;
  constructor(logits) {
    if (logits.ndim < 1 || logits.shape[logits.ndim - 1] < 1) {
      throw new RangeError(`Categorical: logits must have shape [..., n] with n >= 1, received ${shapeText(logits.shape)}`);
    }
    this.logits = logits;
    this.logProbs = logits.logSoftmax(-1);
    this.batchShape = logits.shape.slice(0, -1);
    this.numCategories = logits.shape[logits.ndim - 1];
  }
  /** The probabilities p = exp(log p), [..., n]. */
  get probs() {
    return this.logProbs.exp();
  }
  /** The log-probabilities with -Infinity (masked actions) clamped to a finite value, so 0 * log 0 = 0. */
  finiteLogProbs() {
    const values = this.logProbs.data;
    for (let i = 0; i < values.length; i++) if (values[i] === -Infinity) return this.logProbs.maximum(MIN_LOG_PROB);
    return this.logProbs;
  }
  /** The actions as a tensor of the batch shape with a trailing 1 (gather checks the index values). */
  actionIndices(actions2, who) {
    const batch2 = this.batchShape.slice();
    if (!(actions2 instanceof Tensor)) {
      const size = batch2.reduce((a, b) => a * b, 1);
      if (actions2.length !== size) {
        throw new RangeError(`Categorical.${who}: expected ${size} actions for batch shape ${shapeText(batch2)}, received ${actions2.length}`);
      }
      return tensor(Float64Array.from(actions2), { shape: [...batch2, 1], dtype: this.logits.dtype });
    }
    if (actions2.ndim !== batch2.length || actions2.shape.some((d, i) => d !== batch2[i])) {
      throw new RangeError(`Categorical.${who}: actions must have the batch shape ${shapeText(batch2)}, received ${shapeText(actions2.shape)}`);
    }
    return actions2.reshape([...batch2, 1]);
  }
  /**
   * Draws one action per row with `rng.categorical` on the probabilities (no gradient).
   * @returns integer-valued tensor of the batch shape (float dtype of the logits)
   */
  sample(rng2) {
    return noGrad(() => {
      const logp = this.logProbs.contiguous();
      const n = this.numCategories;
      const rows = logp.size / n;
      const out = new Float64Array(rows);
      const weights = new Float64Array(n);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < n; j++) weights[j] = Math.exp(logp.data[logp.offset + r * n + j]);
        out[r] = rng2.categorical(weights);
      }
      return tensor(out, { shape: this.batchShape.slice(), dtype: this.logits.dtype });
    });
  }
  /** log p(a) for integer actions of the batch shape -> [batch]. Differentiable in the logits. */
  logProb(actions2) {
    return this.logProbs.gather(this.actionIndices(actions2, "logProb"), -1).reshape(this.batchShape.slice());
  }
  /** The entropy -sum p log p per row -> [batch] (nats). Masked (-Infinity) logits contribute 0. */
  entropy() {
    const logp = this.finiteLogProbs();
    return logp.exp().mul(logp).sum(-1).neg();
  }
  /** KL(this || other) = sum p (log p - log q) per row -> [batch]. Both need the same shape. */
  kl(other) {
    if (this.logits.shape.length !== other.logits.shape.length || this.logits.shape.some((d, i) => d !== other.logits.shape[i])) {
      throw new RangeError(`Categorical.kl: logits shapes differ: ${shapeText(this.logits.shape)} vs ${shapeText(other.logits.shape)}`);
    }
    const logp = this.finiteLogProbs();
    return logp.exp().mul(logp.sub(other.finiteLogProbs())).sum(-1);
  }
  /** The most probable action per row -> [batch]. NOTE: ties go to the lowest index (as argmax). */
  mode() {
    const logp = this.logProbs.contiguous();
    const n = this.numCategories;
    const rows = logp.size / n;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let j = 1; j < n; j++) if (logp.data[logp.offset + r * n + j] > logp.data[logp.offset + r * n + best]) best = j;
      out[r] = best;
    }
    return tensor(out, { shape: this.batchShape.slice(), dtype: this.logits.dtype });
  }
};

// src/nn/distributions/diag_gaussian.ts
var HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

// src/nn/optim/optimizer.ts
function isPair(item) {
  return Array.isArray(item);
}
function nameParams(params, who) {
  const named = [];
  params.forEach((item, i) => {
    if (isPair(item)) named.push([item[0], item[1]]);
    else named.push([String(i), item]);
  });
  const seen = /* @__PURE__ */ new Set();
  const tensors = /* @__PURE__ */ new Set();
  for (const [name2, p2] of named) {
    if (seen.has(name2)) throw new RangeError(`${who}: parameter name '${name2}' appears twice`);
    if (tensors.has(p2)) throw new RangeError(`${who}: parameter '${name2}' appears twice (the same tensor)`);
    if (!p2.isDense()) throw new RangeError(`${who}: parameter '${name2}' must be a dense tensor (a leaf with its own storage)`);
    seen.add(name2);
    tensors.add(p2);
  }
  return named;
}
function gradValues(p2) {
  const g = p2.grad;
  if (g === null) return null;
  if (g.size !== p2.size) throw new RangeError(`optimizer: gradient of shape [${g.shape.join(", ")}] for a parameter of shape [${p2.shape.join(", ")}]`);
  return g.isDense() ? g.data : g.toTypedArray();
}
var Optimizer = class {
  /** The parameters with their names, in order. */
  namedParams;
  /** The learning rate of the next step; set it from a schedule before each step. */
  lr;
  constructor(params, lr, who) {
    if (!(Number.isFinite(lr) && lr >= 0)) throw new RangeError(`${who}: lr must be a finite number >= 0, received ${lr}`);
    this.namedParams = nameParams(params, who);
    this.lr = lr;
  }
  /** Clears the gradients of the parameters (see {@link ZeroGradOptions}). */
  zeroGrad(options2 = {}) {
    zeroGradOf(this.namedParams.map(([, p2]) => p2), options2);
  }
  /** Checks that `state` is of `kind` and names exactly this optimiser's parameters, with buffers of the right sizes. */
  checkState(state, kind, bufferNames) {
    const who = `${this.constructor.name}.loadState`;
    if (state.kind !== kind) throw new TypeError(`${who}: state is of kind '${state.kind}', expected '${kind}'`);
    const names = new Set(this.namedParams.map(([n]) => n));
    const given = Object.keys(state.params);
    const missing = [...names].filter((n) => !given.includes(n));
    const unexpected = given.filter((n) => !names.has(n));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new RangeError(
        `${who}: parameter names do not match` + (missing.length > 0 ? `; missing from the state: ${missing.join(", ")}` : "") + (unexpected.length > 0 ? `; not in the optimiser: ${unexpected.join(", ")}` : "")
      );
    }
    for (const [name2, p2] of this.namedParams) {
      const s = state.params[name2];
      if (!(Number.isInteger(s.step) && s.step >= 0)) throw new RangeError(`${who}: '${name2}' has step ${s.step}, expected an integer >= 0`);
      for (const [buffer, values] of Object.entries(s.buffers)) {
        if (!bufferNames.includes(buffer)) throw new RangeError(`${who}: '${name2}' has an unknown buffer '${buffer}' (expected ${bufferNames.join(", ")})`);
        if (values.length !== p2.size) {
          throw new RangeError(`${who}: buffer '${buffer}' of '${name2}' has ${values.length} values, but the parameter of shape [${p2.shape.join(", ")}] has ${p2.size}`);
        }
      }
    }
  }
};
function hyperNumber(state, key, who) {
  const v = state.hyperparameters[key];
  if (typeof v !== "number") throw new TypeError(`${who}: hyperparameter '${key}' must be a number, received ${JSON.stringify(v)}`);
  return v;
}
function hyperBoolean(state, key, who) {
  const v = state.hyperparameters[key];
  if (typeof v !== "boolean") throw new TypeError(`${who}: hyperparameter '${key}' must be a boolean, received ${JSON.stringify(v)}`);
  return v;
}
function copyBuffer(p2, values) {
  const out = p2.dtype === "float64" ? new Float64Array(p2.size) : new Float32Array(p2.size);
  out.set(values);
  return out;
}

// src/nn/optim/adam.ts
var Adam = class extends Optimizer {
  beta1;
  beta2;
  eps;
  weightDecay;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  decoupled;
  moments = /* @__PURE__ */ new Map();
  constructor(params, options2 = {}, decoupled = false) {
    const who = decoupled ? "AdamW" : "Adam";
    super(params, options2.lr ?? 1e-3, who);
    const [beta1, beta2] = options2.betas ?? [0.9, 0.999];
    const eps = options2.eps ?? 1e-8;
    const weightDecay = options2.weightDecay ?? (decoupled ? 0.01 : 0);
    for (const [name2, value] of [["betas[0]", beta1], ["betas[1]", beta2]]) {
      if (!(value >= 0 && value < 1)) throw new RangeError(`${who}: ${name2} must be in [0, 1), received ${value}`);
    }
    if (!(eps >= 0)) throw new RangeError(`${who}: eps must be >= 0, received ${eps}`);
    if (!(weightDecay >= 0)) throw new RangeError(`${who}: weightDecay must be >= 0, received ${weightDecay}`);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }
  get kind() {
    return this.decoupled ? "adamw" : "adam";
  }
  step() {
    const { lr, beta1, beta2, eps, weightDecay, decoupled } = this;
    for (const [name2, param] of this.namedParams) {
      const g = gradValues(param);
      if (g === null) continue;
      let st = this.moments.get(name2);
      if (st === void 0) {
        st = { step: 0, expAvg: copyBuffer(param, []), expAvgSq: copyBuffer(param, []) };
        this.moments.set(name2, st);
      }
      st.step += 1;
      const stepSize = lr / (1 - beta1 ** st.step);
      const bias2Sqrt = Math.sqrt(1 - beta2 ** st.step);
      const l2 = decoupled ? 0 : weightDecay;
      const shrink = decoupled ? 1 - lr * weightDecay : 1;
      const p2 = param.data;
      const m = st.expAvg;
      const v = st.expAvgSq;
      for (let i = 0; i < p2.length; i++) {
        const pi = p2[i];
        const gi = g[i] + l2 * pi;
        const mi = beta1 * m[i] + (1 - beta1) * gi;
        const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p2[i] = pi * shrink - stepSize * mi / (Math.sqrt(vi) / bias2Sqrt + eps);
      }
    }
  }
  state() {
    const params = {};
    for (const [name2, param] of this.namedParams) {
      const st = this.moments.get(name2);
      params[name2] = st === void 0 ? { step: 0, buffers: {} } : { step: st.step, buffers: { exp_avg: copyBuffer(param, st.expAvg), exp_avg_sq: copyBuffer(param, st.expAvgSq) } };
    }
    return {
      kind: this.kind,
      hyperparameters: { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay, decoupled: this.decoupled },
      params
    };
  }
  loadState(state) {
    const who = `${this.decoupled ? "AdamW" : "Adam"}.loadState`;
    this.checkState(state, this.kind, ["exp_avg", "exp_avg_sq"]);
    if (hyperBoolean(state, "decoupled", who) !== this.decoupled) throw new TypeError(`${who}: decoupled weight decay differs`);
    const hyper = {
      lr: hyperNumber(state, "lr", who),
      beta1: hyperNumber(state, "beta1", who),
      beta2: hyperNumber(state, "beta2", who),
      eps: hyperNumber(state, "eps", who),
      weightDecay: hyperNumber(state, "weightDecay", who)
    };
    const next = /* @__PURE__ */ new Map();
    for (const [name2, param] of this.namedParams) {
      const s = state.params[name2];
      const m = s.buffers["exp_avg"];
      const v = s.buffers["exp_avg_sq"];
      if (s.step === 0 && m === void 0 && v === void 0) continue;
      if (m === void 0 || v === void 0) throw new RangeError(`${who}: '${name2}' at step ${s.step} needs both exp_avg and exp_avg_sq`);
      next.set(name2, { step: s.step, expAvg: copyBuffer(param, m), expAvgSq: copyBuffer(param, v) });
    }
    Object.assign(this, hyper);
    this.moments.clear();
    for (const [name2, st] of next) this.moments.set(name2, st);
  }
};

// src/nn/safetensors.ts
var LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// src/envs/cartpole.ts
var CARTPOLE_DEFAULTS = Object.freeze({
  gravity: 9.8,
  massCart: 1,
  massPole: 0.1,
  length: 0.5,
  forceMag: 10
});
var CARTPOLE_THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
var CARTPOLE_X_THRESHOLD = 2.4;
var CARTPOLE_SPEC = Object.freeze({ id: "CartPole-v1", maxEpisodeSteps: 500, rewardThreshold: 475 });
var FLOAT32_MAX = 34028234663852886e22;
var CARTPOLE_OBSERVATION_SPACE_HIGH = [CARTPOLE_X_THRESHOLD * 2, FLOAT32_MAX, CARTPOLE_THETA_THRESHOLD * 2, FLOAT32_MAX];

// src/envs/pendulum.ts
var PENDULUM_DEFAULTS = Object.freeze({ g: 10, m: 1, l: 1, maxTorque: 2 });
var PENDULUM_SPEC = Object.freeze({ id: "Pendulum-v1", maxEpisodeSteps: 200, rewardThreshold: void 0 });

// src/envs/acrobot.ts
var ACROBOT_DEFAULTS = Object.freeze({
  linkLength1: 1,
  linkMass1: 1,
  linkMass2: 1,
  linkComPos1: 0.5,
  linkComPos2: 0.5,
  linkMoi: 1,
  gravity: 9.8
});
var ACROBOT_MAX_VEL_1 = 4 * Math.PI;
var ACROBOT_MAX_VEL_2 = 9 * Math.PI;
var ACROBOT_SPEC = Object.freeze({ id: "Acrobot-v1", maxEpisodeSteps: 500, rewardThreshold: -100 });

// src/envs/mountain_car.ts
var MOUNTAIN_CAR_DEFAULTS = Object.freeze({ force: 1e-3, gravity: 25e-4 });
var MOUNTAIN_CAR_SPEC = Object.freeze({ id: "MountainCar-v0", maxEpisodeSteps: 200, rewardThreshold: -110 });

// src/envs/mountain_car_continuous.ts
var MOUNTAIN_CAR_CONTINUOUS_DEFAULTS = Object.freeze({ power: 15e-4, gravity: 25e-4 });
var MOUNTAIN_CAR_CONTINUOUS_SPEC = Object.freeze({
  id: "MountainCarContinuous-v0",
  maxEpisodeSteps: 999,
  rewardThreshold: 90
});

// src/envs/uncertainty.ts
var UNCERTAINTY_PRESETS = Object.freeze({
  none: Object.freeze({
    observationNoiseStd: 0,
    actionNoise: 0,
    transitionNoiseStd: 0,
    rewardNoiseStd: 0,
    rewardDelayProbability: 0,
    rewardMaxDelay: 1,
    maskProbability: 0,
    driftProbability: 0,
    driftStd: 0,
    driftBound: 0
  }),
  low: Object.freeze({
    observationNoiseStd: 0.01,
    actionNoise: 0.02,
    transitionNoiseStd: 0.02,
    rewardNoiseStd: 0.01,
    rewardDelayProbability: 0.05,
    rewardMaxDelay: 2,
    maskProbability: 0.01,
    driftProbability: 1e-3,
    driftStd: 0.02,
    driftBound: 0.1
  }),
  medium: Object.freeze({
    observationNoiseStd: 0.05,
    actionNoise: 0.05,
    transitionNoiseStd: 0.05,
    rewardNoiseStd: 0.05,
    rewardDelayProbability: 0.1,
    rewardMaxDelay: 5,
    maskProbability: 0.05,
    driftProbability: 5e-3,
    driftStd: 0.05,
    driftBound: 0.25
  }),
  high: Object.freeze({
    observationNoiseStd: 0.1,
    actionNoise: 0.1,
    transitionNoiseStd: 0.1,
    rewardNoiseStd: 0.1,
    rewardDelayProbability: 0.2,
    rewardMaxDelay: 10,
    maskProbability: 0.1,
    driftProbability: 0.01,
    driftStd: 0.1,
    driftBound: 0.5
  })
});

// src/envs/cartpole_vector.ts
var NO_INFO = Object.freeze({});

// src/eval/return_stats.ts
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

// ../../../tmp/simdx/t5.ts
setBackend(process.env.B ?? "wasm");
var batch = Number(process.env.N ?? 1024);
var sizes = [4, 64, 64, 2];
var rng = new Rng("x");
var policy = new MLP(sizes, { rng: rng.fork("init"), activation: "tanh", outputGain: 0.01 });
var opt = new Adam(policy.namedParameters("policy"), { lr: 25e-5, eps: 1e-5 });
var obs = tensor(Float32Array.from({ length: batch * 4 }, () => rng.normal()), { shape: [batch, 4] });
var actions = tensor(Float32Array.from({ length: batch }, () => rng.int(2)), { shape: [batch] });
var adv = tensor(Float32Array.from({ length: batch }, () => rng.normal()), { shape: [batch] });
var step = () => {
  opt.zeroGrad();
  const pi = new Categorical(policy.forward(obs));
  pi.logProb(actions).mul(adv).mean().neg().backward();
  opt.step();
};
var t = performance.now();
for (let i = 0; i < 1e3; i++) step();
console.log(performance.now() - t, "ms / 1000");
