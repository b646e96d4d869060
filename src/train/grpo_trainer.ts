// GRPO for control, in one file that reads top to bottom: config, setup, group rollouts from
// identical start states, group-relative advantages, clipped updates with a k3 KL penalty,
// metrics. (DeepSeekMath section 4.1; TRL's GRPOTrainer; DAPO's clip-higher and dynamic
// sampling. The math is in src/algos/grpo.ts; the run's life in the harness.)
import { grpoAdvantages } from '../algos/advantages.js';
import { returnOf } from '../algos/episode.js';
import { collectGroups, grpoBatch, grpoMinibatches, grpoMinibatchLoss } from '../algos/grpo.js';
import { actionSpecOf, Policy } from '../algos/policy.js';
import { Adam, AdaptiveKLController } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { GRPO_FIELDS, type GrpoConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { meanReturnOf, TrainerHarness, trainingEnvs, type TrainOptions, type TrainResult } from './harness.js';

/**
 * Trains a policy with GRPO. `input` is a (partial) GRPO config; with `resumeFrom` (a checkpoint
 * path) the run continues from it and ends bit-identical to a run that never stopped.
 */
export async function trainGrpo(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: GrpoConfig = resolveConfig(GRPO_FIELDS, input, 'grpo config');
  if (config.targetKl > 0 && config.beta <= 0) throw new RangeError('grpo config: targetKl > 0 (adaptive beta) needs an initial beta > 0');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('grpo config: set totalSteps or episodes (both are 0: no budget)');

  // --- setup: streams, envs, networks, optimiser -------------------------------------------
  const root = new Rng(config.seed);
  const envs = trainingEnvs(config, config.groups * config.groupSize, options);
  const probe = envs[0]!;
  const netOptions = { hiddenSizes: config.hiddenSizes, activation: config.activation, logStdInit: config.logStdInit };
  const policy = new Policy(probe.observationSpace.size, actionSpecOf(probe.actionSpace), { ...netOptions, rng: root.fork('init') });
  const reference = new Policy(policy.obsDim, policy.action, { ...netOptions, rng: root.fork('init') });
  reference.copyFrom(policy);
  const optimizer = new Adam(policy.namedParameters('policy'), { lr: config.learningRate, eps: config.adamEps });
  const betaController = config.targetKl > 0 ? new AdaptiveKLController({ initial: config.beta, target: config.targetKl }) : null;
  const harness = new TrainerHarness(config, options, {
    modules: { policy, reference },
    optimizers: { adam: optimizer },
    rngs: { root },
    extra: () => ({ beta: betaController ? betaController.value : config.beta }),
  });
  const { counters, run } = harness;
  const lossSettings = { epsLow: config.epsLow, epsHigh: config.epsHigh, lossType: config.lossType, maxEpisodeLength: probe.spec.maxEpisodeSteps ?? 0, entCoef: config.entCoef };

  // --- training loop -------------------------------------------------------------------------
  return harness.runLoop(policy, async () => {
    if (harness.resumed && betaController) betaController.loadState({ value: harness.resumed.number('beta') });
    let interrupted = false;
    while (harness.budgetLeft()) {
      const iteration = harness.beginIteration();
      const collected = collectGroups(policy, envs, root, iteration, config, config.totalSteps === 0 ? Infinity : config.totalSteps - counters.globalStep);
      if (collected.steps === 0) break; // the step budget cannot fit one more step per episode
      counters.globalStep += collected.steps;
      counters.episodes += collected.finished.length;
      const step = counters.globalStep;
      const finishedReturns = collected.finished.map(returnOf);
      collected.finished.forEach((e, i) => harness.logEpisode(step, finishedReturns[i]!, e.rewards.length));

      // Advantages, relative within each group; the flat batch with old and reference log-probs.
      const adv = grpoAdvantages({
        rewards: collected.episodes.map((e) => e.rewards),
        groupIds: collected.episodes.map((e) => e.group),
        mode: config.advantage,
        scaleRewards: config.scaleRewards,
        gamma: config.processGamma,
        processBaseline: config.processBaseline,
      });
      const beta = betaController ? betaController.value : config.beta;
      const batch = grpoBatch(policy, reference, collected.episodes, adv.perStep, beta);

      // Updates: numIterations passes (TRL's mu), each over minibatches of whole episodes.
      const sums = { policyLoss: 0, klRef: 0, approxKl: 0, clipFrac: 0, clipLow: 0, clipHigh: 0, entropy: 0, gradNorm: 0, n: 0 };
      const shuffle = root.fork('minibatch', iteration);
      for (let pass = 0; pass < config.numIterations && batch.steps > 0; pass++) {
        for (const rows of grpoMinibatches(batch, shuffle, config.numMinibatches)) {
          const { loss, stats } = grpoMinibatchLoss(policy, batch, rows, { ...lossSettings, beta });
          sums.gradNorm += harness.update(loss);
          sums.policyLoss += stats.policyLoss;
          sums.klRef += stats.klRef;
          sums.approxKl += stats.approxKl;
          sums.clipFrac += stats.clipFrac;
          sums.clipLow += stats.clipFracLow;
          sums.clipHigh += stats.clipFracHigh;
          sums.entropy += stats.entropy;
          sums.n++;
        }
      }
      const mean = (v: number) => (sums.n > 0 ? v / sums.n : NaN);
      if (betaController && sums.n > 0) betaController.update(mean(sums.klRef));
      if (config.refRefreshEvery > 0 && (iteration + 1) % config.refRefreshEvery === 0) reference.copyFrom(policy);

      // Metrics (CleanRL and TRL tag names; see the README).
      harness.logTiming(step, collected.steps);
      // An iteration whose every group was dropped (no spread) made no update: no loss records then.
      if (sums.n > 0) {
        run.metric(step, 'losses/policy_loss', mean(sums.policyLoss));
        run.metric(step, 'losses/entropy', mean(sums.entropy));
        run.metric(step, 'losses/approx_kl', mean(sums.approxKl));
        run.metric(step, 'losses/clipfrac', mean(sums.clipFrac));
        run.metric(step, 'losses/clipfrac_low', mean(sums.clipLow));
        run.metric(step, 'losses/clipfrac_high', mean(sums.clipHigh));
        run.metric(step, 'grpo/kl_ref', mean(sums.klRef));
        run.metric(step, 'grad/global_norm', mean(sums.gradNorm));
      }
      run.metric(step, 'grpo/beta', beta);
      if (collected.episodes.length > 0) {
        run.metric(step, 'grpo/reward_mean', adv.rewardMean);
        run.metric(step, 'grpo/reward_std', adv.rewardStd);
        run.metric(step, 'grpo/frac_reward_zero_std', adv.fracZeroStd);
        run.metric(step, 'grpo/group_returns', adv.groupMeans);
      }
      run.metric(step, 'grpo/dropped_groups', collected.dropped);
      const keptGroups = new Set(collected.episodes.map((e) => e.group)).size;
      interrupted = await harness.endIteration(meanReturnOf(finishedReturns), `, kept groups ${keptGroups}/${config.groups}, dropped ${collected.dropped}`);
      if (interrupted) break;
    }
    return interrupted;
  });
}
