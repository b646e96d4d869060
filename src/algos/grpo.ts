// GRPO's math for one iteration, pure and synchronous: collect groups (with DAPO's dynamic
// sampling), build the flat batch with its old and reference log-probs, cut it into minibatches of
// whole episodes, and the loss of one minibatch. The trainer (src/train/grpo_trainer.ts) runs it.
import { noGrad } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { chunk, returnOf, selectActions, selectRows, selectValues, type Episode } from './episode.js';
import { grpoLoss, type GrpoLossOutput, type LossType } from './grpo_loss.js';
import type { Policy } from './policy.js';
import { rolloutGroups } from './rollout.js';
import { sampleStd } from './stats.js';
import type { UpdateView } from './update.js';

/** The config values GRPO's sampling reads. */
export interface GrpoSampling {
  readonly groups: number;
  readonly groupSize: number;
  /** DAPO: drop groups whose returns have zero spread and sample new ones. */
  readonly dynamicSampling: boolean;
  readonly maxResampleTries: number;
}

/** One iteration's collected episodes. */
export interface GrpoCollected {
  /** The kept episodes (groups with return spread under dynamic sampling), group by group. */
  readonly episodes: Episode[];
  /** Env steps taken, including dropped groups. */
  readonly steps: number;
  /** Every finished (or cut) episode, kept or dropped, in rollout order. */
  readonly finished: Episode[];
  /** Groups dropped for zero return spread. */
  readonly dropped: number;
}

/**
 * One iteration's groups: `groups` groups of `groupSize` episodes from `root.fork('rollout',
 * iteration).fork('attempt', a)`, and with dynamic sampling up to `maxResampleTries` more rounds
 * that replace the groups whose returns have zero spread. Never takes more than `stepsLeft` env
 * steps; a round starts only if every missing group can take at least one step.
 */
export function collectGroups(policy: Policy, envs: readonly Env[], root: Rng, iteration: number, sampling: GrpoSampling, stepsLeft: number): GrpoCollected {
  let kept: Episode[] = [];
  const finished: Episode[] = [];
  let steps = 0;
  let dropped = 0;
  let groupId = 0;
  for (let attempt = 0; attempt <= (sampling.dynamicSampling ? sampling.maxResampleTries : 0); attempt++) {
    const missing = sampling.groups - new Set(kept.map((e) => e.group)).size;
    if (missing === 0) break;
    const budget = stepsLeft - steps;
    if (budget < missing * sampling.groupSize) break;
    const streams = root.fork('rollout', iteration).fork('attempt', attempt);
    const batch = rolloutGroups(policy, envs, streams, missing, sampling.groupSize, groupId, budget);
    groupId += missing;
    steps += batch.steps;
    finished.push(...batch.episodes);
    if (!sampling.dynamicSampling) {
      kept = batch.episodes;
      break;
    }
    for (let g = 0; g < missing; g++) {
      const members = batch.episodes.filter((e) => e.group === batch.episodes[0]!.group + g);
      if (sampleStd(members.map(returnOf)) > 0 || sampling.groupSize === 1) kept.push(...members);
      else dropped++;
    }
  }
  return { episodes: kept, steps, finished, dropped };
}

/** A batch of whole episodes as flat per-step arrays, with the log-probs the loss compares against. */
export interface GrpoBatch {
  readonly episodes: readonly Episode[];
  /** Total steps T of the batch. */
  readonly steps: number;
  /** Observations [T, obsDim], row-major. */
  readonly observations: number[];
  /** Actions [T, actionWidth], row-major. */
  readonly actions: number[];
  /** Per-step advantages [T]. */
  readonly advantages: number[];
  /** The batch index of the episode of each step [T]. */
  readonly stepEpisode: number[];
  /** The first step of each episode. */
  readonly episodeStart: number[];
  /** log pi_old(a_t | s_t) [T] of the policy that collected the batch. */
  readonly oldLogProbs: TypedArray;
  /** log pi_ref(a_t | s_t) [T], or null without a KL penalty. */
  readonly refLogProbs: TypedArray | null;
}

/**
 * Flattens `episodes` with their per-step advantages, and computes the old log-probs (and, when
 * beta > 0, the reference log-probs) of every step once, without gradient.
 */
export function grpoBatch(policy: Policy, reference: Policy, episodes: readonly Episode[], perStepAdvantages: readonly Float64Array[], beta: number): GrpoBatch {
  const observations = episodes.flatMap((e) => e.observations);
  const actions = episodes.flatMap((e) => e.actions);
  const advantages = perStepAdvantages.flatMap((a) => Array.from(a));
  const stepEpisode = episodes.flatMap((e, i) => e.rewards.map(() => i));
  const episodeStart = episodes.map((_, i, all) => all.slice(0, i).reduce((n, e) => n + e.rewards.length, 0));
  const T = stepEpisode.length;
  const allSteps = Array.from({ length: T }, (_, t) => t);
  const logProbsOf = (p: Policy) => noGrad(() => p.distribution(selectRows(observations, policy.obsDim, allSteps)).logProb(selectActions(policy.action, actions, allSteps))).toTypedArray();
  const oldLogProbs = T > 0 ? logProbsOf(policy) : new Float32Array(0);
  const refLogProbs = T > 0 && beta > 0 ? logProbsOf(reference) : null;
  return { episodes, steps: T, observations, actions, advantages, stepEpisode, episodeStart, oldLogProbs, refLogProbs };
}

