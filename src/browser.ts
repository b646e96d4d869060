/**
 * grpo-ts in a browser (`grpo-ts/browser`): tensors, autodiff, networks and optimisers (checkpoints
 * as bytes), environments, the algorithms' math and evaluation. Nothing here touches Node's APIs;
 * the trainers with run directories on disk are in the main entry only.
 */
export * from './tensor/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './envs/index.js';
export * from './algos/index.js';
export * from './eval/index.js';
