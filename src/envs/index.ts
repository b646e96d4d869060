// Public API of src/envs/, re-exported by src/index.ts.
export * from './types.js';
export { Box, Discrete, type Space } from './spaces.js';
export { type EnvState } from './state.js';
export { type Env, type BaseEnv, Wrapper } from './core.js';
export { ClassicControlEnv, DEFAULT_SEED } from './base.js';
export * from './cartpole.js';
export * from './pendulum.js';
export * from './acrobot.js';
export * from './mountain_car.js';
export * from './mountain_car_continuous.js';
export { TimeLimit } from './wrappers/time_limit.js';
export * from './uncertainty.js';
export { make, makeBase, spec, ENV_IDS, type EnvId, type MakeOptions } from './registry.js';
