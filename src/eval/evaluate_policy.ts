// Policy evaluation: episode returns over fixed, seeded start states, with summary statistics.
import { tensor } from '../autograd/index.js';
import { make, type Env, type UncertaintyPreset } from '../envs/index.js';
import { Rng } from '../tensor/rng.js';
import type { Policy } from '../algos/policy.js';
import { returnStats, type ReturnStats } from './return_stats.js';

/**
 * The seed of a run's final evaluation: its own start states and noise, apart from training's
 * (`grpo evaluate` uses the same, so it repeats the trainer's evaluation of a final model).
 */
export function evalSeedOf(seed: number): number {
  return seed + 1_000_003;
}

/** The env of a config: the registered wrappers, plus the uncertainty preset unless it is 'none'. */
export function makeEnv(config: { readonly env: string; readonly uncertainty: UncertaintyPreset }): Env {
  return make(config.env, config.uncertainty === 'none' ? {} : { uncertainty: config.uncertainty });
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
  return evaluateEpisodes(() => policy, env, options);
}

/**
 * {@link evaluatePolicy} with the acting policy chosen per episode: `policyOf(e)` acts in episode
 * e (called once, before its reset). The start states depend on `options.seed` alone, so
 * evaluations of different policies with one seed are paired.
 */
export function evaluateEpisodes(policyOf: (episode: number) => Policy, env: Env, options: EvaluateOptions): { returns: number[]; lengths: number[]; stats: ReturnStats } {
  if (!(Number.isInteger(options.episodes) && options.episodes >= 1)) {
    throw new RangeError(`evaluatePolicy: episodes must be an integer >= 1, received ${options.episodes}`);
  }
  const rng = new Rng(options.seed).fork('eval');
  const actRng = [rng.fork('act')];
  const deterministic = options.deterministic ?? true;
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < options.episodes; e++) {
    const policy = policyOf(e);
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
