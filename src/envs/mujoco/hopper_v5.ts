// Hopper-v5: Gymnasium's one-legged hopper, its semantics on our model.
import type { Rng } from '../../tensor/rng.js';
import type { Action, EnvSpec, StepInfo, StepResult } from '../types.js';
import { HOPPER_MODEL } from './models/hopper.js';
import { controlCost, MujocoEnv, type MujocoEnvOptions } from './mujoco_env.js';

/** Hopper's task arguments (Gymnasium's, in camelCase; each range is a min/max pair). */
export type HopperParameters = {
  forwardRewardWeight: number;
  ctrlCostWeight: number;
  /** Reward per step while healthy (1.0). */
  healthyReward: number;
  /** Every value of `concat(qpos, qvel)[2:]` must lie strictly inside (-100, 100). */
  healthyStateMin: number;
  healthyStateMax: number;
  /** The torso height qpos[1] must lie strictly inside (0.7, Infinity), m. */
  healthyZMin: number;
  healthyZMax: number;
  /** The torso pitch qpos[2] must lie strictly inside (-0.2, 0.2), rad. */
  healthyAngleMin: number;
  healthyAngleMax: number;
  /** Half-width of the uniform reset noise on qpos and qvel (0.005). */
  resetNoiseScale: number;
};

/** Hopper-v5's reward weights, health bounds and reset noise as Gymnasium sets them. */
export const HOPPER_DEFAULTS: Readonly<HopperParameters> = Object.freeze({
  forwardRewardWeight: 1.0,
  ctrlCostWeight: 1e-3,
  healthyReward: 1.0,
  healthyStateMin: -100.0,
  healthyStateMax: 100.0,
  healthyZMin: 0.7,
  healthyZMax: Infinity,
  healthyAngleMin: -0.2,
  healthyAngleMax: 0.2,
  resetNoiseScale: 5e-3,
});

/** Hopper-v5's registration: id, the 1000-step TimeLimit, reward threshold 3800. */
export const HOPPER_SPEC: EnvSpec = Object.freeze({ id: 'Hopper-v5', maxEpisodeSteps: 1000, rewardThreshold: 3800 });

/** The bound of Hopper's velocity observations: `clip(qvel, -10, 10)`. */
export const HOPPER_VELOCITY_CLIP = 10;

/** Options of {@link HopperEnv}. */
export interface HopperOptions extends MujocoEnvOptions {
  /** End the episode when unhealthy (true). When false the survival reward is still 0 while unhealthy. */
  terminateWhenUnhealthy?: boolean;
  /** Leave the root x position out of the observation (true). */
  excludeCurrentPositionsFromObservation?: boolean;
}

/**
 * ## Description
 * A planar one-legged robot (Erez, Tassa and Todorov, 2011): torso, thigh, leg and foot. Torques on the three
 * hinges should make it hop forward (+x) without falling. Model: {@link HOPPER_MODEL}.
 *
 * ## Action Space
 * `Box(-1, 1, (3,), float32)`: torques (fractions of gear 200) on the thigh, leg and foot hinges; into `ctrl`
 * unclipped (MuJoCo clamps to [-1, 1]); the control cost uses the unclipped action.
 *
 * ## Observation Space
 * `Box(-Inf, Inf, (11,), float32)`: `concat(qpos[1:], clip(qvel, -10, 10))`:
 *
 * | Num  | Observation                                  | Unit  |
 * |------|----------------------------------------------|-------|
 * | 0    | z of the torso (height)                      | m     |
 * | 1    | pitch of the torso                           | rad   |
 * | 2-4  | thigh, leg, foot angles                      | rad   |
 * | 5-6  | x, z velocity of the torso (clipped to ±10)  | m/s   |
 * | 7    | pitch angular velocity (clipped)             | rad/s |
 * | 8-10 | thigh, leg, foot angular velocities (clipped)| rad/s |
 *
 * ## Rewards
 * `reward = forwardRewardWeight * x_velocity + healthyReward * healthy - ctrlCostWeight * sum(action^2)`,
 * `x_velocity = (x_after - x_before) / dt`, dt = 0.008 s, `healthy` judged on the state after the step (so the
 * terminating step earns no survival reward, as in v5). `info`: `x_position`, `z_distance_from_origin`
 * (`qpos[1] - 1.25`), `x_velocity`, `reward_forward`, `reward_ctrl` (minus the control cost), `reward_survive`.
 * Reward threshold 3800.
 *
 * ## Starting State
 * `qpos = [0, 1.25, 0, 0, 0, 0] + U(-0.005, 0.005)^6`, then `qvel = U(-0.005, 0.005)^6`, from the `'reset'`
 * stream. Reset `info`: `x_position`, `z_distance_from_origin`.
 *
 * ## Episode End
 * 1. Termination when unhealthy, every comparison strict: some value of `concat(qpos, qvel)[2:]` (the
 *    angles and the *unclipped* velocities; not the height) outside (-100, 100), or the height outside
 *    (0.7, Inf), or the torso pitch outside (-0.2, 0.2).
 * 2. Truncation: 1000 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new HopperEnv(parameters?, options?)`: any of {@link HopperParameters}; options `xml`, `frameSkip` (4),
 * `terminateWhenUnhealthy` (true), `excludeCurrentPositionsFromObservation` (true).
 *
 * ## Version History
 * - v5 (Gymnasium 1.x): this port matches it step for step on the same MuJoCo (mujoco-js 3.3.8), bit for bit.
 *   MuJoCo 3.14 (Gymnasium's current wheels) sums contact margins where 3.3.8 takes their maximum, so after
 *   the first foot contact it differs from 3.3.8 by up to ~0.1 in velocities.
 */
