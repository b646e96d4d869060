// The one trainer harness: it owns a run's life for every algorithm. A new or resumed run and its
// directory, the step and episode budget, the learning-rate schedule, the update step (zeroGrad,
// backward, finite check, clip, step), the timing metrics, the iteration line, the periodic and
// Ctrl-C checkpoints, the final model, the evaluation and the summary. A trainer keeps only its
// setup, its rollout, its loss and its metrics.
import type { Tensor } from '../autograd/index.js';
import type { Policy } from '../algos/policy.js';
import { applyUpdate, type NamedParams, type UpdateContext } from '../algos/update.js';
import type { Env } from '../envs/index.js';
import { encodeAuditRecord, UpdateAuditor, type UpdateCapture } from '../eval/audit.js';
import { evalSeedOf, evaluatePolicy, makeEnv } from '../eval/evaluate_policy.js';
import type { ReturnStats } from '../eval/return_stats.js';
import { scheduleFor, type Json, type Module, type Optimizer, type Schedule } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { configHeader, fieldsOf, type Algo, type TrainConfig } from './config.js';
import { resolveConfig } from './config_fields.js';
import { DiskError } from './disk_error.js';
import { TrainingError } from './errors.js';
import { FiniteGuard, NonFiniteEnvData } from './finite_guard.js';
import { RunLock } from './lock.js';
import { writeRunReport } from './report_files.js';
import { RunDirectory, runDirOf } from './run_dir.js';
import { checkConfigFile, loadTrainerCheckpoint, saveTrainerCheckpoint, TrainerState, type Counters, type TrainerSnapshot } from './trainer_checkpoint.js';

/** What a trainer reports after each iteration (for progress bars). */
export interface IterationReport {
  readonly iteration: number;
  readonly globalStep: number;
  readonly episodes: number;
  readonly totalSteps: number;
  readonly totalEpisodes: number;
  /** Mean training-episode return of this iteration (NaN if none finished). */
  readonly meanReturn: number;
}

/** Options of a `train*` call. */
export interface TrainOptions {
  /** Called after every iteration. */
  readonly onIteration?: (report: IterationReport) => void;
  /** Echo training.log lines to stderr. Default false. */
  readonly echo?: boolean;
  /** When it returns true, the trainer saves a checkpoint after the current update and stops. */
  readonly shouldStop?: () => boolean;
  /** Continue from this checkpoint (a path); the run ends bit-identical to one that never stopped. */
  readonly resumeFrom?: string;
  /** The run directory (default `<logDir>/<runName>` of the config). */
  readonly runDir?: string;
  /** Capture the run's update number `update` (0-based) in full, for `grpo audit --export`. */
  readonly capture?: {
    /** The update to capture, 0-based over the run. */
    readonly update: number;
    /** Receives the captured update and the learning rate it was applied with. */
    readonly onCapture: (capture: UpdateCapture, learningRate: number) => void;
  };
  /**
   * Wraps each training env (index = its position among the trainer's envs), e.g. to record it or
   * to inject faults in tests. Default: none.
   */
  readonly wrapEnv?: (env: Env, index: number) => Env;
  /**
   * Called once the run has started: the lock is held, the checkpoint (when resuming) restored and
   * checked, the run directory written. Everything that refuses a run happens before it.
   */
  readonly onStart?: (start: { readonly runDir: string; readonly resumedFrom: string | null; readonly counters: Readonly<Counters>; readonly notices: readonly string[] }) => void;
  /** Write plots/*.svg and report.html at the end (default true). */
  readonly report?: boolean;
}

/**
 * summary.json of a run, and `TrainResult.summary`.
 * @example
 * const { summary } = await train({ env: 'CartPole-v1', totalSteps: 20_000 });
 * if (summary.evaluation !== null) console.log(summary.evaluation.mean, summary.evaluation.ci95);
 */
