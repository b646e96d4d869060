// Acrobot-v1: Gymnasium's two-link swing-up, RK4 over one 0.2 s step.
import type { Rng } from '../tensor/rng.js';
import { ClassicControlEnv, resetBounds } from './base.js';
import { f32 } from './numeric.js';
import { Box, Discrete } from './spaces.js';
import type { Action, EnvSpec, ResetOptions, StepResult } from './types.js';

/** The physical parameters of Acrobot (Gymnasium's class constants as defaults). */
export type AcrobotParameters = {
  /** Length of link 1, m (1.0). */
  linkLength1: number;
  /** Mass of link 1, kg (1.0). */
  linkMass1: number;
  /** Mass of link 2, kg (1.0). */
  linkMass2: number;
  /** Position of the centre of mass of link 1, m (0.5). */
  linkComPos1: number;
  /** Position of the centre of mass of link 2, m (0.5). */
  linkComPos2: number;
  /** Moment of inertia of both links, kg m^2 (1.0). */
  linkMoi: number;
  /** Gravity, m/s^2 (9.8). */
  gravity: number;
};

/** Acrobot's physical parameters as Gymnasium sets them (link lengths, masses, centres of mass, moments of inertia). */
export const ACROBOT_DEFAULTS: Readonly<AcrobotParameters> = Object.freeze({
  linkLength1: 1.0,
  linkMass1: 1.0,
  linkMass2: 1.0,
  linkComPos1: 0.5,
  linkComPos2: 0.5,
  linkMoi: 1.0,
  gravity: 9.8,
});

/** Time step, s. */
export const ACROBOT_DT = 0.2;
/** Bound of the first joint's angular velocity (rad/s); observations and state are clipped to it. */
export const ACROBOT_MAX_VEL_1 = 4 * Math.PI;
/** Bound of the second joint's angular velocity (rad/s). */
export const ACROBOT_MAX_VEL_2 = 9 * Math.PI;
/** Torque of each action, N m. */
export const ACROBOT_TORQUES: readonly number[] = [-1.0, 0.0, 1.0];

/** Acrobot-v1's registration: id, the 500-step TimeLimit, reward threshold -100. */
export const ACROBOT_SPEC: EnvSpec = Object.freeze({ id: 'Acrobot-v1', maxEpisodeSteps: 500, rewardThreshold: -100 });

/**
 * The time derivative of the augmented state `y = [theta1, theta2, dtheta1, dtheta2, torque]` into `out`
 * (the torque's derivative is 0). `nips` selects the NeurIPS-paper equations instead of the book's.
 *
 * NOTE: the expressions keep Gymnasium's operand order so float64 roundings match.
 */
export function acrobotDerivatives(y: Float64Array, out: Float64Array, p: Readonly<AcrobotParameters>, nips: boolean): void {
  const m1 = p.linkMass1;
  const m2 = p.linkMass2;
  const l1 = p.linkLength1;
  const lc1 = p.linkComPos1;
  const lc2 = p.linkComPos2;
  const I1 = p.linkMoi;
  const I2 = p.linkMoi;
  const g = p.gravity;
  const theta1 = y[0]!;
  const theta2 = y[1]!;
  const dtheta1 = y[2]!;
  const dtheta2 = y[3]!;
  const a = y[4]!;
  const cos2 = Math.cos(theta2);
  const sin2 = Math.sin(theta2);
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const denominator = m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1;
  const ddtheta2 = nips
    ? (a + (d2 / d1) * phi1 - phi2) / denominator
    : (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) / denominator;
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
  out[4] = 0.0;
}

/** Gymnasium's `wrap`: shifts `x` by multiples of `high - low` into `[low, high]`. */
function wrap(x: number, low: number, high: number): number {
  const diff = high - low;
  while (x > high) x -= diff;
  while (x < low) x += diff;
  return x;
}

/**
 * ## Description
 * Two links in a chain, one end fixed, the joint between them actuated (Sutton 1996; Sutton & Barto). Starting
 * from hanging down, swing the free end above a target height.
 *
 * ## Action Space
 * `Discrete(3)`: the torque on the actuated joint: `0` -> -1, `1` -> 0, `2` -> +1 N m.
 *
 * ## Observation Space
 * `Box` of shape `(6,)`, float32:
 *
 * | Num | Observation           | Min               | Max             |
 * |-----|-----------------------|-------------------|-----------------|
 * | 0   | cos(theta1)           | -1                | 1               |
 * | 1   | sin(theta1)           | -1                | 1               |
 * | 2   | cos(theta2)           | -1                | 1               |
 * | 3   | sin(theta2)           | -1                | 1               |
 * | 4   | angular velocity 1    | ~ -12.567 (-4 pi) | ~ 12.567 (4 pi) |
 * | 5   | angular velocity 2    | ~ -28.274 (-9 pi) | ~ 28.274 (9 pi) |
 *
 * theta1 = 0 is the first link pointing down; theta2 is relative to the first link.
 *
 * ## Rewards
 * -1 per step, 0 on the terminating step. Reward threshold -100.
 *
 * ## Starting State
 * All four state variables uniform in `(-0.1, 0.1)`, rounded to float32 as Gymnasium does (`options.low`/`high`).
 *
 * ## Episode End
 * 1. Termination: the free end is above the target: `-cos(theta1) - cos(theta2 + theta1) > 1.0`.
 * 2. Truncation: 500 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new AcrobotEnv(parameters?, {bookOrNips})`: any of {@link AcrobotParameters}; `bookOrNips` `'book'` (default)
 * or `'nips'` dynamics. `env.unwrapped.state` is `[theta1, theta2, dtheta1, dtheta2]`, float64. One classic RK4
 * step over dt = 0.2, then both angles wrapped to `[-pi, pi]` and the velocities bounded (±4 pi, ±9 pi).
 * Transition noise is added to the torque (Gymnasium's `torque_noise_max` is the uniform variant of this hook).
 *
 * ## Version History
 * - v1 (Gymnasium 1.4.0): max episode steps 500, sin/cos observation. This port matches it step for step.
 */