/**
 * The minibatches of one pass: a permutation of the episodes (drawn from `shuffle`) cut into
 * `numMinibatches` chunks of whole episodes, each as its step rows.
 */
export function grpoMinibatches(batch: GrpoBatch, shuffle: Rng, numMinibatches: number): number[][] {
  const order = shuffle.permutation(batch.episodes.length);
  return chunk(order, numMinibatches).map((episodesOfMb) =>
    episodesOfMb.flatMap((i) => Array.from({ length: batch.episodes[i]!.rewards.length }, (_, t) => batch.episodeStart[i]! + t)));
}

/** The config values that enter GRPO's loss. */
export interface GrpoLossSettings {
  readonly epsLow: number;
  readonly epsHigh: number;
  /** KL-penalty weight of this iteration (adaptive when targetKl > 0). */
  readonly beta: number;
  readonly lossType: LossType;
  /** The env's time limit ('dr_grpo' divides by it). */
  readonly maxEpisodeLength: number;
  readonly entCoef: number;
}

/** The GRPO loss of the minibatch `rows` of `batch` under the current `policy` (see grpoLoss). */
export function grpoMinibatchLoss(policy: Policy, batch: GrpoBatch, rows: readonly number[], settings: GrpoLossSettings): GrpoLossOutput {
  const dist = policy.distribution(selectRows(batch.observations, policy.obsDim, rows));
  return grpoLoss({
    logProbs: dist.logProb(selectActions(policy.action, batch.actions, rows)),
    oldLogProbs: selectValues(batch.oldLogProbs, rows),
    refLogProbs: batch.refLogProbs ? selectValues(batch.refLogProbs, rows) : null,
    advantages: selectValues(batch.advantages, rows),
    episodeIds: rows.map((t) => batch.stepEpisode[t]!),
    epsLow: settings.epsLow,
    epsHigh: settings.epsHigh,
    beta: settings.beta,
    lossType: settings.lossType,
    maxEpisodeLength: settings.maxEpisodeLength,
    entropies: dist.entropy(),
    entCoef: settings.entCoef,
  });
}

/**
 * What an audit reads about one GRPO update: the minibatch `rows` of `batch`, its loss `output`
 * (from grpoMinibatchLoss under `settings`), and the same loss rebuilt in float64.
 */
export function grpoUpdateView(policy: Policy, batch: GrpoBatch, rows: readonly number[], settings: GrpoLossSettings, output: GrpoLossOutput): UpdateView {
  const { parts, stats } = output;
  const width = policy.action.kind === 'discrete' ? 1 : policy.action.dim;
  return {
    steps: rows.length,
    episodes: new Set(rows.map((t) => batch.stepEpisode[t]!)).size,
    terms: {
      surrogate: parts.surrogate.item(),
      klPenalty: parts.klPenalty === null ? null : parts.klPenalty.item(),
      entropyBonus: parts.entropyBonus === null ? null : parts.entropyBonus.item(),
      value: null,
    },
    ratios: parts.ratio.toTypedArray(),
    advantages: parts.advantages.toTypedArray(),
    clip: { low: stats.clipFracLow, high: stats.clipFracHigh, total: stats.clipFrac },
    settings: { epsLow: settings.epsLow, epsHigh: settings.epsHigh, beta: settings.beta, lossType: settings.lossType, maxEpisodeLength: settings.maxEpisodeLength, entCoef: settings.entCoef },
    minibatchDocs: {
      observations: `[T, ${policy.obsDim}] row-major: the observation of each step`,
      actions: `[T, ${width}] row-major: the action taken (an index for discrete actions, the unclipped sample for continuous ones)`,
      advantages: '[T]: the group-relative advantage of each step',
      old_log_probs: '[T]: log pi_old(a_t | s_t) of the policy that collected the batch',
      ref_log_probs: '[T]: log pi_ref(a_t | s_t) of the reference policy (empty when beta is 0)',
      episode_ids: "[T]: the episode (batch index) of each step; the aggregation weights follow from them and lossType",
    },
    minibatch: () => ({
      observations: Array.from(selectRows(batch.observations, policy.obsDim, rows).toTypedArray()),
      actions: Array.from(selectActions(policy.action, batch.actions, rows).toTypedArray()),
      advantages: rows.map((t) => batch.advantages[t]!),
      old_log_probs: rows.map((t) => batch.oldLogProbs[t]!),
      ref_log_probs: batch.refLogProbs ? rows.map((t) => batch.refLogProbs![t]!) : [],
      episode_ids: rows.map((t) => batch.stepEpisode[t]!),
    }),
    float64: () => {
      const copy = policy.copyAs('float64');
      return { named: copy.namedParameters('policy'), loss: () => grpoMinibatchLoss(copy, batch, rows, settings).loss };
    },
  };
}
