// REINFORCE with a mean-return baseline (Williams 1992), the simplest baseline of GRPO, in one file
// that reads top to bottom: config, setup, a batch of episodes in lockstep, one policy-gradient
// step over it, metrics. The math is in src/algos/reinforce.ts; the run's life in the harness.
import { noGrad } from '../autograd/index.js';
import { returnOf } from '../algos/episode.js';
import { actionSpecOf, Policy, policyOptionsOf } from '../algos/policy.js';
import { reinforceLoss, reinforceUpdateView, rolloutEpisodes } from '../algos/reinforce.js';
import { Adam } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { prepareEnv } from '../envs/index.js';
import { resolveTrainConfig, type ReinforceConfig } from './config.js';
import { selectRunBackend } from './run_backend.js';
import { meanReturnOf, TrainerHarness, trainingEnvs, type TrainOptions, type TrainResult } from './harness.js';

/**
 * Trains a policy with REINFORCE and a mean baseline: per update, `episodesPerBatch` full
 * episodes, loss = -mean_t(log pi(a_t | s_t) (G_t - b)) - entCoef mean_t(H_t) over every step of
 * the batch, one Adam step. Same harness (run directory, checkpoints, evaluation) as trainGrpo;
 * with `resumeFrom` the run ends bit-identical to one that never stopped.
 */
export async function trainReinforce(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: ReinforceConfig = selectRunBackend(resolveTrainConfig('reinforce', input, 'reinforce config'), options.resumeFrom, 'reinforce');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('reinforce config: set totalSteps or episodes (both are 0: no budget)');

  // --- setup: streams, envs, network, optimiser --------------------------------------------
  await prepareEnv(config.env);
  const root = new Rng(config.seed);
  const envs = trainingEnvs(config, config.episodesPerBatch, options);
  const probe = envs[0]!;
  const policy = new Policy(probe.observationSpace.size, actionSpecOf(probe.actionSpace), { ...policyOptionsOf(config), rng: root.fork('init') });
  const optimizer = new Adam(policy.namedParameters('policy'), { lr: config.learningRate, eps: config.adamEps });
  const harness = new TrainerHarness(config, options, { modules: { policy }, optimizers: { adam: optimizer }, rngs: { root }, extra: () => null, envs });
  const { counters, run } = harness;

  // --- training loop -------------------------------------------------------------------------
  return harness.runLoop(policy, async () => {
    let interrupted = false;
    while (harness.budgetLeft()) {
      const iteration = harness.beginIteration();
      const episodes = rolloutEpisodes(policy, envs, root.fork('rollout', iteration));
      const steps = episodes.reduce((n, e) => n + e.rewards.length, 0);
      counters.globalStep += steps;
      counters.episodes += episodes.length;
      const step = counters.globalStep;
      const episodeReturns = episodes.map(returnOf);
      episodes.forEach((e, i) => harness.logEpisode(step, episodeReturns[i]!, e.rewards.length));

      // One policy-gradient step over every step of the batch.
      const output = reinforceLoss(policy, episodes, config.gamma, config.entCoef);
      const { policyLoss, entropies, baseline } = output;
      const gradNorm = harness.update(output.loss, { pass: 0, minibatch: 0, view: () => reinforceUpdateView(policy, episodes, config.gamma, config.entCoef, output) });
      const entropy = noGrad(() => entropies.mean().item());
      // Observation statistics for the next batch, from this batch (as GRPO updates them).
      if (policy.obsNorm !== null) {
        const observations = episodes.flatMap((e) => e.observations);
        policy.obsNorm.update(observations, observations.length / policy.obsDim);
      }

      // Metrics (CleanRL's tag names where they apply).
      harness.logTiming(step, steps);
      run.metric(step, 'losses/policy_loss', policyLoss.item());
      run.metric(step, 'losses/entropy', entropy);
      run.metric(step, 'reinforce/baseline', baseline);
      run.metric(step, 'grad/global_norm', gradNorm);
      interrupted = await harness.endIteration(meanReturnOf(episodeReturns), `, baseline ${baseline.toFixed(3)}`);
      if (interrupted) break;
    }
    return interrupted;
  });
}
