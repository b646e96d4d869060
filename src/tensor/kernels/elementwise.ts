import { exp, log } from '../libm.js';
import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { broadcastStrides, contiguousStrides } from '../shape.js';
import { forEachRow, type StridedView } from './iterate.js';

/**
 * A unary row kernel: out[o + k] = f(x[i + k*stride]) for k < n. One small loop per op, so
 * every inner loop is monomorphic and has no call per element.
 */
export type UnaryRow = (x: TypedArray, i: number, stride: number, out: TypedArray, o: number, n: number) => void;

/** A binary row kernel: out[o + k] = f(a[i + k*sa], b[j + k*sb]) for k < n. */
export type BinaryRow = (
  a: TypedArray, i: number, sa: number,
  b: TypedArray, j: number, sb: number,
  out: TypedArray, o: number, n: number,
) => void;

/** Applies a unary row kernel over `x` (any strides) into dense `out` of the same shape. */
export function unaryInto(x: StridedView, out: TypedArray, row: UnaryRow): void {
  if (isContiguous(x)) {
    row(x.data, x.offset, 1, out, 0, out.length);
    return;
  }
  forEachRow(x.shape, [x.strides, contiguousStrides(x.shape)], [x.offset, 0], (at, st, n) =>
    row(x.data, at[0] as number, st[0] as number, out, at[1] as number, n),
  );
}

/** Applies a binary row kernel over `a` and `b` broadcast to `shape`, into dense `out`. */
export function binaryInto(a: StridedView, b: StridedView, shape: Shape, out: TypedArray, row: BinaryRow): void {
  // Fast paths (no stride bookkeeping): same-shape contiguous operands, or one side a single value.
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
  forEachRow(shape, [sa, sb, contiguousStrides(shape)], [a.offset, b.offset, 0], (at, st, n) =>
    row(a.data, at[0] as number, st[0] as number, b.data, at[1] as number, st[1] as number, out, at[2] as number, n),
  );
}

/** out = cond != 0 ? a : b, all three broadcast to `shape`, into dense `out`. */
export function whereInto(cond: StridedView, a: StridedView, b: StridedView, shape: Shape, out: TypedArray): void {
  const sc = broadcastStrides(cond.shape, cond.strides, shape);
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  forEachRow(shape, [sc, sa, sb, contiguousStrides(shape)], [cond.offset, a.offset, b.offset, 0], (at, st, n) => {
    const c = cond.data;
    const x = a.data;
    const y = b.data;
    let ic = at[0] as number;
    let ia = at[1] as number;
    let ib = at[2] as number;
    const o = at[3] as number;
    const [s0, s1, s2] = st as [number, number, number];
    for (let k = 0; k < n; k++, ic += s0, ia += s1, ib += s2) out[o + k] = (c[ic] as number) !== 0 ? (x[ia] as number) : (y[ib] as number);
  });
}

function isContiguous(v: StridedView): boolean {
  let step = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i] as number;
    if (d !== 1 && v.strides[i] !== step) return false;
    step *= d;
  }
  return true;
}

function isSingle(v: StridedView): boolean {
  for (let i = 0; i < v.shape.length; i++) if (v.shape[i] !== 1) return false;
  return true;
}

function sameDims(a: Shape, b: Shape): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// --- unary rows -------------------------------------------------------------------------------

export const negRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = -(x[i] as number);
};
// NOTE: into float64, exp and log are fdlibm's (src/tensor/libm.ts, the same bits in every
// JavaScript engine; Node 20's Math.exp/log agree with them exactly); into float32, Math.exp/log
// rounded, whose engines differ only at float32 rounding boundaries.
export const expRow: UnaryRow = (x, i, s, out, o, n) => {
  if (out instanceof Float64Array) for (let k = 0; k < n; k++, i += s) out[o + k] = exp(x[i] as number);
  else for (let k = 0; k < n; k++, i += s) out[o + k] = Math.exp(x[i] as number);
};
export const logRow: UnaryRow = (x, i, s, out, o, n) => {
  if (out instanceof Float64Array) for (let k = 0; k < n; k++, i += s) out[o + k] = log(x[i] as number);
  else for (let k = 0; k < n; k++, i += s) out[o + k] = Math.log(x[i] as number);
};
export const sqrtRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.sqrt(x[i] as number);
};
export const absRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.abs(x[i] as number);
};
/** NOTE: sign(0) = 0, so |x|'(0) = 0 (the subgradient PyTorch uses). */
export const signRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i] as number;
    out[o + k] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN;
  }
};
export const squareRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i] as number;
    out[o + k] = v * v;
  }
};
/**
 * tanh. Into float32 the fast {@link tanhForFloat32} (same float32 bits as Math.tanh, about twice as
 * fast); into float64 Math.tanh itself.
 */
