// The environment interface (Gymnasium's Env in TypeScript) and the Wrapper base class.
import type { Box, Space } from './spaces.js';
import { expectState, innerState, StateReader, type EnvState } from './state.js';
import type { Action, EnvSpec, ResetArgs, ResetResult, StepResult } from './types.js';

/**
 * An environment with Gymnasium's API: `reset` starts an episode, `step` advances it by one action.
 *
 * - `terminated` (the MDP ended) and `truncated` (a time limit cut it) stay separate.
 * - Stepping before `reset`, or after an episode ended, throws; so does an invalid action, naming the value.
 * - `getState()`/`setState()` snapshot and restore everything the next steps depend on (physical state,
 *   random streams, wrapper counters), so a restored env continues bit-identically.
 */
export interface Env {
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  readonly spec: EnvSpec;
  /** The innermost environment, below all wrappers. */
  readonly unwrapped: BaseEnv;
  /** Starts an episode; `seed` re-seeds the random streams. */
  reset(args?: ResetArgs): ResetResult;
  /** Advances the episode by one action. */
  step(action: Action): StepResult;
  /** An exact, JSON-serialisable snapshot (see {@link EnvState}). */
  getState(): EnvState;
  /** Restores a snapshot from `getState()` of an env built the same way. */
  setState(state: EnvState): void;
  /** Releases what the env holds outside the JS heap (a MuJoCo env's wasm memory); optional, idempotent. */
  close?(): void;
}

/**
 * What the innermost (physical) environment offers beyond {@link Env}: its physical state in Gymnasium's
 * layout, its physical parameters, and the hooks the uncertainty wrapper perturbs.
 */
export interface BaseEnv extends Env {
  /** The physical state in Gymnasium's layout (float64; a copy). Assigning an array sets it. */
  get state(): Float64Array;
  /** Sets the physical state (Gymnasium's layout); the next step starts from it. */
  set state(value: ArrayLike<number>);
  /** Current physical parameters (a copy), e.g. CartPole `{gravity, massCart, massPole, length, forceMag}`. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The parameters the env was built with (what non-stationary drift is bounded around). */
  readonly nominalParameters: Readonly<Record<string, number>>;
  /** The float32 observation of the current state (a fresh array): what `reset`/`step` return for it. */
  observation(): Float32Array;
  /** Sets one physical parameter by name. */
  setParameter(name: string, value: number): void;
  /** Added to the applied force/torque on the next step only, then reset to 0 (the transition-noise hook). */
  actuatorNoise: number;
  /** The scale of the applied force/torque (e.g. CartPole's force magnitude), for relative transition noise. */
  readonly forceScale: number;
  /** A typical magnitude per observation component, for relative observation noise. */
  readonly observationScale: Float64Array;
}

/**
 * The base of every wrapper: forwards everything to the wrapped env; subclasses override what they change.
 * Snapshots compose: a wrapper's state holds its own `data` and the wrapped env's state as `inner`.
 */
export abstract class Wrapper implements Env {
  constructor(
    /** The wrapped environment. */
    readonly env: Env,
  ) {}

  /** The name of this wrapper in snapshots and errors. */
  protected abstract readonly name: string;

  /** The wrapped env's observation space (a wrapper that changes it overrides this). */
  get observationSpace(): Box {
    return this.env.observationSpace;
  }

  /** The wrapped env's action space. */
  get actionSpace(): Space {
    return this.env.actionSpace;
  }

  /** The wrapped env's registration (id, time limit, reward threshold). */
  get spec(): EnvSpec {
    return this.env.spec;
  }

  get unwrapped(): BaseEnv {
    return this.env.unwrapped;
  }

  reset(args?: ResetArgs): ResetResult {
    return this.env.reset(args);
  }

  step(action: Action): StepResult {
    return this.env.step(action);
  }

  /** Closes the wrapped env (if it has anything to release). */
  close(): void {
    this.env.close?.();
  }

  /** This wrapper's own state (JSON-serialisable, copied). */
  protected abstract saveOwnState(): Record<string, unknown>;
  /** Restores this wrapper's own state from `saveOwnState`'s output. */
  protected abstract loadOwnState(data: StateReader): void;

  getState(): EnvState {
    return { kind: this.name, data: this.saveOwnState(), inner: this.env.getState() };
  }

  setState(state: EnvState): void {
    const own = expectState(state, this.name, this.name);
    this.env.setState(innerState(own, this.name));
    this.loadOwnState(new StateReader(this.name, own.data));
  }
}

/**
 * A wrapper with no state of its own that is invisible in snapshots: getState/setState are the
 * inner env's, so a snapshot taken with it restores without it and the other way round (a fault
 * guard, a fault injector in tests). GRPO copies start states between envs, wrapped or not.
 * @example class Recorder extends TransparentWrapper { protected readonly name = 'Recorder'; }
 */
export abstract class TransparentWrapper extends Wrapper {
  override getState(): EnvState {
    return this.env.getState();
  }

  override setState(state: EnvState): void {
    this.env.setState(state);
  }

  protected saveOwnState(): Record<string, unknown> {
    return {};
  }

  protected loadOwnState(_data: StateReader): void {}
}
