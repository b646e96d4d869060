// Public API of src/grpo/, re-exported by src/index.ts.
export { grpoAdvantages, sampleStd, type AdvantageMode, type RewardScaling, type GrpoAdvantageInput, type GrpoAdvantages } from './advantages.js';
export { grpoLoss, aggregationWeights, type LossType, type GrpoLossInput, type GrpoLossOutput, type GrpoLossStats } from './loss.js';
export { gae, type GaeInput, type GaeOutput } from './gae.js';
export { Policy, actionSpecOf, type ActionSpec, type PolicyOptions, type PolicyDistribution } from './policy.js';
export { GRPO_FIELDS, PPO_FIELDS, REINFORCE_FIELDS, ALGOS, fieldsOf, type GrpoConfig, type PpoConfig, type ReinforceConfig, type TrainConfig, type Algo } from './config.js';
export { resolveConfig, defaultsOf, formatConfig, type Field, type FieldTable, type ConfigOf } from './config_fields.js';
export { RunDirectory, latestCheckpoint, readMetrics, WALL_CLOCK_TAGS, type MetricRecord } from './run_dir.js';
export { evaluatePolicy, returnStats, type ReturnStats, type EvaluateOptions } from './evaluate.js';
export {
  TrainingError, runDirOf, makeEnv, configHeader, readCheckpointConfig, loadTrainerCheckpoint, saveTrainerCheckpoint, evalSeedOf,
  type Counters, type IterationReport, type TrainOptions, type TrainResult,
} from './trainer_common.js';
export { trainGrpo } from './grpo_trainer.js';
export { train, resume } from './train.js';
export { trainPpo, ppoLoss, rolloutGae, normalizeAdvantages, explainedVariance, type PpoLossInput, type PpoLossStats, type RolloutGaeInput } from './ppo_trainer.js';
export { trainReinforce, returnsToGo, reinforceAdvantages, randomPolicyReturns } from './reinforce_trainer.js';
export { ValueNetwork, type ValueNetworkOptions } from './value.js';