export class HopperEnv extends MujocoEnv<HopperParameters> {
  private readonly skipX: number;
  private readonly terminateWhenUnhealthy: boolean;

  constructor(parameters: Partial<HopperParameters> = {}, options: HopperOptions = {}) {
    const skipX = options.excludeCurrentPositionsFromObservation === false ? 0 : 1;
    super(HOPPER_SPEC, { spec: HOPPER_SPEC, model: HOPPER_MODEL, frameSkip: 4, nq: 6, nv: 6, nu: 3, observationSize: 12 - skipX }, HOPPER_DEFAULTS, parameters, options);
    this.skipX = skipX;
    this.terminateWhenUnhealthy = options.terminateWhenUnhealthy ?? true;
  }

  protected resetNoise(rng: Rng, initQpos: Float64Array, initQvel: Float64Array): { qpos: Float64Array; qvel: Float64Array } {
    const s = this.params.resetNoiseScale;
    const qpos = initQpos.map((q) => q + rng.uniform(-s, s));
    const qvel = initQvel.map((v) => v + rng.uniform(-s, s));
    return { qpos, qvel };
  }

  protected override resetInfo(): StepInfo {
    return { x_position: this.sim.qposAt(0), z_distance_from_origin: this.sim.qposAt(1) - this.sim.initQpos[1]! };
  }

  observation64(): Float64Array {
    const qpos = this.sim.qpos();
    const qvel = this.sim.qvel();
    const obs = new Float64Array(qpos.length - this.skipX + qvel.length);
    obs.set(qpos.subarray(this.skipX));
    const offset = qpos.length - this.skipX;
    for (let i = 0; i < qvel.length; i++) obs[offset + i] = Math.min(Math.max(qvel[i]!, -HOPPER_VELOCITY_CLIP), HOPPER_VELOCITY_CLIP);
    return obs;
  }

  /** Gymnasium's `is_healthy` on the current state. */
  isHealthy(): boolean {
    const p = this.params;
    const qpos = this.sim.qpos();
    const qvel = this.sim.qvel();
    const z = qpos[1]!;
    const angle = qpos[2]!;
    const inside = (v: number, lo: number, hi: number): boolean => lo < v && v < hi;
    for (let i = 2; i < qpos.length; i++) if (!inside(qpos[i]!, p.healthyStateMin, p.healthyStateMax)) return false;
    for (let i = 0; i < qvel.length; i++) if (!inside(qvel[i]!, p.healthyStateMin, p.healthyStateMax)) return false;
    return inside(z, p.healthyZMin, p.healthyZMax) && inside(angle, p.healthyAngleMin, p.healthyAngleMax);
  }

  step(action: Action): StepResult {
    const a = this.checkAction(action);
    const xBefore = this.sim.qposAt(0);
    this.simulate(a);
    const xAfter = this.sim.qposAt(0);
    const xVelocity = (xAfter - xBefore) / this.dt;
    const healthy = this.isHealthy();
    const forwardReward = this.params.forwardRewardWeight * xVelocity;
    const survive = healthy ? this.params.healthyReward : 0;
    const ctrlCost = controlCost(a, this.params.ctrlCostWeight);
    const terminated = !healthy && this.terminateWhenUnhealthy;
    this.endIf(terminated);
    const info: StepInfo = {
      x_position: xAfter,
      z_distance_from_origin: this.sim.qposAt(1) - this.sim.initQpos[1]!,
      x_velocity: xVelocity,
      reward_forward: forwardReward,
      reward_ctrl: -ctrlCost,
      reward_survive: survive,
    };
    return { observation: this.observation(), reward: forwardReward + survive - ctrlCost, terminated, truncated: false, info };
  }
}
