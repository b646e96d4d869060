// CartPoleVectorEnv: N CartPoles as struct-of-arrays state, stepped by the single env's dynamics function.
import { Rng } from '../tensor/rng.js';
import { checkSeed, DEFAULT_SEED, resetBounds } from './base.js';
import { CARTPOLE_DEFAULTS, CARTPOLE_OBSERVATION_SPACE_HIGH, CARTPOLE_SPEC, cartPoleSampleState, cartPoleStep, type CartPoleParameters } from './cartpole.js';
import { describeValue } from './format.js';
import { Box, Discrete } from './spaces.js';
import { expectState, StateReader, type EnvState } from './state.js';
import type { StepInfo } from './types.js';
import type { VectorEnvLike, VectorResetArgs, VectorResetResult, VectorStepResult } from './vector.js';

const NO_INFO: StepInfo = Object.freeze({});

/**
 * N CartPole-v1 copies (with their 500-step time limit) in one struct-of-arrays float64 state
 * `[x(0..N-1), x_dot(0..N-1), theta(0..N-1), theta_dot(0..N-1)]`, stepped with {@link cartPoleStep}, the same
 * function as {@link CartPoleEnv}. It returns exactly what a {@link VectorEnv} of `make('CartPole-v1')` copies
 * returns, autoreset included (next-step mode; copy `i` seeded with `seed + i`, each with its own reset stream
 * `new Rng(seed + i).fork('reset')`), and a test steps both in lockstep. `infos` holds one shared, frozen,
 * empty object per copy. Autoresets use the default reset bounds.
 *
 * Options: `maxEpisodeSteps` (500), `parameters` (CartPole's physical parameters), `copy` (true): as
 * Gymnasium's `copy` flag, `false` makes `step`/`reset` return the same result arrays every call, overwritten
 * by the next call (no allocation per step: about twice the steps per second; copy what you keep).
 */
export class CartPoleVectorEnv implements VectorEnvLike {
  readonly singleObservationSpace = new Box(
    CARTPOLE_OBSERVATION_SPACE_HIGH.map((h) => -h),
    CARTPOLE_OBSERVATION_SPACE_HIGH,
  );
  readonly singleActionSpace = new Discrete(2);
  readonly obsDim = 4;
  readonly parameters: Readonly<CartPoleParameters>;
  private readonly s: Float64Array;
  private readonly steps: Int32Array;
  private readonly autoreset: Uint8Array;
  private readonly rngs: Rng[];
  private readonly infos: StepInfo[];
  private started = false;
  /** Whether each call returns fresh arrays (true) or the same, overwritten ones (false). */
  readonly copy: boolean;
  private readonly buffers: { observations: Float32Array; rewards: Float64Array; terminated: Uint8Array; truncated: Uint8Array };

