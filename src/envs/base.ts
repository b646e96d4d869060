// The shared skeleton of the classic-control environments: seeding, episode phase, state access, snapshots.
import { Rng } from '../tensor/rng.js';
import type { BaseEnv } from './core.js';
import { describeValue } from './format.js';
import type { Box, Space } from './spaces.js';
import { expectState, StateReader, type EnvState } from './state.js';
import type { Action, EnvSpec, ResetArgs, ResetOptions, ResetResult, StepResult } from './types.js';

/** Where an episode stands: steps are allowed only while `running`. */
export type Phase = 'needs-reset' | 'running' | 'terminated';

/** The seed used when `reset` is first called without one. */
export const DEFAULT_SEED = 0;

/** Checks a `reset` seed: a non-negative integer. */
export function checkSeed(owner: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`${owner}.reset: seed must be a non-negative integer, received ${describeValue(seed)}`);
  }
  return seed;
}

/**
 * Reads optional `{low, high}` reset bounds with defaults (Gymnasium's `maybe_parse_reset_bounds`).
 */
export function resetBounds(owner: string, options: ResetOptions, low: number, high: number): [number, number] {
  const read = (key: string, fallback: number): number => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`${owner}.reset: options.${key} must be a finite number, received ${describeValue(v)}`);
    }
    return v;
  };
  const lo = read('low', low);
  const hi = read('high', high);
  if (lo > hi) throw new RangeError(`${owner}.reset: options.low must be <= options.high, received low=${lo}, high=${hi}`);
  return [lo, hi];
}

/**
 * Base class of the five classic-control environments.
 *
 * Holds the float64 physical state, the physical parameters `P`, the reset stream and the episode phase.
 * Seeding: `reset({seed})` sets the reset stream to `new Rng(seed).fork('reset')`; the first reset without a
 * seed uses seed {@link DEFAULT_SEED} (0), so an unseeded run is still deterministic.
 */
export abstract class ClassicControlEnv<P extends Record<string, number>> implements BaseEnv {
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Space;
  abstract readonly forceScale: number;
  readonly observationScale: Float64Array;
  actuatorNoise = 0;
  readonly nominalParameters: Readonly<P>;
  /** The physical state, float64, Gymnasium's layout. */
  protected readonly s: Float64Array;
  protected params: P;
  protected resetRng = new Rng(DEFAULT_SEED).fork('reset');
  protected phase: Phase = 'needs-reset';

  /**
   * @param defaults the env's default parameters
   * @param overrides parameters overriding the defaults (unknown names throw)
   */
  constructor(
    readonly spec: EnvSpec,
    stateSize: number,
    defaults: Readonly<P>,
    overrides: Readonly<Record<string, number | undefined>>,
    observationScale: readonly number[],
  ) {
    this.s = new Float64Array(stateSize);
    this.params = { ...defaults };
    for (const [name, value] of Object.entries(overrides)) if (value !== undefined) this.setParameter(name, value);
    const params = this.params;
    this.nominalParameters = Object.freeze({ ...params });
    this.observationScale = Float64Array.from(observationScale);
  }

  get unwrapped(): this {
    return this;
  }

  /** The physical state (a float64 copy, Gymnasium's layout). Assigning an array of the same length sets it. */
  get state(): Float64Array {
    return this.s.slice();
  }

