// Batch statistics the algorithms share: the sample std (TRL's and torch's convention), the
// per-minibatch advantage normalisation of PPO, the critic's explained variance.

/**
 * The sample standard deviation (n - 1 denominator), as TRL and torch.std use.
 * NOTE: a single value has no sample spread; we define its std as 0 (torch gives NaN), so a group
 * of one gets advantage 0 instead of NaN.
 */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * (a - mean(a)) / (std(a) + 1e-8) with the sample std (n - 1), as torch's `Tensor.std()` in
 * CleanRL's per-minibatch normalisation. NOTE: a single value has std 0 here (torch: NaN), so
 * it normalises to 0 instead of poisoning the update.
 */
export function normalizeAdvantages(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= Math.max(n, 1);
  const denom = sampleStd(Array.from(values)) + 1e-8;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((values[i] as number) - mean) / denom;
  return out;
}

/**
 * 1 - Var(returns - values) / Var(returns) with population variances (numpy's `np.var`, as
 * CleanRL); NaN when the returns have no variance.
 */
export function explainedVariance(values: ArrayLike<number>, returns: ArrayLike<number>): number {
  const n = returns.length;
  if (values.length !== n) throw new RangeError(`explainedVariance: values has ${values.length} entries, returns ${n}`);
  const variance = (f: (i: number) => number) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += f(i);
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (f(i) - m) ** 2;
    return s / n;
  };
  const varY = variance((i) => returns[i] as number);
  return n === 0 || varY === 0 ? NaN : 1 - variance((i) => (returns[i] as number) - (values[i] as number)) / varY;
}
