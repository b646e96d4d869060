// One MuJoCo simulation: a compiled model and its data, owned together and freed together.
import type { MjData, MjModel } from 'mujoco-js';
import { compileModel, type MujocoModule } from './engine.js';

/**
 * Everything `mj_step` reads from one step to the next: restoring it continues a simulation bit-identically.
 * Plain number arrays, so a snapshot is JSON-serialisable.
 */
export interface SimulationState {
  time: number;
  qpos: number[];
  qvel: number[];
  act: number[];
  /** The constraint solver's warm start (the previous step's accelerations). */
  qaccWarmstart: number[];
  ctrl: number[];
  qfrcApplied: number[];
  xfrcApplied: number[];
}

/** The arrays of {@link SimulationState}, in its order. */
export const SIMULATION_STATE_ARRAYS = ['qpos', 'qvel', 'act', 'qaccWarmstart', 'ctrl', 'qfrcApplied', 'xfrcApplied'] as const;
/** The name of one of the state's arrays (qpos, qvel, act, ...). */
export type ArrayField = (typeof SIMULATION_STATE_ARRAYS)[number];

// A safety net for a simulation dropped without free(): its wasm memory (megabytes per MjData) is released
// when the JS object is collected. free() unregisters, so nothing is deleted twice.
const finalizer = new FinalizationRegistry<{ model: MjModel; data: MjData }>((held) => {
  held.data.delete();
  held.model.delete();
});

/**
 * A compiled MJCF model and its `mjData`: reset, step, state access and `free()`.
 *
 * NOTE: mujoco-js returns fresh Float64Array views into wasm memory on every property read, and a view
 * goes stale when the heap grows; every method here reads the view it needs afresh and never keeps one.
 */
export class Simulation {
  /** Number of generalised coordinates (`qpos` length). */
  readonly nq: number;
  /** Number of degrees of freedom (`qvel` length). */
  readonly nv: number;
  /** Number of actuators (`ctrl` length). */
  readonly nu: number;
  /** Number of actuator activations (`act` length). */
  readonly na: number;
  /** The integration time step, s. */
  readonly timestep: number;
  /** `(nu, 2)` row-major: each actuator's control range. */
  readonly ctrlRange: Float64Array;
  /** `qpos` of the model's reference configuration (`mj_resetData`), e.g. Hopper `[0, 1.25, 0, 0, 0, 0]`. */
  readonly initQpos: Float64Array;
  /** `qvel` after `mj_resetData` (zeros). */
  readonly initQvel: Float64Array;
  private model: MjModel | null;
  private data: MjData | null;
  private readonly token = {};

  /**
   * Compiles `xml` (MJCF text) and allocates its data. `source` names the model in errors.
   * @throws Error quoting MuJoCo's message when the model does not compile.
   */
  constructor(
    private readonly mj: MujocoModule,
    xml: string,
    readonly source: string,
  ) {
    const model = compileModel(mj, xml, source);
    const data = new mj.MjData(model);
    this.model = model;
    this.data = data;
    finalizer.register(this, { model, data }, this.token);
    this.nq = model.nq;
    this.nv = model.nv;
    this.nu = model.nu;
    this.na = model.na;
    this.timestep = model.opt.timestep;
    const range: Float64Array = model.actuator_ctrlrange;
    this.ctrlRange = range.slice();
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    this.initQpos = qpos.slice();
    this.initQvel = qvel.slice();
  }

  private handles(): { model: MjModel; data: MjData } {
    if (this.model === null || this.data === null) throw new Error(`MuJoCo simulation of ${this.source}: used after free()`);
    return { model: this.model, data: this.data };
  }

  /** Whether `free()` has been called. */
  get freed(): boolean {
    return this.model === null;
  }

  /** `qpos[i]` of the current state. */
  qposAt(i: number): number {
    const q: Float64Array = this.handles().data.qpos;
    return q[i]!;
  }

  /** A copy of `qpos`, shape `(nq,)`. */
  qpos(): Float64Array {
    const q: Float64Array = this.handles().data.qpos;
    return q.slice();
  }

