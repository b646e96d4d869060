// Trainer checkpoints: weights, optimiser and RNG states (src/nn/checkpoint.ts), plus the run
// config, the trainer's counters, its extra state and the lengths of the run's log files. Also the
// one reader of a trainer's extra state, so every trainer reads it back with the same checks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvState } from '../envs/index.js';
import { firstNonFiniteTensor, packTrainingState, unpackTrainingState, type Json, type Module, type Optimizer, type SafetensorsContents } from '../nn/index.js';
import type { Rng } from '../tensor/rng.js';
import { fieldsOf, isAlgo } from './config.js';
import { resolveConfig } from './config_fields.js';
import { onDisk } from './disk_error.js';
import { TrainingError } from './errors.js';
import { loadCheckpoint, saveCheckpoint } from './files.js';

/** Counters every trainer keeps, saved in checkpoints. */
export interface Counters {
  /** Completed outer iterations (rollout + update); not TRL's `numIterations`, which counts passes over one batch. */
  iteration: number;
  /** Env steps taken (all rollouts, including discarded ones). */
  globalStep: number;
  /** Finished training episodes. */
  episodes: number;
}

/** What a trainer puts into its checkpoints. */
export interface TrainerSnapshot {
  readonly modules: Readonly<Record<string, Module>>;
  readonly optimizers: Readonly<Record<string, Optimizer>>;
  readonly rngs: Readonly<Record<string, Rng>>;
  readonly counters: Counters;
  /** Updates applied so far (the audit's update counter). */
  readonly updates: number;
  /** Anything else the trainer needs to continue bit for bit (env states, controller values). */
  readonly extra: Json;
}

/** Byte lengths of metrics.jsonl, training.log (and audit.jsonl of audited runs) when a checkpoint was saved. */
export interface LogLengths {
  readonly metrics: number;
  readonly log: number;
  readonly audit?: number;
}

