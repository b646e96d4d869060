// Policy evaluation: episode returns over fixed, seeded start states, with summary statistics.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { tensor } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import { Rng } from '../tensor/rng.js';
import { sampleStd } from './advantages.js';
import type { Policy } from './policy.js';

/** Summary statistics of a sample of episode returns. */
export interface ReturnStats {
  readonly episodes: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1). */
  readonly std: number;
  /** 95% confidence interval of the mean, Student's t with n - 1 degrees of freedom. */
  readonly ci95: readonly [number, number];
  readonly min: number;
  readonly max: number;
}

/**
 * Mean, sample std, 95% t-interval of the mean, min and max of `values`.
 * NOTE: the interval uses Student's t quantile (stdlib's exact inverse), not 1.96, so it is right
 * for small samples; with one value the interval is [mean, mean].
 */
export function returnStats(values: readonly number[]): ReturnStats {
  const n = values.length;
  if (n === 0) throw new RangeError('returnStats: needs at least one value, received none');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = sampleStd(values);
  const half = n > 1 ? tQuantile(0.975, n - 1) * (std / Math.sqrt(n)) : 0;
  return { episodes: n, mean, std, ci95: [mean - half, mean + half], min: Math.min(...values), max: Math.max(...values) };
}

/** Options of {@link evaluatePolicy}. */
export interface EvaluateOptions {
  readonly episodes: number;
  /** Seed of the evaluation's start states and noise (its own stream, apart from training). */
  readonly seed: number;
  /** Take the most probable action (default) instead of sampling. */
  readonly deterministic?: boolean;
}

/**
 * Runs `episodes` full episodes of `policy` in `env` (reset seeds drawn from
 * `new Rng(seed).fork('eval')`) and returns the returns and their statistics.
 */
export function evaluatePolicy(policy: Policy, env: Env, options: EvaluateOptions): { returns: number[]; lengths: number[]; stats: ReturnStats } {
  if (!(Number.isInteger(options.episodes) && options.episodes >= 1)) {
    throw new RangeError(`evaluatePolicy: episodes must be an integer >= 1, received ${options.episodes}`);
  }
  const rng = new Rng(options.seed).fork('eval');
  const actRng = [rng.fork('act')];
  const deterministic = options.deterministic ?? true;
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < options.episodes; e++) {
    let { observation } = env.reset({ seed: rng.int(2 ** 31) });
    let total = 0;
    let length = 0;
    for (;;) {
      const actions = policy.act(tensor(observation, { shape: [1, observation.length] }), actRng, deterministic);
      const step = env.step(policy.envAction(actions, 0));
      total += step.reward;
      length++;
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
    returns.push(total);
    lengths.push(length);
  }
  return { returns, lengths, stats: returnStats(returns) };
}
