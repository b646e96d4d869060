// Training checkpoints: model weights, optimiser state and RNG states in one safetensors file,
// the run config in its __metadata__ as JSON. Layout:
//   tensors   <module>.<param>                      e.g. policy.layers.0.weight   (F32/F64)
//             optim.<optimizer>.<param>.<buffer>    e.g. optim.adam.policy.layers.0.weight.exp_avg
//   metadata  format = "grpo-ts/1"
//             config = JSON of the run config
//             optimizers = JSON {name: {kind, hyperparameters, steps: {param: step}}}
//             rngs = JSON {name: RngState}          (exact: JSON numbers round-trip doubles)
// Plain PyTorch code reads the weights with safetensors.torch.load_file and ignores the rest.
import type { Rng, RngState } from '../tensor/rng.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { Module } from './module.js';
import type { Optimizer, OptimizerState, ParamState } from './optim/optimizer.js';
import { CheckpointError, type SafetensorsContents, type TensorRecord } from './safetensors.js';

/** The value of the `format` metadata key of training checkpoints. */
export const CHECKPOINT_FORMAT = 'grpo-ts/1';

/** A JSON value (the run config). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What goes into (or is restored from) a training checkpoint; every part optional. */
export interface TrainingState {
  /** Modules by name: their parameters become `<name>.<param>`. */
  readonly modules?: Readonly<Record<string, Module>>;
  /** Optimisers by name: their state becomes `optim.<name>.<param>.<buffer>` plus metadata. */
  readonly optimizers?: Readonly<Record<string, Optimizer>>;
  /** Random streams by name. */
  readonly rngs?: Readonly<Record<string, Rng>>;
}

/** What {@link loadTrainingCheckpoint} returns besides restoring state in place. */
export interface LoadedTrainingCheckpoint {
  /** The run config saved with the checkpoint (null if none). */
  readonly config: Json;
  /** All metadata entries, as strings. */
  readonly metadata: Readonly<Record<string, string>>;
}

function record(values: TypedArray, shape: readonly number[]): TensorRecord {
  return values instanceof Float64Array ? { dtype: 'F64', shape: shape.slice(), data: values } : { dtype: 'F32', shape: shape.slice(), data: values };
}

/**
 * The first NaN or infinite value among float tensors, described ("tensor policy.layers.0.weight
 * has a non-finite value (NaN at index 5)"), or null when all are finite. Integer tensors are skipped.
 */
export function firstNonFiniteTensor(tensors: Readonly<Record<string, TensorRecord>>): string | null {
  for (const [name, rec] of Object.entries(tensors)) {
    if (rec.dtype !== 'F32' && rec.dtype !== 'F64') continue;
    const v = rec.data;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i] as number)) return `tensor ${name} has a non-finite value (${v[i]} at index ${i})`;
    }
  }
  return null;
}

function checkSectionName(kind: string, name: string): void {
  if (name.length === 0 || name.includes('.') || name === 'optim') {
    throw new RangeError(`checkpoint: ${kind} name must be non-empty, contain no '.' and not be 'optim', received ${JSON.stringify(name)}`);
  }
}

/** Packs a training state and a config into safetensors contents (see the layout at the top of this file). */
export function packTrainingState(state: TrainingState, config: Json = null): SafetensorsContents {
  const tensors: Record<string, TensorRecord> = {};
  for (const [name, module] of Object.entries(state.modules ?? {})) {
    checkSectionName('module', name);
    Object.assign(tensors, module.stateDict(name));
  }
  const optimizers: Record<string, { kind: string; hyperparameters: OptimizerState['hyperparameters']; steps: Record<string, number> }> = {};
  for (const [name, optimizer] of Object.entries(state.optimizers ?? {})) {
    checkSectionName('optimizer', name);
    const s = optimizer.state();
    const steps: Record<string, number> = {};
    const shapes = new Map(optimizer.namedParams.map(([n, p]) => [n, p.shape]));
    for (const [param, ps] of Object.entries(s.params)) {
      steps[param] = ps.step;
      for (const [buffer, values] of Object.entries(ps.buffers)) tensors[`optim.${name}.${param}.${buffer}`] = record(values, shapes.get(param) ?? [values.length]);
    }
    optimizers[name] = { kind: s.kind, hyperparameters: s.hyperparameters, steps };
  }
  const rngs: Record<string, RngState> = {};
  for (const [name, rng] of Object.entries(state.rngs ?? {})) rngs[name] = rng.getState();
  return {
    tensors,
    metadata: {
      format: CHECKPOINT_FORMAT,
      config: JSON.stringify(config),
      optimizers: JSON.stringify(optimizers),
      rngs: JSON.stringify(rngs),
    },
  };
}

