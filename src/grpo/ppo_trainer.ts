// PPO as CleanRL's ppo.py (discrete actions) and ppo_continuous_action.py (continuous actions) do
// it, in one file that reads top to bottom: config, setup, vector-env rollout, GAE, minibatch
// updates with the clipped surrogate and clipped value loss, metrics, checkpoints. The baseline of
// GRPO: same run directory, metrics, checkpoints and evaluation as trainGrpo.
import { clamp, exp, maximum, mul, noGrad, square, sub, Tensor } from '../autograd/index.js';
import { VectorEnv, type EnvState } from '../envs/index.js';
import { Adam, clipGradNorm, type Json } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { sampleStd } from './advantages.js';
import { chunk, selectRows, selectValues } from './batch.js';
import { PPO_FIELDS, type PpoConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { gae } from './gae.js';
import { actionSpecOf, Policy } from './policy.js';
import { RunDirectory } from './run_dir.js';
import {
  endIteration, finishRun, assertFinite, configHeader, loadTrainerCheckpoint, makeEnv, runDirOf, scheduleOf, toJson, TrainingError,
  type Counters, type TrainOptions, type TrainResult,
} from './trainer_common.js';
import { ValueNetwork } from './value.js';

// --- the loss ------------------------------------------------------------------------------------

/** Input of {@link ppoLoss}: per-step tensors [B] of one minibatch. */
export interface PpoLossInput {
  /** log pi_theta(a | s), with gradient. */
  readonly logProbs: Tensor;
  /** log pi_old(a | s) of the policy that collected the rollout. */
  readonly oldLogProbs: Tensor;
  /** Advantages (already normalised, when asked). */
  readonly advantages: Tensor;
  /** V_theta(s), with gradient. */
  readonly values: Tensor;
  /** V_old(s) of the critic that collected the rollout (the centre of value clipping). */
  readonly oldValues: Tensor;
  /** Value targets A + V_old (GAE returns). */
  readonly returns: Tensor;
  /** Policy entropies, with gradient. */
  readonly entropies: Tensor;
  /** Clip range of the ratio, and of the value around V_old. */
  readonly clipCoef: number;
  /** Clip the value loss (CleanRL's `clip_vloss`). */
  readonly clipVloss: boolean;
  readonly vfCoef: number;
  readonly entCoef: number;
}

/** Diagnostics of one PPO loss evaluation, with CleanRL's definitions. */
export interface PpoLossStats {
  /** mean(max(-A r, -A clip(r, 1 - c, 1 + c))). */
  readonly policyLoss: number;
  /** 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2)), or 0.5 mean((V - R)^2) unclipped. */
  readonly valueLoss: number;
  /** Mean entropy. */
  readonly entropy: number;
  /** mean(-log r): the k1 estimate of KL(pi_old || pi_theta). */
  readonly oldApproxKl: number;
  /** mean((r - 1) - log r): the k3 estimate (non-negative, lower variance). */
  readonly approxKl: number;
  /** Fraction of steps with |r - 1| > c. */
  readonly clipFrac: number;
}

/**
 * The PPO loss of CleanRL's ppo.py:
 *   pg = mean(max(-A r, -A clip(r, 1 - c, 1 + c))), r = exp(logProbs - oldLogProbs);
 *   v  = 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2))  (clipVloss), else 0.5 mean((V - R)^2);
 *   loss = pg - entCoef mean(H) + vfCoef v.
 * Gradients flow through logProbs, values and entropies only.
 */
export function ppoLoss(input: PpoLossInput): { loss: Tensor; stats: PpoLossStats } {
  const B = input.logProbs.size;
  for (const [name, t] of [
    ['logProbs', input.logProbs], ['oldLogProbs', input.oldLogProbs], ['advantages', input.advantages], ['values', input.values],
    ['oldValues', input.oldValues], ['returns', input.returns], ['entropies', input.entropies],
  ] as const) {
    if (t.ndim !== 1 || t.size !== B) throw new RangeError(`ppoLoss: ${name} must have shape [${B}] like logProbs, received [${t.shape.join(',')}]`);
  }
  const c = input.clipCoef;
  if (!(c >= 0 && c < 1)) throw new RangeError(`ppoLoss: clipCoef must be in [0, 1), received ${c}`);
  const logRatio = sub(input.logProbs, input.oldLogProbs.detach());
  const ratio = exp(logRatio);
  const negAdv = input.advantages.detach().neg();
  const policyLoss = maximum(mul(negAdv, ratio), mul(negAdv, clamp(ratio, 1 - c, 1 + c))).mean();
  const returns = input.returns.detach();
  const unclipped = square(sub(input.values, returns));
  let valueLoss: Tensor;
  if (input.clipVloss) {
    const oldValues = input.oldValues.detach();
    const clippedValues = clamp(sub(input.values, oldValues), -c, c).add(oldValues);
    valueLoss = maximum(unclipped, square(sub(clippedValues, returns))).mean().mul(0.5);
  } else {
    valueLoss = unclipped.mean().mul(0.5);
  }
  const entropy = input.entropies.mean();
  const loss = policyLoss.sub(entropy.mul(input.entCoef)).add(valueLoss.mul(input.vfCoef));

  const stats = noGrad(() => {
    const lr = logRatio.toTypedArray();
    let oldApprox = 0;
    let approx = 0;
    let clipped = 0;
    for (let i = 0; i < B; i++) {
      const l = lr[i] as number;
      const r = Math.exp(l);
      oldApprox += -l;
      approx += r - 1 - l;
      if (Math.abs(r - 1) > c) clipped++;
    }
    const n = Math.max(B, 1);
    return {
      policyLoss: policyLoss.item(),
      valueLoss: valueLoss.item(),
      entropy: entropy.item(),
      oldApproxKl: oldApprox / n,
      approxKl: approx / n,
      clipFrac: clipped / n,
    };
  });
  return { loss, stats };
}

/**
 * (a - mean(a)) / (std(a) + 1e-8) with the sample std (n - 1), as torch's `Tensor.std()` in
 * CleanRL's per-minibatch normalisation. NOTE: a single value has std 0 here (torch: NaN), so
 * it normalises to 0 instead of poisoning the update.
 */
export function normalizeAdvantages(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= Math.max(n, 1);
  const denom = sampleStd(Array.from(values)) + 1e-8;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((values[i] as number) - mean) / denom;
  return out;
}

/**
 * 1 - Var(returns - values) / Var(returns) with population variances (numpy's `np.var`, as
 * CleanRL); NaN when the returns have no variance.
 */
export function explainedVariance(values: ArrayLike<number>, returns: ArrayLike<number>): number {
  const n = returns.length;
  if (values.length !== n) throw new RangeError(`explainedVariance: values has ${values.length} entries, returns ${n}`);
  const variance = (f: (i: number) => number) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += f(i);
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (f(i) - m) ** 2;
    return s / n;
  };
  const varY = variance((i) => returns[i] as number);
  return n === 0 || varY === 0 ? NaN : 1 - variance((i) => (returns[i] as number) - (values[i] as number)) / varY;
}