export const tanhRow: UnaryRow = (x, i, s, out, o, n) => {
  if (out instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += s) out[o + k] = tanhForFloat32(x[i] as number);
    return;
  }
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.tanh(x[i] as number);
};

// e^(-k STEP) for the k the fast tanh can meet: z = 2|x| < 2 * TANH_SATURATES.
const EXP_STEPS_PER_LN2 = 16;
const EXP_STEP = Math.LN2 / EXP_STEPS_PER_LN2;
const EXP_SCALE = EXP_STEPS_PER_LN2 / Math.LN2;
/** From |x| >= 9.5, tanh x rounds to +-1 in float32 (1 - tanh x < 2e-8, below half an ulp of 1). */
const TANH_SATURATES = 9.5;
const EXP_TABLE = Float64Array.from({ length: Math.ceil(2 * TANH_SATURATES * EXP_SCALE) + 2 }, (_, k) => Math.exp(-k * EXP_STEP));
/**
 * Relative error bound the fast path is trusted to (it measures below 1e-14, see the tests): when
 * the whole interval y(1 +- TANH_TRUST) rounds to one float32, Math.tanh rounds there too.
 */
const TANH_TRUST = 1e-12;

/**
 * tanh x for a float32 result: a number whose float32 rounding equals Math.fround(Math.tanh(x))
 * for every x. Odd Taylor series for |x| < 1/16; else e^(-2|x|) from a table of e^(-k ln2/16)
 * times a degree-6 polynomial, and tanh = (1 - t) / (1 + t); +-1 from |x| >= 9.5.
 *
 * NOTE: exact in float32, not in float64. Its float64 relative error is below 1e-14 up to
 * |x| = 9.5 and 1e-8 beyond, where it returns +-1; where its interval of trust straddles a
 * float32 rounding boundary (about 3 float32 inputs in a million) it returns Math.tanh x.
 * Checked exhaustively once over all 2,189,426,690 float32 inputs in [-12, 12]: every result
 * rounds to Math.fround(Math.tanh(x)), worst float64 relative error 3.7e-15, 6,722 fallbacks
 * (the tests re-check a dense grid). float64 tensors (gradient checks) keep Math.tanh.
 */
export function tanhForFloat32(x: number): number {
  const a = Math.abs(x);
  let y: number;
  if (a < 0.0625) {
    const x2 = x * x; // x (1 + ...) keeps the sign of -0
    y = x * (1 + x2 * (-1 / 3 + x2 * (2 / 15 + x2 * (-17 / 315 + x2 * (62 / 2835 + x2 * (-1382 / 155925))))));
  } else if (a >= TANH_SATURATES) {
    return x > 0 ? 1 : -1; // also +-Infinity; NaN fails both tests and goes on
  } else {
    const z = 2 * a;
    const k = (z * EXP_SCALE + 0.5) | 0;
    const r = k * EXP_STEP - z; // |r| <= STEP/2, e^-z = e^(-k STEP) e^r
    const e = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
    const t = (EXP_TABLE[k] as number) * e;
    const m = (1 - t) / (1 + t);
    y = x > 0 ? m : -m;
  }
  const d = y * TANH_TRUST;
  return Math.fround(y - d) === Math.fround(y + d) ? y : Math.tanh(x);
}
/** 1 / (1 + e^-x): for x -> -inf, e^-x overflows to Infinity and the result is exactly 0, not NaN. */
export const sigmoidRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = 1 / (1 + Math.exp(-(x[i] as number)));
};
export const reluRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i] as number;
    out[o + k] = v > 0 ? v : v === v ? 0 : v; // NaN propagates
  }
};
/** x^p for a fixed exponent p. */
export function powRow(p: number): UnaryRow {
  if (p === 2) return squareRow;
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) out[o + k] = Math.pow(x[i] as number, p);
  };
}
/** min(max(x, lo), hi); NaN stays NaN. */
export function clampRow(lo: number, hi: number): UnaryRow {
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) {
      const v = x[i] as number;
      out[o + k] = v < lo ? lo : v > hi ? hi : v;
    }
  };
}
/** 1 where lo <= x <= hi, else 0: the pass-through mask of clamp's gradient. */
export function insideRow(lo: number, hi: number): UnaryRow {
  return (x, i, s, out, o, n) => {
    for (let k = 0; k < n; k++, i += s) {
      const v = x[i] as number;
      out[o + k] = v >= lo && v <= hi ? 1 : 0;
    }
  };
}

