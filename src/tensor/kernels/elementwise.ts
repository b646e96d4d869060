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
export const expRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.exp(x[i] as number);
};
export const logRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.log(x[i] as number);
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
export const tanhRow: UnaryRow = (x, i, s, out, o, n) => {
  for (let k = 0; k < n; k++, i += s) out[o + k] = Math.tanh(x[i] as number);
};
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
