// Generalized Advantage Estimation (Schulman et al. 2016), as PPO uses it, with truncation handled.

/** Input of {@link gae}: per-step arrays of length T * N, step-major (index t * N + n for env n). */
export interface GaeInput {
  /** Number of parallel environments N (1 for a single stream). */
  readonly numEnvs: number;
  /** r_t. */
  readonly rewards: ArrayLike<number>;
  /** V(s_t). */
  readonly values: ArrayLike<number>;
  /**
   * V(s_{t+1}) of the true next state: the next observation, or the final observation when the
   * episode was truncated at t. Ignored where `terminated`.
   */
  readonly nextValues: ArrayLike<number>;
  /** The MDP ended at step t: no bootstrap from the next state. */
  readonly terminated: ArrayLike<boolean | number>;
  /** The episode ended at step t (terminated or truncated): the recursion does not cross it. */
  readonly episodeEnds: ArrayLike<boolean | number>;
  /** Discount. */
  readonly gamma: number;
  /** GAE's lambda. */
  readonly lambda: number;
}

/** Output of {@link gae}. */
export interface GaeOutput {
  /** A_t. */
  readonly advantages: Float64Array;
  /** A_t + V(s_t): the value targets. */
  readonly returns: Float64Array;
}

/**
 * GAE: delta_t = r_t + gamma V(s_{t+1}) (1 - terminated_t) - V(s_t);
 * A_t = delta_t + gamma lambda (1 - end_t) A_{t+1}; returns_t = A_t + V(s_t).
 * NOTE: a truncated step (time limit) bootstraps from the value of its final observation and a
 * terminated one does not, as the MDP asks; CleanRL's ppo.py treats both as terminal.
 */
export function gae(input: GaeInput): GaeOutput {
  const { numEnvs: N, rewards, values, nextValues, terminated, episodeEnds, gamma, lambda } = input;
  const size = rewards.length;
  if (!(Number.isInteger(N) && N >= 1) || size % N !== 0) {
    throw new RangeError(`gae: numEnvs must be a positive integer dividing the ${size} steps, received ${N}`);
  }
  for (const [name, a] of [['values', values], ['nextValues', nextValues], ['terminated', terminated], ['episodeEnds', episodeEnds]] as const) {
    if (a.length !== size) throw new RangeError(`gae: ${name} has length ${a.length}, expected ${size} like rewards`);
  }
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`gae: gamma must be in [0, 1], received ${gamma}`);
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`gae: lambda must be in [0, 1], received ${lambda}`);
  const T = size / N;
  const advantages = new Float64Array(size);
  const returns = new Float64Array(size);
  for (let n = 0; n < N; n++) {
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + n;
      const bootstrap = terminated[i] ? 0 : (nextValues[i] as number);
      const delta = (rewards[i] as number) + gamma * bootstrap - (values[i] as number);
      next = delta + (episodeEnds[i] ? 0 : gamma * lambda * next);
      advantages[i] = next;
      returns[i] = next + (values[i] as number);
    }
  }
  return { advantages, returns };
}

/** Input of {@link rolloutGae}: a next-step-autoreset rollout, step-major [T * N] (row t * N + i is copy i at step t). */
export interface RolloutGaeInput {
  readonly numEnvs: number;
  readonly rewards: ArrayLike<number>;
  /** V of each row's observation. */
  readonly values: ArrayLike<number>;
  /** V of the observations after the last row, [N]. */
  readonly lastValues: ArrayLike<number>;
  /** 1 where the MDP ended on the row (and on reset rows). */
  readonly terminated: ArrayLike<number>;
  /** 1 where the episode ended on the row (and on reset rows). */
  readonly episodeEnds: ArrayLike<number>;
  readonly gamma: number;
  readonly lambda: number;
}

/**
 * GAE over a rollout of a vector env with next-step autoreset. The next state of row k is row
 * k + N's observation (lastValues for the last step). NOTE: for a row that ended an episode, the
 * next row is the reset step, whose observation is the ended episode's final observation: so a
 * truncated row bootstraps from V(final observation), and a terminated one (gae) does not. Reset
 * rows are to be marked terminated and ended: they then take nothing from their neighbours and
 * give nothing to them (their own advantage is meaningless and must be masked out).
 */
export function rolloutGae(input: RolloutGaeInput): { advantages: Float64Array; returns: Float64Array } {
  const { numEnvs: N, values, lastValues } = input;
  const B = values.length;
  if (lastValues.length !== N) throw new RangeError(`rolloutGae: lastValues has ${lastValues.length} entries, expected numEnvs = ${N}`);
  const nextValues = new Float64Array(B);
  for (let k = 0; k < B; k++) nextValues[k] = (k + N < B ? values[k + N] : lastValues[k + N - B]) as number;
  return gae({ ...input, nextValues });
}