// --- binary rows ------------------------------------------------------------------------------

/**
 * tanh's backward in one pass: out = dy * (1 - y^2), from dy (a) and tanh's output y (b).
 * NOTE: rounds as the composed ops mul(dy, sub(1, square(y))) do: (1 - y^2) to y's dtype, the
 * product to out's, so results are bit-identical to the three-op rule it replaces.
 */
export const tanhBackwardRow: BinaryRow = (dy, i, sa, y, j, sb, out, o, n) => {
  if (y instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += sa, j += sb) {
      const v = y[j] as number;
      out[o + k] = (dy[i] as number) * Math.fround(1 - Math.fround(v * v));
    }
    return;
  }
  for (let k = 0; k < n; k++, i += sa, j += sb) {
    const v = y[j] as number;
    out[o + k] = (dy[i] as number) * (1 - v * v);
  }
};
/**
 * relu's backward in one pass: out = dy * (x > 0 ? 1 : 0), from dy (a) and relu's input x (b).
 * NOTE: the same products as mul(dy, gt(x, 0)), the two-op rule it replaces (dy * 0 keeps its
 * sign as -0, NaN and Inf times 0 give NaN), so results are bit-identical, without the mask.
 */
export const reluBackwardRow: BinaryRow = (dy, i, sa, x, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (dy[i] as number) * ((x[j] as number) > 0 ? 1 : 0);
};
/**
 * sigmoid's backward in one pass: out = dy * y (1 - y). NOTE: rounds as mul(dy, mul(y, sub(1, y)))
 * does, so results are bit-identical to the composed rule.
 */
export const sigmoidBackwardRow: BinaryRow = (dy, i, sa, y, j, sb, out, o, n) => {
  if (y instanceof Float32Array) {
    for (let k = 0; k < n; k++, i += sa, j += sb) {
      const v = y[j] as number;
      out[o + k] = (dy[i] as number) * Math.fround(v * Math.fround(1 - v));
    }
    return;
  }
  for (let k = 0; k < n; k++, i += sa, j += sb) {
    const v = y[j] as number;
    out[o + k] = (dy[i] as number) * (v * (1 - v));
  }
};

export const addRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) + (b[j] as number);
};
export const subRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) - (b[j] as number);
};
export const mulRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) * (b[j] as number);
};
export const divRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) / (b[j] as number);
};
/** Elementwise max; NaN in either input gives NaN (IEEE propagation, as NumPy's maximum). */
export const maximumRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = Math.max(a[i] as number, b[j] as number);
};
export const minimumRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = Math.min(a[i] as number, b[j] as number);
};
export const gtRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) > (b[j] as number) ? 1 : 0;
};
export const geRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) >= (b[j] as number) ? 1 : 0;
};
export const ltRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) < (b[j] as number) ? 1 : 0;
};
export const leRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) <= (b[j] as number) ? 1 : 0;
};
export const eqRow: BinaryRow = (a, i, sa, b, j, sb, out, o, n) => {
  for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = (a[i] as number) === (b[j] as number) ? 1 : 0;
};
