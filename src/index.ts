/**
 * grpo-ts public API: everything a user imports comes from here. It is the browser entry
 * (src/browser.ts: tensors, autodiff, nn, envs, algos, eval) plus src/train/ (the trainers, run
 * directories and checkpoint files, which need Node's file API).
 */
export * from './browser.js';
export * from './train/index.js';
