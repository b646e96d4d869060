// The wasm SIMD kernels, written with our assembler: packing, the register-blocked f32x4 matmul
// (with the fused bias of a dense layer), tanh and its backward. Every address is a byte offset
// into the module's memory; every buffer is laid out by src/tensor/wasm/runtime.ts.
import {
  assembleModule, f32, f32c, f32x4, f64, f64c, f64x2, forRange, FunctionBuilder, get, i32, i32c, ifElse, ifThen, select, seq, set, v128,
  type Code, type Local, type MemoryImport,
} from './assembler.js';

/** Bytes per float32. */
const F = 4;

/**
 * The element type of a matmul kernel: float32 in f32x4 lanes (the float32 ops), or float64 in
 * f64x2 lanes (products with a float64 operand, as a float64 loss's gradients are: the JS
 * kernel sums those in float64 too, so the two agree bit for bit).
 */
interface Element {
  /** Name suffix of the element's functions: '' for float32, '64' for float64. */
  readonly suffix: '' | '64';
  readonly bytes: number;
  /** Elements per v128. */
  readonly lanes: number;
  readonly load: (addr: Code, offset?: number) => Code;
  readonly store: (addr: Code, value: Code, offset?: number) => Code;
  readonly zero: Code;
  /** One element loaded into every lane. */
  readonly loadSplat: (addr: Code, offset?: number) => Code;
  readonly add: (a: Code, b: Code) => Code;
  readonly mul: (a: Code, b: Code) => Code;
}
const FLOAT32: Element = { suffix: '', bytes: 4, lanes: 4, load: f32.load, store: f32.store, zero: f32c(0), loadSplat: v128.load32_splat, add: f32x4.add, mul: f32x4.mul };
const FLOAT64: Element = { suffix: '64', bytes: 8, lanes: 2, load: f64.load, store: f64.store, zero: f64c(0), loadSplat: v128.load64_splat, add: f64x2.add, mul: f64x2.mul };

/**
 * pack(src, lineStride, kStride, lines, paddedLines, K, width, dst): copies `lines` lines (rows of
 * A or columns of B, read through element strides) into panels of `width` lines, k-major: panel p
 * holds, for each k, the `width` values of lines p*width .. p*width+width-1 at k. Lines from
 * `lines` to `paddedLines` are zero, so the micro-kernel never needs an edge case on its inputs.
 */
