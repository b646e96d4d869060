// The ensemble of a policy-groups population: the acting group drawn per episode by performance.
import type { Policy } from '../algos/policy.js';
import type { Env } from '../envs/index.js';
import { Rng } from '../tensor/rng.js';
import { evaluateEpisodes, type EvaluateOptions } from './evaluate_policy.js';
import type { ReturnStats } from './return_stats.js';

/**
 * Evaluates the ensemble of `policies`: each episode's acting policy is drawn with
 * `probabilities` (the selection probabilities of the final performances) from the stream
 * `new Rng(seed).fork('ensemble')`; the start states are evaluatePolicy's of the same seed, so
 * the ensemble and each single group are scored on the same episodes.
 * @param probabilities [G] non-negative weights, one per policy
 * @returns the returns, lengths and statistics, and which group acted in each episode
 * @example evaluateEnsemble(model.population!.policies, model.population!.probabilities, make('CartPole-v1'), { episodes: 100, seed: 1 }).stats
 */
export function evaluateEnsemble(
  policies: readonly Policy[], probabilities: ArrayLike<number>, env: Env, options: EvaluateOptions,
): { returns: number[]; lengths: number[]; groups: number[]; stats: ReturnStats } {
  if (policies.length === 0 || policies.length !== probabilities.length) {
    throw new RangeError(`evaluateEnsemble: needs one probability per policy, received ${policies.length} policies and ${probabilities.length} probabilities`);
  }
  const pick = new Rng(options.seed).fork('ensemble');
  const groups: number[] = [];
  const result = evaluateEpisodes(() => {
    const g = pick.categorical(probabilities);
    groups.push(g);
    return policies[g]!;
  }, env, options);
  return { ...result, groups };
}
