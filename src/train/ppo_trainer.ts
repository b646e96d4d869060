// PPO as CleanRL's ppo.py (discrete actions) and ppo_continuous_action.py (continuous actions) do
// it, in one file that reads top to bottom: config, setup, vector-env rollout, GAE, minibatch
// updates with the clipped surrogate and clipped value loss, metrics. The baseline of GRPO: same
// harness (run directory, checkpoints, evaluation) as trainGrpo; the math is in src/algos/ppo.ts.
import { ppoBatch, ppoEpochs } from '../algos/ppo.js';
import type { PpoLossStats } from '../algos/ppo_loss.js';
import { actionSpecOf, Policy, policyOptionsOf } from '../algos/policy.js';
import { explainedVariance } from '../algos/stats.js';
import { selectValues } from '../algos/episode.js';
import { ValueNetwork } from '../algos/value.js';
import { VectorRollout } from '../algos/vector_rollout.js';
import { NormalizeReward, prepareEnv, RecordEpisodeStatistics, VectorEnv, type Env } from '../envs/index.js';
import { Adam } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { resolveTrainConfig, type PpoConfig } from './config.js';
import { selectRunBackend } from './run_backend.js';
import { meanReturnOf, TrainerHarness, trainingEnvs, type TrainOptions, type TrainResult } from './harness.js';
import { toJson } from './trainer_checkpoint.js';

/**
 * Trains an actor and a critic with PPO (CleanRL's ppo.py / ppo_continuous_action.py). `input`
 * is a (partial) PPO config; with `resumeFrom` (a checkpoint path) the run continues from it and
 * ends bit-identical to a run that never stopped.
 *
 * Differences from CleanRL, all on purpose:
 * - NOTE: the vector env autoresets on the next step (Gymnasium 1.x): the step after an episode
 *   ends only resets that copy (its action is ignored, reward 0). Such reset steps are kept in the
 *   [numSteps, numEnvs] buffers so GAE runs over fixed columns, but are masked out of the
 *   training batch, the statistics and the step count.
 * - NOTE: a truncated step (time limit) bootstraps from V(final observation of the episode), which
 *   next-step autoreset hands us as the next row's observation; CleanRL treats it as terminal.
 * - NOTE: `globalStep` counts real env transitions (reset steps excluded), like the other
 *   trainers, so the learning rate anneals over real steps and an iteration adds slightly fewer
 *   than numEnvs x numSteps to it.
 * - NOTE: with `normalizeObservation`, the statistics live in the policy (buffers `policy.obsNorm.*`,
 *   shared by the critic) and are updated once per iteration, after the updates, from every
 *   observation of the rollout (Gymnasium's batch update). A rollout, its old log-probs and its
 *   updates all see the same statistics, so the behaviour policy is exactly pi_old; CleanRL's
 *   wrapper updates them before every step instead (one rollout earlier than here).
 * - NOTE: with `normalizeReward`, each copy is wrapped in Gymnasium's NormalizeReward (gamma, clip
 *   rewardClip) over RecordEpisodeStatistics, as CleanRL wraps it: GAE sees the scaled rewards, the
 *   logged episodic returns are the raw ones. Its statistics are in the env snapshots of checkpoints.
 */
