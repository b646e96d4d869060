// Public API of src/train/: the trainers on one harness, configs, run directories, checkpoint files.
export {
  GRPO_FIELDS, PPO_FIELDS, REINFORCE_FIELDS, POLICY_GROUPS_FIELDS, ALGOS, fieldsOf, isAlgo, configHeader, checkPolicyGroupsConfig,
  resolveTrainConfig, envPresetOf, PPO_MUJOCO_PRESET, GRPO_MUJOCO_PRESET, GRPO_PRESETS,
  type GrpoConfig, type PpoConfig, type ReinforceConfig, type PolicyGroupsConfig, type TrainConfig, type Algo,
} from './config.js';
export { resolveConfig, defaultsOf, formatConfig, type Field, type FieldTable, type ConfigOf } from './config_fields.js';
export { writeFileAtomic, saveCheckpoint, loadCheckpoint, saveTrainingCheckpoint, loadTrainingCheckpoint } from './files.js';
export { RunDirectory, runDirOf, latestCheckpoint, readMetrics, WALL_CLOCK_TAGS } from './run_dir.js';
export { TrainingError, InputError } from './errors.js';
export { compareRunDirs, defaultCompareDir, writeComparison, type WrittenComparison } from './compare_files.js';
export { evaluationSummary, defaultEvaluationDir, writeEvaluation, type EvaluatedModel, type WrittenEvaluation } from './evaluation_files.js';
export { readRun, readJsonObject, writePlots, writeReportHtml, writeRunReport, type WrittenReport } from './report_files.js';
export {
  toJson, saveTrainerCheckpoint, loadTrainerCheckpoint, peekTrainerCheckpoint, readCheckpointConfig, checkConfigFile, TrainerState,
  type Counters, type TrainerSnapshot, type LoadedTrainerState, type LogLengths,
} from './trainer_checkpoint.js';
export {
  TrainerHarness, scheduleOf, assertFinite, meanReturnOf, trainingEnvs, BUDGET_FIELDS,
  type IterationReport, type TrainOptions, type TrainResult, type RunSummary, type TrainerParts,
} from './harness.js';
export { trainGrpo } from './grpo_trainer.js';
export { trainPpo } from './ppo_trainer.js';
export { trainReinforce } from './reinforce_trainer.js';
export { trainPolicyGroups } from './policy_groups_trainer.js';
export { train, trainFromValues, resume, runStatus, describeCounters, type RunStatus, type Budget, type TrainInput, type ConfigInput } from './train.js';
export { RunLock, RunLockedError, readLockOwner, liveLockOwner, LOCK_FILE, type LockOwner } from './lock.js';
export { DiskError } from './disk_error.js';
export { loadModel } from './model.js';
export { readAuditRecords, readRunConfig, verifyIteration, exportUpdate, auditPathOf, type StoredAuditRecord, type Verified, type Replay, type UpdateExport } from './audit.js';
