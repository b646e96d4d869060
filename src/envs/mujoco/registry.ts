// The MuJoCo environment ids and their construction (after `loadMujoco()`).
import type { BaseEnv } from '../core.js';
import { describeValue } from '../format.js';
import type { EnvSpec } from '../types.js';
import { HALF_CHEETAH_SPEC, HalfCheetahEnv } from './half_cheetah_v5.js';
import { HOPPER_SPEC, HopperEnv } from './hopper_v5.js';
import { INVERTED_PENDULUM_SPEC, InvertedPendulumEnv } from './inverted_pendulum_v5.js';

/** The registered MuJoCo environment ids. */
export const MUJOCO_ENV_IDS = ['HalfCheetah-v5', 'Hopper-v5', 'InvertedPendulum-v5'] as const;
/** A registered MuJoCo environment id. */
export type MujocoEnvId = (typeof MUJOCO_ENV_IDS)[number];

/** Options of the MuJoCo envs in `make` (each env reads those it knows). */
export interface MujocoMakeOptions {
  /** Task arguments overriding the defaults (e.g. `{ctrlCostWeight: 0.05}`). */
  parameters?: Readonly<Record<string, number>>;
  /** MJCF text of your own model (same joints and motors as ours). */
  xml?: string;
  /** Physics steps per env step. */
  frameSkip?: number;
  /** Hopper: end the episode when unhealthy (true). */
  terminateWhenUnhealthy?: boolean;
  /** HalfCheetah, Hopper: leave root x out of the observation (true). */
  excludeCurrentPositionsFromObservation?: boolean;
}

const SPECS: Readonly<Record<MujocoEnvId, EnvSpec>> = {
  'HalfCheetah-v5': HALF_CHEETAH_SPEC,
  'Hopper-v5': HOPPER_SPEC,
  'InvertedPendulum-v5': INVERTED_PENDULUM_SPEC,
};

/** Whether `id` names a MuJoCo environment. */
export function isMujocoEnvId(id: string): id is MujocoEnvId {
  return (MUJOCO_ENV_IDS as readonly string[]).includes(id);
}

/** The registration of a MuJoCo id (no MuJoCo needed). */
export function mujocoEnvSpec(id: MujocoEnvId): EnvSpec {
  return SPECS[id];
}

/**
 * Builds the bare MuJoCo env of `id`.
 * @throws Error when MuJoCo is not loaded (`await loadMujoco()` first).
 */
export function makeMujocoBase(id: MujocoEnvId, options: MujocoMakeOptions = {}): BaseEnv {
  const parameters = options.parameters ?? {};
  const common = {
    ...(options.xml === undefined ? {} : { xml: options.xml }),
    ...(options.frameSkip === undefined ? {} : { frameSkip: options.frameSkip }),
  };
  const exclude = options.excludeCurrentPositionsFromObservation;
  switch (id) {
    case 'HalfCheetah-v5':
      return new HalfCheetahEnv(parameters, { ...common, ...(exclude === undefined ? {} : { excludeCurrentPositionsFromObservation: exclude }) });
    case 'Hopper-v5':
      return new HopperEnv(parameters, {
        ...common,
        ...(exclude === undefined ? {} : { excludeCurrentPositionsFromObservation: exclude }),
        ...(options.terminateWhenUnhealthy === undefined ? {} : { terminateWhenUnhealthy: options.terminateWhenUnhealthy }),
      });
    case 'InvertedPendulum-v5':
      return new InvertedPendulumEnv(parameters, common);
  }
  throw new RangeError(`make: unknown MuJoCo environment id ${describeValue(id)}`);
}
