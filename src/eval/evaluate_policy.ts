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
 * What {@link evaluatePolicy} returns: one return and one length per episode, in order, and
 * their statistics.
 * @example const { stats } = evaluatePolicy(policy, make('CartPole-v1'), { episodes: 20, seed: 1 }); stats.ci95
 */
export interface PolicyEvaluation {
  /** Undiscounted return of each episode, [episodes]. */
  readonly returns: number[];
  /** Steps of each episode, [episodes]. */
  readonly lengths: number[];
  readonly stats: ReturnStats;
}

/**
 * Runs `episodes` full episodes of `policy` in `env` (reset seeds drawn from
 * `new Rng(seed).fork('eval')`) and returns the returns and their statistics.
 * @example
 * const model = modelFromBytes(bytes);
 * const { stats } = evaluatePolicy(model.policy, make(model.spec.env), { episodes: 20, seed: 1 });
 */
export function evaluatePolicy(policy: Policy, env: Env, options: EvaluateOptions): PolicyEvaluation {
  return evaluateEpisodes(() => policy, env, options);
}

/**
 * {@link evaluatePolicy} with the acting policy chosen per episode: `policyOf(e)` acts in episode
 * e (called once, before its reset). The start states depend on `options.seed` alone, so
 * evaluations of different policies with one seed are paired.
 * @example evaluateEpisodes((e) => policies[e % 2]!, make('CartPole-v1'), { episodes: 10, seed: 0 }).stats.mean
 */
export function evaluateEpisodes(policyOf: (episode: number) => Policy, env: Env, options: EvaluateOptions): PolicyEvaluation {
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
