// A trained policy from a checkpoint's contents (bytes decoded by src/nn): the env and the network
// come from the config saved in its metadata, the weights from its 'policy' module. No file
// access, so it runs in a browser; `loadModel(path)` in src/train reads the file.
import { actionSpecOf, Policy, policyOptionsOf, type LogStdMode, type PolicyShape } from '../algos/policy.js';
import { prepareEnv, UNCERTAINTY_PRESETS, type Env, type UncertaintyPreset } from '../envs/index.js';
import { CheckpointError, decodeSafetensors, firstNonFiniteTensor, type Json, type SafetensorsContents } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { makeEnv } from './evaluate_policy.js';
import { populationFromCheckpoint, type Population } from './population.js';

/**
 * What a model's saved config says about its task and its network (the rest stays in `config`).
 * Fields a model from before they existed lacks take their defaults: logStdMode 'parameter',
 * normalizeObservation false.
 */
export interface ModelSpec extends PolicyShape {
  readonly algo: string;
  readonly env: string;
  /** The uncertainty preset it was trained under. */
  readonly uncertainty: UncertaintyPreset;
  /** The run's root seed. */
  readonly seed: number;
}


/** A policy with its weights, and the config it was trained with. */
export interface LoadedModel {
  /** Where it came from (a path, or `<bytes>`). */
  readonly path: string;
  readonly spec: ModelSpec;
  /** The full saved config, as JSON. */
  readonly config: { readonly [key: string]: Json };
  /** The policy: a policy-groups model's best group. */
  readonly policy: Policy;
  /** A policy-groups model's population (every group, performances, hyperparameters); null for other models. */
  readonly population: Population | null;
}

function field<T>(config: { readonly [key: string]: Json }, key: string, source: string, expected: string, check: (v: Json | undefined) => v is Json & T): T {
  const v = config[key];
  if (!check(v)) throw new CheckpointError(source, `the saved config's ${key} must be ${expected}, received ${JSON.stringify(v)}`);
  return v;
}

const isString = (v: Json | undefined): v is string => typeof v === 'string';
const isNumber = (v: Json | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The task and network of a saved config, each field checked (errors name the source and the field). */
export function modelSpecOf(config: { readonly [key: string]: Json }, source: string): ModelSpec {
  const env = field(config, 'env', source, 'an env id', isString);
  const uncertainty = field(config, 'uncertainty', source, `one of ${Object.keys(UNCERTAINTY_PRESETS).join(', ')}`,
    (v): v is UncertaintyPreset => isString(v) && Object.hasOwn(UNCERTAINTY_PRESETS, v));
  const hiddenSizes = field(config, 'hiddenSizes', source, 'a non-empty list of positive integers',
    (v): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1));
  const activation = field(config, 'activation', source, "'tanh' or 'relu'", (v): v is 'tanh' | 'relu' => v === 'tanh' || v === 'relu');
  return {
    algo: field(config, 'algo', source, 'a string', isString),
    env,
    uncertainty,
    seed: field(config, 'seed', source, 'a number', isNumber),
    hiddenSizes,
    activation,
    logStdInit: config['logStdInit'] === undefined ? 0 : field(config, 'logStdInit', source, 'a number', isNumber),
    logStdMode: config['logStdMode'] === undefined ? 'parameter' : field(config, 'logStdMode', source, "'parameter' or 'head'", (v): v is LogStdMode => v === 'parameter' || v === 'head'),
    normalizeObservation: config['normalizeObservation'] === undefined ? false : field(config, 'normalizeObservation', source, 'true or false', (v): v is boolean => typeof v === 'boolean'),
    obsClip: config['obsClip'] === undefined ? 0 : field(config, 'obsClip', source, 'a number >= 0', (v): v is number => isNumber(v) && v >= 0),
  };
}

/**
 * Rebuilds the policy saved in a checkpoint (config from its metadata, weights from 'policy.*';
 * a policy-groups model: every group from 'group<g>.policy.*', `policy` = the best group); a normalising
 * policy's observation statistics come with its weights. The saved env must be makeable: for a MuJoCo env, `await prepareModelEnv(contents)` (or
 * `loadMujoco()`) first; `loadModel(path)` does it for you.
 * @throws CheckpointError naming the source when the config or the weights do not fit
 * @example const model = modelFromCheckpoint(decodeSafetensors(bytes)); model.policy.act(obs, [rng], true)
 */
export function modelFromCheckpoint(contents: SafetensorsContents, source = '<bytes>'): LoadedModel {
  let saved: Json;
  try {
    saved = JSON.parse(contents.metadata['config'] ?? 'null') as Json;
  } catch {
    throw new CheckpointError(source, "the metadata 'config' is not JSON");
  }
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) throw new CheckpointError(source, 'the checkpoint holds no run config (not a grpo-ts model?)');
  const spec = modelSpecOf(saved, source);
  let probe: Env;
  try {
    probe = makeEnv({ env: spec.env, uncertainty: 'none' });
  } catch (error) {
    throw new CheckpointError(source, `the saved env cannot be made: ${error instanceof Error ? error.message : String(error)}`);
  }
  const dims = { obsDim: probe.observationSpace.size, action: actionSpecOf(probe.actionSpace) };
  probe.close?.();
  if (spec.algo === 'policy-groups') {
    const population = populationFromCheckpoint(contents, saved, spec, dims, source);
    return { path: source, spec, config: saved, policy: population.policies[population.best]!, population };
  }
  // The init stream is irrelevant: every weight is overwritten by the checkpoint's.
  const policy = new Policy(dims.obsDim, dims.action, { rng: new Rng(0), ...policyOptionsOf(spec) });
  const policyTensors = Object.fromEntries(Object.entries(contents.tensors).filter(([k]) => k.startsWith('policy.')));
  const bad = firstNonFiniteTensor(policyTensors);
  if (bad !== null) throw new CheckpointError(source, `${bad}: the policy cannot be evaluated`);
  try {
    policy.loadStateDict(contents.tensors, { prefix: 'policy', source });
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(source, error instanceof Error ? error.message.replace(`${source}: `, '') : String(error));
  }
  return { path: source, spec, config: saved, policy, population: null };
}

/**
 * Loads what the env saved in a checkpoint's config needs (the MuJoCo engine for a MuJoCo env; nothing for the
 * others), so that {@link modelFromCheckpoint} can build it. A checkpoint without a readable config is left to
 * modelFromCheckpoint's errors.
 * @example await prepareModelEnv(contents); const model = modelFromCheckpoint(contents);
 */
export async function prepareModelEnv(contents: SafetensorsContents): Promise<void> {
  let env: unknown;
  try {
    const saved: unknown = JSON.parse(contents.metadata['config'] ?? 'null');
    env = saved !== null && typeof saved === 'object' && 'env' in saved ? saved.env : undefined;
  } catch {
    return;
  }
  if (typeof env === 'string') await prepareEnv(env);
}

/** {@link modelFromCheckpoint} of safetensors bytes (a downloaded or fetched model). */
export function modelFromBytes(bytes: Uint8Array, source = '<bytes>'): LoadedModel {
  return modelFromCheckpoint(decodeSafetensors(bytes, source), source);
}