function parseJson(source: string, key: string, text: string | undefined): Json {
  if (text === undefined) throw new CheckpointError(source, `metadata '${key}' is missing (not a grpo-ts training checkpoint?)`);
  try {
    const value: Json = JSON.parse(text);
    return value;
  } catch (error) {
    throw new CheckpointError(source, `metadata '${key}' is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRngState(value: unknown): value is RngState {
  if (!isObject(value) || typeof value['path'] !== 'string' || !isObject(value['alea'])) return false;
  const alea = value['alea'];
  const spare = value['spareNormal'];
  return ['c', 's0', 's1', 's2'].every((k) => typeof alea[k] === 'number') && (spare === null || typeof spare === 'number');
}

/**
 * Restores a training state in place from safetensors contents: copies weights into the modules
 * (checking names and shapes), loads each optimiser's state, resets each Rng.
 * Each module and optimiser checks all its names and shapes before changing anything, so a
 * mismatch leaves it untouched (sections restored before the failing one stay restored).
 * A mismatch throws a CheckpointError naming `source` and the problem.
 */
export function unpackTrainingState(contents: SafetensorsContents, into: TrainingState, source = '<checkpoint>'): LoadedTrainingCheckpoint {
  const { tensors, metadata } = contents;
  if (metadata['format'] !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(source, `metadata 'format' is ${JSON.stringify(metadata['format'])}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  }
  const config = parseJson(source, 'config', metadata['config']);
  const optimizers = parseJson(source, 'optimizers', metadata['optimizers']);
  const rngs = parseJson(source, 'rngs', metadata['rngs']);
  if (!isObject(optimizers)) throw new CheckpointError(source, "metadata 'optimizers' must be a JSON object");
  if (!isObject(rngs)) throw new CheckpointError(source, "metadata 'rngs' must be a JSON object");

  const wrap = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError(source, error instanceof Error ? error.message : String(error));
    }
  };
  for (const [name, module] of Object.entries(into.modules ?? {})) {
    const under = Object.keys(tensors).filter((k) => k.startsWith(`${name}.`));
    if (under.length === 0) throw new CheckpointError(source, `no tensors for module '${name}'`);
    wrap(() => module.loadStateDict(tensors, { prefix: name, source }));
  }
  for (const [name, optimizer] of Object.entries(into.optimizers ?? {})) {
    const saved = optimizers[name];
    const kind = isObject(saved) ? saved['kind'] : undefined;
    if (!isObject(saved) || typeof kind !== 'string' || !isObject(saved['hyperparameters']) || !isObject(saved['steps'])) {
      throw new CheckpointError(source, `no valid state for optimizer '${name}' in metadata 'optimizers'`);
    }
    const hyperparameters: Record<string, number | boolean> = {};
    for (const [k, v] of Object.entries(saved['hyperparameters'])) {
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new CheckpointError(source, `optimizer '${name}' hyperparameter '${k}' is ${JSON.stringify(v)}`);
      hyperparameters[k] = v;
    }
    const params: Record<string, ParamState> = {};
    for (const [param, step] of Object.entries(saved['steps'])) {
      if (typeof step !== 'number') throw new CheckpointError(source, `optimizer '${name}' step of '${param}' is ${JSON.stringify(step)}`);
      const buffers: Record<string, TypedArray> = {};
      const prefix = `optim.${name}.${param}.`;
      for (const [key, rec] of Object.entries(tensors)) {
        if (!key.startsWith(prefix) || key.slice(prefix.length).includes('.')) continue;
        if (rec.dtype !== 'F32' && rec.dtype !== 'F64') throw new CheckpointError(source, `'${key}' has dtype ${rec.dtype}, expected F32 or F64`);
        buffers[key.slice(prefix.length)] = rec.data;
      }
      params[param] = { step, buffers };
    }
    wrap(() => optimizer.loadState({ kind, hyperparameters, params }));
  }
  for (const [name, rng] of Object.entries(into.rngs ?? {})) {
    const saved = rngs[name];
    if (!isRngState(saved)) throw new CheckpointError(source, `no valid state for rng '${name}' in metadata 'rngs'`);
    rng.setState(saved);
  }
  return { config, metadata };
}
