// Public API of the MuJoCo environments. Importing it loads nothing: the engine loads on `await loadMujoco()`.
export { loadMujoco, isMujocoLoaded, type LoadMujocoOptions, type MujocoFactory, type MujocoModule, type MujocoModuleOptions } from './engine.js';
export { emitMjcf, type ModelSpec as MjcfModelSpec, type BodySpec, type GeomSpec, type JointSpec, type MotorSpec, type Vec3,
  type CompilerSpec, type OptionSpec, type JointAttributes, type GeomAttributes, type MotorAttributes } from './mjcf.js';
export { Simulation, SIMULATION_STATE_ARRAYS, type SimulationState, type ArrayField } from './simulation.js';
export { MujocoEnv, controlCost, type MujocoEnvOptions, type MujocoTaskConfig, type CheckedAction } from './mujoco_env.js';
export * from './half_cheetah_v5.js';
export * from './hopper_v5.js';
export * from './inverted_pendulum_v5.js';
export { HALF_CHEETAH_MODEL } from './models/half_cheetah.js';
export { HOPPER_MODEL } from './models/hopper.js';
export { INVERTED_PENDULUM_MODEL } from './models/inverted_pendulum.js';
export { MUJOCO_ENV_IDS, isMujocoEnvId, makeMujocoBase, type MujocoEnvId, type MujocoMakeOptions } from './registry.js';
