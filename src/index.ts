/**
 * grpo-ts public API: everything a user imports comes from here.
 */
export * from './tensor/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './envs/index.js';
export * from './grpo/index.js';