export interface RunSummary {
  readonly algo: Algo;
  /** The env id it trained on. */
  readonly env: string;
  /** The run's root seed. */
  readonly seed: number;
  /** Completed outer iterations. */
  readonly iterations: number;
  readonly env_steps: number;
  readonly episodes: number;
  /** Whether the run was stopped early (Ctrl-C); it has no evaluation then. */
  readonly interrupted: boolean;
  /** The final deterministic evaluation, or null (interrupted, or evalEpisodes 0). */
  readonly evaluation: ReturnStats | null;
  readonly wall_time_s: number;
  /** What the algorithm adds (the policy groups: the population and the ensemble's evaluation). */
  readonly [extra: string]: Json | ReturnStats | null;
}

/**
 * What a `train*` call returns.
 * @example
 * const result = await train({ algo: 'ppo', totalSteps: 20_000 });
 * const model = loadModel(result.finalModelPath);
 */
export interface TrainResult {
  /** The run directory (config.json, metrics.jsonl, training.log, models/, summary.json). */
  readonly runDir: string;
  /** `<runDir>/models/final_model.safetensors`. */
  readonly finalModelPath: string;
  /** Iterations, env steps and episodes done. */
  readonly counters: Counters;
  /** Whether the run was stopped early by `shouldStop` (Ctrl-C). */
  readonly interrupted: boolean;
  readonly summary: RunSummary;
  /** `<run>/report.html`, or null when it was not written (options.report false, or it failed: see reportError). */
  readonly reportPath: string | null;
  /** Why the report could not be written (the run itself is complete), or null. */
  readonly reportError: string | null;
}

/** What a trainer hands the harness: everything a checkpoint saves and restores. */
export interface TrainerParts {
  readonly modules: Readonly<Record<string, Module>>;
  /** The optimisers; `update` steps the one named 'adam' unless told otherwise. */
  readonly optimizers: Readonly<Record<string, Optimizer>>;
  readonly rngs: Readonly<Record<string, Rng>>;
  /** Anything else needed to continue bit for bit (env states, controller values), as JSON. */
  readonly extra: () => Json;
  /**
   * A factor on the scheduled learning rate, per optimiser (default 1 for every one): lets
   * optimisers with hyperparameters of their own (the policy groups' evolved rates) follow the
   * one schedule.
   */
  readonly lrScale?: (optimizerName: string) => number;
  /** The trainer's envs: closed when the run ends, however it ends (a MuJoCo env holds wasm memory). */
  readonly envs?: readonly Env[];
}

/** The learning-rate schedule of a config over its step budget. */
export function scheduleOf(config: Pick<TrainConfig, 'totalSteps' | 'anneal' | 'learningRate'>): Schedule {
  return scheduleFor(config);
}

/**
 * Checks a loss and every parameter gradient for NaN/Inf before an update is applied; throws a
 * TrainingError naming the iteration and the tensor.
 */
export function assertFinite(iteration: number, loss: Tensor, named: ReadonlyArray<readonly [string, Tensor]>): void {
  const l = loss.item();
  if (!Number.isFinite(l)) throw new TrainingError(`iteration ${iteration}: the loss is ${l}; the update was not applied`);
  for (const [name, p] of named) {
    const g = p.grad;
    if (g === null) continue;
    // A dense gradient is scanned where it lies (a copy per parameter per update cost as much as the scan).
    const dense = g.isContiguous();
    const v = dense ? g.data : g.toTypedArray();
    const start = dense ? g.offset : 0;
    for (let i = start, end = start + g.size; i < end; i++) {
      if (!Number.isFinite(v[i] as number)) {
        throw new TrainingError(`iteration ${iteration}: the gradient of ${name} has a non-finite value (${v[i]} at index ${i - start}); the update was not applied`);
      }
    }
  }
}

/** The mean of an iteration's finished-episode returns, NaN when none finished. */
export function meanReturnOf(returns: readonly number[]): number {
  return returns.length > 0 ? returns.reduce((a, b) => a + b, 0) / returns.length : NaN;
}

/**
 * Checks every parameter after an optimiser step (an overflowing learning rate gives finite
 * gradients but infinite weights); returns the first non-finite one as `[name, index, value]`.
 */
function firstNonFinite(named: ReadonlyArray<readonly [string, Tensor]>): readonly [string, number, number] | null {
  for (const [name, p] of named) {
    const v = p.data;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) return [name, i, v[i] as number];
  }
  return null;
}