function pack(e: Element): { fn: FunctionBuilder; body: Code } {
  const E = e.bytes;
  const fn = new FunctionBuilder(`pack${e.suffix}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, lineStride, kStride, lines, paddedLines, K, width, dst] = fn.params;
  const [line, k, s, d, kStep, dStep] = fn.locals('i32', 6);
  const body = seq(
    set(kStep, i32.mul(get(kStride), i32c(E))),
    set(dStep, i32.mul(get(width), i32c(E))),
    forRange(line, i32c(0), get(paddedLines), i32c(1),
      // d = dst + (panel * K * width + line % width) * E
      set(d, i32.add(get(dst), i32.mul(i32c(E), i32.add(
        i32.mul(i32.mul(i32.div_u(get(line), get(width)), get(K)), get(width)),
        i32.rem_u(get(line), get(width)))))),
      ifElse(i32.lt_s(get(line), get(lines)),
        seq(
          set(s, i32.add(get(src), i32.mul(i32.mul(get(line), get(lineStride)), i32c(E)))),
          forRange(k, i32c(0), get(K), i32c(1),
            e.store(get(d), e.load(get(s))),
            set(s, i32.add(get(s), get(kStep))),
            set(d, i32.add(get(d), get(dStep)))),
        ),
        forRange(k, i32c(0), get(K), i32c(1),
          e.store(get(d), e.zero),
          set(d, i32.add(get(d), get(dStep)))),
      ),
    ),
  );
  return { fn, body };
}

/**
 * packRows(src, rowStride, K, N, dst): B [K, N] with unit column stride (rows `rowStride`
 * elements apart) into panels of `NR` columns, k-major, as {@link pack} does, a v128 at a time:
 * full panels only; the caller packs a last partial panel with {@link pack}.
 */
function packRows(e: Element, NR: number): { fn: FunctionBuilder; body: Code } {
  const E = e.bytes;
  const fn = new FunctionBuilder(`pack${e.suffix}_rows_${NR}`, ['i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, rowStride, K, N, dst] = fn.params;
  const [j0, k, s, d] = fn.locals('i32', 4);
  const body = forRange(j0, i32c(0), i32.sub(get(N), i32c(NR - 1)), i32c(NR),
    set(s, i32.add(get(src), i32.mul(get(j0), i32c(E)))),
    set(d, i32.add(get(dst), i32.mul(i32.mul(get(j0), get(K)), i32c(E)))),
    forRange(k, i32c(0), get(K), i32c(1),
      ...Array.from({ length: NR / e.lanes }, (_, v) => v128.store(get(d), v128.load(get(s), 16 * v), 16 * v)),
      set(s, i32.add(get(s), i32.mul(get(rowStride), i32c(E)))),
      set(d, i32.add(get(d), i32c(NR * E)))),
  );
  return { fn, body };
}

/**
 * gemm_MRxNR(a, aRowStride, aKStride, pb, c, M, N, K, bias, hasBias, tile) (gemm64_MRxNR in
 * float64): c[M, N] (dense, row stride N) = A B (+ bias per column). A is read where it lies,
 * through byte strides (no packing: MR row pointers step by aKStride); B comes packed in panels
 * of NR = lanes x NV columns. The micro-kernel keeps an MR x NR block of C in MR*NV v128
 * registers; per k it loads NV vectors of B and splats MR values of A. Each output sums over k in
 * ascending order with a separate multiply and add (no FMA), then adds the bias: in float64 the
 * same operations in the same order as the JS kernel, so the same bits; in float32 the sums
 * round at every step (the JS kernel sums in float64). Rows past M re-read row M-1; edge blocks
 * go through `tile` (MR*NR elements) and only their valid part is copied to c.
 */
function gemm(e: Element, MR: number, NV: number): { fn: FunctionBuilder; body: Code } {
  const E = e.bytes;
  const NR = e.lanes * NV;
  const fn = new FunctionBuilder(`gemm${e.suffix}_${MR}x${NR}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [a, aRowStride, aKStride, pb, c, M, N, K, bias, hasBias, tile] = fn.params;
  const [i0, j0, k, b, out, r, col, rows, cols] = fn.locals('i32', 9);
  const rowPtr = fn.locals('i32', MR);
  const acc = fn.locals('v128', MR * NV);
  const bv = fn.locals('v128', NV);
  const as = fn.local('v128');
  const accAt = (row: number, v: number): Local => acc[row * NV + v]!;
  const each = (f: (row: number, v: number) => Code): Code => seq(...acc.map((_, i) => f(Math.floor(i / NV), i % NV)));

  const microKernel = seq(
    ...bv.map((x, v) => set(x, v128.load(get(b), 16 * v))),
    ...rowPtr.map((p, row) => seq(
      set(as, e.loadSplat(get(p))),
      ...bv.map((x, v) => set(accAt(row, v), e.add(get(accAt(row, v)), e.mul(get(as), get(x))))),
      set(p, i32.add(get(p), get(aKStride))),
    )),
    set(b, i32.add(get(b), i32c(NR * E))),
  );
  // Row i0 + r, or the last row when that is past M (its results are never stored).
  const startRows = seq(...rowPtr.map((p, row) => {
    const i = i32.add(get(i0), i32c(row));
    return set(p, i32.add(get(a), i32.mul(select(i, i32.sub(get(M), i32c(1)), i32.lt_s(i, get(M))), get(aRowStride))));
  }));
  const addBias = ifThen(get(hasBias), each((row, v) => set(accAt(row, v), e.add(get(accAt(row, v)), v128.load(i32.add(get(bias), i32.mul(get(j0), i32c(E))), 16 * v)))));
  const rowBytes = i32.mul(get(N), i32c(E));
  const storeFull = seq(
    set(out, i32.add(get(c), i32.mul(i32.add(i32.mul(get(i0), get(N)), get(j0)), i32c(E)))),
    ...Array.from({ length: MR }, (_, row) => seq(
      ...Array.from({ length: NV }, (_, v) => v128.store(get(out), get(accAt(row, v)), 16 * v)),
      set(out, i32.add(get(out), rowBytes)),
    )),
  );
  const storeEdge = seq(
    each((row, v) => v128.store(get(tile), get(accAt(row, v)), (row * NR + e.lanes * v) * E)),
    set(rows, select(i32.sub(get(M), get(i0)), i32c(MR), i32.lt_s(i32.sub(get(M), get(i0)), i32c(MR)))),
    set(cols, select(i32.sub(get(N), get(j0)), i32c(NR), i32.lt_s(i32.sub(get(N), get(j0)), i32c(NR)))),
    forRange(r, i32c(0), get(rows), i32c(1),
      forRange(col, i32c(0), get(cols), i32c(1),
        e.store(
          i32.add(get(c), i32.mul(i32.add(i32.mul(i32.add(get(i0), get(r)), get(N)), i32.add(get(j0), get(col))), i32c(E))),
          e.load(i32.add(get(tile), i32.mul(i32.add(i32.mul(get(r), i32c(NR)), get(col)), i32c(E)))),
        ))),
  );
  const body = forRange(i0, i32c(0), get(M), i32c(MR),
    forRange(j0, i32c(0), get(N), i32c(NR),
      each((row, v) => set(accAt(row, v), v128.zero())),
      startRows,
      set(b, i32.add(get(pb), i32.mul(i32.mul(get(j0), get(K)), i32c(E)))),
      forRange(k, i32c(0), get(K), i32c(1), microKernel),
      addBias,
      ifElse(i32.and(i32.le_s(i32.add(get(i0), i32c(MR)), get(M)), i32.le_s(i32.add(get(j0), i32c(NR)), get(N))), storeFull, storeEdge),
    ),
  );
  return { fn, body };
}

/**
 * sumRows(src, rows, cols, dst): dst[j] = sum_k src[k, j] for a dense [rows, cols] float32 matrix,
 * 8 columns at a time, each sum in float64 over k in ascending order and rounded once: the same
 * bits as the JS sumAxis. Columns up to cols rounded up to 8 are summed too (reading on into the
 * next row, or past the end: the caller leaves 8 floats of room) and must be ignored.
 */
function sumRows(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('sum_rows', ['i32', 'i32', 'i32', 'i32']);
  const [src, rows, cols, dst] = fn.params;
  const [j0, k, p] = fn.locals('i32', 3);
  const acc = fn.locals('v128', 4);
  const body = forRange(j0, i32c(0), get(cols), i32c(8),
    ...acc.map((x) => set(x, v128.zero())),
    set(p, i32.add(get(src), i32.mul(get(j0), i32c(F)))),
    forRange(k, i32c(0), get(rows), i32c(1),
      ...acc.map((x, v) => set(x, f64x2.add(get(x), f64x2.promote_low_f32x4(v128.load64_zero(get(p), 8 * v))))),
      set(p, i32.add(get(p), i32.mul(get(cols), i32c(F))))),
    ...acc.map((x, v) => v128.store64_lane0(i32.add(get(dst), i32.mul(get(j0), i32c(F))), f32x4.demote_f64x2_zero(get(x)), 8 * v)),
  );
  return { fn, body };
}

/** Byte lanes of a shuffle: f32 lanes a0 b0 a1 b1, a2 b2 a3 b3, and the high half of a twice. */
const f32Lanes = (...lanes: number[]): number[] => lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
const UNPACK_LO = f32Lanes(0, 4, 1, 5);
const UNPACK_HI = f32Lanes(2, 6, 3, 7);
const HIGH_HALF = f32Lanes(2, 3, 2, 3);

/**
 * rowProduct(x, rows, K, w, N, bias, hasBias, out): out[i, j] = sum_k x[i, k] w[j, k] (+ bias[j])
 * for dense float32 x [rows, K], w [N, K] (a dense layer's weight, rows contiguous) and out
 * [rows, N]: a product with few rows, as in action selection. In float64 as the JS kernel
 * (matmulSmall) computes it: each output its own float64 sum over k in ascending order with a
 * separate multiply and add (f64x2 lanes are two such sums side by side), rounded once to
 * float32; then the bias added in float64 and rounded again, as the JS bias pass does. So the bits
 * are the JS kernel's. Eight outputs at a time: four weights of each of eight rows loaded, paired
 * row by row into f64x2 lanes (w[j, k], w[j + 1, k]); the last N % 8 outputs four, then one, at a time.
 */
function rowProduct(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('row_product', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [x, rows, K, w, N, bias, hasBias, out] = fn.params;
  const [i, j, k, xRow, p, rowBytes, o, n8, n4, kQuads] = fn.locals('i32', 10);
  const rowAt = fn.locals('i32', 8);
  const [xv, ...acc] = fn.locals('f64', 5);
  const [ra, rb, xs] = fn.locals('v128', 3);
  const lo = fn.locals('v128', 4);
  const hi = fn.locals('v128', 4);
  const pairs = fn.locals('v128', 4);
  const weightAt = (r: number): Code => f64.promote(f32.load(r === 0 ? get(p) : i32.add(get(p), get(rowAt[r]!))));
  /** Stores output j + r of row i from its sum: the rounded sum, plus the bias when there is one. */
  const store = (r: number, sum: Code): Code => {
    const at = i32.add(get(o), i32c(r * F));
    return seq(
      f32.store(at, f32.demote(sum)),
      ifThen(get(hasBias), f32.store(at, f32.demote(f64.add(f64.promote(f32.load(at)), f64.promote(f32.load(i32.add(get(bias), i32.mul(i32.add(get(j), i32c(r)), i32c(F))))))))),
    );
  };
  const outAt = set(o, i32.add(get(out), i32.mul(i32.add(i32.mul(get(i), get(N)), get(j)), i32c(F))));
  const splatX = (offset: number): Code => set(xs, f64x2.splat(f64.promote(f32.load(i32.add(get(xRow), get(k)), offset))));
  /** Pair m's lanes (w[j + 2m, k], w[j + 2m + 1, k]) for k = the quad's t-th, from the unpacked lo/hi. */
  const pairAt = (m: number, t: number): Code => {
    const half = t < 2 ? lo[m]! : hi[m]!;
    return f64x2.promote_low_f32x4(t % 2 === 0 ? get(half) : v128.shuffle(get(half), get(half), HIGH_HALF));
  };
  const accumulate = (m: number, v: Code): Code => set(pairs[m]!, f64x2.add(get(pairs[m]!), f64x2.mul(get(xs), v)));
  const body = seq(
    set(rowBytes, i32.mul(get(K), i32c(F))),
    ...rowAt.map((r, n) => set(r, i32.mul(get(rowBytes), i32c(n)))),
    set(kQuads, i32.sub(get(rowBytes), i32.rem_u(get(rowBytes), i32c(16)))),
    set(n8, i32.sub(get(N), i32.rem_u(get(N), i32c(8)))),
    set(n4, i32.sub(get(N), i32.rem_u(get(N), i32c(4)))),
    forRange(i, i32c(0), get(rows), i32c(1),
      set(xRow, i32.add(get(x), i32.mul(get(i), get(rowBytes)))),
      forRange(j, i32c(0), get(n8), i32c(8),
        ...pairs.map((a) => set(a, v128.zero())),
        set(p, i32.add(get(w), i32.mul(get(j), get(rowBytes)))),
        forRange(k, i32c(0), get(kQuads), i32c(16),
          ...lo.flatMap((l, m) => [
            set(ra, v128.load(i32.add(get(p), get(rowAt[2 * m]!)))),
            set(rb, v128.load(i32.add(get(p), get(rowAt[2 * m + 1]!)))),
            set(l, v128.shuffle(get(ra), get(rb), UNPACK_LO)),
            set(hi[m]!, v128.shuffle(get(ra), get(rb), UNPACK_HI)),
          ]),
          ...[0, 1, 2, 3].flatMap((t) => [splatX(t * F), ...pairs.map((_, m) => accumulate(m, pairAt(m, t)))]),
          set(p, i32.add(get(p), i32c(16)))),
        forRange(k, get(kQuads), get(rowBytes), i32c(F),
          splatX(0),
          ...pairs.map((_, m) => accumulate(m, f64x2.promote_low_f32x4(v128.shuffle(
            v128.load32_zero(i32.add(get(p), get(rowAt[2 * m]!))), v128.load32_zero(i32.add(get(p), get(rowAt[2 * m + 1]!))), UNPACK_LO)))),
          set(p, i32.add(get(p), i32c(F)))),
        outAt,
        ...pairs.flatMap((a, m) => [store(2 * m, f64x2.extract_lane(get(a), 0)), store(2 * m + 1, f64x2.extract_lane(get(a), 1))])),
      forRange(j, get(n8), get(n4), i32c(4),
        ...acc.map((a) => set(a, f64c(0))),
        set(p, i32.add(get(w), i32.mul(get(j), get(rowBytes)))),
        forRange(k, i32c(0), get(rowBytes), i32c(F),
          set(xv, f64.promote(f32.load(i32.add(get(xRow), get(k))))),
          ...acc.map((a, r) => set(a, f64.add(get(a), f64.mul(get(xv), weightAt(r))))),
          set(p, i32.add(get(p), i32c(F)))),
        outAt,
        ...acc.map((a, r) => store(r, get(a)))),
      forRange(j, get(n4), get(N), i32c(1),
        set(acc[0]!, f64c(0)),
        set(p, i32.add(get(w), i32.mul(get(j), get(rowBytes)))),
        forRange(k, i32c(0), get(rowBytes), i32c(F),
          set(acc[0]!, f64.add(get(acc[0]!), f64.mul(f64.promote(f32.load(i32.add(get(xRow), get(k)))), weightAt(0)))),
          set(p, i32.add(get(p), i32c(F)))),
        outAt,
        store(0, get(acc[0]!)))),
  );
  return { fn, body };
}

// tanh as Eigen's float rational approximation (generic_fast_tanh_float): x P(x^2) / Q(x^2) on x
// clamped to +-7.9053111, and x itself where |x| < 4e-4. Its error against the correctly rounded
// float32 tanh is measured in the tests (test/core/wasm_kernels.test.ts states the bound).
const TANH_CLAMP = 7.90531110763549805;
const TANH_TINY = 0.0004;
const TANH_P = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const TANH_Q = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6];

/** Horner's rule in f32x4 over `x2`, highest coefficient first. */
function horner(x2: Local, coefficients: readonly number[]): Code {
  const splat = (c: number): Code => f32x4.splat(f32c(c));
  let acc = splat(coefficients[coefficients.length - 1]!);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = f32x4.add(f32x4.mul(get(x2), acc), splat(coefficients[i]!));
  return acc;
}

/**
 * tanh(src, dst, n): dst[i] = tanh(src[i]) for i < n rounded up to a multiple of 4. The clamp uses
 * the pseudo-min/max (one x86 instruction each, where f32x4.min/max need a NaN-safe sequence):
 * with x as their first operand a NaN passes through, and the bounds are far from zero, so the
 * results are those of min/max (checked on every 1,031st float32 bit pattern: the same bits,
 * 1.55x faster on 65,536 values).
 */
function tanh(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('tanh', ['i32', 'i32', 'i32']);
  const [src, dst, n] = fn.params;
  const [i] = fn.locals('i32', 1);
  const [x, xc, x2] = fn.locals('v128', 3);
  const body = forRange(i, i32c(0), i32.mul(get(n), i32c(F)), i32c(16),
    set(x, v128.load(i32.add(get(src), get(i)))),
    set(xc, f32x4.pmin(f32x4.pmax(get(x), f32x4.splat(f32c(-TANH_CLAMP))), f32x4.splat(f32c(TANH_CLAMP)))),
    set(x2, f32x4.mul(get(xc), get(xc))),
    v128.store(i32.add(get(dst), get(i)), v128.bitselect(
      get(x),
      f32x4.div(f32x4.mul(get(xc), horner(x2, TANH_P)), horner(x2, TANH_Q)),
      f32x4.lt(f32x4.abs(get(x)), f32x4.splat(f32c(TANH_TINY))),
    )),
  );
  return { fn, body };
}

/**
 * tanhBackward(dy, y, out, n): out = dy (1 - y^2), each step rounded to float32: the same bits as
 * the JS kernel (whose float64 products of float32 values are exact before their one rounding).
 */
function tanhBackward(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('tanh_backward', ['i32', 'i32', 'i32', 'i32']);
  const [dy, y, out, n] = fn.params;
  const [i] = fn.locals('i32', 1);
  const [yv] = fn.locals('v128', 1);
  const body = forRange(i, i32c(0), i32.mul(get(n), i32c(F)), i32c(16),
    set(yv, v128.load(i32.add(get(y), get(i)))),
    v128.store(i32.add(get(out), get(i)), f32x4.mul(
      v128.load(i32.add(get(dy), get(i))),
      f32x4.sub(f32x4.splat(f32c(1)), f32x4.mul(get(yv), get(yv))),
    )),
  );
  return { fn, body };
}

/**
 * relu(src, dst, n): dst[i] = src[i] > 0 ? src[i] : +0, NaN kept, for i < n rounded up to a
 * multiple of 4: each lane ANDed with an all-ones mask (x > 0 or x is NaN) or with zero, the
 * JS kernel's bits (-0 gives +0 there too).
 */
function relu(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('relu', ['i32', 'i32', 'i32']);
  const [src, dst, n] = fn.params;
  const [i] = fn.locals('i32', 1);
  const [x] = fn.locals('v128', 1);
  const body = forRange(i, i32c(0), i32.mul(get(n), i32c(F)), i32c(16),
    set(x, v128.load(i32.add(get(src), get(i)))),
    v128.store(i32.add(get(dst), get(i)), v128.and(get(x), v128.or(f32x4.gt(get(x), v128.zero()), f32x4.ne(get(x), get(x))))),
  );
  return { fn, body };
}

/**
 * relu_backward(dy, x, out, n) / relu_backward64: out = dy * (x > 0 ? 1 : 0) for float32 x and
 * float32 (or float64) dy and out, i < n rounded up to 4 (or 2): the mask is 1.0 or +0.0 in dy's
 * type, and the product is the JS kernel's (dy * 1 exact, dy * 0 a signed zero, NaN and Inf times 0 NaN).
 */
function reluBackward(e: Element): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder(`relu_backward${e.suffix}`, ['i32', 'i32', 'i32', 'i32']);
  const [dy, x, out, n] = fn.params;
  const [i, xi] = fn.locals('i32', 2);
  const [one] = fn.locals('v128', 1);
  const positive = e.bytes === 4
    ? f32x4.gt(v128.load(i32.add(get(x), get(xi))), v128.zero())
    : f64x2.gt(f64x2.promote_low_f32x4(v128.load64_zero(i32.add(get(x), get(xi)))), v128.zero());
  const body = seq(
    set(one, e.bytes === 4 ? f32x4.splat(f32c(1)) : f64x2.splat(f64c(1))),
    set(xi, i32c(0)),
    forRange(i, i32c(0), i32.mul(get(n), i32c(e.bytes)), i32c(16),
      v128.store(i32.add(get(out), get(i)), e.mul(v128.load(i32.add(get(dy), get(i))), v128.and(positive, get(one)))),
      set(xi, i32.add(get(xi), i32c(e.lanes * F))),
    ),
  );
  return { fn, body };
}

