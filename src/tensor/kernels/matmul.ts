import type { TypedArray } from '../dtype.js';

/**
 * One matmul operand read through strides: element (r, c) of the (possibly transposed) matrix is
 * `data[offset + r * rowStride + c * colStride]`. A transpose is a swap of the two strides, so
 * no kernel ever materialises one.
 */
export interface MatrixView {
  readonly data: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * The reference: out[i, j] = sum_k A[i, k] * B[k, j] for A [M, K], B [K, N], out dense [M, N]
 * from `outOffset`. The obvious triple loop, kept as the test oracle for {@link matmulInto}.
 * Sums run over k in ascending order in float64 and round once when stored.
 */
export function matmulReference(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let k = 0; k < K; k++) {
        acc += (a.data[a.offset + i * a.rowStride + k * a.colStride] as number) * (b.data[b.offset + k * b.rowStride + j * b.colStride] as number);
      }
      out[outOffset + i * N + j] = acc;
    }
  }
}

// Packing buffers, grown on demand and reused: the hot path allocates nothing.
let packA = new Float64Array(0);
let packB = new Float64Array(0);

/**
 * Fast matmul, same contract and the same bits as {@link matmulReference} (same summation order).
 *
 * Small products use a direct dot-product loop. Larger ones pack A into panels of 4 rows and B
 * into panels of 4 columns, both k-major and contiguous, then run a 4x4 register-blocked
 * micro-kernel: 16 accumulators, 8 loads per 16 multiply-adds.
 */
export function matmulInto(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void {
  if (M < 4 || N < 4 || M * N * K < 4096) {
    matmulSmall(M, N, K, a, b, out, outOffset);
    return;
  }
  const mPanels = (M + 3) >> 2;
  const nPanels = (N + 3) >> 2;
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
      let p = aBase;
      let q = jp * 4 * K;
      for (let k = 0; k < K; k++, p += 4, q += 4) {
        const a0 = pa[p] as number, a1 = pa[p + 1] as number, a2 = pa[p + 2] as number, a3 = pa[p + 3] as number;
        const b0 = pb[q] as number, b1 = pb[q + 1] as number, b2 = pb[q + 2] as number, b3 = pb[q + 3] as number;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const j0 = jp * 4;
      const rows = Math.min(4, M - i0);
      const cols = Math.min(4, N - j0);
      if (rows === 4 && cols === 4) {
        let o = outOffset + i0 * N + j0;
        out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03; o += N;
        out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13; o += N;
        out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23; o += N;
        out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
      } else {
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[outOffset + (i0 + r) * N + j0 + c] = block[r * 4 + c] as number;
      }
    }
  }
}

/**
 * Packs a matrix into panels of 4 lines (rows of A, or columns of B), k-major:
 * panel p holds, for each k, the 4 values of lines 4p..4p+3 at k; missing lines are zero.
 */
function packPanels(m: MatrixView, lines: number, K: number, linesAreRows: boolean, dst: Float64Array): void {
  const src = m.data;
  const lineStride = linesAreRows ? m.rowStride : m.colStride;
  const kStride = linesAreRows ? m.colStride : m.rowStride;
  const panels = (lines + 3) >> 2;
  for (let p = 0; p < panels; p++) {
    const base = p * 4 * K;
    for (let r = 0; r < 4; r++) {
      const line = p * 4 + r;
      if (line >= lines) {
        for (let k = 0; k < K; k++) dst[base + k * 4 + r] = 0;
        continue;
      }
      let at = m.offset + line * lineStride;
      for (let k = 0; k < K; k++, at += kStride) dst[base + k * 4 + r] = src[at] as number;
    }
  }
}

/**
 * Direct loops for small products, where packing would cost more than it saves. Four outputs of a
 * row are computed together: four independent accumulator chains (the loop is latency-bound
 * otherwise), each still summing over k in ascending order, as the reference does.
 */
function matmulSmall(M: number, N: number, K: number, a: MatrixView, b: MatrixView, out: TypedArray, outOffset: number): void {
  const ad = a.data;
  const bd = b.data;
  const ars = a.rowStride;
  const acs = a.colStride;
  const brs = b.rowStride;
  const bcs = b.colStride;
  const N8 = N - (N % 8);
  const N4 = N - (N % 4);
  // Column offsets hoisted out of the k loop.
  const s1 = bcs, s2 = 2 * bcs, s3 = 3 * bcs, s4 = 4 * bcs, s5 = 5 * bcs, s6 = 6 * bcs, s7 = 7 * bcs;
  for (let i = 0; i < M; i++) {
    const aRow = a.offset + i * ars;
    const o = outOffset + i * N;
    for (let j = 0; j < N8; j += 8) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
      let p = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p += acs, q += brs) {
        const x = ad[p] as number;
        c0 += x * (bd[q] as number);
        c1 += x * (bd[q + s1] as number);
        c2 += x * (bd[q + s2] as number);
        c3 += x * (bd[q + s3] as number);
        c4 += x * (bd[q + s4] as number);
        c5 += x * (bd[q + s5] as number);
        c6 += x * (bd[q + s6] as number);
        c7 += x * (bd[q + s7] as number);
      }
      out[o + j] = c0; out[o + j + 1] = c1; out[o + j + 2] = c2; out[o + j + 3] = c3;
      out[o + j + 4] = c4; out[o + j + 5] = c5; out[o + j + 6] = c6; out[o + j + 7] = c7;
    }
    for (let j = N8; j < N4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let p = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p += acs, q += brs) {
        const x = ad[p] as number;
        c0 += x * (bd[q] as number);
        c1 += x * (bd[q + s1] as number);
        c2 += x * (bd[q + s2] as number);
        c3 += x * (bd[q + s3] as number);
      }
      out[o + j] = c0;
      out[o + j + 1] = c1;
      out[o + j + 2] = c2;
      out[o + j + 3] = c3;
    }
    for (let j = N4; j < N; j++) {
      let acc = 0;
      let p = aRow;
      let q = b.offset + j * bcs;
      for (let k = 0; k < K; k++, p += acs, q += brs) acc += (ad[p] as number) * (bd[q] as number);
      out[o + j] = acc;
    }
  }
}
