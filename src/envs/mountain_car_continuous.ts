// MountainCarContinuous-v0: Gymnasium's continuous mountain car, with NumPy 2's float32 arithmetic.
import type { Rng } from '../tensor/rng.js';
import { ClassicControlEnv, resetBounds } from './base.js';
import { f32 } from './numeric.js';
import { Box } from './spaces.js';
import type { StateReader } from './state.js';
import type { Action, EnvSpec, ResetOptions, StepResult } from './types.js';
import { MOUNTAIN_CAR_MAX_POSITION, MOUNTAIN_CAR_MAX_SPEED, MOUNTAIN_CAR_MIN_POSITION } from './mountain_car.js';

/** The physical parameters of MountainCarContinuous (Gymnasium's values as defaults). */
export type MountainCarContinuousParameters = {
  /** Acceleration per unit of action (0.0015). */
  power: number;
  /** Gravity factor of the slope term (0.0025). */
  gravity: number;
};

/** MountainCarContinuous's parameters as Gymnasium sets them: engine power and gravity. */
export const MOUNTAIN_CAR_CONTINUOUS_DEFAULTS: Readonly<MountainCarContinuousParameters> = Object.freeze({ power: 0.0015, gravity: 0.0025 });

/** MountainCarContinuous-v0's registration: id, the 999-step TimeLimit, reward threshold 90. */
export const MOUNTAIN_CAR_CONTINUOUS_SPEC: EnvSpec = Object.freeze({
  id: 'MountainCarContinuous-v0',
  maxEpisodeSteps: 999,
  rewardThreshold: 90,
});

/**
 * How NumPy 2 types a scalar: a Python float ("weak": adopts the other operand's type), a float32 or a float64.
 * The order is the promotion order: combining two kinds gives the larger.
 */
type Kind = 0 | 1 | 2;
const Kind = { Weak: 0, Single: 1, Double: 2 } as const;

/** A binary NumPy 2 operation on typed scalars: in float32 when the promoted kind is float32. */
function promote(a: Kind, b: Kind): Kind {
  return a > b ? a : b;
}

/**
 * ## Description
 * The mountain car with a continuous engine (Moore 1990; de Broissia's variant): reach the flag on the right
 * hill while spending as little energy as possible.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float32)`: the force. The step clips it to `[-1, 1]` and multiplies it by `power` (0.0015).
 * A plain number is accepted.
 *
 * NOTE: Gymnasium stores the state as float32 after every step, so its arithmetic follows NumPy 2's promotion
 * rules (float32 op Python float -> float32; float32 op float64 -> float64). This port tracks those types:
 * a `Float32Array` action computes as Gymnasium's float32 actions do; a `number`, `number[]` or
 * `Float64Array` action as a float64 array. The state is float64 after `reset` or an assignment to `state`,
 * float32 after a step, as in Gymnasium.
 *
 * ## Observation Space
 * `Box` of shape `(2,)`, float32: position in `[-1.2, 0.6]`, velocity in `[-0.07, 0.07]`.
 *
 * ## Rewards
 * `-0.1 * action^2` per step, on the unclipped action; +100 added on reaching the goal. Threshold 90.
 *
 * ## Starting State
 * Position uniform in `[-0.6, -0.4]` (`options.low`/`options.high`), velocity 0.
 *
 * ## Episode End
 * 1. Termination: position >= 0.45 and velocity >= goalVelocity (0), compared in float32.
 * 2. Truncation: 999 steps (the `TimeLimit` of `make`).
 *
 * ## Arguments
 * `new MountainCarContinuousEnv(parameters?, {goalVelocity})`: any of {@link MountainCarContinuousParameters}.
 * `env.unwrapped.state` is `[position, velocity]`. Transition noise is added to the clipped force.
 *
 * ## Version History
 * - v0 (Gymnasium 1.4.0): this port matches it step for step.
 */
export class MountainCarContinuousEnv extends ClassicControlEnv<MountainCarContinuousParameters> {
  readonly actionSpace = new Box(-1, 1, [1]);
  readonly observationSpace = new Box([MOUNTAIN_CAR_MIN_POSITION, -MOUNTAIN_CAR_MAX_SPEED], [MOUNTAIN_CAR_MAX_POSITION, MOUNTAIN_CAR_MAX_SPEED]);
  readonly forceScale = 1.0;
  readonly goalPosition = 0.45;
  readonly goalVelocity: number;
  /** Whether Gymnasium would hold the state as float32 (after a step) rather than float64 (after reset). */
  private stateIsSingle = false;