export class AcrobotEnv extends ClassicControlEnv<AcrobotParameters> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([-1, -1, -1, -1, -ACROBOT_MAX_VEL_1, -ACROBOT_MAX_VEL_2], [1, 1, 1, 1, ACROBOT_MAX_VEL_1, ACROBOT_MAX_VEL_2]);
  readonly forceScale = 1.0;
  /** Which dynamics equations: Sutton & Barto's book (Gymnasium's default) or the NeurIPS paper. */
  readonly bookOrNips: 'book' | 'nips';
  // Scratch buffers of the RK4 step, reused so a step allocates only its observation.
  private readonly y0 = new Float64Array(5);
  private readonly yt = new Float64Array(5);
  private readonly k1 = new Float64Array(5);
  private readonly k2 = new Float64Array(5);
  private readonly k3 = new Float64Array(5);
  private readonly k4 = new Float64Array(5);

  constructor(parameters: Partial<AcrobotParameters> = {}, options: { bookOrNips?: 'book' | 'nips' } = {}) {
    super(ACROBOT_SPEC, 4, ACROBOT_DEFAULTS, parameters, [1, 1, 1, 1, ACROBOT_MAX_VEL_1, ACROBOT_MAX_VEL_2]);
    this.bookOrNips = options.bookOrNips ?? 'book';
  }

  protected sampleInitialState(rng: Rng, options: ResetOptions): void {
    const [low, high] = resetBounds(this.spec.id, options, -0.1, 0.1);
    // NOTE: Gymnasium casts the reset state to float32 (the first step then computes in float64).
    for (let k = 0; k < 4; k++) this.s[k] = f32(rng.uniform(low, high));
  }

  observation(): Float32Array {
    const s = this.s;
    const obs = new Float32Array(6);
    obs[0] = Math.cos(s[0]!);
    obs[1] = Math.sin(s[0]!);
    obs[2] = Math.cos(s[1]!);
    obs[3] = Math.sin(s[1]!);
    obs[4] = s[2]!;
    obs[5] = s[3]!;
    return obs;
  }

  step(action: Action): StepResult {
    this.checkCanStep(action);
    const a = this.discreteAction(action, 3);
    const torque = ACROBOT_TORQUES[a]! + this.actuatorNoise;
    this.actuatorNoise = 0;
    const { y0, yt, k1, k2, k3, k4 } = this;
    const nips = this.bookOrNips === 'nips';
    const p = this.params;
    y0.set(this.s);
    y0[4] = torque;
    // One classic RK4 step over [0, dt], as Gymnasium's rk4 with t = [0, dt].
    const dt = ACROBOT_DT - 0;
    const dt2 = dt / 2.0;
    acrobotDerivatives(y0, k1, p, nips);
    for (let j = 0; j < 5; j++) yt[j] = y0[j]! + dt2 * k1[j]!;
    acrobotDerivatives(yt, k2, p, nips);
    for (let j = 0; j < 5; j++) yt[j] = y0[j]! + dt2 * k2[j]!;
    acrobotDerivatives(yt, k3, p, nips);
    for (let j = 0; j < 5; j++) yt[j] = y0[j]! + dt * k3[j]!;
    acrobotDerivatives(yt, k4, p, nips);
    const sixth = dt / 6.0;
    const s = this.s;
    for (let j = 0; j < 4; j++) s[j] = y0[j]! + sixth * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!);
    s[0] = wrap(s[0]!, -Math.PI, Math.PI);
    s[1] = wrap(s[1]!, -Math.PI, Math.PI);
    s[2] = Math.min(Math.max(s[2]!, -ACROBOT_MAX_VEL_1), ACROBOT_MAX_VEL_1);
    s[3] = Math.min(Math.max(s[3]!, -ACROBOT_MAX_VEL_2), ACROBOT_MAX_VEL_2);
    const terminated = -Math.cos(s[0]!) - Math.cos(s[1]! + s[0]!) > 1.0;
    this.endIf(terminated);
    return { observation: this.observation(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: {} };
  }
}
