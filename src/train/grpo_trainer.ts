// GRPO for control, in one file that reads top to bottom: config, setup, group rollouts from
// identical start states, group-relative advantages, clipped updates with a k3 KL penalty,
// metrics. (DeepSeekMath section 4.1; TRL's GRPOTrainer; DAPO's clip-higher and dynamic
// sampling. The iteration's math is GrpoLearner in src/algos/grpo_learner.ts, which the teaching
// page runs too; the run's life is the harness.)
import { finishedReturns, GrpoLearner } from '../algos/grpo_learner.js';
import { prepareEnv } from '../envs/index.js';
import { resolveTrainConfig, type GrpoConfig } from './config.js';
import { selectRunBackend } from './run_backend.js';
import { meanReturnOf, TrainerHarness, trainingEnvs, type TrainOptions, type TrainResult } from './harness.js';

/**
 * Trains a policy with GRPO. `input` is a (partial) GRPO config; with `resumeFrom` (a checkpoint
 * path) the run continues from it and ends bit-identical to a run that never stopped.
 */
export async function trainGrpo(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: GrpoConfig = selectRunBackend(resolveTrainConfig('grpo', input, 'grpo config'), options.resumeFrom, 'grpo');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('grpo config: set totalSteps or episodes (both are 0: no budget)');

  // --- setup: streams, envs, networks, optimiser (in the learner), the run ---------------------
  await prepareEnv(config.env);
  const learner = new GrpoLearner(config, trainingEnvs(config, config.groups * config.groupSize, options));
  const { policy, reference, optimizer, root } = learner;
  const harness = new TrainerHarness(config, options, {
    modules: { policy, reference },
    optimizers: { adam: optimizer },
    rngs: { root },
    extra: () => ({ beta: learner.beta }),
    envs: learner.envs,
  });
  const { counters, run } = harness;

  // --- training loop (inside the harness's runLoop: on any exit, logs closed and lock released) ---
  return harness.runLoop(policy, async () => {
    if (harness.resumed && learner.betaController) learner.restoreBeta(harness.resumed.number('beta'));
    let interrupted = false;
    while (harness.budgetLeft()) {
      const iteration = harness.beginIteration();
      const collected = learner.collect(iteration, config.totalSteps === 0 ? Infinity : config.totalSteps - counters.globalStep);
      if (collected.steps === 0) break; // the step budget cannot fit one more step per episode
      counters.globalStep += collected.steps;
      counters.episodes += collected.finished.length;
      const step = counters.globalStep;
      const returns = finishedReturns(collected);
      collected.finished.forEach((e, i) => harness.logEpisode(step, returns[i]!, e.rewards.length));

      // Advantages, the batch, numIterations passes of minibatch updates (each through the harness).
      const learned = learner.learn(iteration, collected, (loss, context) => harness.update(loss, context));

      // Metrics (CleanRL and TRL tag names; see the README).
      harness.logTiming(step, collected.steps);
      for (const [tag, value] of learned.metrics) run.metric(step, tag, value);
      interrupted = await harness.endIteration(meanReturnOf(returns), `, kept groups ${learned.keptGroups}/${config.groups}, dropped ${collected.dropped}`);
      if (interrupted) break;
    }
    return interrupted;
  });
}
