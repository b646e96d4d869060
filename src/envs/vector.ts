// VectorEnv: N copies of an environment stepped together, with batched arrays and next-step autoreset.
import type { Env } from './core.js';
import { checkSeed } from './base.js';
import { describeValue } from './format.js';
import { make, type MakeOptions } from './registry.js';
import type { Box, Space } from './spaces.js';
import { expectAnyState, expectState, StateReader, type EnvState } from './state.js';
import type { ResetOptions, StepInfo } from './types.js';

/** What a vector env's `reset` returns. */
export interface VectorResetResult {
  /** `[numEnvs, obsDim]` row-major (a fresh array). */
  observations: Float32Array;
  /** One info per copy. */
  infos: StepInfo[];
}

/** What a vector env's `step` returns: fresh arrays, one entry per copy. */
export interface VectorStepResult {
  /** `[numEnvs, obsDim]` row-major. */
  observations: Float32Array;
  /** `[numEnvs]`. */
  rewards: Float64Array;
  /** `[numEnvs]`, 1 where the copy's MDP ended on this step. */
  terminated: Uint8Array;
  /** `[numEnvs]`, 1 where the copy's episode was truncated on this step. */
  truncated: Uint8Array;
  /** One info per copy. */
  infos: StepInfo[];
}

/** Arguments of a vector env's `reset`. */
export interface VectorResetArgs {
  /** Copy `i` is seeded with `seed + i`. */
  seed?: number;
  options?: ResetOptions;
}

/**
 * The interface shared by {@link VectorEnv} and {@link CartPoleVectorEnv}.
 *
 * Autoreset follows Gymnasium's **next-step** mode: the step on which a copy terminates or truncates returns
 * that episode's last observation, reward and flags; the *next* `step` resets that copy instead of stepping
 * it (its action is ignored) and returns the reset observation with reward 0 and both flags 0. Copy `i` is
 * seeded with `seed + i`; autoresets continue each copy's stream unseeded.
 */
export interface VectorEnvLike {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space;
  /** Components of one observation. */
  readonly obsDim: number;
  /** Resets every copy (copy i seeded `seed + i`): observations [n, obsDim]. */
  reset(args?: VectorResetArgs): VectorResetResult;
  /**
   * Steps every copy. `actions`: discrete spaces, `[numEnvs]` integers; Box spaces, `[numEnvs, actDim]`
   * row-major (a `Float32Array` passes float32 actions to the copies).
   */
  step(actions: ArrayLike<number>): VectorStepResult;
  /** A JSON snapshot of every copy and the autoreset flags. */
  getState(): EnvState;
  /** Restores a {@link VectorEnvLike.getState} snapshot; the next steps continue bit-identically. */
  setState(state: EnvState): void;
}

/**
 * N copies of any {@link Env}, stepped one after another in this thread (Gymnasium's `SyncVectorEnv`), with
 * batched observations `[N, obsDim]` and next-step autoreset (see {@link VectorEnvLike}).
 * @example
 * const envs = makeVec('CartPole-v1', 8);
 * let { observations } = envs.reset({ seed: 0 });
 * const r = envs.step(new Int32Array(8).fill(1));
 */
export class VectorEnv implements VectorEnvLike {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space;
  readonly obsDim: number;
  private readonly actDim: number;
  private readonly autoreset: Uint8Array;
  private started = false;

  constructor(readonly envs: readonly Env[]) {
    if (envs.length < 1) throw new RangeError(`VectorEnv: needs at least one env, received ${envs.length}`);
    const first = envs[0]!;
    for (let i = 1; i < envs.length; i++) {
      const e = envs[i]!;
      if (String(e.observationSpace) !== String(first.observationSpace) || String(e.actionSpace) !== String(first.actionSpace)) {
        throw new TypeError(
          `VectorEnv: every copy needs the same spaces; env 0 has ${first.observationSpace} / ${first.actionSpace}, env ${i} has ${e.observationSpace} / ${e.actionSpace}`,
        );
      }
    }
    this.numEnvs = envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.obsDim = first.observationSpace.size;
    this.actDim = first.actionSpace.kind === 'box' ? first.actionSpace.size : 1;
    this.autoreset = new Uint8Array(envs.length);
  }

