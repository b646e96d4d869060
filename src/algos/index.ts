// Public API of src/algos/: each algorithm's math, pure and synchronous, no I/O.
export { Policy, actionSpecOf, policyOptionsOf, LOG_STD_MIN, LOG_STD_MAX, type ActionSpec, type LogStdMode, type PolicyOptions, type PolicyShape, type PolicyDistribution } from './policy.js';
export { ValueNetwork, type ValueNetworkOptions } from './value.js';
export { selectRows, selectValues, selectActions, chunk, findUncertainty, returnOf, type Episode } from './episode.js';
export { rolloutLockstep, rolloutGroups, type EpisodeEnd } from './rollout.js';
export { episodeColumns } from './episode_columns.js';
export { VectorRollout, type FinishedEpisode, type VectorRolloutState, type RolloutBuffers } from './vector_rollout.js';
export { sampleStd, normalizeAdvantages, explainedVariance } from './stats.js';
export { grpoAdvantages, type AdvantageMode, type RewardScaling, type GrpoAdvantageInput, type GrpoAdvantages } from './advantages.js';
export { gae, rolloutGae, type GaeInput, type GaeOutput, type RolloutGaeInput } from './gae.js';
export { returnsToGo, reinforceAdvantages } from './returns.js';
export { grpoLoss, aggregationWeights, type LossType, type GrpoLossInput, type GrpoLossOutput, type GrpoLossStats, type GrpoLossParts } from './grpo_loss.js';
export { ppoLoss, type PpoLossInput, type PpoLossStats, type PpoLossParts, type PpoLossOutput } from './ppo_loss.js';
export {
  collectGroups, grpoBatch, grpoMinibatches, grpoMinibatchLoss, grpoUpdateView, type GrpoSampling, type GrpoCollected, type GrpoBatch, type GrpoLossSettings,
} from './grpo.js';
export { ppoBatch, ppoMinibatches, ppoMinibatchLoss, ppoUpdateView, ppoEpochs, type PpoBatch, type PpoLossSettings, type PpoEpochSettings, type PpoEpochStats } from './ppo.js';
export {
  selectionProbabilities, allocateSlots, updatePerformances, relativeShifts, shiftEpisodeAdvantages, rankGroups, planEvolution, perturbHyperparameters,
  evolvePopulation, type PolicyGroup, type GroupHyperparameters, type HyperparameterBounds, type EvolutionCopy,
} from './policy_groups.js';
export { rolloutEpisodes, reinforceLoss, reinforceUpdateView, type ReinforceLoss } from './reinforce.js';
export {
  applyUpdate, type UpdateContext, type UpdateView, type UpdateProbe, type LossTerms, type ClipFractions, type Float64Loss,
  type NamedParams, type MinibatchArrays, type ApplyUpdateOptions,
} from './update.js';
export { GrpoLearner, finishedReturns, type GrpoSettings, type GrpoLearned, type UpdateFn, type IterationMetric } from './grpo_learner.js';
