// REINFORCE with a mean-return baseline (Williams 1992), the simplest baseline of GRPO, in one file
// that reads top to bottom: config, setup, a batch of episodes in lockstep, discounted returns to
// go, one policy-gradient step, metrics, checkpoints. Also: a uniformly random policy, for
// evaluation.
import { noGrad } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import { Adam, clipGradNorm } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { selectRows, selectValues, type Episode } from './batch.js';
import { REINFORCE_FIELDS, type ReinforceConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { rolloutLockstep } from './rollout.js';
import { returnStats, type ReturnStats } from './evaluate.js';
import { actionSpecOf, Policy } from './policy.js';
import { RunDirectory } from './run_dir.js';
import {
  endIteration, finishRun, assertFinite, configHeader, loadTrainerCheckpoint, makeEnv, runDirOf, scheduleOf,
  type Counters, type TrainOptions, type TrainResult,
} from './trainer_common.js';

/**
 * Discounted returns to go of one episode: G_t = r_t + gamma G_{t+1}, G_T = 0 (no bootstrap: a
 * truncated episode is treated as ended, as REINFORCE has no critic to bootstrap from).
 * @example returnsToGo([1, 1, 1], 0.5) // [1.75, 1.5, 1]
 */
export function returnsToGo(rewards: readonly number[], gamma: number): Float64Array {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`returnsToGo: gamma must be in [0, 1], received ${gamma}`);
  const out = new Float64Array(rewards.length);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = (rewards[t] as number) + gamma * g;
    out[t] = g;
  }
  return out;
}

/**
 * REINFORCE advantages of a batch: G_t - b for every step of every episode, with
 * b = the mean of G_t over all steps of all episodes of the batch (one number per batch).
 * NOTE: the step-weighted mean (every step counts once, so long episodes weigh more), not the
 * mean of the episodes' returns G_0; it is the constant that minimises the batch's
 * sum_t (G_t - b)^2, and, being one constant, leaves the gradient estimate unbiased.
 * @returns per-episode advantages and the baseline
 */
export function reinforceAdvantages(rewards: readonly (readonly number[])[], gamma: number): { perStep: Float64Array[]; baseline: number } {
  const returns = rewards.map((r) => returnsToGo(r, gamma));
  let sum = 0;
  let n = 0;
  for (const g of returns) for (let t = 0; t < g.length; t++) { sum += g[t] as number; n++; }
  const baseline = n > 0 ? sum / n : 0;
  return { perStep: returns.map((g) => g.map((v) => v - baseline)), baseline };
}

/**
 * Returns of a uniformly random policy (a reference point for evaluation): each action drawn
 * uniformly from the action space (discrete: each of the n actions alike; box: each component
 * uniform in [low, high]). Start states from `new Rng(seed).fork('random-policy')`, actions from
 * its 'act' child.
 * @example randomPolicyReturns(make('CartPole-v1'), 100, 0).stats.mean // about 22
 */
export function randomPolicyReturns(env: Env, episodes: number, seed: number): { returns: number[]; lengths: number[]; stats: ReturnStats } {
  if (!(Number.isInteger(episodes) && episodes >= 1)) throw new RangeError(`randomPolicyReturns: episodes must be an integer >= 1, received ${episodes}`);
  const rng = new Rng(seed).fork('random-policy');
  const actRng = rng.fork('act');
  const action = actionSpecOf(env.actionSpace);
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: rng.int(2 ** 31) });
    let total = 0;
    let length = 0;
    for (;;) {
      const a = action.kind === 'discrete'
        ? actRng.int(action.n)
        : Array.from({ length: action.dim }, (_, j) => actRng.uniform(action.low[j], action.high[j]));
      const step = env.step(a);
      total += step.reward;
      length++;
      if (step.terminated || step.truncated) break;
    }
    returns.push(total);
    lengths.push(length);
  }
  return { returns, lengths, stats: returnStats(returns) };
}

/**
 * Trains a policy with REINFORCE and a mean baseline: per update, `episodesPerBatch` full
 * episodes, loss = -mean_t(log pi(a_t | s_t) (G_t - b)) - entCoef mean_t(H_t) over every step of
 * the batch, one Adam step. Same run directory, metrics, checkpoints and evaluation as trainGrpo;
 * with `resumeFrom` the run ends bit-identical to one that never stopped.
 */
