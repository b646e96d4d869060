// HalfCheetah-v5: Gymnasium's running half-cheetah, its semantics on our model.
import type { Rng } from '../../tensor/rng.js';
import type { Action, EnvSpec, StepInfo, StepResult } from '../types.js';
import { HALF_CHEETAH_MODEL } from './models/half_cheetah.js';
import { controlCost, MujocoEnv, type MujocoEnvOptions } from './mujoco_env.js';

/** HalfCheetah's task arguments (Gymnasium's, in camelCase). */
export type HalfCheetahParameters = {
  /** Weight of the forward velocity in the reward (1.0). */
  forwardRewardWeight: number;
  /** Weight of the control cost `sum(action^2)` (0.1). */
  ctrlCostWeight: number;
  /** Scale of the reset noise (0.1): uniform on qpos, Gaussian std on qvel. */
  resetNoiseScale: number;
};

/** HalfCheetah-v5's reward weights and reset noise as Gymnasium sets them. */
export const HALF_CHEETAH_DEFAULTS: Readonly<HalfCheetahParameters> = Object.freeze({ forwardRewardWeight: 1.0, ctrlCostWeight: 0.1, resetNoiseScale: 0.1 });

/** HalfCheetah-v5's registration: id, the 1000-step TimeLimit, reward threshold 4800. */
export const HALF_CHEETAH_SPEC: EnvSpec = Object.freeze({ id: 'HalfCheetah-v5', maxEpisodeSteps: 1000, rewardThreshold: 4800 });

/** Options of {@link HalfCheetahEnv}. */
export interface HalfCheetahOptions extends MujocoEnvOptions {
  /** Leave the root x position out of the observation (true; false adds it as component 0). */
  excludeCurrentPositionsFromObservation?: boolean;
}

/**
 * ## Description
 * A planar cheetah (Wawrzyński, 2009): a torso and two three-link legs. Torques on the six leg joints should
 * make it run forward (+x) as fast as possible. Model: {@link HALF_CHEETAH_MODEL}.
 *
 * ## Action Space
 * `Box(-1, 1, (6,), float32)`: torques (as fractions of the gears 120, 90, 60, 120, 60, 30 N m) on the back
 * thigh, shin, foot and the front thigh, shin, foot. The action goes into `ctrl` unclipped; MuJoCo clamps it
 * to [-1, 1]. The control cost uses the unclipped action.
 *
 * ## Observation Space
 * `Box(-Inf, Inf, (17,), float32)`: `concat(qpos[1:], qvel)`, computed in float64 and rounded to float32:
 *
 * | Num | Observation                        | Unit  |
 * |-----|------------------------------------|-------|
 * | 0   | z of the torso (rootz)             | m     |
 * | 1   | pitch of the torso (rooty)         | rad   |
 * | 2-7 | bthigh, bshin, bfoot, fthigh, fshin, ffoot angles | rad |
 * | 8   | x velocity of the torso            | m/s   |
 * | 9   | z velocity of the torso            | m/s   |
 * | 10  | pitch angular velocity             | rad/s |
 * | 11-16 | the six joints' angular velocities | rad/s |
 *
 * With `excludeCurrentPositionsFromObservation: false`, qpos[0] (x) comes first (18 components).
 *
 * ## Rewards
 * `reward = forwardRewardWeight * x_velocity - ctrlCostWeight * sum(action^2)`, with
 * `x_velocity = (x_after - x_before) / dt`, dt = 0.05 s. `info`: `x_position`, `x_velocity`, `reward_forward`,
 * `reward_ctrl` (= minus the control cost, <= 0). Reward threshold 4800.
 *
 * ## Starting State
 * `qpos = U(-0.1, 0.1)^9`, then `qvel = 0.1 * N(0, 1)^9`, both from the `'reset'` stream. Reset `info`: `x_position`.
 *
 * ## Episode End
 * Never terminates. Truncation: 1000 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new HalfCheetahEnv(parameters?, options?)`: any of {@link HalfCheetahParameters}; options `xml` (MJCF
 * text of your own model with the same joints and motors), `frameSkip` (5),
 * `excludeCurrentPositionsFromObservation` (true).
 *
 * ## Version History
 * - v5 (Gymnasium 1.x): this port matches it step for step on the same MuJoCo (mujoco-js 3.3.8), bit for bit.
 */
export class HalfCheetahEnv extends MujocoEnv<HalfCheetahParameters> {
  private readonly skipX: number;

  constructor(parameters: Partial<HalfCheetahParameters> = {}, options: HalfCheetahOptions = {}) {
    const skipX = options.excludeCurrentPositionsFromObservation === false ? 0 : 1;
    super(HALF_CHEETAH_SPEC, { spec: HALF_CHEETAH_SPEC, model: HALF_CHEETAH_MODEL, frameSkip: 5, nq: 9, nv: 9, nu: 6, observationSize: 18 - skipX }, HALF_CHEETAH_DEFAULTS, parameters, options);
    this.skipX = skipX;
  }

  protected resetNoise(rng: Rng, initQpos: Float64Array, initQvel: Float64Array): { qpos: Float64Array; qvel: Float64Array } {
    const s = this.params.resetNoiseScale;
    const qpos = initQpos.map((q) => q + rng.uniform(-s, s));
    const qvel = initQvel.map((v) => v + s * rng.normal());
    return { qpos, qvel };
  }

  protected override resetInfo(): StepInfo {
    return { x_position: this.sim.qposAt(0) };
  }

  observation64(): Float64Array {
    const qpos = this.sim.qpos();
    const qvel = this.sim.qvel();
    const obs = new Float64Array(qpos.length - this.skipX + qvel.length);
    obs.set(qpos.subarray(this.skipX));
    obs.set(qvel, qpos.length - this.skipX);
    return obs;
  }

  step(action: Action): StepResult {
    const a = this.checkAction(action);
    const xBefore = this.sim.qposAt(0);
    this.simulate(a);
    const xAfter = this.sim.qposAt(0);
    const xVelocity = (xAfter - xBefore) / this.dt;
    const forwardReward = this.params.forwardRewardWeight * xVelocity;
    const ctrlCost = controlCost(a, this.params.ctrlCostWeight);
    const info: StepInfo = { x_position: xAfter, x_velocity: xVelocity, reward_forward: forwardReward, reward_ctrl: -ctrlCost };
    return { observation: this.observation(), reward: forwardReward - ctrlCost, terminated: false, truncated: false, info };
  }
}
