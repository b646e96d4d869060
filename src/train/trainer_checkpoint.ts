// Trainer checkpoints: weights, optimiser and RNG states (src/nn/checkpoint.ts), plus the run
// config, the trainer's counters, its extra state and the lengths of the run's log files. Also the
// one reader of a trainer's extra state, so every trainer reads it back with the same checks.
import type { EnvState } from '../envs/index.js';
import { packTrainingState, unpackTrainingState, type Json, type Module, type Optimizer } from '../nn/index.js';
import type { Rng } from '../tensor/rng.js';
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
export function saveTrainerCheckpoint(path: string, config: object, files: LogLengths, snapshot: TrainerSnapshot): void {
  const contents = packTrainingState({ modules: snapshot.modules, optimizers: snapshot.optimizers, rngs: snapshot.rngs }, toJson(config, 'config'));
  const trainer: Json = { counters: { ...snapshot.counters }, updates: snapshot.updates, extra: snapshot.extra, files: { ...files } };
  saveCheckpoint(path, { tensors: contents.tensors, metadata: { ...contents.metadata, trainer: JSON.stringify(trainer) } });
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
  const parsed = JSON.parse(raw) as { counters: Counters; updates?: number; extra: Json; files: LogLengths };
  return { config: loaded.config, counters: { ...parsed.counters }, updates: parsed.updates ?? 0, extra: parsed.extra, files: parsed.files };
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
