/**
 * grpo-ts public API: everything a user imports comes from here. The browser entry
 * (`grpo-ts/browser`, src/browser.ts) is the same without src/train/ (files, trainers on disk).
 */
export * from './tensor/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './envs/index.js';
export * from './algos/index.js';
export * from './eval/index.js';
export * from './train/index.js';
