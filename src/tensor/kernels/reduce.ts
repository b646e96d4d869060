import type { TypedArray } from '../dtype.js';

/**
 * Reductions over the middle axis of a dense array read as [outer, n, inner]:
 * out[o, i] = reduce_k x[o, k, i], with out dense [outer, inner].
 * Sums accumulate in float64 (a JS number) and round once when stored.
 */
export function sumAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = 0;
      const base = o * n;
      for (let k = 0; k < n; k++) acc += x[base + k] as number;
      out[o] = acc;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (x[base + i] as number);
    }
    out.set(acc, o * inner);
  }
}

/** out[o, i] = max_k x[o, k, i] (or min with `sign` -1). NaN anywhere in a slice gives NaN. */
export function extremumAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, sign: 1 | -1): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = -Infinity;
      let sawNaN = false;
      for (let k = 0; k < n; k++) {
        const v = sign * (x[(o * n + k) * inner + i] as number);
        if (v > best) best = v;
        else if (v !== v) sawNaN = true;
      }
      out[o * inner + i] = sawNaN ? NaN : sign * best;
    }
  }
}

/**
 * log sum_k exp(x[base + k * stride]) over one slice of n values, max-subtracted so large inputs
 * do not overflow. All -Infinity gives -Infinity, a +Infinity gives +Infinity, a NaN gives NaN.
 */
function logSumExpOfSlice(x: TypedArray, base: number, n: number, stride: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = x[base + k * stride] as number;
    if (v > m || v !== v) m = v;
  }
  if (m === -Infinity || m === Infinity || m !== m) return m;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp((x[base + k * stride] as number) - m);
  return m + Math.log(s);
}

/** out[o, i] = log sum_k exp(x[o, k, i]) (see {@link logSumExpOfSlice}). */
export function logSumExpAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[o * inner + i] = logSumExpOfSlice(x, o * n * inner + i, n, inner);
  }
}

/**
 * logSoftmax over the middle axis: out = x - logSumExp(x), max-subtracted (stable for large logits).
 * `softmax` set: out = exp(x - logSumExp(x)) instead.
 * NOTE: a +Infinity logit gives NaN there and -Infinity elsewhere (log-probabilities), as torch.
 */
export function logSoftmaxAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, softmax: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      const lse = logSumExpOfSlice(x, base, n, inner);
      if (softmax) for (let k = 0; k < n; k++) out[base + k * inner] = Math.exp((x[base + k * inner] as number) - lse);
      else for (let k = 0; k < n; k++) out[base + k * inner] = (x[base + k * inner] as number) - lse;
    }
  }
}
