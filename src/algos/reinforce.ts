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
import type { UpdateView } from './update.js';

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
  /** entCoef mean_t(H_t), as subtracted from the loss. */
  readonly entropyBonus: Tensor;
  /** The per-step advantages G_t - b [T], flat. */
  readonly advantages: number[];
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
  const advantages = perStep.flatMap((a) => Array.from(a));
  const policyLoss = logProbs.mul(selectValues(advantages, rows)).mean().neg();
  const entropyBonus = entropies.mean().mul(entCoef);
  return { loss: policyLoss.sub(entropyBonus), policyLoss, entropies, entropyBonus, advantages, baseline };
}

/** What an audit reads about a REINFORCE update (one per iteration, over every step of `episodes`). */
export function reinforceUpdateView(policy: Policy, episodes: readonly Episode[], gamma: number, entCoef: number, output: ReinforceLoss): UpdateView {
  const steps = output.advantages.length;
  const width = policy.action.kind === 'discrete' ? 1 : policy.action.dim;
  const rows = Array.from({ length: steps }, (_, t) => t);
  return {
    steps,
    episodes: episodes.length,
    terms: { surrogate: output.policyLoss.item(), klPenalty: null, entropyBonus: output.entropyBonus.item(), value: null },
    ratios: null,
    advantages: output.advantages,
    clip: null,
    settings: { gamma, entCoef },
    minibatchDocs: {
      observations: `[T, ${policy.obsDim}] row-major: the observation of each step`,
      actions: `[T, ${width}] row-major: the action taken`,
      advantages: '[T]: the return to go minus the mean baseline',
      episode_ids: '[T]: the episode of each step',
    },
    minibatch: () => ({
      observations: Array.from(selectRows(episodes.flatMap((e) => e.observations), policy.obsDim, rows).toTypedArray()),
      actions: Array.from(selectActions(policy.action, episodes.flatMap((e) => e.actions), rows).toTypedArray()),
      advantages: output.advantages.slice(),
      episode_ids: episodes.flatMap((e, i) => e.rewards.map(() => i)),
    }),
    float64: () => {
      const copy = policy.copyAs('float64');
      return { named: copy.namedParameters('policy'), loss: () => reinforceLoss(copy, episodes, gamma, entCoef).loss };
    },
  };
}
