// PPO's math for one iteration, pure and synchronous (CleanRL's ppo.py): the batch of a rollout
// (old log-probs and values in one pass, GAE with truncation bootstrap, the real rows), its
// shuffled minibatches, and the loss of one minibatch. The trainer is src/train/ppo_trainer.ts.
import { noGrad, Tensor } from '../autograd/index.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { chunk, selectActions, selectRows, selectValues } from './episode.js';
import { rolloutGae } from './gae.js';
import type { Policy } from './policy.js';
import { ppoLoss, type PpoLossOutput, type PpoLossStats } from './ppo_loss.js';
import { normalizeAdvantages } from './stats.js';
import type { ValueNetwork } from './value.js';
import type { UpdateContext, UpdateView } from './update.js';
import type { RolloutBuffers } from './vector_rollout.js';

/** A rollout ready for updates: every row's old log-prob, value, advantage and return. */
export interface PpoBatch {
  readonly rollout: RolloutBuffers;
  /** log pi_old(a | s) of every row [T * N]. */
  readonly oldLogProbs: TypedArray;
  /** V_old(s) of every row [T * N]. */
  readonly values: TypedArray;
  /** GAE advantages [T * N]. */
  readonly advantages: Float64Array;
  /** Value targets A + V_old [T * N]. */
  readonly returns: Float64Array;
  /** The real rows (reset rows left out): what updates and statistics use. */
  readonly rows: number[];
}

/**
 * Old log-probs and values of every row in one batched pass without gradient, V of the
 * observations after the last row for the bootstrap, then GAE over the rollout.
 */
export function ppoBatch(policy: Policy, critic: ValueNetwork, rollout: RolloutBuffers, gamma: number, lambda: number): PpoBatch {
  const { numEnvs: N, obsDim } = rollout;
  const B = rollout.numSteps * N;
  const allRows = Array.from({ length: B }, (_, k) => k);
  const { oldLogProbs, values, lastValues } = noGrad(() => {
    const obsAll = selectRows(rollout.observationBuffer, obsDim, allRows);
    return {
      oldLogProbs: policy.distribution(obsAll).logProb(selectActions(policy.action, rollout.actionBuffer, allRows)).toTypedArray(),
      values: critic.forward(obsAll).toTypedArray(),
      lastValues: critic.forward(new Tensor(rollout.observations, [N, obsDim])).toTypedArray(),
    };
  });
  const { advantages, returns } = rolloutGae({
    numEnvs: N, rewards: rollout.rewards, values, lastValues, terminated: rollout.terminated, episodeEnds: rollout.episodeEnds, gamma, lambda,
  });
  return { rollout, oldLogProbs, values, advantages, returns, rows: allRows.filter((k) => rollout.real[k] === 1) };
}

/** One epoch's minibatches: a permutation of the real rows (drawn from `shuffle`) cut into `numMinibatches` chunks. */
export function ppoMinibatches(batch: PpoBatch, shuffle: Rng, numMinibatches: number): number[][] {
  const order = shuffle.permutation(batch.rows.length).map((j) => batch.rows[j]!);
  return chunk(order, numMinibatches);
}

/** The config values that enter PPO's loss. */
export interface PpoLossSettings {
  /** Normalise advantages per minibatch. */
  readonly normAdv: boolean;
  readonly clipCoef: number;
  readonly clipVloss: boolean;
  readonly vfCoef: number;
  readonly entCoef: number;
}

/** The PPO loss of the minibatch `rows` of `batch` under the current policy and critic (see ppoLoss). */
export function ppoMinibatchLoss(policy: Policy, critic: ValueNetwork, batch: PpoBatch, rows: readonly number[], settings: PpoLossSettings): PpoLossOutput {
  const { rollout } = batch;
  const advantages = selectValues(batch.advantages, rows).toTypedArray();
  const obs = selectRows(rollout.observationBuffer, rollout.obsDim, rows);
  const dist = policy.distribution(obs);
  return ppoLoss({
    logProbs: dist.logProb(selectActions(policy.action, rollout.actionBuffer, rows)),
    oldLogProbs: selectValues(batch.oldLogProbs, rows),
    advantages: new Tensor(settings.normAdv ? normalizeAdvantages(advantages) : advantages, [rows.length]),
    values: critic.forward(obs),
    oldValues: selectValues(batch.values, rows),
    returns: selectValues(batch.returns, rows),
    entropies: dist.entropy(),
    clipCoef: settings.clipCoef,
    clipVloss: settings.clipVloss,
    vfCoef: settings.vfCoef,
    entCoef: settings.entCoef,
  });
}