/** Input of {@link rolloutGae}: a next-step-autoreset rollout, step-major [T * N] (row t * N + i is copy i at step t). */
export interface RolloutGaeInput {
  readonly numEnvs: number;
  readonly rewards: ArrayLike<number>;
  /** V of each row's observation. */
  readonly values: ArrayLike<number>;
  /** V of the observations after the last row, [N]. */
  readonly lastValues: ArrayLike<number>;
  /** 1 where the MDP ended on the row (and on reset rows). */
  readonly terminated: ArrayLike<number>;
  /** 1 where the episode ended on the row (and on reset rows). */
  readonly episodeEnds: ArrayLike<number>;
  readonly gamma: number;
  readonly lambda: number;
}

/**
 * GAE over a rollout of a vector env with next-step autoreset. The next state of row k is row
 * k + N's observation (lastValues for the last step). NOTE: for a row that ended an episode, the
 * next row is the reset step, whose observation is the ended episode's final observation: so a
 * truncated row bootstraps from V(final observation), and a terminated one (gae) does not. Reset
 * rows are to be marked terminated and ended: they then take nothing from their neighbours and
 * give nothing to them (their own advantage is meaningless and must be masked out).
 */
export function rolloutGae(input: RolloutGaeInput): { advantages: Float64Array; returns: Float64Array } {
  const { numEnvs: N, values, lastValues } = input;
  const B = values.length;
  if (lastValues.length !== N) throw new RangeError(`rolloutGae: lastValues has ${lastValues.length} entries, expected numEnvs = ${N}`);
  const nextValues = new Float64Array(B);
  for (let k = 0; k < B; k++) nextValues[k] = (k + N < B ? values[k + N] : lastValues[k + N - B]) as number;
  return gae({ ...input, nextValues });
}

// --- checkpoint state helpers ----------------------------------------------------------------------

/** The entry `key` of a checkpoint's extra state (an object), or a TrainingError naming the file. */
function entryOf(extra: Json, key: string, source: string): Json {
  const v = extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? extra[key] : undefined;
  if (v === undefined) throw new TrainingError(`${source}: trainer state has no '${key}'`);
  return v;
}