  constructor(
    readonly numEnvs: number,
    options: { maxEpisodeSteps?: number; parameters?: Partial<CartPoleParameters>; copy?: boolean } = {},
    readonly maxEpisodeSteps = options.maxEpisodeSteps ?? CARTPOLE_SPEC.maxEpisodeSteps ?? 500,
  ) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new RangeError(`CartPoleVectorEnv: numEnvs must be a positive integer, received ${describeValue(numEnvs)}`);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new RangeError(`CartPoleVectorEnv: maxEpisodeSteps must be a positive integer, received ${describeValue(maxEpisodeSteps)}`);
    }
    this.parameters = Object.freeze({ ...CARTPOLE_DEFAULTS, ...options.parameters });
    this.s = new Float64Array(4 * numEnvs);
    this.steps = new Int32Array(numEnvs);
    this.autoreset = new Uint8Array(numEnvs);
    this.rngs = Array.from({ length: numEnvs }, () => new Rng(DEFAULT_SEED).fork('reset'));
    this.infos = Array.from({ length: numEnvs }, () => NO_INFO);
    this.copy = options.copy ?? true;
    this.buffers = {
      observations: new Float32Array(4 * numEnvs),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
    };
  }

  /** Copy `i`'s state `[x, x_dot, theta, theta_dot]` (float64, a copy). */
  stateOf(i: number): Float64Array {
    const n = this.numEnvs;
    return Float64Array.of(this.s[i]!, this.s[n + i]!, this.s[2 * n + i]!, this.s[3 * n + i]!);
  }

  /** Resets every copy (copy i seeded `seed + i`): observations [n, obsDim]. */
  reset(args: VectorResetArgs = {}): VectorResetResult {
    const n = this.numEnvs;
    const seed = args.seed === undefined ? undefined : checkSeed('CartPoleVectorEnv', args.seed);
    const [low, high] = resetBounds('CartPoleVectorEnv', args.options ?? {}, -0.05, 0.05);
    for (let i = 0; i < n; i++) {
      if (seed !== undefined) this.rngs[i] = new Rng(seed + i).fork('reset');
      cartPoleSampleState(this.rngs[i]!, this.s, i, n, low, high);
    }
    this.steps.fill(0);
    this.autoreset.fill(0);
    this.started = true;
    return { observations: this.observations(), infos: this.copy ? this.infos.slice() : this.infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    const n = this.numEnvs;
    if (!this.started) throw new Error(`CartPoleVectorEnv.step(${describeValue(actions)}): step() was called before reset()`);
    if (actions === null || typeof actions !== 'object' || actions.length !== n) {
      throw new RangeError(`CartPoleVectorEnv.step: actions must have ${n} entries, received ${describeValue(actions)}`);
    }
    const s = this.s;
    const p = this.parameters;
    const b = this.buffers;
    const rewards = this.copy ? new Float64Array(n) : b.rewards;
    const terminated = this.copy ? new Uint8Array(n) : b.terminated;
    const truncated = this.copy ? new Uint8Array(n) : b.truncated;
    for (let i = 0; i < n; i++) {
      if (this.autoreset[i] === 1) {
        cartPoleSampleState(this.rngs[i]!, s, i, n, -0.05, 0.05);
        this.steps[i] = 0;
        this.autoreset[i] = 0;
        rewards[i] = 0;
        terminated[i] = 0;
        truncated[i] = 0;
        continue;
      }
      const a = actions[i];
      if (a !== 0 && a !== 1) {
        throw new RangeError(`CartPoleVectorEnv.step: actions[${i}] must be 0 or 1 (Discrete(2)), received ${describeValue(a)}`);
      }
      const term = cartPoleStep(s, i, n, a === 1 ? p.forceMag : -p.forceMag, p);
      const trunc = ++this.steps[i]! >= this.maxEpisodeSteps;
      rewards[i] = 1.0;
      terminated[i] = term ? 1 : 0;
      truncated[i] = trunc ? 1 : 0;
      if (term || trunc) this.autoreset[i] = 1;
    }
    return { observations: this.observations(), rewards, terminated, truncated, infos: this.copy ? this.infos.slice() : this.infos };
  }

  /** The `[N, 4]` float32 observations of the current states. */
  private observations(): Float32Array {
    const n = this.numEnvs;
    const s = this.s;
    const out = this.copy ? new Float32Array(4 * n) : this.buffers.observations;
    for (let i = 0; i < n; i++) {
      out[4 * i] = s[i]!;
      out[4 * i + 1] = s[n + i]!;
      out[4 * i + 2] = s[2 * n + i]!;
      out[4 * i + 3] = s[3 * n + i]!;
    }
    return out;
  }

  /** A JSON snapshot of every copy and the autoreset flags. */
  getState(): EnvState {
    return {
      kind: 'CartPoleVectorEnv',
      data: {
        state: Array.from(this.s),
        steps: Array.from(this.steps),
        autoreset: Array.from(this.autoreset),
        rngs: this.rngs.map((r) => r.getState()),
        started: this.started,
      },
    };
  }

  /** Restores a `getState` snapshot; the next steps continue bit-identically. */
  setState(state: EnvState): void {
    const own = expectState(state, 'CartPoleVectorEnv', 'CartPoleVectorEnv');
    const data = new StateReader('CartPoleVectorEnv', own.data);
    const n = this.numEnvs;
    const s = data.numbers('state', 4 * n);
    const steps = data.numbers('steps', n);
    const autoreset = data.numbers('autoreset', n);
    const started = data.boolean('started');
    const raw = data.raw('rngs');
    if (!Array.isArray(raw) || raw.length !== n) {
      throw new TypeError(`CartPoleVectorEnv.setState: field "rngs" must be an array of ${n} Rng states, received ${describeValue(raw)}`);
    }
    const rngs = raw.map((r, i) => new StateReader('CartPoleVectorEnv', { [`rngs[${i}]`]: r }).rng(`rngs[${i}]`));
    this.s.set(s);
    this.steps.set(steps);
    this.autoreset.set(autoreset);
    rngs.forEach((r, i) => (this.rngs[i] = Rng.fromState(r)));
    this.started = started;
  }
}
