// What the evaluate/demo/pipeline commands share: the model a --model-path names, the
// uncertainty levels, and one deterministic evaluation.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePolicy, GRPO_FIELDS, makeEnv, type Policy, type ReturnStats, type TrainConfig } from '../index.js';
import { UsageError } from './io.js';

export { evalSeedOf, loadModel } from '../index.js';

/** The uncertainty levels, from the config field (none, low, medium, high). */
export const UNCERTAINTY_LEVELS: readonly TrainConfig['uncertainty'][] = GRPO_FIELDS.uncertainty.choices ?? [GRPO_FIELDS.uncertainty.default];

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

/** Evaluation settings. */
export interface EvaluationSpec {
  readonly episodes: number;
  readonly uncertainty: TrainConfig['uncertainty'];
  readonly seed: number;
}

/** Deterministic-action returns of `policy` on `env` under an uncertainty level. */
export function evaluate(policy: Policy, env: string, spec: EvaluationSpec): { returns: number[]; stats: ReturnStats } {
  const made = makeEnv({ env, uncertainty: spec.uncertainty });
  const result = evaluatePolicy(policy, made, { episodes: spec.episodes, seed: spec.seed, deterministic: true });
  made.close?.();
  return { returns: result.returns, stats: result.stats };
}
