// GRPO for control, in one file that reads top to bottom: config, setup, group rollouts from
// identical start states, group-relative advantages, clipped updates with a k3 KL penalty,
// metrics, checkpoints. (DeepSeekMath section 4.1; TRL's GRPOTrainer; DAPO's clip-higher and
// dynamic sampling. See ALGORITHMS notes in the README.)
import { noGrad } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import { Adam, AdaptiveKLController, clipGradNorm, type Json } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { grpoAdvantages, sampleStd } from './advantages.js';
import { chunk, findUncertainty, selectRows, selectValues, type Episode } from './batch.js';
import { GRPO_FIELDS, type GrpoConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { rolloutLockstep } from './rollout.js';
import { grpoLoss } from './loss.js';
import { actionSpecOf, Policy } from './policy.js';
import { RunDirectory } from './run_dir.js';
import {
  endIteration, finishRun, assertFinite, configHeader, loadTrainerCheckpoint, makeEnv, numberIn, runDirOf, scheduleOf,
  type Counters, type TrainOptions, type TrainResult,
} from './trainer_common.js';

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
  const envs: Env[] = Array.from({ length: config.groups * config.groupSize }, () => makeEnv(config));
  const probe = envs[0]!;
  const obsDim = probe.observationSpace.size;
  const action = actionSpecOf(probe.actionSpace);
  const actionWidth = action.kind === 'discrete' ? 1 : action.dim;
  const maxEpisodeLength = probe.spec.maxEpisodeSteps ?? 0;
  const netOptions = { hiddenSizes: config.hiddenSizes, activation: config.activation, logStdInit: config.logStdInit };
  const policy = new Policy(obsDim, action, { ...netOptions, rng: root.fork('init') });
  const reference = new Policy(obsDim, action, { ...netOptions, rng: root.fork('init') });
  reference.copyFrom(policy);
  const named = policy.namedParameters('policy');
  const optimizer = new Adam(named, { lr: config.learningRate, eps: config.adamEps });
  const betaController = config.targetKl > 0 ? new AdaptiveKLController({ initial: config.beta, target: config.targetKl }) : null;
  const schedule = scheduleOf(config);
  let counters: Counters = { iteration: 0, globalStep: 0, episodes: 0 };

  let run: RunDirectory;
  if (options.resumeFrom) {
    const loaded = loadTrainerCheckpoint(options.resumeFrom, { modules: { policy, reference }, optimizers: { adam: optimizer }, rngs: { root } });
    counters = loaded.counters;
    if (betaController) betaController.loadState({ value: numberIn(loaded.extra, 'beta', options.resumeFrom) });
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo, truncateTo: loaded.files });
    run.info(`resumed from ${options.resumeFrom} at iteration ${counters.iteration}, step ${counters.globalStep}`);
  } else {
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo });
    run.writeConfig(config);
    run.info(configHeader(config));
  }
  const snapshot = () => ({
    modules: { policy, reference },
    optimizers: { adam: optimizer },
    rngs: { root },
    counters: { ...counters },
    extra: { beta: betaController ? betaController.value : config.beta } as Json,
  });
  const budgetLeft = () =>
    (config.totalSteps === 0 || counters.globalStep < config.totalSteps) && (config.episodes === 0 || counters.episodes < config.episodes);

  // --- rollout: groups of episodes from identical start states, in lockstep ----------------
  /**
   * Rolls out `count` groups of `groupSize` episodes. Group g's start state is a seeded reset of
   * its first env, copied into the others with getState/setState; every episode then has its
   * own policy-sampling stream and its own uncertainty (noise) stream. At most `stepLimit` env
   * steps are taken (see rolloutLockstep), so a run never exceeds its budget.
   */
  function rolloutGroups(count: number, iteration: number, attempt: number, firstGroupId: number, stepLimit: number): { episodes: Episode[]; steps: number } {
    const streams = root.fork('rollout', iteration).fork('attempt', attempt);
    const starts = streams.fork('starts');
    const G = config.groupSize;
    const n = count * G;
    const actRngs: Rng[] = [];
    const observations: Float32Array[] = [];
    const episodes: Episode[] = [];
    for (let g = 0; g < count; g++) {
      const lead = envs[g * G]!;
      const first = lead.reset({ seed: starts.int(2 ** 31) }).observation;
      const start = lead.getState();
      for (let i = 0; i < G; i++) {
        const k = g * G + i;
        const env = envs[k]!;
        if (i > 0) env.setState(start);
        findUncertainty(env)?.reseed(`${streams.path}/noise#${k}`);
        actRngs.push(streams.fork('act', k));
        observations.push(first);
        episodes.push({ observations: [], actions: [], rewards: [], group: firstGroupId + g });
      }
    }
    const steps = rolloutLockstep(policy, envs.slice(0, n), observations, actRngs, episodes, stepLimit);
    return { episodes, steps };
  }

  /** One iteration's batch: `groups` groups, refilled by dynamic sampling when asked. */
  function collectBatch(iteration: number): { episodes: Episode[]; steps: number; finished: Episode[]; dropped: number } {
    let kept: Episode[] = [];
    const finished: Episode[] = [];
    let steps = 0;
    let dropped = 0;
    let groupId = 0;
    for (let attempt = 0; attempt <= (config.dynamicSampling ? config.maxResampleTries : 0); attempt++) {
      const missing = config.groups - new Set(kept.map((e) => e.group)).size;
      if (missing === 0) break;
      const budget = config.totalSteps === 0 ? Infinity : config.totalSteps - counters.globalStep - steps;
      if (budget < missing * config.groupSize) break;
      const batch = rolloutGroups(missing, iteration, attempt, groupId, budget);
      groupId += missing;
      steps += batch.steps;
      finished.push(...batch.episodes);
      if (!config.dynamicSampling) {
        kept = batch.episodes;
        break;
      }
      for (let g = 0; g < missing; g++) {
        const members = batch.episodes.filter((e) => e.group === batch.episodes[0]!.group + g);
        const returns = members.map((e) => e.rewards.reduce((a, b) => a + b, 0));
        if (sampleStd(returns) > 0 || config.groupSize === 1) kept.push(...members);
        else dropped++;
      }
    }
    return { episodes: kept, steps, finished, dropped };
  }

  // --- training loop -------------------------------------------------------------------------
  const started = Date.now();
  let interrupted = false;
  while (budgetLeft()) {
    const iteration = counters.iteration;
    const iterationStarted = Date.now();
    optimizer.lr = schedule(counters.globalStep);
    const batch = collectBatch(iteration);
    if (batch.steps === 0) break; // the step budget cannot fit one more step per episode
    counters.globalStep += batch.steps;
    counters.episodes += batch.finished.length;
    const step = counters.globalStep;
    const finishedReturns = batch.finished.map((e) => e.rewards.reduce((a, b) => a + b, 0));
    batch.finished.forEach((e, i) => {
      run.metric(step, 'charts/episodic_return', finishedReturns[i]!);
      run.metric(step, 'charts/episodic_length', e.rewards.length);
    });

    // Advantages, relative within each group.
    const adv = grpoAdvantages({
      rewards: batch.episodes.map((e) => e.rewards),
      groupIds: batch.episodes.map((e) => e.group),
      mode: config.advantage,
      scaleRewards: config.scaleRewards,
      gamma: config.processGamma,
      processBaseline: config.processBaseline,
    });

    // Flat per-step arrays; old and reference log-probs computed once for the whole batch.
    const obsFlat = batch.episodes.flatMap((e) => e.observations);
    const actFlat = batch.episodes.flatMap((e) => e.actions);
    const advFlat = adv.perStep.flatMap((a) => Array.from(a));
    const stepEpisode = batch.episodes.flatMap((e, i) => e.rewards.map(() => i));
    const episodeStart = batch.episodes.map((_, i, all) => all.slice(0, i).reduce((n, e) => n + e.rewards.length, 0));
    const T = stepEpisode.length;
    const allSteps = Array.from({ length: T }, (_, t) => t);
    const actionsOf = (rows: number[]) => (action.kind === 'discrete' ? selectRows(actFlat, 1, rows, true) : selectRows(actFlat, actionWidth, rows));
    const oldLogProbs = T > 0 ? noGrad(() => policy.distribution(selectRows(obsFlat, obsDim, allSteps)).logProb(actionsOf(allSteps))).toTypedArray() : new Float32Array(0);
    const beta = betaController ? betaController.value : config.beta;
    const refLogProbs = T > 0 && beta > 0 ? noGrad(() => reference.distribution(selectRows(obsFlat, obsDim, allSteps)).logProb(actionsOf(allSteps))).toTypedArray() : null;

    // Updates: numIterations passes, each over minibatches of whole episodes.
    const sums = { policyLoss: 0, klRef: 0, approxKl: 0, clipFrac: 0, clipLow: 0, clipHigh: 0, entropy: 0, gradNorm: 0, n: 0 };
    const shuffle = root.fork('minibatch', iteration);
    for (let pass = 0; pass < config.numIterations && T > 0; pass++) {
      const order = shuffle.permutation(batch.episodes.length);
      for (const episodesOfMb of chunk(order, config.numMinibatches)) {
        const rows = episodesOfMb.flatMap((i) => Array.from({ length: batch.episodes[i]!.rewards.length }, (_, t) => episodeStart[i]! + t));
        const dist = policy.distribution(selectRows(obsFlat, obsDim, rows));
        const { loss, stats } = grpoLoss({
          logProbs: dist.logProb(actionsOf(rows)),
          oldLogProbs: selectValues(oldLogProbs, rows),
          refLogProbs: refLogProbs ? selectValues(refLogProbs, rows) : null,
          advantages: selectValues(advFlat, rows),
          episodeIds: rows.map((t) => stepEpisode[t]!),
          epsLow: config.epsLow,
          epsHigh: config.epsHigh,
          beta,
          lossType: config.lossType,
          maxEpisodeLength,
          entropies: dist.entropy(),
          entCoef: config.entCoef,
        });
        optimizer.zeroGrad();
        loss.backward();
        assertFinite(iteration, loss, named);
        // maxGradNorm 0: measure the norm without clipping (an infinite bound never scales).
        const norm = clipGradNorm(policy.parameters(), config.maxGradNorm > 0 ? config.maxGradNorm : Infinity);
        optimizer.step();
        sums.policyLoss += stats.policyLoss;
        sums.klRef += stats.klRef;
        sums.approxKl += stats.approxKl;
        sums.clipFrac += stats.clipFrac;
        sums.clipLow += stats.clipFracLow;
        sums.clipHigh += stats.clipFracHigh;
        sums.entropy += stats.entropy;
        sums.gradNorm += norm;
        sums.n++;
      }
    }
    const mean = (v: number) => (sums.n > 0 ? v / sums.n : NaN);
    if (betaController && sums.n > 0) betaController.update(mean(sums.klRef));
    if (config.refRefreshEvery > 0 && (iteration + 1) % config.refRefreshEvery === 0) reference.copyFrom(policy);

    // Metrics (CleanRL and TRL tag names; see the README).
    const elapsed = (Date.now() - started) / 1000;
    run.metric(step, 'charts/learning_rate', optimizer.lr);
    run.metric(step, 'charts/SPS', Math.round(batch.steps / Math.max((Date.now() - iterationStarted) / 1000, 1e-9)));
    run.metric(step, 'time/elapsed_s', elapsed);
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
    if (batch.episodes.length > 0) {
      run.metric(step, 'grpo/reward_mean', adv.rewardMean);
      run.metric(step, 'grpo/reward_std', adv.rewardStd);
      run.metric(step, 'grpo/frac_reward_zero_std', adv.fracZeroStd);
      run.metric(step, 'grpo/group_returns', adv.groupMeans);
    }
    run.metric(step, 'grpo/dropped_groups', batch.dropped);
    const meanReturn = finishedReturns.length > 0 ? finishedReturns.reduce((a, b) => a + b, 0) / finishedReturns.length : NaN;
    run.info(`iteration ${iteration + 1}: step ${step}, episodes ${counters.episodes}, mean return ${meanReturn.toFixed(2)}, kept groups ${new Set(batch.episodes.map((e) => e.group)).size}/${config.groups}, dropped ${batch.dropped}`);

    interrupted = await endIteration(config, run, options, counters, meanReturn, snapshot);
    if (interrupted) break;
  }

  // --- the end: final model, evaluation, summary ---------------------------------------------
  return finishRun(config, run, policy, counters, interrupted, started, snapshot);
}
