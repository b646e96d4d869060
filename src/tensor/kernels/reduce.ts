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
 * out[o, i] = log sum_k exp(x[o, k, i]), max-subtracted so large inputs do not overflow.
 * A slice of all -Infinity gives -Infinity; a +Infinity gives +Infinity.
 */
export function logSumExpAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[base + k * inner] as number;
        if (v > m || v !== v) m = v;
      }
      if (m === -Infinity || m === Infinity || m !== m) {
        out[o * inner + i] = m;
        continue;
      }
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp((x[base + k * inner] as number) - m);
      out[o * inner + i] = m + Math.log(s);
    }
  }
}

/**
 * logSoftmax over the middle axis: out = x - logSumExp(x), max-subtracted (stable for large logits).
 * `softmax` set: out = exp(x - logSumExp(x)) instead.
 */
export function logSoftmaxAxis(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, softmax: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[base + k * inner] as number;
        if (v > m || v !== v) m = v;
      }
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp((x[base + k * inner] as number) - m);
      const lse = m + Math.log(s);
      if (softmax) for (let k = 0; k < n; k++) out[base + k * inner] = Math.exp((x[base + k * inner] as number) - lse);
      else for (let k = 0; k < n; k++) out[base + k * inner] = (x[base + k * inner] as number) - lse;
    }
  }
}