export async function trainPpo(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: PpoConfig = selectRunBackend(resolveTrainConfig('ppo', input, 'ppo config'), options.resumeFrom, 'ppo');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('ppo config: set totalSteps or episodes (both are 0: no budget)');
  if (config.totalSteps > 0 && config.totalSteps < config.numEnvs * config.numSteps) {
    throw new RangeError(`ppo config: totalSteps (${config.totalSteps}) must hold at least one rollout of numEnvs x numSteps = ${config.numEnvs * config.numSteps} steps`);
  }

  // --- setup: streams, envs, networks, optimiser -------------------------------------------
  // NOTE: a VectorEnv over `makeEnv(config)` copies (not makeVec) so the config's uncertainty
  // preset is applied exactly as the other trainers apply it; copy i is seeded seed + i.
  await prepareEnv(config.env);
  const root = new Rng(config.seed);
  const rewardScaled = (env: Env): Env => config.normalizeReward
    ? new NormalizeReward(new RecordEpisodeStatistics(env), { gamma: config.gamma, ...(config.rewardClip > 0 ? { clip: config.rewardClip } : {}) })
    : env;
  const vec = new VectorEnv(trainingEnvs(config, config.numEnvs, options).map(rewardScaled));
  const action = actionSpecOf(vec.singleActionSpace);
  const netOptions = { hiddenSizes: config.hiddenSizes, activation: config.activation };
  // NOTE: the actor draws from the same 'init' stream as trainGrpo's policy, so PPO and GRPO
  // runs of one seed start from the same policy.
  const policy = new Policy(vec.obsDim, action, { ...policyOptionsOf(config), outputGain: 0.01, rng: root.fork('init') });
  const critic = new ValueNetwork(vec.obsDim, { ...netOptions, outputGain: 1, rng: root.fork('critic-init'), normalizer: policy.obsNorm });
  const optimizer = new Adam([...policy.namedParameters('policy'), ...critic.namedParameters('value')], { lr: config.learningRate, eps: config.adamEps });
  const rollout = new VectorRollout(vec, config.numSteps, policy);
  const harness = new TrainerHarness(config, options, {
    modules: { policy, value: critic },
    optimizers: { adam: optimizer },
    rngs: { root },
    extra: () => toJson(rollout.getState(), 'rollout'),
    envs: vec.envs,
  });
  const { counters, run } = harness;
  const updateSettings = {
    normAdv: config.normAdv, clipCoef: config.clipCoef, clipVloss: config.clipVloss, vfCoef: config.vfCoef, entCoef: config.entCoef,
    updateEpochs: config.updateEpochs, numMinibatches: config.numMinibatches, targetKl: config.targetKl,
  };

  // --- training loop -------------------------------------------------------------------------
  return harness.runLoop(policy, async () => {
    const resumed = harness.resumed;
    if (resumed) {
      rollout.setState({
        envs: resumed.envState('envs'),
        observations: resumed.numbers('observations', config.numEnvs * vec.obsDim),
        resetPending: resumed.numbers('resetPending', config.numEnvs),
        episodeReturn: resumed.numbers('episodeReturn', config.numEnvs),
        episodeLength: resumed.numbers('episodeLength', config.numEnvs),
      });
    } else {
      rollout.reset(config.seed);
    }
    // NOTE: an iteration starts only if its whole rollout fits in the step budget (CleanRL's
    // num_iterations = total_timesteps // batch_size), so a run never exceeds totalSteps.
    let interrupted = false;
    while (harness.budgetLeft(config.numEnvs * config.numSteps)) {
      // CleanRL anneals once per iteration: lr = (1 - done/total) lr0 (see linearSchedule's NOTE).
      const iteration = harness.beginIteration();
      // Each copy samples its actions from its own stream of this iteration; every episode is
      // logged at the global step at which it ended (as CleanRL does).
      const streams = root.fork('rollout', iteration);
      const startStep = counters.globalStep;
      const { steps, finished } = rollout.collect(Array.from({ length: config.numEnvs }, (_, i) => streams.fork('act', i)));
      for (const e of finished) harness.logEpisode(startStep + e.stepInRollout, e.episodicReturn, e.length);
      counters.globalStep += steps;
      counters.episodes += finished.length;
      const step = counters.globalStep;
      const batch = ppoBatch(policy, critic, rollout, config.gamma, config.gaeLambda);

      // Updates: updateEpochs epochs over shuffled minibatches of the real steps.
      const update = ppoEpochs(policy, critic, batch, root.fork('minibatch', iteration), updateSettings, (loss, context) => harness.update(loss, context));
      // The next rollout's observation statistics: this one's observations merged in (see the NOTE above).
      policy.obsNorm?.update(rollout.observationBuffer, config.numSteps * config.numEnvs);

      // Metrics (CleanRL's tags). NOTE: like CleanRL, the losses and KLs are those of the last
      // minibatch and clipfrac is the mean over all minibatches; grad/global_norm (pre-clip) is the
      // mean over all minibatches, as trainGrpo logs it.
      const { last } = update;
      const stat = (f: (s: PpoLossStats) => number) => (last === null ? NaN : f(last));
      harness.logTiming(step, steps);
      run.metric(step, 'losses/value_loss', stat((s) => s.valueLoss));
      run.metric(step, 'losses/policy_loss', stat((s) => s.policyLoss));
      run.metric(step, 'losses/entropy', stat((s) => s.entropy));
      run.metric(step, 'losses/old_approx_kl', stat((s) => s.oldApproxKl));
      run.metric(step, 'losses/approx_kl', stat((s) => s.approxKl));
      run.metric(step, 'losses/clipfrac', update.clipFrac);
      run.metric(step, 'losses/explained_variance', explainedVariance(selectValues(batch.values, batch.rows).toTypedArray(), selectValues(batch.returns, batch.rows).toTypedArray()));
      run.metric(step, 'grad/global_norm', update.gradNorm);
      const finishedReturns = finished.map((e) => e.episodicReturn);
      interrupted = await harness.endIteration(meanReturnOf(finishedReturns), ` over ${finishedReturns.length}, epochs ${update.epochsRun}, lr ${optimizer.lr.toExponential(3)}`);
      if (interrupted) break;
    }
    return interrupted;
  });
}