/**
 * The training envs of a run: `count` copies of the config's env, each wrapped by
 * `options.wrapEnv` (if any) and then by a guard that stops the run on a non-finite observation
 * or reward, naming the env, before the policy sees it.
 */
export function trainingEnvs(
  config: Pick<TrainConfig, 'env' | 'uncertainty'>, count: number, options: Pick<TrainOptions, 'wrapEnv'> = {}, create: () => Env = () => makeEnv(config),
): Env[] {
  return Array.from({ length: count }, (_, i) => new FiniteGuard(options.wrapEnv ? options.wrapEnv(create(), i) : create(), i));
}

/** The config fields a resumed run may change: its budget. */
export const BUDGET_FIELDS: readonly string[] = ['totalSteps', 'episodes'];

/**
 * Checks that a resumed run's config equals the one saved in its checkpoint except for the
 * budget; returns the budget changes as text ("totalSteps 3000 -> 6000").
 */
function checkResumedConfig(config: TrainConfig, saved: Json, source: string): string[] {
  const algo = saved !== null && typeof saved === 'object' && !Array.isArray(saved) ? saved['algo'] : undefined;
  if (algo !== config.algo) throw new TrainingError(`${source}: the checkpoint is a ${JSON.stringify(algo)} run, not ${config.algo}`);
  let before: TrainConfig;
  try {
    before = resolveConfig(fieldsOf(config.algo), saved !== null && typeof saved === 'object' && !Array.isArray(saved) ? saved : {}, `${source}: config`);
  } catch (error) {
    throw new TrainingError(error instanceof Error ? error.message : String(error));
  }
  const changed: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const old: unknown = Object.entries(before).find(([k]) => k === key)?.[1];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    if (!BUDGET_FIELDS.includes(key)) throw new TrainingError(`${source}: a resumed run may change only its budget (${BUDGET_FIELDS.join(', ')}); ${key} is ${JSON.stringify(old)} in the checkpoint, ${JSON.stringify(value)} now`);
    changed.push(`${key} ${JSON.stringify(old)} -> ${JSON.stringify(value)}`);
  }
  return changed;
}

/** Lets pending events (Ctrl-C) run between iterations of a synchronous training loop. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A run's life. Construct it after the trainer's networks, optimisers and streams exist: a fresh
 * run creates its directory and writes the config; a resumed one (`options.resumeFrom`) restores
 * the parts from the checkpoint, cuts the logs back to it, and exposes the trainer's extra state
 * as `resumed`. Then, per iteration: `beginIteration`, the rollout, `update` per minibatch,
 * `logTiming` and the trainer's metrics, `endIteration`; at the end, `finish`.
 */
export class TrainerHarness<C extends TrainConfig = TrainConfig> {
  readonly run: RunDirectory;
  readonly counters: Counters;
  /** The extra state of the checkpoint the run resumed from; null for a fresh run. */
  readonly resumed: TrainerState | null;
  private readonly schedule: Schedule;
  private readonly lock: RunLock;
  /** Updates applied so far in the run (saved in checkpoints): the audit's update number. */
  private updates = 0;
  private readonly checkFinite = (loss: Tensor, named: NamedParams) => assertFinite(this.counters.iteration, loss, named);
  private readonly startedMs = Date.now();
  private iterationStartedMs = Date.now();
  /** The newest checkpoint on disk (named in error messages: what a failed run keeps). */
  private lastCheckpoint: string | null = null;
  /** Scratch copies of the parameters before an optimiser step, to undo a step that made them non-finite. */
  private readonly before = new Map<string, Float32Array | Float64Array>();

