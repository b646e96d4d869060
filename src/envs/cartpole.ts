// CartPole-v1: Gymnasium's cart-pole, its dynamics as one allocation-free function shared with the vector env.
import type { Rng } from '../tensor/rng.js';
import { ClassicControlEnv, resetBounds } from './base.js';
import { Box, Discrete } from './spaces.js';
import type { Action, EnvSpec, ResetOptions, StepResult } from './types.js';

/** The physical parameters of CartPole (Gymnasium's constants as defaults). */
export type CartPoleParameters = {
  /** Gravity, m/s^2 (9.8). */
  gravity: number;
  /** Mass of the cart, kg (1.0). */
  massCart: number;
  /** Mass of the pole, kg (0.1). */
  massPole: number;
  /** Half the pole's length, m (0.5). */
  length: number;
  /** Magnitude of the push, N (10.0). */
  forceMag: number;
};

/** Gymnasium's CartPole constants. */
export const CARTPOLE_DEFAULTS: Readonly<CartPoleParameters> = Object.freeze({
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  length: 0.5,
  forceMag: 10.0,
});

/** Seconds between state updates. */
export const CARTPOLE_TAU = 0.02;
/** |theta| beyond which the episode terminates: 12 degrees, computed as Gymnasium does. */
export const CARTPOLE_THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
/** |x| beyond which the episode terminates, m. */
export const CARTPOLE_X_THRESHOLD = 2.4;

/** CartPole-v1's registration: id, the 500-step TimeLimit, reward threshold 475. */
export const CARTPOLE_SPEC: EnvSpec = Object.freeze({ id: 'CartPole-v1', maxEpisodeSteps: 500, rewardThreshold: 475 });

/**
 * One CartPole step in place: reads `[x, x_dot, theta, theta_dot]` at `s[i + k*stride]` (k = 0..3), applies
 * `force` (N) for `CARTPOLE_TAU` seconds with explicit Euler, writes the new state back, and returns whether
 * the episode terminates. `stride` 1 is one env's state; `stride` N is component-major (struct-of-arrays) state
 * of N envs. Allocates nothing.
 *
 * NOTE: the expression order follows Gymnasium's Python term by term (e.g. `pml * theta_dot**2 * sin` is
 * `pml * (theta_dot*theta_dot) * sin`), so every float64 rounding matches.
 */
export function cartPoleStep(s: Float64Array, i: number, stride: number, force: number, p: Readonly<CartPoleParameters>): boolean {
  const x = s[i]!;
  const xDot = s[i + stride]!;
  const theta = s[i + 2 * stride]!;
  const thetaDot = s[i + 3 * stride]!;
  const totalMass = p.massPole + p.massCart;
  const poleMassLength = p.massPole * p.length;
  const cosTheta = Math.cos(theta);
  const sinTheta = Math.sin(theta);
  const temp = (force + poleMassLength * (thetaDot * thetaDot) * sinTheta) / totalMass;
  const thetaAcc =
    (p.gravity * sinTheta - cosTheta * temp) / (p.length * (4.0 / 3.0 - (p.massPole * (cosTheta * cosTheta)) / totalMass));
  const xAcc = temp - (poleMassLength * thetaAcc * cosTheta) / totalMass;
  // NOTE: explicit Euler (Gymnasium's default "euler" integrator): every update uses the old values.
  const nx = x + CARTPOLE_TAU * xDot;
  const nTheta = theta + CARTPOLE_TAU * thetaDot;
  s[i] = nx;
  s[i + stride] = xDot + CARTPOLE_TAU * xAcc;
  s[i + 2 * stride] = nTheta;
  s[i + 3 * stride] = thetaDot + CARTPOLE_TAU * thetaAcc;
  return nx < -CARTPOLE_X_THRESHOLD || nx > CARTPOLE_X_THRESHOLD || nTheta < -CARTPOLE_THETA_THRESHOLD || nTheta > CARTPOLE_THETA_THRESHOLD;
}

/** Draws CartPole's initial state into `s[i + k*stride]`: four uniform draws in `[low, high)`, in state order. */
export function cartPoleSampleState(rng: Rng, s: Float64Array, i: number, stride: number, low: number, high: number): void {
  for (let k = 0; k < 4; k++) s[i + k * stride] = rng.uniform(low, high);
}