/** A list of `length` numbers stored under `key`, or a TrainingError naming the file and what it found. */
function numbersOf(extra: Json, key: string, length: number, source: string): number[] {
  const v = entryOf(extra, key, source);
  if (!Array.isArray(v) || v.length !== length) throw new TrainingError(`${source}: trainer state '${key}' must be a list of ${length} numbers, received ${JSON.stringify(v)?.slice(0, 80)}`);
  return v.map((x, i) => {
    if (typeof x !== 'number') throw new TrainingError(`${source}: trainer state '${key}[${i}]' must be a number, received ${JSON.stringify(x)}`);
    return x;
  });
}

/** An env snapshot read back from JSON (the env's own setState checks the contents). */
function envStateOf(value: Json, where: string): EnvState {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TrainingError(`${where}: expected an env state object, received ${JSON.stringify(value)?.slice(0, 80)}`);
  const { kind, data, inner } = value;
  if (typeof kind !== 'string' || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TrainingError(`${where}: an env state needs a string 'kind' and an object 'data'`);
  }
  return inner === undefined ? { kind, data } : { kind, data, inner: envStateOf(inner, `${where}.inner`) };
}

// --- the trainer -----------------------------------------------------------------------------------

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
 */
export async function trainPpo(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: PpoConfig = resolveConfig(PPO_FIELDS, input, 'ppo config');
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('ppo config: set totalSteps or episodes (both are 0: no budget)');
  if (config.totalSteps > 0 && config.totalSteps < config.numEnvs * config.numSteps) {
    throw new RangeError(`ppo config: totalSteps (${config.totalSteps}) must hold at least one rollout of numEnvs x numSteps = ${config.numEnvs * config.numSteps} steps`);
  }

  // --- setup: streams, envs, networks, optimiser -------------------------------------------
  // NOTE: a VectorEnv over `makeEnv(config)` copies (not makeVec) so the config's uncertainty
  // preset is applied exactly as the other trainers apply it; copy i is seeded seed + i.
  const root = new Rng(config.seed);
  const N = config.numEnvs;
  const T = config.numSteps;
  const vec = new VectorEnv(Array.from({ length: N }, () => makeEnv(config)));
  const obsDim = vec.obsDim;
  const action = actionSpecOf(vec.singleActionSpace);
  const actionWidth = action.kind === 'discrete' ? 1 : action.dim;
  const netOptions = { hiddenSizes: config.hiddenSizes, activation: config.activation };
  // NOTE: the actor draws from the same 'init' stream as trainGrpo's policy, so PPO and GRPO
  // runs of one seed start from the same policy.
  const policy = new Policy(obsDim, action, { ...netOptions, logStdInit: config.logStdInit, outputGain: 0.01, rng: root.fork('init') });
  const critic = new ValueNetwork(obsDim, { ...netOptions, outputGain: 1, rng: root.fork('critic-init') });
  const named = [...policy.namedParameters('policy'), ...critic.namedParameters('value')];
  const params = named.map(([, p]) => p);
  const optimizer = new Adam(named, { lr: config.learningRate, eps: config.adamEps });
  const schedule = scheduleOf(config);
  let counters: Counters = { iteration: 0, globalStep: 0, episodes: 0 };

  // What carries over from one rollout to the next: the envs, their current observations, which
  // copies reset on their next step, and the running episode statistics.
  let observations: Float32Array = new Float32Array(N * obsDim);
  const resetPending = new Uint8Array(N);
  const episodeReturn = new Float64Array(N);
  const episodeLength = new Float64Array(N);

  let run: RunDirectory;
  if (options.resumeFrom) {
    const source = options.resumeFrom;
    const loaded = loadTrainerCheckpoint(source, { modules: { policy, value: critic }, optimizers: { adam: optimizer }, rngs: { root } });
    counters = loaded.counters;
    vec.setState(envStateOf(entryOf(loaded.extra, 'envs', source), `${source}: envs`));
    observations = Float32Array.from(numbersOf(loaded.extra, 'observations', N * obsDim, source));
    resetPending.set(numbersOf(loaded.extra, 'resetPending', N, source));
    episodeReturn.set(numbersOf(loaded.extra, 'episodeReturn', N, source));
    episodeLength.set(numbersOf(loaded.extra, 'episodeLength', N, source));
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo, truncateTo: loaded.files });
    run.info(`resumed from ${source} at iteration ${counters.iteration}, step ${counters.globalStep}`);
  } else {
    observations = vec.reset({ seed: config.seed }).observations;
    run = new RunDirectory(options.runDir ?? runDirOf(config), { echo: options.echo });
    run.writeConfig(config);
    run.info(configHeader(config));
  }
  const snapshot = () => ({
    modules: { policy, value: critic },
    optimizers: { adam: optimizer },
    rngs: { root },
    counters: { ...counters },
    extra: {
      envs: toJson(vec.getState(), 'envs'),
      observations: Array.from(observations),
      resetPending: Array.from(resetPending),
      episodeReturn: Array.from(episodeReturn),
      episodeLength: Array.from(episodeLength),
    },
  });
  // NOTE: an iteration starts only if its whole rollout fits in the step budget (CleanRL's
  // num_iterations = total_timesteps // batch_size), so a run never exceeds totalSteps.
  const budgetLeft = () =>
    (config.totalSteps === 0 || counters.globalStep + config.numEnvs * config.numSteps <= config.totalSteps) &&
    (config.episodes === 0 || counters.episodes < config.episodes);

  // --- rollout: numSteps steps of numEnvs copies, step-major buffers [T * N] -----------------
  const B = T * N;
  const obsBuf = new Float32Array(B * obsDim);
  const actBuf = new Float64Array(B * actionWidth);
  const rewards = new Float64Array(B);
  const terminated = new Uint8Array(B);
  const episodeEnds = new Uint8Array(B);
  const real = new Uint8Array(B);
  const envActions = new Float64Array(N * actionWidth);

  /**
   * Fills the buffers with one rollout; row t * N + i is copy i at step t. Each copy samples its
   * actions from its own stream of this iteration. Logs every episode that ends, at the global
   * step at which it ended (as CleanRL does).
   */
  function rollout(iteration: number): { steps: number; finishedReturns: number[] } {
    const streams = root.fork('rollout', iteration);
    const actRngs = Array.from({ length: N }, (_, i) => streams.fork('act', i));
    const finishedReturns: number[] = [];
    let steps = 0;
    for (let t = 0; t < T; t++) {
      obsBuf.set(observations, t * N * obsDim);
      const actions = policy.act(new Tensor(observations, [N, obsDim]), actRngs);
      actBuf.set(actions, t * N * actionWidth);
      for (let i = 0; i < N; i++) {
        const a = policy.envAction(actions, i);
        if (typeof a === 'number') envActions[i] = a;
        else envActions.set(a, i * actionWidth);
      }
      const result = vec.step(envActions);
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        if (resetPending[i]) {
          // A reset step: no transition. Terminal and an episode end, so GAE neither bootstraps
          // through it nor carries the next episode's advantages into it; masked out below.
          resetPending[i] = 0;
          real[k] = 0;
          rewards[k] = 0;
          terminated[k] = 1;
          episodeEnds[k] = 1;
          continue;
        }
        const done = result.terminated[i] === 1 || result.truncated[i] === 1;
        real[k] = 1;
        rewards[k] = result.rewards[i]!;
        terminated[k] = result.terminated[i]!;
        episodeEnds[k] = done ? 1 : 0;
        steps++;
        counters.globalStep++;
        episodeReturn[i] += result.rewards[i]!;
        episodeLength[i]++;
        if (done) {
          run.metric(counters.globalStep, 'charts/episodic_return', episodeReturn[i]!);
          run.metric(counters.globalStep, 'charts/episodic_length', episodeLength[i]!);
          finishedReturns.push(episodeReturn[i]!);
          counters.episodes++;
          episodeReturn[i] = 0;
          episodeLength[i] = 0;
          resetPending[i] = 1;
        }
      }
      observations = result.observations;
    }
    return { steps, finishedReturns };
  }

  // --- training loop -------------------------------------------------------------------------
  const started = Date.now();
  let interrupted = false;
  const allRows = Array.from({ length: B }, (_, k) => k);
  const actionsOf = (rows: number[]) => (action.kind === 'discrete' ? selectRows(actBuf, 1, rows, true) : selectRows(actBuf, actionWidth, rows));
  while (budgetLeft()) {
    const iteration = counters.iteration;
    const iterationStarted = Date.now();
    // CleanRL anneals once per iteration: lr = (1 - done/total) lr0 (see linearSchedule's NOTE).
    optimizer.lr = schedule(counters.globalStep);
    const { steps, finishedReturns } = rollout(iteration);
    const step = counters.globalStep;

    // Old log-probs and values of every row in one batched pass, and V of the observations after
    // the last row for the bootstrap.
    const { oldLogProbs, values, lastValues } = noGrad(() => {
      const obsAll = selectRows(obsBuf, obsDim, allRows);
      return {
        oldLogProbs: policy.distribution(obsAll).logProb(actionsOf(allRows)).toTypedArray(),
        values: critic.forward(obsAll).toTypedArray(),
        lastValues: critic.forward(new Tensor(observations, [N, obsDim])).toTypedArray(),
      };
    });
    const { advantages, returns } = rolloutGae({ numEnvs: N, rewards, values, lastValues, terminated, episodeEnds, gamma: config.gamma, lambda: config.gaeLambda });

    // Updates: updateEpochs epochs over shuffled minibatches of the real steps.
    const rows = allRows.filter((k) => real[k] === 1);
    const shuffle = root.fork('minibatch', iteration);
    let last: PpoLossStats | null = null;
    let clipFracSum = 0;
    let gradNormSum = 0;
    let updates = 0;
    let epochsRun = 0;
    for (let epoch = 0; epoch < config.updateEpochs && rows.length > 0; epoch++) {
      const order = shuffle.permutation(rows.length).map((j) => rows[j]!);
      for (const mb of chunk(order, config.numMinibatches)) {
        const mbAdvantages = config.normAdv ? normalizeAdvantages(selectValues(advantages, mb).toTypedArray()) : selectValues(advantages, mb).toTypedArray();
        const obsMb = selectRows(obsBuf, obsDim, mb);
        const dist = policy.distribution(obsMb);
        const { loss, stats } = ppoLoss({
          logProbs: dist.logProb(actionsOf(mb)),
          oldLogProbs: selectValues(oldLogProbs, mb),
          advantages: new Tensor(mbAdvantages, [mb.length]),
          values: critic.forward(obsMb),
          oldValues: selectValues(values, mb),
          returns: selectValues(returns, mb),
          entropies: dist.entropy(),
          clipCoef: config.clipCoef,
          clipVloss: config.clipVloss,
          vfCoef: config.vfCoef,
          entCoef: config.entCoef,
        });
        optimizer.zeroGrad();
        loss.backward();
        assertFinite(iteration, loss, named);
        // maxGradNorm 0 means no clipping: an infinite bound still measures the norm for the log.
        gradNormSum += clipGradNorm(params, config.maxGradNorm > 0 ? config.maxGradNorm : Infinity);
        optimizer.step();
        last = stats;
        clipFracSum += stats.clipFrac;
        updates++;
      }
      epochsRun++;
      // CleanRL checks the KL of the last minibatch once per epoch.
      if (config.targetKl > 0 && last !== null && last.approxKl > config.targetKl) break;
    }

    // Metrics (CleanRL's tags). NOTE: like CleanRL, the losses and KLs are those of the last
    // minibatch and clipfrac is the mean over all minibatches; grad/global_norm (pre-clip) is the
    // mean over all minibatches, as trainGrpo logs it.
    const elapsed = (Date.now() - started) / 1000;
    const stat = (f: (s: PpoLossStats) => number) => (last === null ? NaN : f(last));
    run.metric(step, 'charts/learning_rate', optimizer.lr);
    run.metric(step, 'charts/SPS', Math.round(steps / Math.max((Date.now() - iterationStarted) / 1000, 1e-9)));
    run.metric(step, 'time/elapsed_s', elapsed);
    run.metric(step, 'losses/value_loss', stat((s) => s.valueLoss));
    run.metric(step, 'losses/policy_loss', stat((s) => s.policyLoss));
    run.metric(step, 'losses/entropy', stat((s) => s.entropy));
    run.metric(step, 'losses/old_approx_kl', stat((s) => s.oldApproxKl));
    run.metric(step, 'losses/approx_kl', stat((s) => s.approxKl));
    run.metric(step, 'losses/clipfrac', updates > 0 ? clipFracSum / updates : NaN);
    run.metric(step, 'losses/explained_variance', explainedVariance(selectValues(values, rows).toTypedArray(), selectValues(returns, rows).toTypedArray()));
    run.metric(step, 'grad/global_norm', updates > 0 ? gradNormSum / updates : NaN);
    const meanReturn = finishedReturns.length > 0 ? finishedReturns.reduce((a, b) => a + b, 0) / finishedReturns.length : NaN;
    run.info(`iteration ${iteration + 1}: step ${step}, episodes ${counters.episodes}, mean return ${meanReturn.toFixed(2)} over ${finishedReturns.length}, epochs ${epochsRun}, lr ${optimizer.lr.toExponential(3)}`);

    interrupted = await endIteration(config, run, options, counters, meanReturn, snapshot);
    if (interrupted) break;
  }

  // --- the end: final model, evaluation, summary ---------------------------------------------
  return finishRun(config, run, policy, counters, interrupted, started, snapshot);
}
