import type { TypedArray } from '../dtype.js';

/**
 * take_along_axis on dense arrays read as [outer, n, inner] (input) and [outer, m, inner] (indices):
 * out[o, j, i] = x[o, idx[o, j, i], i]. Index values must be integers in [0, n); checked by the caller.
 */
export function gatherAxis(
  x: TypedArray, outer: number, n: number, inner: number,
  idx: TypedArray, m: number, out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const row = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[row + i] = x[(o * n + (idx[row + i] as number)) * inner + i] as number;
    }
  }
}

/** The adjoint of {@link gatherAxis}: out[o, idx[o, j, i], i] += g[o, j, i] (out pre-zeroed, [outer, n, inner]). */
export function scatterAddAxis(
  g: TypedArray, outer: number, m: number, inner: number,
  idx: TypedArray, n: number, out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const row = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) {
        const at = (o * n + (idx[row + i] as number)) * inner + i;
        out[at] = (out[at] as number) + (g[row + i] as number);
      }
    }
  }
}

/** Concatenates dense parts along the middle axis of [outer, n_p, inner] into dense out [outer, sum n_p, inner]. */
export function concatAxis(parts: readonly { data: TypedArray; n: number }[], outer: number, inner: number, out: TypedArray): void {
  let total = 0;
  for (const p of parts) total += p.n;
  let start = 0;
  for (const p of parts) {
    const chunk = p.n * inner;
    for (let o = 0; o < outer; o++) out.set(p.data.subarray(o * chunk, (o + 1) * chunk), (o * total + start) * inner);
    start += p.n;
  }
}