  constructor(
    readonly config: C,
    private readonly options: TrainOptions,
    private readonly parts: TrainerParts,
  ) {
    this.schedule = scheduleOf(config);
    const dir = options.runDir ?? runDirOf(config);
    // Everything is read and checked before the first write, and under the lock: a refused or
    // failed start leaves the run directory as it was.
    const notices: string[] = [];
    this.lock = RunLock.acquire(dir, (m) => notices.push(m));
    let run: RunDirectory | null = null;
    try {
      if (options.resumeFrom) {
        const loaded = loadTrainerCheckpoint(options.resumeFrom, parts);
        const changed = checkResumedConfig(config, loaded.config, options.resumeFrom);
        checkConfigFile(dir, loaded.config, options.resumeFrom);
        this.counters = loaded.counters;
        this.updates = loaded.updates;
        this.resumed = new TrainerState(loaded.extra, options.resumeFrom);
        run = new RunDirectory(dir, { echo: options.echo, truncateTo: loaded.files, source: options.resumeFrom, audit: config.audit });
        for (const m of notices) run.info(m);
        run.info(`resumed from ${options.resumeFrom} at iteration ${this.counters.iteration}, step ${this.counters.globalStep}`);
        if (changed.length > 0 || !run.hasConfig()) run.writeConfig(config);
        for (const c of changed) run.info(`budget changed: ${c}`);
        this.lastCheckpoint = options.resumeFrom;
      } else {
        this.counters = { iteration: 0, globalStep: 0, episodes: 0 };
        this.resumed = null;
        run = new RunDirectory(dir, { echo: options.echo, audit: config.audit });
        for (const m of notices) run.info(m);
        run.writeConfig(config);
        run.info(configHeader(config));
      }
    } catch (error) {
      run?.close();
      this.lock.release();
      throw error;
    }
    this.run = run;
    options.onStart?.({ runDir: dir, resumedFrom: options.resumeFrom ?? null, counters: { ...this.counters }, notices });
  }

  /**
   * Runs the training loop (`loop` resolves to whether it was interrupted), then `finish`. On any
   * error nothing more is saved: the error (a non-finite rollout value named with its iteration
   * and env) is noted in training.log and rethrown with the last checkpoint kept. The log files
   * are closed and the lock released in every case.
   * @param policy the policy to evaluate, or a function giving it once the loop has ended
   * @param more extra summary fields (see finish)
   */
  async runLoop(policy: Policy | (() => Policy), loop: () => Promise<boolean>, more?: (evaluated: boolean) => { readonly [key: string]: Json }): Promise<TrainResult> {
    let result: TrainResult;
    try {
      const interrupted = await loop();
      result = this.finish(typeof policy === 'function' ? policy() : policy, interrupted, more);
    } catch (error) {
      throw this.failed(error);
    } finally {
      for (const env of this.parts.envs ?? []) env.close?.();
      this.run.close();
      this.lock.release();
    }
    // The report comes after the run is complete and its lock released: a kill while it renders
    // leaves a finished run (and no stale lock), whose report `grpo report` rebuilds.
    return this.options.report ?? true ? withReport(result) : result;
  }

  /**
   * Whether another iteration fits the budget: `wholeIteration` more env steps within totalSteps
   * (1 for trainers that cut their last rollout; a whole rollout for PPO, as CleanRL's
   * total // batch), and fewer finished episodes than `episodes`. 0 means no limit for either.
   */
  budgetLeft(wholeIteration = 1): boolean {
    const { totalSteps, episodes } = this.config;
    return (totalSteps === 0 || this.counters.globalStep + wholeIteration <= totalSteps) && (episodes === 0 || this.counters.episodes < episodes);
  }

  /**
   * Starts an iteration: each optimiser's learning rate from the schedule at the current step
   * (times its `lrScale`, when the trainer gives one), the iteration clock. Returns the iteration index.
   */
  beginIteration(): number {
    this.iterationStartedMs = Date.now();
    const lr = this.schedule(this.counters.globalStep);
    const { optimizers, lrScale } = this.parts;
    for (const [name, optimizer] of Object.entries(optimizers)) optimizer.lr = lrScale === undefined ? lr : lr * lrScale(name);
    return this.counters.iteration;
  }

  /** The scheduled learning rate at the current step (before any optimiser's `lrScale`). */
  scheduledLr(): number {
    return this.schedule(this.counters.globalStep);
  }