/** What an audit reads about one PPO update: the minibatch `rows`, its loss `output`, and the same loss rebuilt in float64. */
export function ppoUpdateView(policy: Policy, critic: ValueNetwork, batch: PpoBatch, rows: readonly number[], settings: PpoLossSettings, output: PpoLossOutput): UpdateView {
  const { parts, stats } = output;
  const { rollout } = batch;
  const width = policy.action.kind === 'discrete' ? 1 : policy.action.dim;
  return {
    steps: rows.length,
    episodes: null,
    terms: { surrogate: parts.surrogate.item(), klPenalty: null, entropyBonus: parts.entropyBonus.item(), value: parts.value.item() },
    ratios: parts.ratio.toTypedArray(),
    advantages: parts.advantages.toTypedArray(),
    clip: { low: null, high: null, total: stats.clipFrac },
    settings: { normAdv: settings.normAdv, clipCoef: settings.clipCoef, clipVloss: settings.clipVloss, vfCoef: settings.vfCoef, entCoef: settings.entCoef },
    minibatchDocs: {
      observations: `[B, ${rollout.obsDim}] row-major: the observation of each row`,
      actions: `[B, ${width}] row-major: the action taken`,
      advantages: '[B]: GAE advantages before the per-minibatch normalisation',
      old_log_probs: '[B]: log pi_old(a | s) of the policy that collected the rollout',
      old_values: '[B]: V_old(s) of the critic that collected the rollout',
      returns: '[B]: value targets A + V_old',
      rows: '[B]: the row index in the [numSteps x numEnvs] rollout buffer',
    },
    minibatch: () => ({
      observations: Array.from(selectRows(rollout.observationBuffer, rollout.obsDim, rows).toTypedArray()),
      actions: Array.from(selectActions(policy.action, rollout.actionBuffer, rows).toTypedArray()),
      advantages: rows.map((k) => batch.advantages[k]!),
      old_log_probs: rows.map((k) => batch.oldLogProbs[k]!),
      old_values: rows.map((k) => batch.values[k]!),
      returns: rows.map((k) => batch.returns[k]!),
      rows: rows.slice(),
    }),
    float64: () => {
      const p64 = policy.copyAs('float64');
      const c64 = critic.copyAs('float64');
      return { named: [...p64.namedParameters('policy'), ...c64.namedParameters('value')], loss: () => ppoMinibatchLoss(p64, c64, batch, rows, settings).loss };
    },
  };
}

/** The config values of PPO's update epochs. */
export interface PpoEpochSettings extends PpoLossSettings {
  readonly updateEpochs: number;
  readonly numMinibatches: number;
  /** Stop the epochs once the last minibatch's approx_kl exceeds this (0 = never). */
  readonly targetKl: number;
}

/** What {@link ppoEpochs} reports, with CleanRL's conventions. */
export interface PpoEpochStats {
  /** The stats of the last minibatch (null when no update ran): CleanRL logs the last losses and KLs. */
  readonly last: PpoLossStats | null;
  /** Mean clip fraction over all minibatches (NaN without updates). */
  readonly clipFrac: number;
  /** Mean pre-clip global gradient norm over all minibatches (NaN without updates). */
  readonly gradNorm: number;
  readonly updates: number;
  readonly epochsRun: number;
}

/**
 * PPO's update of one batch: `updateEpochs` epochs over shuffled minibatches of the real rows
 * (from `shuffle`), each minibatch's loss handed to `step` with its audit context (zeroGrad,
 * backward, clip, optimiser step; it returns the pre-clip gradient norm). Like CleanRL, the KL of
 * the last minibatch is checked against targetKl once per epoch.
 * @example const { last, clipFrac, gradNorm, epochsRun } = ppoEpochs(policy, critic, batch, root.fork('minibatch', 0), settings, (loss) => harness.update(loss))
 */
export function ppoEpochs(
  policy: Policy, critic: ValueNetwork, batch: PpoBatch, shuffle: Rng, settings: PpoEpochSettings, step: (loss: Tensor, context: UpdateContext) => number,
): PpoEpochStats {
  let last: PpoLossStats | null = null;
  let clipFracSum = 0;
  let gradNormSum = 0;
  let updates = 0;
  let epochsRun = 0;
  for (let epoch = 0; epoch < settings.updateEpochs && batch.rows.length > 0; epoch++) {
    for (const [minibatch, mb] of ppoMinibatches(batch, shuffle, settings.numMinibatches).entries()) {
      const output = ppoMinibatchLoss(policy, critic, batch, mb, settings);
      gradNormSum += step(output.loss, { pass: epoch, minibatch, view: () => ppoUpdateView(policy, critic, batch, mb, settings, output) });
      last = output.stats;
      clipFracSum += output.stats.clipFrac;
      updates++;
    }
    epochsRun++;
    if (settings.targetKl > 0 && last !== null && last.approxKl > settings.targetKl) break;
  }
  return { last, clipFrac: updates > 0 ? clipFracSum / updates : NaN, gradNorm: updates > 0 ? gradNormSum / updates : NaN, updates, epochsRun };
}
