// Public API of src/eval/: evaluation, statistics and plots (no file access: callers write files).
export { returnStats, type ReturnStats } from './return_stats.js';
export { evaluatePolicy, evalSeedOf, makeEnv, type EvaluateOptions } from './evaluate_policy.js';
export { randomPolicyReturns } from './random_policy.js';
export { modelFromCheckpoint, modelFromBytes, modelSpecOf, type LoadedModel, type ModelSpec } from './model.js';
