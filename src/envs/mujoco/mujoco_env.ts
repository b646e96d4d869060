// The shared base of the MuJoCo environments: the engine's lifetime, reset, frame-skipped steps, exact snapshots, close.
import { Rng } from '../../tensor/rng.js';
import { checkSeed, DEFAULT_SEED } from '../base.js';
import type { BaseEnv } from '../core.js';
import { describeValue } from '../format.js';
import { Box } from '../spaces.js';
import { expectState, isRecord, StateReader, type EnvState } from '../state.js';
import type { Action, EnvSpec, ResetArgs, ResetResult, StepInfo, StepResult } from '../types.js';
import { mujocoModule } from './engine.js';
import { emitMjcf, type ModelSpec } from './mjcf.js';
import { Simulation, type SimulationState } from './simulation.js';

/** Where an episode stands: steps are allowed only while `running`. */
type Phase = 'needs-reset' | 'running' | 'terminated';

/** Options every MuJoCo environment accepts. */
export interface MujocoEnvOptions {
  /**
   * MJCF text of a model to use instead of ours (it must have the same joints and actuators). To use a file,
   * read it first, e.g. `readFileSync(path, 'utf8')` in Node; environments read no files themselves.
   */
  xml?: string;
  /** Steps of the physics per env step (each env's default is Gymnasium's). */
  frameSkip?: number;
}

/** What a task file tells the base: its registration, default model and layout. */
export interface MujocoTaskConfig {
  spec: EnvSpec;
  /** Our model of the task, used unless `options.xml` is given. */
  model: ModelSpec;
  /** Gymnasium's frame skip for the task. */
  frameSkip: number;
  /** The model sizes the task's semantics assume; a user model must have the same. */
  nq: number;
  nv: number;
  nu: number;
  /** Length of the observation vector. */
  observationSize: number;
}

/** The action as numbers, validated, and whether it came as a `Float32Array` (NumPy float32 rules then apply). */
export interface CheckedAction {
  values: Float64Array;
  float32: boolean;
}

/**
 * Base class of the MuJoCo environments (Gymnasium's `MujocoEnv`). It owns one {@link Simulation} and its
 * lifetime; a task subclass holds only its semantics: reset noise, observation, reward, termination.
 *
 * - `reset({seed})`: `mj_resetData`, then the task's reset noise drawn from the `'reset'` stream
 *   (`new Rng(seed).fork('reset')`; the first reset without a seed uses seed 0), then `mj_forward`.
 * - `step(action)`: `ctrl = action` unclipped (MuJoCo clamps it where the actuator is `ctrllimited`),
 *   `mj_step` x `frameSkip`, `mj_rnePostConstraint`. The step `dt` is `timestep * frameSkip`.
 * - `getState()`/`setState()`: the full integration state (time, qpos, qvel, act, solver warm start, ctrl,
 *   applied forces), the reset stream and the episode phase; a restored env continues bit-identically.
 * - `close()` frees the wasm memory (a few MB per env); a closed env throws on use.
 *
 * Needs the MuJoCo module loaded: `await loadMujoco()` once before constructing any MuJoCo env.
 */
export abstract class MujocoEnv<P extends Record<string, number>> implements BaseEnv {
  readonly actionSpace: Box;
  readonly observationSpace: Box;
  readonly nominalParameters: Readonly<P>;
  /** Typical magnitude of each observation component (1: positions in m and rad, velocities per second). */
  readonly observationScale: Float64Array;
  /** Added to every `ctrl` component on the next step only (not to the action the control cost sees). */
  actuatorNoise = 0;
  /** Physics steps per env step. */
  readonly frameSkip: number;
  /** Seconds per env step: `timestep * frameSkip`. */
  readonly dt: number;
  protected readonly sim: Simulation;
  protected params: P;
  protected resetRng = new Rng(DEFAULT_SEED).fork('reset');
  private phase: Phase = 'needs-reset';

