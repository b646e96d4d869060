// Public API of src/nn/, re-exported by src/index.ts.
export { Module, joinName, tensorToRecord, copyRecordInto, zeroGradOf, type ZeroGradOptions, type LoadStateDictOptions } from './module.js';
export { Linear, Tanh, ReLU, Sequential, initParameter, type LinearOptions } from './layers.js';
export { MLP, type MLPOptions } from './mlp.js';
export { ObservationNormalizer, type ObservationNormalizerOptions } from './observation_normalizer.js';
export {
  calculateGain, computeFans, zerosInit, constantInit, uniformInit, normalInit, xavierUniform, xavierNormal,
  kaimingUniform, kaimingNormal, orthogonalInit, type Initializer, type Nonlinearity, type KaimingOptions,
} from './init.js';
export { householderQR, type QRResult } from './qr.js';
export { Categorical } from './distributions/categorical.js';
export { DiagGaussian } from './distributions/diag_gaussian.js';
export { klK1, klK2, klK3 } from './kl_estimators.js';
export { Optimizer, type ParamList, type ParamState, type OptimizerState } from './optim/optimizer.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export { clipGradNorm, type ClipGradNormOptions } from './optim/clip.js';
export { constantSchedule, linearSchedule, cosineSchedule, scheduleFor, type Schedule } from './schedules.js';
export { AdaptiveKLController, type AdaptiveKLOptions, type AdaptiveKLState } from './kl_controller.js';
export {
  encodeSafetensors, decodeSafetensors, CheckpointError, MAX_HEADER_BYTES,
  type SafetensorsDtype, type SafetensorsArrays, type TensorRecord, type SafetensorsContents,
} from './safetensors.js';
export {
  packTrainingState, unpackTrainingState, firstNonFiniteTensor, CHECKPOINT_FORMAT,
  type TrainingState, type LoadedTrainingCheckpoint, type Json,
} from './checkpoint.js';