  /**
   * One update (applyUpdate): zero the gradients, backpropagate `loss`, refuse non-finite values
   * (nothing is applied then), clip the global gradient norm to maxGradNorm, step the optimiser,
   * and refuse a step that made a weight non-finite (the weights are restored).
   * In an audited run every auditEvery-th update is audited (a record in audit.jsonl, see
   * src/eval/audit.ts) from `context`, which the trainer passes: where the update sits in its
   * iteration and a view of its loss. The audit only reads; an unaudited update costs nothing more.
   * @returns the global gradient norm before clipping
   */
  update(loss: Tensor, context: UpdateContext | null = null, optimizerName = 'adam'): number {
    const optimizer = this.parts.optimizers[optimizerName];
    if (optimizer === undefined) throw new RangeError(`update: no optimizer '${optimizerName}'; known: ${Object.keys(this.parts.optimizers).join(', ')}`);
    const u = this.updates;
    const { config } = this;
    const audited = config.audit && context !== null && u % config.auditEvery === 0;
    const captured = context !== null && this.options.capture?.update === u;
    const auditor = audited || captured ? new UpdateAuditor(
      { update: u, iteration: this.counters.iteration + 1, globalStep: this.counters.globalStep, episodes: this.counters.episodes },
      context,
      loss,
      {
        // The check's entries come from a stream of their own, never from a training stream.
        fd: audited && config.auditFd > 0 && u % config.auditFd === 0 ? { entries: config.auditFdEntries, rng: new Rng(config.seed).fork('audit').fork('fd', u) } : null,
        capture: captured,
      },
    ) : null;
    const named = optimizer.namedParams;
    for (const [name, p] of named) {
      const kept = this.before.get(name);
      if (kept === undefined || kept.length !== p.data.length) this.before.set(name, p.data.slice());
      else kept.set(p.data);
    }
    const norm = applyUpdate(optimizer, loss, config.maxGradNorm, { check: this.checkFinite, probe: auditor });
    // An overflowing learning rate gives finite gradients but infinite weights: undo the step on
    // the weights, so the policy in memory is the last finite one, and stop.
    const bad = firstNonFinite(named);
    if (bad !== null) {
      for (const [name, p] of named) p.data.set(this.before.get(name) ?? p.data);
      throw new TrainingError(`iteration ${this.counters.iteration}: the update made ${bad[0]} non-finite (${bad[2]} at index ${bad[1]}, learning rate ${optimizer.lr}); the update was not applied`);
    }
    if (auditor !== null) {
      if (audited) this.run.auditLine(encodeAuditRecord(auditor.record));
      if (captured && auditor.capture !== null) this.options.capture?.onCapture(auditor.capture, optimizer.lr);
    }
    this.updates++;
    return norm;
  }

  /** Logs one finished training episode at the global step it ended. */
  logEpisode(step: number, episodicReturn: number, length: number): void {
    this.run.metric(step, 'charts/episodic_return', episodicReturn);
    this.run.metric(step, 'charts/episodic_length', length);
  }

  /** Logs the learning rate, this iteration's env steps per second and the elapsed time. */
  logTiming(step: number, steps: number, optimizerName = 'adam'): void {
    const now = Date.now();
    this.run.metric(step, 'charts/learning_rate', this.parts.optimizers[optimizerName]?.lr ?? NaN);
    this.run.metric(step, 'charts/SPS', Math.round(steps / Math.max((now - this.iterationStartedMs) / 1000, 1e-9)));
    this.run.metric(step, 'time/elapsed_s', (now - this.startedMs) / 1000);
  }

  /**
   * Closes an iteration: writes its line to training.log, counts it, saves the periodic
   * checkpoint, reports progress, lets pending events (Ctrl-C) run and, when `shouldStop` says
   * so, saves a checkpoint to resume from. Returns whether the run was interrupted.
   * @param detail the trainer's own end of the iteration line
   */
  async endIteration(meanReturn: number, detail = ''): Promise<boolean> {
    const { counters, config, run } = this;
    run.info(`iteration ${counters.iteration + 1}: step ${counters.globalStep}, episodes ${counters.episodes}, mean return ${meanReturn.toFixed(2)}${detail}`);
    counters.iteration++;
    // An audited run checkpoints every iteration, so `grpo audit` replays any update from the one before it.
    const every = config.audit ? 1 : config.checkpointEvery;
    if (every > 0 && counters.iteration % every === 0) this.saveCheckpoint(run.checkpointPath(counters.iteration));
    this.options.onIteration?.({ ...counters, totalSteps: config.totalSteps, totalEpisodes: config.episodes, meanReturn });
    await yieldToEventLoop();
    if (!this.options.shouldStop?.()) return false;
    this.saveCheckpoint(run.checkpointPath(counters.iteration));
    run.info(`interrupted: saved ${run.checkpointPath(counters.iteration)}; resume with --resume ${run.dir}`);
    return true;
  }