/**
 * adam(p, g, m, v, n, hyper): one Adam step over n float32 parameters (n rounded up to an even
 * count; the caller leaves room), two at a time in f64x2. `hyper` points at 9 float64s: beta1,
 * 1 - beta1, beta2, 1 - beta2, stepSize, sqrt(bias correction 2), eps, l2, shrink. Every value is
 * computed in float64 with the operations, operands and order of the JS loop in
 * src/nn/optim/adam.ts (IEEE add, multiply, divide and sqrt round exactly once, and wasm has no
 * FMA), and m, v and p are rounded to float32 once on store: the JS step's bits.
 */
function adam(): { fn: FunctionBuilder; body: Code } {
  const fn = new FunctionBuilder('adam', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [p, g, m, v, n, hyper] = fn.params;
  const [i] = fn.locals('i32', 1);
  const [beta1, omb1, beta2, omb2, stepSize, bias2Sqrt, eps, l2, shrink] = fn.locals('v128', 9);
  const [pi, gi, mi, vi] = fn.locals('v128', 4);
  const load2 = (base: Local): Code => f64x2.promote_low_f32x4(v128.load64_zero(i32.add(get(base), get(i))));
  const store2 = (base: Local, value: Code): Code => v128.store64_lane0(i32.add(get(base), get(i)), f32x4.demote_f64x2_zero(value));
  const body = seq(
    ...[beta1, omb1, beta2, omb2, stepSize, bias2Sqrt, eps, l2, shrink].map((x, k) => set(x, v128.load64_splat(get(hyper), 8 * k))),
    forRange(i, i32c(0), i32.mul(get(n), i32c(F)), i32c(2 * F),
      set(pi, load2(p)),
      set(gi, f64x2.add(load2(g), f64x2.mul(get(l2), get(pi)))),
      set(mi, f64x2.add(f64x2.mul(get(beta1), load2(m)), f64x2.mul(get(omb1), get(gi)))),
      set(vi, f64x2.add(f64x2.mul(get(beta2), load2(v)), f64x2.mul(f64x2.mul(get(omb2), get(gi)), get(gi)))),
      store2(m, get(mi)),
      store2(v, get(vi)),
      store2(p, f64x2.sub(
        f64x2.mul(get(pi), get(shrink)),
        f64x2.div(f64x2.mul(get(stepSize), get(mi)), f64x2.add(f64x2.div(f64x2.sqrt(get(vi)), get(bias2Sqrt)), get(eps))),
      )),
    ),
  );
  return { fn, body };
}

/** The float32 micro-kernel shapes emitted, as [rows, columns]; runtime.ts uses {@link GEMM_SHAPE}. */
export const GEMM_SHAPES: ReadonlyArray<readonly [number, number]> = [[4, 8], [4, 4], [6, 8], [8, 4], [4, 12], [2, 16], [8, 8]];
/** The float32 micro-kernel shape the backend uses (chosen by measurement, see the README's benchmark section). */
export const GEMM_SHAPE: readonly [number, number] = [2, 16];
/** The float64 micro-kernel shapes emitted (f64x2 lanes); runtime.ts uses {@link GEMM64_SHAPE}. */
export const GEMM64_SHAPES: ReadonlyArray<readonly [number, number]> = [[2, 8], [4, 4], [6, 4], [4, 6], [3, 8]];
/** The float64 micro-kernel shape the backend uses (chosen by measurement, see the README's benchmark section). */
export const GEMM64_SHAPE: readonly [number, number] = [2, 8];

/**
 * The module's bytes: pack, pack_rows_<NR> and gemm_<MR>x<NR> for each shape in
 * {@link GEMM_SHAPES}, their float64 twins pack64, pack64_rows_<NR> and gemm64_<MR>x<NR> for
 * {@link GEMM64_SHAPES}, tanh, tanh_backward, sum_rows, adam, relu, relu_backward, relu_backward64, row_product.
 * With `memory`, the module imports a shared memory (for a worker thread sharing it:
 * bench/worker_split.ts).
 */
export function kernelModuleBytes(memory?: MemoryImport): Uint8Array {
  const widths = [...new Set(GEMM_SHAPES.map(([, nr]) => nr))];
  const widths64 = [...new Set(GEMM64_SHAPES.map(([, nr]) => nr))];
  return assembleModule([
    pack(FLOAT32), ...widths.map((nr) => packRows(FLOAT32, nr)), ...GEMM_SHAPES.map(([mr, nr]) => gemm(FLOAT32, mr, nr / 4)),
    pack(FLOAT64), ...widths64.map((nr) => packRows(FLOAT64, nr)), ...GEMM64_SHAPES.map(([mr, nr]) => gemm(FLOAT64, mr, nr / 2)),
    tanh(), tanhBackward(), sumRows(), adam(), relu(), reluBackward(FLOAT32), reluBackward(FLOAT64), rowProduct(),
  ], memory);
}