  constructor(
    readonly spec: EnvSpec,
    config: MujocoTaskConfig,
    defaults: Readonly<P>,
    overrides: Readonly<Record<string, number | undefined>>,
    options: MujocoEnvOptions,
  ) {
    const id = spec.id;
    this.frameSkip = options.frameSkip ?? config.frameSkip;
    if (!Number.isInteger(this.frameSkip) || this.frameSkip < 1) {
      throw new RangeError(`${id}: options.frameSkip must be a positive integer, received ${describeValue(options.frameSkip)}`);
    }
    this.params = { ...defaults };
    for (const [name, value] of Object.entries(overrides)) if (value !== undefined) this.setParameter(name, value);
    this.nominalParameters = Object.freeze({ ...this.params });
    const xml = options.xml === undefined ? emitMjcf(config.model) : MujocoEnv.checkXml(id, options.xml);
    const sim = new Simulation(mujocoModule(`make('${id}')`), xml, options.xml === undefined ? `${config.model.model} (ours)` : 'options.xml');
    const sizes = { nq: sim.nq, nv: sim.nv, nu: sim.nu };
    if (sizes.nq !== config.nq || sizes.nv !== config.nv || sizes.nu !== config.nu) {
      sim.free();
      throw new RangeError(
        `${id}: options.xml must describe a model with nq=${config.nq}, nv=${config.nv}, nu=${config.nu}, received nq=${sizes.nq}, nv=${sizes.nv}, nu=${sizes.nu}`,
      );
    }
    this.sim = sim;
    this.dt = sim.timestep * this.frameSkip;
    const low: number[] = [];
    const high: number[] = [];
    for (let i = 0; i < sim.nu; i++) {
      low.push(sim.ctrlRange[2 * i]!);
      high.push(sim.ctrlRange[2 * i + 1]!);
    }
    this.actionSpace = new Box(low, high);
    this.observationSpace = new Box(-Infinity, Infinity, [config.observationSize]);
    this.observationScale = new Float64Array(config.observationSize).fill(1);
  }

  private static checkXml(id: string, xml: unknown): string {
    if (typeof xml !== 'string' || !xml.trimStart().startsWith('<')) {
      throw new TypeError(
        `${id}: options.xml must be MJCF text starting with '<' (read a file yourself, e.g. readFileSync(path, 'utf8')), received ${describeValue(typeof xml === 'string' ? xml.slice(0, 60) : xml)}`,
      );
    }
    return xml;
  }

  get unwrapped(): this {
    return this;
  }

  /** The simulation (read-only use: qpos, qvel, time); the env owns and frees it. */
  get simulation(): Simulation {
    return this.sim;
  }

  /** Gymnasium's `state_vector()`: `concat(qpos, qvel)`, float64. Assigning one sets qpos and qvel and runs `mj_forward`. */
  get state(): Float64Array {
    const out = new Float64Array(this.sim.nq + this.sim.nv);
    out.set(this.sim.qpos());
    out.set(this.sim.qvel(), this.sim.nq);
    return out;
  }