  /** A copy of `qvel`, shape `(nv,)`. */
  qvel(): Float64Array {
    const v: Float64Array = this.handles().data.qvel;
    return v.slice();
  }

  /** The simulation time, s. */
  get time(): number {
    return this.handles().data.time;
  }

  /**
   * Bytes of the MuJoCo module's wasm memory (shared by all simulations). It grows when allocations need room
   * and never shrinks, so a flat value over many created-and-freed simulations shows that nothing leaks.
   */
  wasmHeapBytes(): number {
    const q: Float64Array = this.handles().data.qpos;
    return q.buffer.byteLength;
  }

  /** `mj_resetData`: the reference configuration, zero velocity, time 0, and a cleared solver warm start. */
  reset(): void {
    const { model, data } = this.handles();
    this.mj.mj_resetData(model, data);
  }

  /**
   * Sets `qpos` `(nq,)` and `qvel` `(nv,)`, then runs `mj_forward`, as Gymnasium's `set_state` does.
   */
  setPositionVelocity(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    const { model, data } = this.handles();
    const q: Float64Array = data.qpos;
    for (let i = 0; i < this.nq; i++) q[i] = qpos[i]!;
    const v: Float64Array = data.qvel;
    for (let i = 0; i < this.nv; i++) v[i] = qvel[i]!;
    this.mj.mj_forward(model, data);
  }

  /**
   * Sets `ctrl` `(nu,)` as given (MuJoCo clamps it to `ctrlRange` internally where the actuator is
   * `ctrllimited`; `ctrl` keeps the raw value), runs `mj_step` `nstep` times, then `mj_rnePostConstraint`
   * so that contact forces and body accelerations match the new state, as Gymnasium's `do_simulation` does.
   */
  step(ctrl: ArrayLike<number>, nstep: number): void {
    const { model, data } = this.handles();
    const c: Float64Array = data.ctrl;
    for (let i = 0; i < this.nu; i++) c[i] = ctrl[i]!;
    for (let k = 0; k < nstep; k++) this.mj.mj_step(model, data);
    this.mj.mj_rnePostConstraint(model, data);
  }

  private view(data: MjData, field: ArrayField): Float64Array {
    switch (field) {
      case 'qpos':
        return data.qpos;
      case 'qvel':
        return data.qvel;
      case 'act':
        return data.act;
      case 'qaccWarmstart':
        return data.qacc_warmstart;
      case 'ctrl':
        return data.ctrl;
      case 'qfrcApplied':
        return data.qfrc_applied;
      case 'xfrcApplied':
        return data.xfrc_applied;
    }
  }

  /** The full integration state (see {@link SimulationState}); `restore` continues from it bit-identically. */
  save(): SimulationState {
    const { data } = this.handles();
    const out: SimulationState = { time: data.time, qpos: [], qvel: [], act: [], qaccWarmstart: [], ctrl: [], qfrcApplied: [], xfrcApplied: [] };
    for (const field of SIMULATION_STATE_ARRAYS) out[field] = Array.from(this.view(data, field));
    return out;
  }

  /** The expected length of each array of a {@link SimulationState} of this model. */
  stateLengths(): Record<ArrayField, number> {
    const { data } = this.handles();
    const lengths = { qpos: 0, qvel: 0, act: 0, qaccWarmstart: 0, ctrl: 0, qfrcApplied: 0, xfrcApplied: 0 };
    for (const field of SIMULATION_STATE_ARRAYS) lengths[field] = this.view(data, field).length;
    return lengths;
  }

  /**
   * Restores a state from {@link save} (lengths must match this model), then runs `mj_forward` so that derived
   * quantities (positions of bodies, contacts) describe it. `mj_forward` does not change the saved fields.
   */
  restore(state: SimulationState): void {
    const { model, data } = this.handles();
    data.time = state.time;
    for (const field of SIMULATION_STATE_ARRAYS) this.view(data, field).set(state[field]);
    this.mj.mj_forward(model, data);
  }

  /** Releases the model and data (wasm memory). Idempotent; any later use throws. */
  free(): void {
    if (this.model === null || this.data === null) return;
    finalizer.unregister(this.token);
    this.data.delete();
    this.model.delete();
    this.data = null;
    this.model = null;
  }
}
