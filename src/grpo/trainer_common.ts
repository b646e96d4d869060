// What every trainer shares: the run directory and its header, learning-rate schedules, the
// non-finite guard, checkpoints with trainer counters, Ctrl-C handling.
import { join } from 'node:path';
import type { Tensor } from '../autograd/index.js';
import { make, type Env } from '../envs/index.js';
import {
  constantSchedule, cosineSchedule, linearSchedule, loadCheckpoint, packTrainingState, saveCheckpoint, unpackTrainingState,
  type Json, type Module, type Optimizer, type Schedule,
} from '../nn/index.js';
import type { Rng } from '../tensor/rng.js';
import { fieldsOf, type TrainConfig } from './config.js';
import { formatConfig, type FieldTable } from './config_fields.js';
import { evaluatePolicy } from './evaluate.js';
import type { Policy } from './policy.js';
import { RunDirectory } from './run_dir.js';
import { yieldToEventLoop } from './batch.js';

/** A training run that stopped on purpose (non-finite values), with a message for the user. */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
}

/** Counters every trainer keeps, saved in checkpoints. */
export interface Counters {
  /** Completed update iterations. */
  iteration: number;
  /** Env steps taken (all rollouts, including discarded ones). */
  globalStep: number;
  /** Finished training episodes. */
  episodes: number;
}

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
}

/** A number stored under `key` in a checkpoint's trainer state; throws naming the file if absent. */
export function numberIn(extra: Json, key: string, source: string): number {
  const v = extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? extra[key] : undefined;
  if (typeof v !== 'number') throw new TrainingError(`${source}: trainer state has no number '${key}' (received ${JSON.stringify(v)})`);
  return v;
}

/** What a `train*` call returns. */
export interface TrainResult {
  readonly runDir: string;
  readonly finalModelPath: string;
  readonly counters: Counters;
  /** Whether the run was stopped early by `shouldStop` (Ctrl-C). */
  readonly interrupted: boolean;
  readonly summary: Record<string, Json>;
}

/** The run directory path of a config. */
export function runDirOf(config: TrainConfig): string {
  const name = config.runName !== '' ? config.runName : `${config.env}__${config.algo}__${config.seed}`;
  return join(config.logDir, name);
}

/** Builds the training env of a config (registered wrappers, uncertainty preset). */
export function makeEnv(config: Pick<TrainConfig, 'env' | 'uncertainty'>): Env {
  return make(config.env, config.uncertainty === 'none' ? {} : { uncertainty: config.uncertainty });
}

/** The learning-rate schedule of a config over its step budget. */
export function scheduleOf(config: TrainConfig): Schedule {
  const total = Math.max(1, config.totalSteps);
  if (config.anneal === 'linear') return linearSchedule({ start: config.learningRate, end: 0, steps: total });
  if (config.anneal === 'cosine') return cosineSchedule({ start: config.learningRate, end: 0, steps: total });
  return constantSchedule(config.learningRate);
}

/** The config as printed at the start of a run. */
export function configHeader(config: TrainConfig): string {
  const fields: FieldTable = fieldsOf(config.algo);
  return `config (${config.algo}):\n${formatConfig(fields, config)}`;
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
    const v = g.toTypedArray();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i] as number)) {
        throw new TrainingError(`iteration ${iteration}: the gradient of ${name} has a non-finite value (${v[i]} at index ${i}); the update was not applied`);
      }
    }
  }
}

/** `value` as JSON, checked (configs and env states are plain data; anything else is a bug worth naming). */
export function toJson(value: unknown, where: string): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${where}: ${value} does not survive JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toJson(v, `${where}[${i}]`));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v, `${where}.${k}`);
    return out;
  }
  throw new TypeError(`${where}: a ${typeof value} is not JSON`);
}

/** What a trainer puts into its checkpoints. */
export interface TrainerSnapshot {
  readonly modules: Readonly<Record<string, Module>>;
  readonly optimizers: Readonly<Record<string, Optimizer>>;
  readonly rngs: Readonly<Record<string, Rng>>;
  readonly counters: Counters;
  /** Anything else the trainer needs to continue bit for bit (env states, controller values). */
  readonly extra: Json;
}

/**
 * Saves a checkpoint (atomically): weights, optimiser state, RNG states, the config, the
 * counters, the trainer's extra state, and the lengths of metrics.jsonl and training.log (so a
 * resumed run cuts what was logged after this point).
 */