  set state(value: ArrayLike<number>) {
    if (value === null || typeof value !== 'object' || value.length !== this.s.length) {
      throw new TypeError(`${this.spec.id}: state must be an array of ${this.s.length} numbers, received ${describeValue(value)}`);
    }
    for (let i = 0; i < this.s.length; i++) {
      const v = value[i];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new TypeError(`${this.spec.id}: state[${i}] must be a number, received ${describeValue(v)}`);
      }
    }
    for (let i = 0; i < this.s.length; i++) this.s[i] = value[i]!;
    this.onStateAssigned();
  }

  /** Called after `state` is assigned (MountainCarContinuous tracks the state's NumPy dtype). */
  protected onStateAssigned(): void {}

  get parameters(): Readonly<P> {
    return { ...this.params };
  }

  setParameter(name: string, value: number): void {
    if (!Object.hasOwn(this.params, name)) {
      throw new RangeError(`${this.spec.id}.setParameter: unknown parameter ${JSON.stringify(name)}; expected one of ${Object.keys(this.params).join(', ')}`);
    }
    this.checkParameter(name, value);
    this.params = { ...this.params, [name]: value };
  }

  private checkParameter(name: string, value: unknown): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${this.spec.id}: parameter ${name} must be a finite number, received ${describeValue(value)}`);
    }
  }

  reset(args: ResetArgs = {}): ResetResult {
    if (args.seed !== undefined) this.resetRng = new Rng(checkSeed(this.spec.id, args.seed)).fork('reset');
    this.sampleInitialState(this.resetRng, args.options ?? {});
    this.actuatorNoise = 0;
    this.phase = 'running';
    return { observation: this.observation(), info: {} };
  }

  /** Draws the initial state into `this.s` (Gymnasium's reset distribution, with `options` bounds). */
  protected abstract sampleInitialState(rng: Rng, options: ResetOptions): void;

  /** The float32 observation of the current state (a fresh array): what `reset` or `step` would return for it. */
  abstract observation(): Float32Array;

  abstract step(action: Action): StepResult;

  /** Throws unless a step is allowed now; `action` is named in the message. */
  protected checkCanStep(action: Action): void {
    if (this.phase === 'running') return;
    const why =
      this.phase === 'needs-reset'
        ? 'step() was called before reset()'
        : 'the episode has terminated; call reset() before stepping again';
    throw new Error(`${this.spec.id}.step(${describeValue(action)}): ${why}`);
  }

  /** Marks the episode terminated when `terminated`; later steps throw until `reset`. */
  protected endIf(terminated: boolean): void {
    if (terminated) this.phase = 'terminated';
  }

  /** Reads a discrete action, or throws naming the value. */
  protected discreteAction(action: Action, n: number): number {
    if (typeof action !== 'number' || !Number.isInteger(action) || action < 0 || action >= n) {
      throw new RangeError(`${this.spec.id}.step: action must be an integer in [0, ${n}) (Discrete(${n})), received ${describeValue(action)}`);
    }
    return action;
  }

  /** Reads the single component of a one-dimensional continuous action, or throws naming the value. */
  protected scalarAction(action: Action): number {
    const v = typeof action === 'number' ? action : action !== null && typeof action === 'object' && action.length === 1 ? action[0] : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(
        `${this.spec.id}.step: action must be a finite number or an array of 1 finite number (Box shape (1,)), received ${describeValue(action)}`,
      );
    }
    return v;
  }

  /** Extra state of a subclass, stored in snapshots. */
  protected saveExtraState(): Record<string, unknown> {
    return {};
  }

  /** Restores what `saveExtraState` stored. */
  protected loadExtraState(_data: StateReader): void {}

  getState(): EnvState {
    return {
      kind: this.spec.id,
      data: {
        state: Array.from(this.s),
        parameters: { ...this.params },
        rng: this.resetRng.getState(),
        phase: this.phase,
        actuatorNoise: this.actuatorNoise,
        ...this.saveExtraState(),
      },
    };
  }

  setState(snapshot: EnvState): void {
    const own = expectState(snapshot, this.spec.id, this.spec.id);
    const data = new StateReader(this.spec.id, own.data);
    const s = data.numbers('state', this.s.length);
    const params = data.numberRecord('parameters', this.params);
    const rng = data.rng('rng');
    const phase = data.string('phase');
    if (phase !== 'needs-reset' && phase !== 'running' && phase !== 'terminated') {
      throw new TypeError(`${this.spec.id}.setState: field "phase" must be needs-reset, running or terminated, received ${describeValue(phase)}`);
    }
    const actuatorNoise = data.number('actuatorNoise');
    this.s.set(s);
    this.params = params;
    this.resetRng = Rng.fromState(rng);
    this.phase = phase;
    this.actuatorNoise = actuatorNoise;
    this.loadExtraState(data);
  }
}