export async function trainReinforce(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: ReinforceConfig = resolveConfig(REINFORCE_FIELDS, input, 'reinforce config');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('reinforce config: set totalSteps or episodes (both are 0: no budget)');

  // --- setup: streams, envs, network, optimiser --------------------------------------------
  const root = new Rng(config.seed);
  const envs: Env[] = Array.from({ length: config.episodesPerBatch }, () => makeEnv(config));
  const probe = envs[0]!;
  const obsDim = probe.observationSpace.size;
  const action = actionSpecOf(probe.actionSpace);
  const actionWidth = action.kind === 'discrete' ? 1 : action.dim;
  const policy = new Policy(obsDim, action, { hiddenSizes: config.hiddenSizes, activation: config.activation, logStdInit: config.logStdInit, rng: root.fork('init') });
  const named = policy.namedParameters('policy');
  const optimizer = new Adam(named, { lr: config.learningRate, eps: config.adamEps });
  const schedule = scheduleOf(config);
  let counters: Counters = { iteration: 0, globalStep: 0, episodes: 0 };

  // NOTE: every episode starts from a seeded reset drawn from the iteration's stream, so nothing
  // of the envs carries over between iterations and a checkpoint needs no env state.
  let run: RunDirectory;
  if (options.resumeFrom) {
    const loaded = loadTrainerCheckpoint(options.resumeFrom, { modules: { policy }, optimizers: { adam: optimizer }, rngs: { root } });
    counters = loaded.counters;
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo, truncateTo: loaded.files });
    run.info(`resumed from ${options.resumeFrom} at iteration ${counters.iteration}, step ${counters.globalStep}`);
  } else {
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo });
    run.writeConfig(config);
    run.info(configHeader(config));
  }
  const snapshot = () => ({ modules: { policy }, optimizers: { adam: optimizer }, rngs: { root }, counters: { ...counters }, extra: null });
  const budgetLeft = () =>
    (config.totalSteps === 0 || counters.globalStep < config.totalSteps) && (config.episodes === 0 || counters.episodes < config.episodes);

  // --- rollout: episodesPerBatch episodes in lockstep, one batched forward per step ----------
  /**
   * Rolls out one batch; episode k resets with a seed from the iteration's 'starts' stream (which
   * also seeds its uncertainty noise) and samples from its own 'act' stream.
   */
  function rolloutBatch(iteration: number): Episode[] {
    const streams = root.fork('rollout', iteration);
    const starts = streams.fork('starts');
    const n = envs.length;
    const actRngs = Array.from({ length: n }, (_, k) => streams.fork('act', k));
    const observations = envs.map((env) => env.reset({ seed: starts.int(2 ** 31) }).observation);
    const episodes: Episode[] = envs.map((_, k) => ({ observations: [], actions: [], rewards: [], group: k }));
    rolloutLockstep(policy, envs, observations, actRngs, episodes);
    return episodes;
  }

  // --- training loop -------------------------------------------------------------------------
  const started = Date.now();
  let interrupted = false;
  while (budgetLeft()) {
    const iteration = counters.iteration;
    const iterationStarted = Date.now();
    optimizer.lr = schedule(counters.globalStep);
    const episodes = rolloutBatch(iteration);
    const steps = episodes.reduce((n, e) => n + e.rewards.length, 0);
    counters.globalStep += steps;
    counters.episodes += episodes.length;
    const step = counters.globalStep;
    const episodeReturns = episodes.map((e) => e.rewards.reduce((a, b) => a + b, 0));
    episodes.forEach((e, i) => {
      run.metric(step, 'charts/episodic_return', episodeReturns[i]!);
      run.metric(step, 'charts/episodic_length', e.rewards.length);
    });

    // One policy-gradient step over every step of the batch.
    const { perStep, baseline } = reinforceAdvantages(episodes.map((e) => e.rewards), config.gamma);
    const rows = Array.from({ length: steps }, (_, t) => t);
    const obsFlat = episodes.flatMap((e) => e.observations);
    const actFlat = episodes.flatMap((e) => e.actions);
    const advFlat = perStep.flatMap((a) => Array.from(a));
    const dist = policy.distribution(selectRows(obsFlat, obsDim, rows));
    const logProbs = dist.logProb(action.kind === 'discrete' ? selectRows(actFlat, 1, rows, true) : selectRows(actFlat, actionWidth, rows));
    const entropies = dist.entropy();
    const policyLoss = logProbs.mul(selectValues(advFlat, rows)).mean().neg();
    const loss = policyLoss.sub(entropies.mean().mul(config.entCoef));
    optimizer.zeroGrad();
    loss.backward();
    assertFinite(iteration, loss, named);
    // maxGradNorm 0 means no clipping: an infinite bound still measures the norm for the log.
    const gradNorm = clipGradNorm(policy.parameters(), config.maxGradNorm > 0 ? config.maxGradNorm : Infinity);
    optimizer.step();
    const entropy = noGrad(() => entropies.mean().item());

    // Metrics (CleanRL's tag names where they apply).
    const elapsed = (Date.now() - started) / 1000;
    const meanReturn = episodeReturns.reduce((a, b) => a + b, 0) / episodeReturns.length;
    run.metric(step, 'charts/learning_rate', optimizer.lr);
    run.metric(step, 'charts/SPS', Math.round(steps / Math.max((Date.now() - iterationStarted) / 1000, 1e-9)));
    run.metric(step, 'time/elapsed_s', elapsed);
    run.metric(step, 'losses/policy_loss', policyLoss.item());
    run.metric(step, 'losses/entropy', entropy);
    run.metric(step, 'reinforce/baseline', baseline);
    run.metric(step, 'grad/global_norm', gradNorm);
    run.info(`iteration ${iteration + 1}: step ${step}, episodes ${counters.episodes}, mean return ${meanReturn.toFixed(2)}, baseline ${baseline.toFixed(3)}`);

    interrupted = await endIteration(config, run, options, counters, meanReturn, snapshot);
    if (interrupted) break;
  }

  // --- the end: final model, evaluation, summary ---------------------------------------------
  return finishRun(config, run, policy, counters, interrupted, started, snapshot);
}
