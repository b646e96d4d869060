// make(id, options): builds a registered environment with its wrappers.
import { AcrobotEnv } from './acrobot.js';
import type { BaseEnv, Env } from './core.js';
import { CartPoleEnv } from './cartpole.js';
import { describeValue } from './format.js';
import { MountainCarEnv } from './mountain_car.js';
import { MountainCarContinuousEnv } from './mountain_car_continuous.js';
import { loadMujoco } from './mujoco/engine.js';
import { isMujocoEnvId, makeMujocoBase, mujocoEnvSpec, MUJOCO_ENV_IDS, type MujocoMakeOptions } from './mujoco/registry.js';
import { PendulumEnv } from './pendulum.js';
import type { EnvSpec } from './types.js';
import { UncertaintyWrapper, resolveUncertainty, type UncertaintyConfig, type UncertaintyPreset } from './uncertainty.js';
import { TimeLimit } from './wrappers/time_limit.js';

/**
 * The registered classic-control ids (pure TypeScript, no loading). The MuJoCo ids (`MUJOCO_ENV_IDS`) are
 * registered too, and `make` builds them after `await loadMujoco()`.
 */
export const ENV_IDS = ['CartPole-v1', 'Pendulum-v1', 'Acrobot-v1', 'MountainCar-v0', 'MountainCarContinuous-v0'] as const;
/** A registered environment id. */
export type EnvId = (typeof ENV_IDS)[number];

/** Options of {@link make} (the MuJoCo fields apply to the MuJoCo ids only). */
export interface MakeOptions extends MujocoMakeOptions {
  /** Physical parameters overriding the defaults (names as in the env's `parameters`, e.g. `{gravity: 9.81}`). */
  parameters?: Readonly<Record<string, number>>;
  /** Overrides the registered time limit; `null` applies none. */
  maxEpisodeSteps?: number | null;
  /** Wraps the env in {@link UncertaintyWrapper}: a preset name or a (partial) config over the `none` preset. */
  uncertainty?: UncertaintyPreset | Partial<UncertaintyConfig>;
  /** MountainCar / MountainCarContinuous: Gymnasium's `goal_velocity` (0). */
  goalVelocity?: number;
  /** Acrobot: Gymnasium's `book_or_nips` ('book'). */
  bookOrNips?: 'book' | 'nips';
}

function isEnvId(id: string): id is EnvId {
  return (ENV_IDS as readonly string[]).includes(id);
}

/** Builds the bare (unwrapped) environment of a registered id. */
export function makeBase(id: string, options: MakeOptions = {}): BaseEnv {
  if (isMujocoEnvId(id)) return makeMujocoBase(id, options);
  if (!isEnvId(id)) {
    throw new RangeError(`make: unknown environment id ${describeValue(id)}; expected one of ${[...ENV_IDS, ...MUJOCO_ENV_IDS].join(', ')}`);
  }
  const parameters = options.parameters ?? {};
  switch (id) {
    case 'CartPole-v1':
      return new CartPoleEnv(parameters);
    case 'Pendulum-v1':
      return new PendulumEnv(parameters);
    case 'Acrobot-v1':
      return new AcrobotEnv(parameters, options.bookOrNips === undefined ? {} : { bookOrNips: options.bookOrNips });
    case 'MountainCar-v0':
      return new MountainCarEnv(parameters, options.goalVelocity === undefined ? {} : { goalVelocity: options.goalVelocity });
    case 'MountainCarContinuous-v0':
      return new MountainCarContinuousEnv(parameters, options.goalVelocity === undefined ? {} : { goalVelocity: options.goalVelocity });
  }
}

/** The registration (id, time limit, reward threshold) of a registered id. */
export function envSpec(id: string): EnvSpec {
  if (isMujocoEnvId(id)) return mujocoEnvSpec(id);
  return makeBase(id).spec;
}

/**
 * Builds a registered environment as Gymnasium's `gymnasium.make` does: the base env, then `TimeLimit` with the
 * registered (or given) `maxEpisodeSteps`, then, when `options.uncertainty` is given, the uncertainty wrapper
 * (outside the time limit, so delayed rewards are flushed on truncation too).
 * MuJoCo ids need the engine loaded first (`await loadMujoco()`), and their env should be `close()`d.
 * @example
 * const env = make('CartPole-v1', { uncertainty: 'medium' });
 * const { observation } = env.reset({ seed: 0 });
 */
export function make(id: string, options: MakeOptions = {}): Env {
  const base = makeBase(id, options);
  const limit = options.maxEpisodeSteps === undefined ? base.spec.maxEpisodeSteps : options.maxEpisodeSteps;
  let env: Env = limit === null || limit === undefined ? base : new TimeLimit(base, limit);
  if (options.uncertainty !== undefined) env = new UncertaintyWrapper(env, resolveUncertainty(options.uncertainty));
  return env;
}

/**
 * Makes `make(id)` possible: loads the MuJoCo engine for a MuJoCo id (`loadMujoco()`, once per process),
 * nothing for the others. Await it before building an env, or a model of one, from a config.
 * @example
 * await prepareEnv(config.env);
 * const env = make(config.env);
 */
export async function prepareEnv(id: string): Promise<void> {
  if (isMujocoEnvId(id)) await loadMujoco();
}