/** The observation bounds: twice the termination thresholds; velocities unbounded (float32 max). */
const FLOAT32_MAX = 3.4028234663852886e38;
/** Upper bounds of the observation space, [4]: x, x_dot, theta, theta_dot (the lower bound is its negation). */
export const CARTPOLE_OBSERVATION_SPACE_HIGH = [CARTPOLE_X_THRESHOLD * 2, FLOAT32_MAX, CARTPOLE_THETA_THRESHOLD * 2, FLOAT32_MAX];

/**
 * ## Description
 * The cart-pole of Barto, Sutton and Anderson (1983): a pole is attached by an un-actuated joint to a cart
 * moving along a frictionless track. The pole starts upright; the goal is to keep it balanced by pushing the
 * cart left or right.
 *
 * ## Action Space
 * `Discrete(2)`: `0` pushes the cart to the left (-forceMag N), `1` to the right (+forceMag N).
 *
 * ## Observation Space
 * `Box` of shape `(4,)`, float32 (the float64 state rounded):
 *
 * | Num | Observation           | Min              | Max             |
 * |-----|-----------------------|------------------|-----------------|
 * | 0   | Cart Position         | -4.8             | 4.8             |
 * | 1   | Cart Velocity         | -Inf (f32 max)   | Inf (f32 max)   |
 * | 2   | Pole Angle            | ~ -0.419 rad     | ~ 0.419 rad     |
 * | 3   | Pole Angular Velocity | -Inf (f32 max)   | Inf (f32 max)   |
 *
 * The episode terminates long before the position and angle bounds: at |x| > 2.4 or |theta| > 12 degrees.
 *
 * ## Rewards
 * +1 for every step, the terminating step included. Reward threshold 475.
 *
 * ## Starting State
 * All four state variables uniform in `(-0.05, 0.05)` (`options.low`/`options.high` change the bounds).
 *
 * ## Episode End
 * 1. Termination: pole angle beyond ±12° (`CARTPOLE_THETA_THRESHOLD`).
 * 2. Termination: cart position beyond ±2.4.
 * 3. Truncation: 500 steps (the `TimeLimit` that `make('CartPole-v1')` adds).
 *
 * ## Arguments
 * `new CartPoleEnv(parameters?)`: any of {@link CartPoleParameters} (gravity, massCart, massPole, length,
 * forceMag). `env.unwrapped.state` is `[x, x_dot, theta, theta_dot]`, float64. Dynamics: explicit Euler,
 * `tau = 0.02` s. Transition noise (`actuatorNoise`) is added to the force.
 *
 * ## Version History
 * - v1 (Gymnasium 1.4.0): max episode steps 500, reward threshold 475. This port matches it step for step.
 */
export class CartPoleEnv extends ClassicControlEnv<CartPoleParameters> {
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box(
    CARTPOLE_OBSERVATION_SPACE_HIGH.map((h) => -h),
    CARTPOLE_OBSERVATION_SPACE_HIGH,
  );

  constructor(parameters: Partial<CartPoleParameters> = {}) {
    super(CARTPOLE_SPEC, 4, CARTPOLE_DEFAULTS, parameters, [CARTPOLE_X_THRESHOLD, 2, CARTPOLE_THETA_THRESHOLD, 3]);
  }

  get forceScale(): number {
    return this.params.forceMag;
  }

  protected sampleInitialState(rng: Rng, options: ResetOptions): void {
    const [low, high] = resetBounds(this.spec.id, options, -0.05, 0.05);
    cartPoleSampleState(rng, this.s, 0, 1, low, high);
  }

  observation(): Float32Array {
    const s = this.s;
    const obs = new Float32Array(4);
    obs[0] = s[0]!;
    obs[1] = s[1]!;
    obs[2] = s[2]!;
    obs[3] = s[3]!;
    return obs;
  }

  step(action: Action): StepResult {
    this.checkCanStep(action);
    const a = this.discreteAction(action, 2);
    const force = (a === 1 ? this.params.forceMag : -this.params.forceMag) + this.actuatorNoise;
    this.actuatorNoise = 0;
    const terminated = cartPoleStep(this.s, 0, 1, force, this.params);
    this.endIf(terminated);
    return { observation: this.observation(), reward: 1.0, terminated, truncated: false, info: {} };
  }
}