  /**
   * Ends the run: saves the final model, evaluates `policy` (unless interrupted or evalEpisodes
   * is 0), writes summary.json (with the trainer's `more` fields, told whether the run was
   * evaluated). runLoop then closes the run directory, releases its lock and writes the report.
   */
  finish(policy: Policy, interrupted: boolean, more?: (evaluated: boolean) => { readonly [key: string]: Json }): TrainResult {
    const { config, counters, run } = this;
    this.saveCheckpoint(run.finalModelPath, !interrupted);
    let evaluation: ReturnStats | null = null;
    if (!interrupted && config.evalEpisodes > 0) {
      const env = makeEnv(config);
      evaluation = evaluatePolicy(policy, env, { episodes: config.evalEpisodes, seed: evalSeedOf(config.seed) }).stats;
      env.close?.();
      run.info(`evaluation over ${config.evalEpisodes} episodes: mean ${evaluation.mean.toFixed(2)} (95% CI ${evaluation.ci95[0].toFixed(2)} to ${evaluation.ci95[1].toFixed(2)})`);
    }
    const summary: RunSummary = {
      algo: config.algo,
      env: config.env,
      seed: config.seed,
      iterations: counters.iteration,
      env_steps: counters.globalStep,
      episodes: counters.episodes,
      interrupted,
      evaluation,
      wall_time_s: (Date.now() - this.startedMs) / 1000,
      ...more?.(evaluation !== null),
    };
    run.writeSummary(summary);
    return { runDir: run.dir, finalModelPath: run.finalModelPath, counters: { ...counters }, interrupted, summary, reportPath: null, reportError: null };
  }

  private snapshot(): TrainerSnapshot {
    const { modules, optimizers, rngs } = this.parts;
    return { modules, optimizers, rngs, counters: { ...this.counters }, updates: this.updates, extra: this.parts.extra() };
  }

  /** Saves a checkpoint; `finished` marks the final model of a run that used its whole budget. */
  private saveCheckpoint(path: string, finished = false): void {
    saveTrainerCheckpoint(path, this.config, this.run.lengths(), this.snapshot(), finished);
    this.lastCheckpoint = path;
  }

  /** The error a failed run ends with: rollout data errors get their iteration; every one is noted in training.log with what is kept. */
  private failed(error: unknown): unknown {
    const kept = this.lastCheckpoint === null ? 'no checkpoint was saved' : `the last checkpoint ${this.lastCheckpoint} is kept`;
    let out = error;
    if (error instanceof NonFiniteEnvData) out = new TrainingError(`iteration ${this.counters.iteration}: ${error.message}; the update was not applied; ${kept}`);
    else if (error instanceof DiskError) out = new DiskError(`${error.message}; ${kept}`);
    else if (error instanceof TrainingError) out = new TrainingError(`${error.message}; ${kept}`);
    try {
      this.run.info(`stopped: ${out instanceof Error ? out.message : String(out)}`);
    } catch {
      // The log may be what failed (a full disk): the error itself still reaches the caller.
    }
    return out;
  }
}

/**
 * Writes the plots and report.html of a finished (or stopped) run. A failure is returned in
 * `reportError`, never thrown: the model and summary.json are already saved, and a report must
 * not cost the run its result.
 */
async function withReport(result: TrainResult): Promise<TrainResult> {
  try {
    const written = await writeRunReport(result.runDir);
    return { ...result, reportPath: written.report };
  } catch (error) {
    return { ...result, reportPath: null, reportError: error instanceof Error ? error.message : String(error) };
  }
}