  constructor(parameters: Partial<MountainCarContinuousParameters> = {}, options: { goalVelocity?: number } = {}) {
    super(MOUNTAIN_CAR_CONTINUOUS_SPEC, 2, MOUNTAIN_CAR_CONTINUOUS_DEFAULTS, parameters, [0.9, MOUNTAIN_CAR_MAX_SPEED]);
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  protected override onStateAssigned(): void {
    this.stateIsSingle = false;
  }

  protected override saveExtraState(): Record<string, unknown> {
    return { stateIsSingle: this.stateIsSingle };
  }

  protected override loadExtraState(data: StateReader): void {
    this.stateIsSingle = data.boolean('stateIsSingle');
  }

  protected sampleInitialState(rng: Rng, options: ResetOptions): void {
    const [low, high] = resetBounds(this.spec.id, options, -0.6, -0.4);
    this.s[0] = rng.uniform(low, high);
    this.s[1] = 0;
    this.stateIsSingle = false;
  }

  observation(): Float32Array {
    return Float32Array.of(this.s[0]!, this.s[1]!);
  }

  step(action: Action): StepResult {
    this.checkCanStep(action);
    const a = this.scalarAction(action);
    const { power, gravity } = this.params;
    // Apply a NumPy 2 binary op: float32 when the promoted kind is float32 (weak operands cast to float32 first).
    const sk: Kind = this.stateIsSingle ? Kind.Single : Kind.Double;
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    let positionKind: Kind = sk;
    let velocityKind: Kind = sk;

    let force = a;
    let forceKind: Kind = action instanceof Float32Array ? Kind.Single : Kind.Double;
    // Python's max(a, -1.0) / min(., 1.0) return the Python float bound when it wins.
    if (-1.0 > force) {
      force = -1.0;
      forceKind = Kind.Weak;
    }
    if (1.0 < force) {
      force = 1.0;
      forceKind = Kind.Weak;
    }
    if (this.actuatorNoise !== 0) {
      force += this.actuatorNoise;
      forceKind = forceKind === Kind.Single ? Kind.Double : forceKind;
    }
    this.actuatorNoise = 0;

    // velocity += force * power - gravity * cos(3 * position)
    const push = forceKind === Kind.Single ? f32(force * f32(power)) : force * power;
    const angle = positionKind === Kind.Single ? f32(3 * position) : 3 * position;
    const slope = gravity * Math.cos(angle); // math.cos returns a Python float
    const delta = forceKind === Kind.Single ? f32(push - f32(slope)) : push - slope;
    const deltaKind = forceKind;
    const sumKind = promote(velocityKind, deltaKind);
    velocity = sumKind === Kind.Single ? f32(f32(velocity) + f32(delta)) : velocity + delta;
    velocityKind = sumKind;

    if (velocity > bound(MOUNTAIN_CAR_MAX_SPEED, velocityKind)) {
      velocity = MOUNTAIN_CAR_MAX_SPEED;
      velocityKind = Kind.Weak;
    }
    if (velocity < bound(-MOUNTAIN_CAR_MAX_SPEED, velocityKind)) {
      velocity = -MOUNTAIN_CAR_MAX_SPEED;
      velocityKind = Kind.Weak;
    }
    const posKind = promote(positionKind, velocityKind);
    position = posKind === Kind.Single ? f32(f32(position) + f32(velocity)) : position + velocity;
    positionKind = posKind;
    if (position > bound(MOUNTAIN_CAR_MAX_POSITION, positionKind)) {
      position = MOUNTAIN_CAR_MAX_POSITION;
      positionKind = Kind.Weak;
    }
    if (position < bound(MOUNTAIN_CAR_MIN_POSITION, positionKind)) {
      position = MOUNTAIN_CAR_MIN_POSITION;
      positionKind = Kind.Weak;
    }
    if (position === bound(MOUNTAIN_CAR_MIN_POSITION, positionKind) && velocity < 0) {
      velocity = 0;
      velocityKind = Kind.Weak;
    }
    // NOTE: comparisons of a float32 with a Python float happen in float32 (the goal 0.45 becomes 0.44999998...).
    const terminated = position >= bound(this.goalPosition, positionKind) && velocity >= bound(this.goalVelocity, velocityKind);
    const reward = (terminated ? 100.0 : 0) - a * a * 0.1;
    this.s[0] = f32(position);
    this.s[1] = f32(velocity);
    this.stateIsSingle = true;
    this.endIf(terminated);
    return { observation: this.observation(), reward, terminated, truncated: false, info: {} };
  }
}

/** A Python-float constant as NumPy 2 sees it next to a value of `kind`: rounded to float32 beside a float32. */
function bound(value: number, kind: Kind): number {
  return kind === Kind.Single ? f32(value) : value;
}
