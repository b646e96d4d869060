/**
 * grpo-ts public API: everything a user imports comes from here.
 */
export { Rng, type RngState } from './tensor/rng.js';
export * from './nn/index.js';
export * from './envs/index.js';
