// GRPO's iteration without files: the networks, the optimiser and the streams of a run, one
// iteration's group rollouts, and its updates with their metrics. Node's trainer
// (src/train/grpo_trainer.ts) wraps it in a run directory; the teaching page runs the same code
// in a Web Worker, so a seed gives the same metrics and weights in both.
import { grpoAdvantages, type AdvantageMode, type RewardScaling } from './advantages.js';
import { returnOf } from './episode.js';
import { collectGroups, grpoBatch, grpoMinibatches, grpoMinibatchLoss, grpoUpdateView, type GrpoCollected, type GrpoSampling } from './grpo.js';
import type { LossType } from './grpo_loss.js';
import { actionSpecOf, Policy, policyOptionsOf, type PolicyShape } from './policy.js';
import type { UpdateContext } from './update.js';
import type { Tensor } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import { Adam, AdaptiveKLController } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';

/** The GRPO config fields the learner reads (a GrpoConfig of src/train/config.ts has them all). */
export interface GrpoSettings extends GrpoSampling, PolicyShape {
  readonly seed: number;
  readonly learningRate: number;
  readonly adamEps: number;
  readonly advantage: AdvantageMode;
  readonly scaleRewards: RewardScaling;
  readonly processGamma: number;
  readonly processBaseline: 'pooled' | 'per-step';
  readonly epsLow: number;
  readonly epsHigh: number;
  readonly beta: number;
  readonly targetKl: number;
  readonly refRefreshEvery: number;
  readonly lossType: LossType;
  readonly numIterations: number;
  readonly numMinibatches: number;
  readonly entCoef: number;
}

/** Applies one update (zeroGrad, backward, check, clip, step) and returns the gradient norm before clipping. */
export type UpdateFn = (loss: Tensor, context: UpdateContext) => number;

/** A metric of an iteration: its tag (README's table) and value. */
export type IterationMetric = readonly [tag: string, value: number | readonly number[]];

/** What an iteration's updates produced. */
export interface GrpoLearned {
  /** The iteration's metrics after the timing tags, in the order metrics.jsonl has them. */
  readonly metrics: readonly IterationMetric[];
  /** Groups kept after dynamic sampling. */
  readonly keptGroups: number;
  /** Updates made (0 when every group was dropped). */
  readonly updates: number;
}

/**
 * A GRPO run in memory: `root = new Rng(seed)`, the policy and its reference from
 * `root.fork('init')`, Adam, the adaptive beta controller when targetKl > 0. Per iteration,
 * `collect` then `learn`.
 *
 * NOTE: with `normalizeObservation` the statistics live in the policy (buffers `policy.obsNorm.*`) and
 * are updated once per iteration, after the updates, from every observation of every episode the
 * iteration rolled out (dropped groups included). A group's members thus see their shared start state
 * and everything after it through the same statistics, and the behaviour policy is exactly pi_old.
 * The reference is refreshed after that update, so with refRefreshEvery 1 it is the next iteration's
 * pi_old; a never-refreshed reference keeps the initial policy (and its initial statistics).
 */
export class GrpoLearner {
  readonly root: Rng;
  readonly policy: Policy;
  readonly reference: Policy;
  readonly optimizer: Adam;
  readonly betaController: AdaptiveKLController | null;
  private readonly maxEpisodeLength: number;

  /** @param envs groups x groupSize envs built from the config (makeEnv) */
  constructor(
    readonly settings: GrpoSettings,
    readonly envs: readonly Env[],
  ) {
    if (settings.targetKl > 0 && settings.beta <= 0) throw new RangeError('grpo config: targetKl > 0 (adaptive beta) needs an initial beta > 0');
    const probe = envs[0];
    if (probe === undefined) throw new RangeError('GrpoLearner: needs at least one env');
    this.root = new Rng(settings.seed);
    const netOptions = policyOptionsOf(settings);
    this.policy = new Policy(probe.observationSpace.size, actionSpecOf(probe.actionSpace), { ...netOptions, rng: this.root.fork('init') });
    this.reference = new Policy(this.policy.obsDim, this.policy.action, { ...netOptions, rng: this.root.fork('init') });
    this.reference.copyFrom(this.policy);
    this.optimizer = new Adam(this.policy.namedParameters('policy'), { lr: settings.learningRate, eps: settings.adamEps });
    this.betaController = settings.targetKl > 0 ? new AdaptiveKLController({ initial: settings.beta, target: settings.targetKl }) : null;
    this.maxEpisodeLength = probe.spec.maxEpisodeSteps ?? 0;
  }

  /** The KL-penalty weight the next iteration uses. */
  get beta(): number {
    return this.betaController ? this.betaController.value : this.settings.beta;
  }