export function saveTrainerCheckpoint(path: string, config: TrainConfig, run: RunDirectory, snapshot: TrainerSnapshot): void {
  const contents = packTrainingState({ modules: snapshot.modules, optimizers: snapshot.optimizers, rngs: snapshot.rngs }, toJson(config, 'config'));
  const trainer: Json = { counters: { ...snapshot.counters }, extra: snapshot.extra, files: run.lengths() };
  saveCheckpoint(path, { tensors: contents.tensors, metadata: { ...contents.metadata, trainer: JSON.stringify(trainer) } });
}

/** The trainer metadata of a checkpoint. */
export interface LoadedTrainerState {
  readonly config: Json;
  readonly counters: Counters;
  readonly extra: Json;
  readonly files: { metrics: number; log: number };
}

/** Reads the config saved in a checkpoint without restoring anything (to rebuild the trainer). */
export function readCheckpointConfig(path: string): Json {
  const { metadata } = loadCheckpoint(path);
  return toJson(JSON.parse(metadata['config'] ?? 'null'), `${path}: config`);
}

/** Restores modules, optimisers and RNGs from a checkpoint and returns the trainer's counters and extra state. */
export function loadTrainerCheckpoint(path: string, into: Pick<TrainerSnapshot, 'modules' | 'optimizers' | 'rngs'>): LoadedTrainerState {
  const contents = loadCheckpoint(path);
  const loaded = unpackTrainingState(contents, into, path);
  const raw = contents.metadata['trainer'];
  if (raw === undefined) throw new TrainingError(`${path}: not a training checkpoint (no 'trainer' metadata)`);
  const parsed = JSON.parse(raw) as { counters: Counters; extra: Json; files: { metrics: number; log: number } };
  return { config: loaded.config, counters: { ...parsed.counters }, extra: parsed.extra, files: parsed.files };
}

/**
 * The seed of a run's final evaluation: its own start states and noise, apart from training's
 * (`grpo evaluate` uses the same, so it repeats the trainer's evaluation of a final model).
 */
export function evalSeedOf(seed: number): number {
  return seed + 1_000_003;
}

/**
 * Closes an iteration the same way in every trainer: counts it, saves the periodic checkpoint,
 * reports progress, lets pending events (Ctrl-C) run, and, when `shouldStop` says so, saves a
 * checkpoint to resume from. Returns whether the run was interrupted.
 */
export async function endIteration(
  config: TrainConfig, run: RunDirectory, options: TrainOptions, counters: Counters, meanReturn: number, snapshot: () => TrainerSnapshot,
): Promise<boolean> {
  counters.iteration++;
  if (config.checkpointEvery > 0 && counters.iteration % config.checkpointEvery === 0) {
    saveTrainerCheckpoint(run.checkpointPath(counters.iteration), config, run, snapshot());
  }
  options.onIteration?.({ ...counters, totalSteps: config.totalSteps, totalEpisodes: config.episodes, meanReturn });
  await yieldToEventLoop();
  if (!options.shouldStop?.()) return false;
  saveTrainerCheckpoint(run.checkpointPath(counters.iteration), config, run, snapshot());
  run.info(`interrupted: saved ${run.checkpointPath(counters.iteration)}; resume with --resume ${run.dir}`);
  return true;
}

/**
 * Ends a run the same way in every trainer: saves the final model, evaluates the policy (unless
 * interrupted or `evalEpisodes` is 0), writes summary.json and closes the run directory.
 */
export function finishRun(
  config: TrainConfig, run: RunDirectory, policy: Policy, counters: Counters, interrupted: boolean, startedMs: number, snapshot: () => TrainerSnapshot,
): TrainResult {
  saveTrainerCheckpoint(run.finalModelPath, config, run, snapshot());
  let evaluation: Json = null;
  if (!interrupted && config.evalEpisodes > 0) {
    const { stats } = evaluatePolicy(policy, makeEnv(config), { episodes: config.evalEpisodes, seed: evalSeedOf(config.seed) });
    evaluation = { ...stats, ci95: [...stats.ci95] };
    run.info(`evaluation over ${config.evalEpisodes} episodes: mean ${stats.mean.toFixed(2)} (95% CI ${stats.ci95[0].toFixed(2)} to ${stats.ci95[1].toFixed(2)})`);
  }
  const summary: Record<string, Json> = {
    algo: config.algo,
    env: config.env,
    seed: config.seed,
    iterations: counters.iteration,
    env_steps: counters.globalStep,
    episodes: counters.episodes,
    interrupted,
    evaluation,
    wall_time_s: (Date.now() - startedMs) / 1000,
  };
  run.writeSummary(summary);
  run.close();
  return { runDir: run.dir, finalModelPath: run.finalModelPath, counters, interrupted, summary };
}