  /** Resets every copy (copy i seeded `seed + i`): observations [n, obsDim]. */
  reset(args: VectorResetArgs = {}): VectorResetResult {
    const seed = args.seed === undefined ? undefined : checkSeed('VectorEnv', args.seed);
    const observations = new Float32Array(this.numEnvs * this.obsDim);
    const infos: StepInfo[] = [];
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.envs[i]!.reset({
        ...(seed === undefined ? {} : { seed: seed + i }),
        ...(args.options === undefined ? {} : { options: args.options }),
      });
      observations.set(r.observation, i * this.obsDim);
      infos.push(r.info);
    }
    this.autoreset.fill(0);
    this.started = true;
    return { observations, infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    const n = this.numEnvs;
    if (!this.started) throw new Error(`VectorEnv.step(${describeValue(actions)}): step() was called before reset()`);
    if (actions === null || typeof actions !== 'object' || actions.length !== n * this.actDim) {
      throw new RangeError(`VectorEnv.step: actions must have ${n * this.actDim} entries ([${n}, ${this.actDim}]), received ${describeValue(actions)}`);
    }
    const observations = new Float32Array(n * this.obsDim);
    const rewards = new Float64Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const infos: StepInfo[] = [];
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      if (this.autoreset[i]) {
        const r = env.reset();
        observations.set(r.observation, i * this.obsDim);
        infos.push(r.info);
        this.autoreset[i] = 0;
        continue;
      }
      const r = env.step(this.actionOf(actions, i));
      observations.set(r.observation, i * this.obsDim);
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      infos.push(r.info);
      if (r.terminated || r.truncated) this.autoreset[i] = 1;
    }
    return { observations, rewards, terminated, truncated, infos };
  }

  private actionOf(actions: ArrayLike<number>, i: number): number | ArrayLike<number> {
    if (this.singleActionSpace.kind === 'discrete') return actions[i]!;
    const d = this.actDim;
    if (actions instanceof Float32Array || actions instanceof Float64Array) return actions.subarray(i * d, (i + 1) * d);
    return Array.from({ length: d }, (_, k) => actions[i * d + k]!);
  }

  /** A JSON snapshot of every copy and the autoreset flags. */
  getState(): EnvState {
    return {
      kind: 'VectorEnv',
      data: { autoreset: Array.from(this.autoreset), started: this.started, envs: this.envs.map((e) => e.getState()) },
    };
  }

  /** Restores a `getState` snapshot; the next steps continue bit-identically. */
  setState(state: EnvState): void {
    const own = expectState(state, 'VectorEnv', 'VectorEnv');
    const data = new StateReader('VectorEnv', own.data);
    const autoreset = data.numbers('autoreset', this.numEnvs);
    const started = data.boolean('started');
    const envs = data.raw('envs');
    if (!Array.isArray(envs) || envs.length !== this.numEnvs) {
      throw new TypeError(`VectorEnv.setState: field "envs" must be an array of ${this.numEnvs} states, received ${describeValue(envs)}`);
    }
    envs.forEach((s, i) => this.envs[i]!.setState(expectAnyState(s, 'VectorEnv')));
    this.autoreset.set(autoreset);
    this.started = started;
  }
}

/** N copies of `make(id, options)` in a {@link VectorEnv} (Gymnasium's `make_vec` in sync mode). */
export function makeVec(id: string, numEnvs: number, options: MakeOptions = {}): VectorEnv {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new RangeError(`makeVec: numEnvs must be a positive integer, received ${describeValue(numEnvs)}`);
  return new VectorEnv(Array.from({ length: numEnvs }, () => make(id, options)));
}
