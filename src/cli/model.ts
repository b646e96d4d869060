// A trained policy from a checkpoint: the env and the network come from the config saved in it,
// the weights from its 'policy' module. Plus the evaluation the evaluate/demo/pipeline commands share.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  actionSpecOf, ALGOS, evaluatePolicy, fieldsOf, GRPO_FIELDS, loadCheckpoint, makeEnv, Policy, resolveConfig, Rng,
  type Algo, type Json, type ReturnStats, type TrainConfig,
} from '../index.js';
import { UsageError } from './io.js';

/** The seed of the trainers' own final evaluation: evaluations default to it (see src/grpo). */
export { evalSeedOf } from '../index.js';

/** The uncertainty levels, from the config field (none, low, medium, high). */
export const UNCERTAINTY_LEVELS: readonly TrainConfig['uncertainty'][] = GRPO_FIELDS.uncertainty.choices ?? [GRPO_FIELDS.uncertainty.default];


/** A policy with its weights, and the config it was trained with. */
export interface LoadedModel {
  readonly path: string;
  readonly config: TrainConfig;
  readonly policy: Policy;
}

function isAlgo(value: unknown): value is Algo {
  return ALGOS.some((a) => a === value);
}

/**
 * The checkpoint a --model-path names: a .safetensors file, or a run directory (its
 * models/final_model.safetensors). A missing path is a UsageError naming the flag.
 */
export function resolveModelPath(path: string, who: string, spelling = '--model-path'): string {
  if (!existsSync(path)) throw new UsageError(`${who}: ${spelling}: no such file or directory, received ${JSON.stringify(path)}`);
  if (!statSync(path).isDirectory()) return path;
  const final = join(path, 'models', 'final_model.safetensors');
  if (!existsSync(final)) throw new UsageError(`${who}: ${spelling}: ${JSON.stringify(path)} is a directory without models/final_model.safetensors`);
  return final;
}

/** Rebuilds the policy saved in the checkpoint at `path` (config from its metadata, weights from 'policy.*'). */
export function loadModel(path: string): LoadedModel {
  const { tensors, metadata } = loadCheckpoint(path);
  const saved: Json = JSON.parse(metadata['config'] ?? 'null');
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) throw new UsageError(`${path}: the checkpoint holds no run config (not a grpo-ts model?)`);
  const algo = saved['algo'] ?? 'grpo';
  if (!isAlgo(algo)) throw new UsageError(`${path}: the saved config's algo must be one of ${ALGOS.join(', ')}, received ${JSON.stringify(algo)}`);
  const config: TrainConfig = resolveConfig(fieldsOf(algo), saved, `${path} config`);
  const probe = makeEnv({ env: config.env, uncertainty: 'none' });
  // The init stream is irrelevant: every weight is overwritten by the checkpoint's.
  const policy = new Policy(probe.observationSpace.size, actionSpecOf(probe.actionSpace), {
    rng: new Rng(0),
    hiddenSizes: config.hiddenSizes,
    activation: config.activation,
    logStdInit: config.logStdInit,
  });
  policy.loadStateDict(tensors, { prefix: 'policy', source: path });
  return { path, config, policy };
}

/** Evaluation settings. */
export interface EvaluationSpec {
  readonly episodes: number;
  readonly uncertainty: TrainConfig['uncertainty'];
  readonly seed: number;
}

/** Deterministic-action returns of `policy` on `env` under an uncertainty level. */
export function evaluate(policy: Policy, env: string, spec: EvaluationSpec): { returns: number[]; stats: ReturnStats } {
  const result = evaluatePolicy(policy, makeEnv({ env, uncertainty: spec.uncertainty }), { episodes: spec.episodes, seed: spec.seed, deterministic: true });
  return { returns: result.returns, stats: result.stats };
}
