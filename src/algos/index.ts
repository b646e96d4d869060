// Public API of src/algos/: each algorithm's math, pure and synchronous, no I/O.
export { Policy, actionSpecOf, type ActionSpec, type PolicyOptions, type PolicyDistribution } from './policy.js';
export { ValueNetwork, type ValueNetworkOptions } from './value.js';
export { selectRows, selectValues, selectActions, chunk, findUncertainty, returnOf, type Episode } from './episode.js';
export { rolloutLockstep, rolloutGroups } from './rollout.js';
export { VectorRollout, type FinishedEpisode, type VectorRolloutState } from './vector_rollout.js';
export { sampleStd, normalizeAdvantages, explainedVariance } from './stats.js';
export { grpoAdvantages, type AdvantageMode, type RewardScaling, type GrpoAdvantageInput, type GrpoAdvantages } from './advantages.js';
export { gae, rolloutGae, type GaeInput, type GaeOutput, type RolloutGaeInput } from './gae.js';
export { returnsToGo, reinforceAdvantages } from './returns.js';
export { grpoLoss, aggregationWeights, type LossType, type GrpoLossInput, type GrpoLossOutput, type GrpoLossStats, type GrpoLossParts } from './grpo_loss.js';
export { ppoLoss, type PpoLossInput, type PpoLossStats, type PpoLossParts, type PpoLossOutput } from './ppo_loss.js';
export {
  collectGroups, grpoBatch, grpoMinibatches, grpoMinibatchLoss, grpoUpdateView, type GrpoSampling, type GrpoCollected, type GrpoBatch, type GrpoLossSettings,
} from './grpo.js';
export { ppoBatch, ppoMinibatches, ppoMinibatchLoss, ppoUpdateView, type PpoBatch, type PpoLossSettings } from './ppo.js';
export { rolloutEpisodes, reinforceLoss, reinforceUpdateView, type ReinforceLoss } from './reinforce.js';
export {
  applyUpdate, type UpdateContext, type UpdateView, type UpdateProbe, type LossTerms, type ClipFractions, type Float64Loss,
  type NamedParams, type MinibatchArrays, type ApplyUpdateOptions,
} from './update.js';
export { GrpoLearner, finishedReturns, type GrpoSettings, type GrpoLearned, type UpdateFn, type IterationMetric } from './grpo_learner.js';
