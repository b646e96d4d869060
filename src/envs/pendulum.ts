// Pendulum-v1: Gymnasium's inverted-pendulum swing-up.
import type { Rng } from '../tensor/rng.js';
import { ClassicControlEnv } from './base.js';
import { describeValue } from './format.js';
import { clip, f32, floorMod } from './numeric.js';
import { Box } from './spaces.js';
import type { Action, EnvSpec, ResetOptions, StepResult } from './types.js';

/** The physical parameters of Pendulum (Gymnasium's values as defaults). */
export type PendulumParameters = {
  /** Gravity, m/s^2 (10.0; Gymnasium's `g` argument). */
  g: number;
  /** Mass, kg (1.0). */
  m: number;
  /** Length, m (1.0). */
  l: number;
  /** The actuator limit: torques are clipped to ±maxTorque, N m (2.0). */
  maxTorque: number;
};

/** Pendulum's physical parameters as Gymnasium sets them: gravity g (m/s^2), mass m (kg), length l (m), max torque (N m). */
export const PENDULUM_DEFAULTS: Readonly<PendulumParameters> = Object.freeze({ g: 10.0, m: 1.0, l: 1.0, maxTorque: 2.0 });
/** Angular velocity bound, rad/s. */
export const PENDULUM_MAX_SPEED = 8;
/** Time step, s. */
export const PENDULUM_DT = 0.05;

/** Pendulum-v1's registration: id, the 200-step TimeLimit, no reward threshold. */
export const PENDULUM_SPEC: EnvSpec = Object.freeze({ id: 'Pendulum-v1', maxEpisodeSteps: 200, rewardThreshold: undefined });

/** Gymnasium's `angle_normalize`: maps an angle to `[-pi, pi)` with NumPy's floored modulo. */
export function angleNormalize(x: number): number {
  return floorMod(x + Math.PI, 2 * Math.PI) - Math.PI;
}

/**
 * ## Description
 * The inverted pendulum swing-up: a pendulum hangs from a fixed point; torque on its free end must swing it
 * upright (theta = 0) and keep it there.
 *
 * ## Action Space
 * `Box(-2, 2, (1,), float32)`: the torque, N m. The step clips it to ±maxTorque. A plain number is accepted.
 *
 * NOTE: a `Float32Array` action is computed with NumPy 2's float32 rules, as Gymnasium computes the float32
 * actions its action space produces: `3*u` and `0.001*u^2` are rounded to float32. A `number`, `number[]` or
 * `Float64Array` action is computed in float64 (Gymnasium given a float64 array).
 *
 * ## Observation Space
 * `Box` of shape `(3,)`, float32:
 *
 * | Num | Observation      | Min  | Max |
 * |-----|------------------|------|-----|
 * | 0   | x = cos(theta)   | -1.0 | 1.0 |
 * | 1   | y = sin(theta)   | -1.0 | 1.0 |
 * | 2   | Angular Velocity | -8.0 | 8.0 |
 *
 * ## Rewards
 * `r = -(angle_normalize(theta)^2 + 0.1 * theta_dot^2 + 0.001 * torque^2)`, computed from the state before the
 * step and the clipped torque; in `[-16.2736044, 0]`. No reward threshold.
 *
 * ## Starting State
 * theta uniform in `[-pi, pi]`, theta_dot uniform in `[-1, 1]` (`options.x_init`, `options.y_init` change the
 * bounds symmetrically).
 *
 * ## Episode End
 * Never terminates. Truncation: 200 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new PendulumEnv(parameters?)`: any of {@link PendulumParameters} (`g` is Gymnasium's argument).
 * `env.unwrapped.state` is `[theta, theta_dot]`, float64; theta is never wrapped. Dynamics: semi-implicit
 * Euler with dt = 0.05 (velocity first, clipped to ±8, then angle). Transition noise is added to the clipped torque.
 *
 * ## Version History
 * - v1 (Gymnasium 1.4.0): this port matches it step for step.
 */
export class PendulumEnv extends ClassicControlEnv<PendulumParameters> {
  readonly actionSpace: Box;
  readonly observationSpace = new Box([-1, -1, -PENDULUM_MAX_SPEED], [1, 1, PENDULUM_MAX_SPEED]);

  constructor(parameters: Partial<PendulumParameters> = {}) {
    super(PENDULUM_SPEC, 2, PENDULUM_DEFAULTS, parameters, [1, 1, PENDULUM_MAX_SPEED]);
    this.actionSpace = new Box(-this.nominalParameters.maxTorque, this.nominalParameters.maxTorque, [1]);
  }

  get forceScale(): number {
    return this.params.maxTorque;
  }

  protected sampleInitialState(rng: Rng, options: ResetOptions): void {
    const read = (key: string, fallback: number): number => {
      const v = options[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TypeError(`${this.spec.id}.reset: options.${key} must be a finite number, received ${describeValue(v)}`);
      }
      return v;
    };
    const x = read('x_init', Math.PI);
    const y = read('y_init', 1.0);
    this.s[0] = rng.uniform(-x, x);
    this.s[1] = rng.uniform(-y, y);
  }

  observation(): Float32Array {
    const obs = new Float32Array(3);
    obs[0] = Math.cos(this.s[0]!);
    obs[1] = Math.sin(this.s[0]!);
    obs[2] = this.s[1]!;
    return obs;
  }

  step(action: Action): StepResult {
    this.checkCanStep(action);
    const raw = this.scalarAction(action);
    const single = action instanceof Float32Array;
    const { g, m, l, maxTorque } = this.params;
    const th = this.s[0]!;
    const thDot = this.s[1]!;
    let u = single ? f32(clip(raw, f32(-maxTorque), f32(maxTorque))) : clip(raw, -maxTorque, maxTorque);
    if (this.actuatorNoise !== 0) u = single ? f32(u + this.actuatorNoise) : u + this.actuatorNoise;
    this.actuatorNoise = 0;
    const an = angleNormalize(th);
    const torqueCost = single ? f32(f32(0.001) * f32(u * u)) : 0.001 * (u * u);
    const cost = an * an + 0.1 * (thDot * thDot) + torqueCost;
    const torqueCoef = 3.0 / (m * (l * l));
    const torqueTerm = single ? f32(f32(torqueCoef) * u) : torqueCoef * u;
    const newThDot = clip(thDot + (((3 * g) / (2 * l)) * Math.sin(th) + torqueTerm) * PENDULUM_DT, -PENDULUM_MAX_SPEED, PENDULUM_MAX_SPEED);
    this.s[0] = th + newThDot * PENDULUM_DT;
    this.s[1] = newThDot;
    return { observation: this.observation(), reward: -cost, terminated: false, truncated: false, info: {} };
  }
}