  /** Restores the adaptive beta (from a checkpoint's extra state). */
  restoreBeta(value: number): void {
    this.betaController?.loadState({ value });
  }

  /** One iteration's groups (see collectGroups), never more than `stepsLeft` env steps. */
  collect(iteration: number, stepsLeft: number): GrpoCollected {
    return collectGroups(this.policy, this.envs, this.root, iteration, this.settings, stepsLeft);
  }

  /**
   * The iteration's updates: group-relative advantages, the flat batch with old and reference
   * log-probs, numIterations passes over minibatches of whole episodes, each applied by `update`;
   * then the adaptive beta, the observation statistics (when normalised) and the reference refresh.
   * Returns the metrics to log.
   */
  learn(iteration: number, collected: GrpoCollected, update: UpdateFn): GrpoLearned {
    const { settings, policy, reference } = this;
    const adv = grpoAdvantages({
      rewards: collected.episodes.map((e) => e.rewards),
      groupIds: collected.episodes.map((e) => e.group),
      mode: settings.advantage,
      scaleRewards: settings.scaleRewards,
      gamma: settings.processGamma,
      processBaseline: settings.processBaseline,
    });
    const beta = this.beta;
    const batch = grpoBatch(policy, reference, collected.episodes, adv.perStep, beta);
    const lossSettings = { epsLow: settings.epsLow, epsHigh: settings.epsHigh, lossType: settings.lossType, maxEpisodeLength: this.maxEpisodeLength, entCoef: settings.entCoef, beta };

    // Updates: numIterations passes (TRL's mu), each over minibatches of whole episodes.
    const sums = { policyLoss: 0, klRef: 0, approxKl: 0, clipFrac: 0, clipLow: 0, clipHigh: 0, entropy: 0, gradNorm: 0, n: 0 };
    const shuffle = this.root.fork('minibatch', iteration);
    for (let pass = 0; pass < settings.numIterations && batch.steps > 0; pass++) {
      grpoMinibatches(batch, shuffle, settings.numMinibatches).forEach((rows, minibatch) => {
        const output = grpoMinibatchLoss(policy, batch, rows, lossSettings);
        sums.gradNorm += update(output.loss, { pass, minibatch, view: () => grpoUpdateView(policy, batch, rows, lossSettings, output) });
        const { stats } = output;
        sums.policyLoss += stats.policyLoss;
        sums.klRef += stats.klRef;
        sums.approxKl += stats.approxKl;
        sums.clipFrac += stats.clipFrac;
        sums.clipLow += stats.clipFracLow;
        sums.clipHigh += stats.clipFracHigh;
        sums.entropy += stats.entropy;
        sums.n++;
      });
    }
    const mean = (v: number) => (sums.n > 0 ? v / sums.n : NaN);
    if (this.betaController && sums.n > 0) this.betaController.update(mean(sums.klRef));
    if (policy.obsNorm !== null) {
      const observations = collected.finished.flatMap((e) => e.observations);
      policy.obsNorm.update(observations, observations.length / policy.obsDim);
    }
    if (settings.refRefreshEvery > 0 && (iteration + 1) % settings.refRefreshEvery === 0) reference.copyFrom(policy);

    // Metrics (CleanRL and TRL tag names; see the README). An iteration whose every group was
    // dropped (no spread) made no update: no loss records then.
    const metrics: IterationMetric[] = [];
    if (sums.n > 0) {
      metrics.push(
        ['losses/policy_loss', mean(sums.policyLoss)],
        ['losses/entropy', mean(sums.entropy)],
        ['losses/approx_kl', mean(sums.approxKl)],
        ['losses/clipfrac', mean(sums.clipFrac)],
        ['losses/clipfrac_low', mean(sums.clipLow)],
        ['losses/clipfrac_high', mean(sums.clipHigh)],
        ['grpo/kl_ref', mean(sums.klRef)],
        ['grad/global_norm', mean(sums.gradNorm)],
      );
    }
    metrics.push(['grpo/beta', beta]);
    if (collected.episodes.length > 0) {
      metrics.push(
        ['grpo/reward_mean', adv.rewardMean],
        ['grpo/reward_std', adv.rewardStd],
        ['grpo/frac_reward_zero_std', adv.fracZeroStd],
        ['grpo/group_returns', adv.groupMeans],
      );
    }
    metrics.push(['grpo/dropped_groups', collected.dropped]);
    return { metrics, keptGroups: new Set(collected.episodes.map((e) => e.group)).size, updates: sums.n };
  }
}

/** The undiscounted returns of the iteration's finished episodes, in rollout order. */
export function finishedReturns(collected: GrpoCollected): number[] {
  return collected.finished.map(returnOf);
}