/** The trainer metadata of a checkpoint. */
export interface LoadedTrainerState {
  readonly config: Json;
  readonly counters: Counters;
  /** Updates applied before the checkpoint (0 in checkpoints older than the audit). */
  readonly updates: number;
  readonly extra: Json;
  readonly files: LogLengths;
  /** Whether this is the final model of a run that used its whole budget. */
  readonly finished: boolean;
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

/**
 * Saves a checkpoint (atomically): weights, optimiser state, RNG states, the config, the
 * counters, the trainer's extra state, and the lengths of metrics.jsonl and training.log (so a
 * resumed run cuts what was logged after this point).
 */
export function saveTrainerCheckpoint(path: string, config: object, files: LogLengths, snapshot: TrainerSnapshot, finished = false): void {
  const contents = packTrainingState({ modules: snapshot.modules, optimizers: snapshot.optimizers, rngs: snapshot.rngs }, toJson(config, 'config'));
  // The last line of defence: a non-finite weight or optimiser value is never written.
  const bad = firstNonFiniteTensor(contents.tensors);
  if (bad !== null) throw new TrainingError(`refusing to save ${path}: ${bad}`);
  const trainer: Json = { counters: { ...snapshot.counters }, updates: snapshot.updates, extra: snapshot.extra, files: { ...files }, ...(finished ? { finished: true } : {}) };
  onDisk(`cannot write ${path}`, () => saveCheckpoint(path, { tensors: contents.tensors, metadata: { ...contents.metadata, trainer: JSON.stringify(trainer) } }));
}

/** Reads the config saved in a checkpoint without restoring anything (to rebuild the trainer). */
export function readCheckpointConfig(path: string): Json {
  return configOf(loadCheckpoint(path), path);
}

function configOf(contents: SafetensorsContents, path: string): Json {
  try {
    return toJson(JSON.parse(contents.metadata['config'] ?? 'null'), `${path}: config`);
  } catch (error) {
    throw new TrainingError(`${path}: metadata 'config' is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The trainer metadata of a checkpoint (counters, extra state, log lengths), each part checked. */
function trainerMetadataOf(contents: SafetensorsContents, path: string): Omit<LoadedTrainerState, 'config'> {
  const raw = contents.metadata['trainer'];
  if (raw === undefined) throw new TrainingError(`${path}: not a training checkpoint (no 'trainer' metadata)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TrainingError(`${path}: metadata 'trainer' is not valid JSON`);
  }
  const counters = isObject(parsed) ? parsed['counters'] : undefined;
  const files = isObject(parsed) ? parsed['files'] : undefined;
  if (!isObject(parsed) || !isObject(counters) || !isCount(counters['iteration']) || !isCount(counters['globalStep']) || !isCount(counters['episodes'])) {
    throw new TrainingError(`${path}: metadata 'trainer' needs counters {iteration, globalStep, episodes} of non-negative integers`);
  }
  if (!isObject(files) || !isCount(files['metrics']) || !isCount(files['log']) || !(files['audit'] === undefined || isCount(files['audit']))) {
    throw new TrainingError(`${path}: metadata 'trainer' needs files {metrics, log} (and audit, when present) of byte lengths`);
  }
  const updates = parsed['updates'] ?? 0;
  if (!isCount(updates)) throw new TrainingError(`${path}: metadata 'trainer' updates must be a non-negative integer, received ${JSON.stringify(updates)}`);
  return {
    counters: { iteration: counters['iteration'], globalStep: counters['globalStep'], episodes: counters['episodes'] },
    extra: toJson(parsed['extra'] ?? null, `${path}: trainer.extra`),
    updates,
    files: { metrics: files['metrics'], log: files['log'], ...(isCount(files['audit']) ? { audit: files['audit'] } : {}) },
    finished: parsed['finished'] === true,
  };
}

/** Reads a checkpoint's config and trainer metadata without restoring anything (to choose where to resume). */
export function peekTrainerCheckpoint(path: string): LoadedTrainerState {
  const contents = loadCheckpoint(path);
  return { config: configOf(contents, path), ...trainerMetadataOf(contents, path) };
}

/**
 * Restores modules, optimisers and RNGs from a checkpoint and returns the trainer's counters and
 * extra state. Everything is checked before anything is restored, including that every tensor is
 * finite (a NaN weight is named).
 */
export function loadTrainerCheckpoint(path: string, into: Pick<TrainerSnapshot, 'modules' | 'optimizers' | 'rngs'>): LoadedTrainerState {
  const contents = loadCheckpoint(path);
  const meta = trainerMetadataOf(contents, path);
  const bad = firstNonFiniteTensor(contents.tensors);
  if (bad !== null) throw new TrainingError(`${path}: ${bad}; resume from an earlier checkpoint`);
  const loaded = unpackTrainingState(contents, into, path);
  return { config: loaded.config, ...meta };
}

/**
 * Checks a run directory's config.json against the config of the checkpoint it resumes from: a
 * config.json that is not JSON, or that differs in anything but the budget, means the directory
 * was edited or mixed with another run, and is refused (TrainingError). A missing one is fine
 * (the harness writes it again).
 */
export function checkConfigFile(dir: string, saved: Json, source: string): void {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) return;
  let onDiskConfig: unknown;
  try {
    onDiskConfig = JSON.parse(onDisk(`cannot read ${path}`, () => readFileSync(path, 'utf8')));
  } catch (error) {
    if (error instanceof TrainingError) throw error;
    throw new TrainingError(`${path} is not valid JSON: the run directory was edited; restore it or delete it (it is rewritten from ${source})`);
  }
  const algo = isObject(saved) ? saved['algo'] : undefined;
  if (!isObject(saved) || !isAlgo(algo)) throw new TrainingError(`${source}: holds no run config with a known algo`);
  const savedConfig = resolveConfig(fieldsOf(algo), saved, `${source}: config`);
  if (!isObject(onDiskConfig)) throw new TrainingError(`${path} does not hold a config object: the run directory was edited; restore it or delete it (it is rewritten from ${source})`);
  const budget = ['totalSteps', 'episodes'];
  for (const [key, value] of Object.entries(savedConfig)) {
    if (budget.includes(key)) continue;
    if (JSON.stringify(onDiskConfig[key]) !== JSON.stringify(value)) {
      throw new TrainingError(`${path} disagrees with ${source}: ${key} is ${JSON.stringify(onDiskConfig[key]) ?? 'missing'} there, ${JSON.stringify(value)} in the checkpoint; the run directory was edited or mixed with another run: restore config.json or delete it (it is rewritten from the checkpoint)`);
    }
  }
  for (const key of Object.keys(onDiskConfig)) {
    if (!Object.hasOwn(savedConfig, key)) throw new TrainingError(`${path} disagrees with ${source}: it has a field '${key}' the checkpoint's config does not; restore config.json or delete it (it is rewritten from the checkpoint)`);
  }
}

/**
 * Reads a trainer's extra state back from a checkpoint, each entry checked, each error a
 * TrainingError naming the file, the entry, what was expected and what was found.
 */
export class TrainerState {
  constructor(
    private readonly extra: Json,
    /** The checkpoint the state came from, for error messages. */
    readonly source: string,
  ) {}

  /** The entry `key`, present. */
  entry(key: string): Json {
    const v = this.extra !== null && typeof this.extra === 'object' && !Array.isArray(this.extra) ? this.extra[key] : undefined;
    if (v === undefined) throw new TrainingError(`${this.source}: trainer state has no '${key}'`);
    return v;
  }

  /** The number stored under `key`. */
  number(key: string): number {
    const v = this.entry(key);
    if (typeof v !== 'number') throw new TrainingError(`${this.source}: trainer state '${key}' must be a number, received ${JSON.stringify(v)}`);
    return v;
  }

  /** The list of `length` numbers stored under `key`. */
  numbers(key: string, length: number): number[] {
    const v = this.entry(key);
    if (!Array.isArray(v) || v.length !== length) {
      throw new TrainingError(`${this.source}: trainer state '${key}' must be a list of ${length} numbers, received ${JSON.stringify(v)?.slice(0, 80)}`);
    }
    return v.map((x, i) => {
      if (typeof x !== 'number') throw new TrainingError(`${this.source}: trainer state '${key}[${i}]' must be a number, received ${JSON.stringify(x)}`);
      return x;
    });
  }

  /** The env snapshot stored under `key` (the env's own setState checks the contents). */
  envState(key: string): EnvState {
    return envStateOf(this.entry(key), `${this.source}: ${key}`);
  }
}

function envStateOf(value: Json, where: string): EnvState {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TrainingError(`${where}: expected an env state object, received ${JSON.stringify(value)?.slice(0, 80)}`);
  const { kind, data, inner } = value;
  if (typeof kind !== 'string' || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TrainingError(`${where}: an env state needs a string 'kind' and an object 'data'`);
  }
  return inner === undefined ? { kind, data } : { kind, data, inner: envStateOf(inner, `${where}.inner`) };
}
