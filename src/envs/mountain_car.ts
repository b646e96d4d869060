// MountainCar-v0: Gymnasium's discrete mountain car.
import type { Rng } from '../tensor/rng.js';
import { ClassicControlEnv, resetBounds } from './base.js';
import { clip } from './numeric.js';
import { Box, Discrete } from './spaces.js';
import type { Action, EnvSpec, ResetOptions, StepResult } from './types.js';

/** The physical parameters of MountainCar (Gymnasium's values as defaults). */
export type MountainCarParameters = {
  /** Acceleration of a push per step (0.001). */
  force: number;
  /** Gravity factor of the slope term (0.0025). */
  gravity: number;
};

/** MountainCar's parameters as Gymnasium sets them: the push per action and gravity. */
export const MOUNTAIN_CAR_DEFAULTS: Readonly<MountainCarParameters> = Object.freeze({ force: 0.001, gravity: 0.0025 });
/** Left end of the track (position units); the car stops there. */
export const MOUNTAIN_CAR_MIN_POSITION = -1.2;
/** Right end of the track. */
export const MOUNTAIN_CAR_MAX_POSITION = 0.6;
/** Bound of the car's speed (position units per step). */
export const MOUNTAIN_CAR_MAX_SPEED = 0.07;

/** MountainCar-v0's registration: id, the 200-step TimeLimit, reward threshold -110. */
export const MOUNTAIN_CAR_SPEC: EnvSpec = Object.freeze({ id: 'MountainCar-v0', maxEpisodeSteps: 200, rewardThreshold: -110 });

/**
 * ## Description
 * A car placed at the bottom of a sinusoidal valley must reach the flag on the right hill (Moore 1990). Its
 * engine is too weak to climb directly: it has to swing back and forth to build momentum.
 *
 * ## Action Space
 * `Discrete(3)`: `0` accelerate left, `1` don't accelerate, `2` accelerate right.
 *
 * ## Observation Space
 * `Box` of shape `(2,)`, float32:
 *
 * | Num | Observation | Min   | Max  |
 * |-----|-------------|-------|------|
 * | 0   | position    | -1.2  | 0.6  |
 * | 1   | velocity    | -0.07 | 0.07 |
 *
 * Dynamics: `v += (action - 1) * force + cos(3 * x) * (-gravity)`, clipped to ±0.07; `x += v`, clipped to
 * `[-1.2, 0.6]`; at the left wall a negative velocity is set to 0 (inelastic collision).
 *
 * ## Rewards
 * -1 per step. Reward threshold -110.
 *
 * ## Starting State
 * Position uniform in `[-0.6, -0.4]` (`options.low`/`options.high`), velocity 0.
 *
 * ## Episode End
 * 1. Termination: position >= 0.5 and velocity >= goalVelocity (0).
 * 2. Truncation: 200 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new MountainCarEnv(parameters?, {goalVelocity})`: any of {@link MountainCarParameters}; `goalVelocity` as
 * Gymnasium's `goal_velocity`. `env.unwrapped.state` is `[position, velocity]`, float64. Transition noise is
 * added to the push direction `(action - 1)`, in units of `force`.
 *
 * ## Version History
 * - v0 (Gymnasium 1.4.0): this port matches it step for step.
 */
export class MountainCarEnv extends ClassicControlEnv<MountainCarParameters> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([MOUNTAIN_CAR_MIN_POSITION, -MOUNTAIN_CAR_MAX_SPEED], [MOUNTAIN_CAR_MAX_POSITION, MOUNTAIN_CAR_MAX_SPEED]);
  readonly forceScale = 1.0;
  readonly goalPosition = 0.5;
  readonly goalVelocity: number;

  constructor(parameters: Partial<MountainCarParameters> = {}, options: { goalVelocity?: number } = {}) {
    super(MOUNTAIN_CAR_SPEC, 2, MOUNTAIN_CAR_DEFAULTS, parameters, [0.9, MOUNTAIN_CAR_MAX_SPEED]);
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  protected sampleInitialState(rng: Rng, options: ResetOptions): void {
    const [low, high] = resetBounds(this.spec.id, options, -0.6, -0.4);
    this.s[0] = rng.uniform(low, high);
    this.s[1] = 0;
  }

  observation(): Float32Array {
    return Float32Array.of(this.s[0]!, this.s[1]!);
  }

  step(action: Action): StepResult {
    this.checkCanStep(action);
    const a = this.discreteAction(action, 3);
    const { force, gravity } = this.params;
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    velocity += (a - 1 + this.actuatorNoise) * force + Math.cos(3 * position) * -gravity;
    this.actuatorNoise = 0;
    velocity = clip(velocity, -MOUNTAIN_CAR_MAX_SPEED, MOUNTAIN_CAR_MAX_SPEED);
    position += velocity;
    position = clip(position, MOUNTAIN_CAR_MIN_POSITION, MOUNTAIN_CAR_MAX_POSITION);
    if (position === MOUNTAIN_CAR_MIN_POSITION && velocity < 0) velocity = 0;
    const terminated = position >= this.goalPosition && velocity >= this.goalVelocity;
    this.s[0] = position;
    this.s[1] = velocity;
    this.endIf(terminated);
    return { observation: this.observation(), reward: -1.0, terminated, truncated: false, info: {} };
  }
}