  set state(value: ArrayLike<number>) {
    const n = this.sim.nq + this.sim.nv;
    if (value === null || typeof value !== 'object' || value.length !== n) {
      throw new TypeError(`${this.spec.id}: state must be an array of ${n} numbers (qpos then qvel), received ${describeValue(value)}`);
    }
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${this.spec.id}: state[${i}] must be a finite number, received ${describeValue(v)}`);
    }
    const all = Array.from(value);
    this.sim.setPositionVelocity(all.slice(0, this.sim.nq), all.slice(this.sim.nq));
  }

  /** Sets qpos `(nq,)` and qvel `(nv,)` and runs `mj_forward` (Gymnasium's `set_state`). */
  setPositionVelocity(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    if (qpos.length !== this.sim.nq || qvel.length !== this.sim.nv) {
      throw new RangeError(`${this.spec.id}.setPositionVelocity: expected qpos of length ${this.sim.nq} and qvel of length ${this.sim.nv}, received ${qpos.length} and ${qvel.length}`);
    }
    this.sim.setPositionVelocity(qpos, qvel);
  }

  get parameters(): Readonly<P> {
    return { ...this.params };
  }

  get forceScale(): number {
    let scale = 0;
    for (const v of this.sim.ctrlRange) scale = Math.max(scale, Math.abs(v));
    return scale;
  }

  setParameter(name: string, value: number): void {
    if (!Object.hasOwn(this.params, name)) {
      throw new RangeError(`${this.spec.id}.setParameter: unknown parameter ${JSON.stringify(name)}; expected one of ${Object.keys(this.params).join(', ')}`);
    }
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new TypeError(`${this.spec.id}: parameter ${name} must be a number, received ${describeValue(value)}`);
    }
    this.params = { ...this.params, [name]: value };
  }

  reset(args: ResetArgs = {}): ResetResult {
    if (args.seed !== undefined) this.resetRng = new Rng(checkSeed(this.spec.id, args.seed)).fork('reset');
    this.sim.reset();
    const { qpos, qvel } = this.resetNoise(this.resetRng, this.sim.initQpos, this.sim.initQvel);
    this.sim.setPositionVelocity(qpos, qvel);
    this.actuatorNoise = 0;
    this.phase = 'running';
    return { observation: this.observation(), info: this.resetInfo() };
  }

  /** The task's initial state: `init + noise`, drawn from `rng` (qpos draws first, as Gymnasium). */
  protected abstract resetNoise(rng: Rng, initQpos: Float64Array, initQvel: Float64Array): { qpos: Float64Array; qvel: Float64Array };

  /** What `reset` returns as `info`. */
  protected resetInfo(): StepInfo {
    return {};
  }

  /** The observation in float64, shape `observationSpace.shape` (Gymnasium's `_get_obs`). */
  abstract observation64(): Float64Array;

  /** The float32 observation of the current state (a fresh array): what `reset` or `step` would return for it. */
  observation(): Float32Array {
    return Float32Array.from(this.observation64());
  }

  abstract step(action: Action): StepResult;

  /**
   * Validates an action: a number (when `nu` is 1) or an array of `nu` finite numbers.
   * @throws Error when the episode cannot step; RangeError naming the action when it is malformed.
   */
  protected checkAction(action: Action): CheckedAction {
    if (this.phase !== 'running') {
      const why = this.phase === 'needs-reset' ? 'step() was called before reset()' : 'the episode has terminated; call reset() before stepping again';
      throw new Error(`${this.spec.id}.step(${describeValue(action)}): ${why}`);
    }
    const nu = this.sim.nu;
    const expected = `${nu === 1 ? 'a finite number or ' : ''}an array of ${nu} finite numbers (${this.actionSpace})`;
    const values = new Float64Array(nu);
    const fail = (detail: string): never => {
      throw new RangeError(`${this.spec.id}.step: action must be ${expected}; ${detail}, received ${describeValue(action)}`);
    };
    if (typeof action === 'number') {
      if (nu !== 1) fail(`a number is accepted only when nu is 1 (here ${nu})`);
      if (!Number.isFinite(action)) fail('the action is not finite');
      values[0] = action;
    } else if (action !== null && typeof action === 'object' && typeof action.length === 'number') {
      if (action.length !== nu) fail(`expected length ${nu}, received length ${action.length}`);
      for (let i = 0; i < nu; i++) {
        const v: unknown = action[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) fail(`action[${i}] is ${describeValue(v)}`);
        values[i] = action[i]!;
      }
    } else {
      fail('not a number or an array');
    }
    return { values, float32: action instanceof Float32Array };
  }

  /** Gymnasium's `do_simulation`: `ctrl = action` (plus this step's actuator noise), `frameSkip` physics steps. */
  protected simulate(action: CheckedAction): void {
    let ctrl = action.values;
    if (this.actuatorNoise !== 0) ctrl = ctrl.map((u) => u + this.actuatorNoise);
    this.actuatorNoise = 0;
    this.sim.step(ctrl, this.frameSkip);
  }

  /** Marks the episode terminated when `terminated`; later steps throw until `reset`. */
  protected endIf(terminated: boolean): void {
    if (terminated) this.phase = 'terminated';
  }

  getState(): EnvState {
    return {
      kind: this.spec.id,
      data: {
        simulation: { ...this.sim.save() },
        parameters: encodeParameters(this.params),
        rng: this.resetRng.getState(),
        phase: this.phase,
        actuatorNoise: this.actuatorNoise,
      },
    };
  }

  setState(snapshot: EnvState): void {
    const own = expectState(snapshot, this.spec.id, this.spec.id);
    const data = new StateReader(this.spec.id, own.data);
    const simulation = this.readSimulationState(data.raw('simulation'));
    const params = decodeParameters(this.spec.id, data.raw('parameters'), this.params);
    const rng = data.rng('rng');
    const phase = data.string('phase');
    if (phase !== 'needs-reset' && phase !== 'running' && phase !== 'terminated') {
      throw new TypeError(`${this.spec.id}.setState: field "phase" must be needs-reset, running or terminated, received ${describeValue(phase)}`);
    }
    const actuatorNoise = data.number('actuatorNoise');
    this.sim.restore(simulation);
    this.params = params;
    this.resetRng = Rng.fromState(rng);
    this.phase = phase;
    this.actuatorNoise = actuatorNoise;
  }

  private readSimulationState(raw: unknown): SimulationState {
    const owner = `${this.spec.id}.setState: field "simulation"`;
    if (!isRecord(raw)) throw new TypeError(`${owner} must be a simulation state from getState(), received ${describeValue(raw)}`);
    const reader = new StateReader(`${this.spec.id} (simulation)`, raw);
    const lengths = this.sim.stateLengths();
    return {
      time: reader.number('time'),
      qpos: reader.numbers('qpos', lengths.qpos),
      qvel: reader.numbers('qvel', lengths.qvel),
      act: reader.numbers('act', lengths.act),
      qaccWarmstart: reader.numbers('qaccWarmstart', lengths.qaccWarmstart),
      ctrl: reader.numbers('ctrl', lengths.ctrl),
      qfrcApplied: reader.numbers('qfrcApplied', lengths.qfrcApplied),
      xfrcApplied: reader.numbers('xfrcApplied', lengths.xfrcApplied),
    };
  }

  /** Frees the simulation's wasm memory. Idempotent; stepping a closed env throws. */
  close(): void {
    this.sim.free();
  }
}

/** Parameters for a JSON snapshot: JSON has no infinities (Hopper's `healthyZMax` is one), so they are written as text. */
function encodeParameters(params: Readonly<Record<string, number>>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Number.isFinite(v) ? v : String(v);
  return out;
}

/** Reads what {@link encodeParameters} wrote, with exactly the keys of `template`. */
function decodeParameters<P extends Record<string, number>>(id: string, raw: unknown, template: P): P {
  const keys = Object.keys(template);
  const fail = (): never => {
    throw new TypeError(`${id}.setState: field "parameters" must be an object with numeric fields ${keys.join(', ')} (infinities as "Infinity"/"-Infinity"), received ${describeValue(raw)}`);
  };
  if (!isRecord(raw)) return fail();
  const out = { ...template };
  for (const k of keys) {
    const v = raw[k];
    const value = typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : fail();
    Object.assign(out, { [k]: value });
  }
  return out;
}

/**
 * Gymnasium's `control_cost`: `weight * sum(action^2)` on the action as passed (unclipped).
 *
 * NOTE: a `Float32Array` action follows NumPy 2's float32 rules, as Gymnasium computes the float32 actions its
 * action space produces: squares, their sum (in index order) and the product with the weight are rounded to
 * float32. Any other action is computed in float64.
 */
export function controlCost(action: CheckedAction, weight: number): number {
  const a = action.values;
  if (!action.float32) {
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += a[i]! * a[i]!;
    return weight * sum;
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum = Math.fround(sum + Math.fround(a[i]! * a[i]!));
  return Math.fround(Math.fround(weight) * sum);
}
