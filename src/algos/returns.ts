// Monte-Carlo returns to go and REINFORCE's mean-baseline advantages (Williams 1992).

/**
 * Discounted returns to go of one episode: G_t = r_t + gamma G_{t+1}, G_T = 0 (no bootstrap: a
 * truncated episode is treated as ended, as REINFORCE has no critic to bootstrap from).
 * @example returnsToGo([1, 1, 1], 0.5) // [1.75, 1.5, 1]
 */
export function returnsToGo(rewards: readonly number[], gamma: number): Float64Array {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`returnsToGo: gamma must be in [0, 1], received ${gamma}`);
  const out = new Float64Array(rewards.length);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = (rewards[t] as number) + gamma * g;
    out[t] = g;
  }
  return out;
}

/**
 * REINFORCE advantages of a batch: G_t - b for every step of every episode, with
 * b = the mean of G_t over all steps of all episodes of the batch (one number per batch).
 * NOTE: the step-weighted mean (every step counts once, so long episodes weigh more), not the
 * mean of the episodes' returns G_0; it is the constant that minimises the batch's
 * sum_t (G_t - b)^2, and, being one constant, leaves the gradient estimate unbiased.
 * @returns per-episode advantages and the baseline
 */
export function reinforceAdvantages(rewards: readonly (readonly number[])[], gamma: number): { perStep: Float64Array[]; baseline: number } {
  const returns = rewards.map((r) => returnsToGo(r, gamma));
  let sum = 0;
  let n = 0;
  for (const g of returns) for (let t = 0; t < g.length; t++) { sum += g[t] as number; n++; }
  const baseline = n > 0 ? sum / n : 0;
  return { perStep: returns.map((g) => g.map((v) => v - baseline)), baseline };
}
