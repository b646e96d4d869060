// REINFORCE's math for one iteration, pure and synchronous (Williams 1992, with a mean-return
// baseline): a batch of independent episodes in lockstep, and the policy-gradient loss over every
// step of the batch. The trainer is src/train/reinforce_trainer.ts.
import type { Tensor } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import type { Rng } from '../tensor/rng.js';
import { selectActions, selectRows, selectValues, type Episode } from './episode.js';
import type { Policy } from './policy.js';
import { reinforceAdvantages } from './returns.js';
import { rolloutLockstep } from './rollout.js';

/**
 * One episode per env, in lockstep: episode k resets with a seed from `streams`' 'starts' child
 * (which also seeds its uncertainty noise) and samples from `streams.fork('act', k)`.
 * NOTE: every episode starts from a seeded reset, so nothing of the envs carries over between
 * iterations and a checkpoint needs no env state.
 */
export function rolloutEpisodes(policy: Policy, envs: readonly Env[], streams: Rng): Episode[] {
  const starts = streams.fork('starts');
  const actRngs = envs.map((_, k) => streams.fork('act', k));
  const observations = envs.map((env) => env.reset({ seed: starts.int(2 ** 31) }).observation);
  const episodes: Episode[] = envs.map((_, k) => ({ observations: [], actions: [], rewards: [], group: k }));
  rolloutLockstep(policy, envs, observations, actRngs, episodes);
  return episodes;
}

/** REINFORCE's loss over a batch, with its parts. */
export interface ReinforceLoss {
  /** -mean_t(log pi(a_t | s_t) (G_t - b)) - entCoef mean_t(H_t), with gradient. */
  readonly loss: Tensor;
  /** The policy-gradient part alone. */
  readonly policyLoss: Tensor;
  /** Per-step entropies [T]. */
  readonly entropies: Tensor;
  /** The baseline b: the mean return-to-go over every step of the batch. */
  readonly baseline: number;
}

/**
 * loss = -mean_t(log pi(a_t | s_t) (G_t - b)) - entCoef mean_t(H_t) over every step t of every
 * episode, G_t the discounted return to go and b its mean over the batch (see reinforceAdvantages).
 */
export function reinforceLoss(policy: Policy, episodes: readonly Episode[], gamma: number, entCoef: number): ReinforceLoss {
  const { perStep, baseline } = reinforceAdvantages(episodes.map((e) => e.rewards), gamma);
  const steps = episodes.reduce((n, e) => n + e.rewards.length, 0);
  const rows = Array.from({ length: steps }, (_, t) => t);
  const dist = policy.distribution(selectRows(episodes.flatMap((e) => e.observations), policy.obsDim, rows));
  const logProbs = dist.logProb(selectActions(policy.action, episodes.flatMap((e) => e.actions), rows));
  const entropies = dist.entropy();
  const policyLoss = logProbs.mul(selectValues(perStep.flatMap((a) => Array.from(a)), rows)).mean().neg();
  return { loss: policyLoss.sub(entropies.mean().mul(entCoef)), policyLoss, entropies, baseline };
}
