// InvertedPendulum-v5: Gymnasium's cart-pole on MuJoCo, its semantics on our model.
import type { Rng } from '../../tensor/rng.js';
import type { Action, EnvSpec, StepResult } from '../types.js';
import { INVERTED_PENDULUM_MODEL } from './models/inverted_pendulum.js';
import { MujocoEnv, type MujocoEnvOptions } from './mujoco_env.js';

/** InvertedPendulum's task arguments. */
export type InvertedPendulumParameters = {
  /** Half-width of the uniform reset noise on qpos and qvel (0.01). */
  resetNoiseScale: number;
};

/** InvertedPendulum-v5's reset noise as Gymnasium sets it. */
export const INVERTED_PENDULUM_DEFAULTS: Readonly<InvertedPendulumParameters> = Object.freeze({ resetNoiseScale: 0.01 });

/** InvertedPendulum-v5's registration: id, the 1000-step TimeLimit, reward threshold 950. */
export const INVERTED_PENDULUM_SPEC: EnvSpec = Object.freeze({ id: 'InvertedPendulum-v5', maxEpisodeSteps: 1000, rewardThreshold: 950 });

/** |pole angle| (rad) beyond which the episode terminates (strictly greater). */
export const INVERTED_PENDULUM_ANGLE_LIMIT = 0.2;

/**
 * ## Description
 * A cart on a 2 m rail with a pole hinged on it. Pushing the cart left or right should keep the pole upright.
 * Model: {@link INVERTED_PENDULUM_MODEL}.
 *
 * ## Action Space
 * `Box(-3, 3, (1,), float32)`: the force on the cart (fraction of gear 100); into `ctrl` unclipped (MuJoCo
 * clamps to [-3, 3]). A plain number is accepted.
 *
 * ## Observation Space
 * `Box(-Inf, Inf, (4,), float32)`: `concat(qpos, qvel)`, nothing clipped:
 *
 * | Num | Observation                  | Unit  |
 * |-----|------------------------------|-------|
 * | 0   | cart position (slider)       | m     |
 * | 1   | pole angle (hinge)           | rad   |
 * | 2   | cart velocity                | m/s   |
 * | 3   | pole angular velocity        | rad/s |
 *
 * ## Rewards
 * 1 for every step on which the episode does not terminate, 0 on the terminating step (v5). No control cost.
 * `info.reward_survive` repeats it. Reward threshold 950.
 *
 * ## Starting State
 * `qpos = U(-0.01, 0.01)^2`, then `qvel = U(-0.01, 0.01)^2`, from the `'reset'` stream. Reset `info`: `{}`.
 *
 * ## Episode End
 * 1. Termination, judged after the step: an observation component is not finite, or |pole angle| > 0.2 rad.
 * 2. Truncation: 1000 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new InvertedPendulumEnv(parameters?, options?)`: `resetNoiseScale`; options `xml`, `frameSkip` (2).
 *
 * ## Version History
 * - v5 (Gymnasium 1.x): this port matches it step for step, bit for bit (also against MuJoCo 3.14).
 */
export class InvertedPendulumEnv extends MujocoEnv<InvertedPendulumParameters> {
  constructor(parameters: Partial<InvertedPendulumParameters> = {}, options: MujocoEnvOptions = {}) {
    super(INVERTED_PENDULUM_SPEC, { spec: INVERTED_PENDULUM_SPEC, model: INVERTED_PENDULUM_MODEL, frameSkip: 2, nq: 2, nv: 2, nu: 1, observationSize: 4 }, INVERTED_PENDULUM_DEFAULTS, parameters, options);
  }

  protected resetNoise(rng: Rng, initQpos: Float64Array, initQvel: Float64Array): { qpos: Float64Array; qvel: Float64Array } {
    const s = this.params.resetNoiseScale;
    const qpos = initQpos.map((q) => q + rng.uniform(-s, s));
    const qvel = initQvel.map((v) => v + rng.uniform(-s, s));
    return { qpos, qvel };
  }

  observation64(): Float64Array {
    const obs = new Float64Array(4);
    obs.set(this.sim.qpos());
    obs.set(this.sim.qvel(), 2);
    return obs;
  }

  step(action: Action): StepResult {
    const a = this.checkAction(action);
    this.simulate(a);
    const obs = this.observation64();
    const terminated = !obs.every(Number.isFinite) || Math.abs(obs[1]!) > INVERTED_PENDULUM_ANGLE_LIMIT;
    this.endIf(terminated);
    const reward = terminated ? 0 : 1;
    return { observation: Float32Array.from(obs), reward, terminated, truncated: false, info: { reward_survive: reward } };
  }
}
