// Householder QR of a small dense matrix, in float64. Used by the orthogonal initialiser; small
// and obvious rather than blocked: weight matrices here are at most a few hundred wide.

/** The factors of A = Q R for an m x n matrix A, row-major. */
export interface QRResult {
  /** Q, row-major: m x k with orthonormal columns ('reduced'), or m x m orthogonal ('complete'). */
  readonly q: Float64Array;
  /** R, row-major: k x n ('reduced') or m x n ('complete'), zero below the diagonal. */
  readonly r: Float64Array;
  /** Rows of A. */
  readonly m: number;
  /** Columns of A. */
  readonly n: number;
  /** Columns of Q (and rows of R): min(m, n) for 'reduced', m for 'complete'. */
  readonly qCols: number;
}

/**
 * Householder QR decomposition of an m x n matrix `a` (row-major): A = Q R.
 *
 * Each step reflects the j-th column below the diagonal onto a multiple of e_1, with
 * v = x + sign(x_0) ||x|| e_1 (the sign that avoids cancellation), so the diagonal of R may be
 * negative. NOTE: R's diagonal signs are not normalised here; the orthogonal initialiser
 * multiplies Q's columns by sign(diag R), as PyTorch's `orthogonal_` does.
 * @param a m*n values, row-major
 * @param mode 'reduced' (Q is m x min(m,n)) or 'complete' (Q is m x m)
 * @example householderQR([1, 2, 3, 4], 2, 2) // q, r with q*r = [[1,2],[3,4]]
 */
export function householderQR(a: ArrayLike<number>, m: number, n: number, mode: 'reduced' | 'complete' = 'reduced'): QRResult {
  if (!Number.isInteger(m) || m < 0 || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`householderQR: m and n must be non-negative integers, received m=${m}, n=${n}`);
  }
  if (a.length !== m * n) {
    throw new RangeError(`householderQR: a must hold m*n = ${m * n} values for shape [${m}, ${n}], received ${a.length}`);
  }
  const k = Math.min(m, n);
  const r = Float64Array.from(a);
  // Householder vectors, v_j of length m - j stored from index j (null where H_j = I).
  const vs: Array<Float64Array | null> = [];
  for (let j = 0; j < k; j++) {
    let anyBelow = false;
    let scale = Math.abs(r[j * n + j]!);
    for (let i = j + 1; i < m; i++) {
      const x = Math.abs(r[i * n + j]!);
      if (x !== 0) anyBelow = true;
      if (x > scale) scale = x;
    }
    if (!anyBelow) {
      for (let i = j + 1; i < m; i++) r[i * n + j] = 0; // turns -0 into +0
      vs.push(null); // already upper-triangular in this column
      continue;
    }
    // Work on the column divided by its largest entry: no underflow of tiny entries' squares.
    const v = new Float64Array(m);
    let below = 0; // squared norm of the scaled column strictly below the diagonal
    for (let i = j + 1; i < m; i++) {
      v[i] = r[i * n + j]! / scale;
      below += v[i]! * v[i]!;
    }
    const x0 = r[j * n + j]! / scale;
    const norm = Math.sqrt(x0 * x0 + below);
    // NOTE: sign(0) is taken as +1 so a zero pivot still gives a valid reflection.
    v[j] = x0 + (x0 >= 0 ? norm : -norm);
    const vv = v[j]! * v[j]! + below;
    // R <- H_j R = R - (2 / v.v) v (v^T R), on columns j..n-1 (earlier ones are zero below j).
    for (let c = j; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i]! * r[i * n + c]!;
      const scale = (2 * dot) / vv;
      for (let i = j; i < m; i++) r[i * n + c] = r[i * n + c]! - scale * v[i]!;
    }
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0; // exact zeros, not rounding residue
    vs.push(v);
  }

  // Q = H_0 H_1 ... H_{k-1} applied to the first qCols columns of the identity (right to left).
  const qCols = mode === 'complete' ? m : k;
  const q = new Float64Array(m * qCols);
  for (let i = 0; i < qCols; i++) q[i * qCols + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j];
    if (!v) continue;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i]! * v[i]!;
    for (let c = 0; c < qCols; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i]! * q[i * qCols + c]!;
      const scale = (2 * dot) / vv;
      for (let i = j; i < m; i++) q[i * qCols + c] = q[i * qCols + c]! - scale * v[i]!;
    }
  }
  const rRows = mode === 'complete' ? m : k;
  return { q, r: r.slice(0, rRows * n), m, n, qCols };
}
