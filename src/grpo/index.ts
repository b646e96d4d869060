// Public API of src/grpo/, re-exported by src/index.ts.
export { grpoAdvantages, sampleStd, type AdvantageMode, type RewardScaling, type GrpoAdvantageInput, type GrpoAdvantages } from './advantages.js';
export { grpoLoss, aggregationWeights, type LossType, type GrpoLossInput, type GrpoLossOutput, type GrpoLossStats } from './loss.js';
export { gae, type GaeInput, type GaeOutput } from './gae.js';
