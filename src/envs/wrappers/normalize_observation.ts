// NormalizeObservation: observations standardised by a running mean and variance.
import { Wrapper, type Env } from '../core.js';
import { describeValue } from '../format.js';
import type { StateReader } from '../state.js';
import type { Action, ResetArgs, ResetResult, StepResult } from '../types.js';

/** Running mean and variance of observations (float64), as Gymnasium's `RunningMeanStd`. */
export interface RunningMeanStd {
  mean: Float64Array;
  var: Float64Array;
  /** The (fractional) number of samples; starts at 1e-4, Gymnasium's epsilon. */
  count: number;
}

/**
 * Returns `float32((obs - mean) / sqrt(var + epsilon))`, per component, updating `mean`/`var` with every
 * observation (reset's included) first, as Gymnasium's `NormalizeObservation` does. Set `updateStatistics`
 * to false (or call {@link freeze}) to evaluate with fixed statistics; `statistics` reads or sets them
 * (e.g. to evaluate with the training env's statistics).
 *
 * `options.clip` (none by default) then clips each component to `[-clip, clip]`, as CleanRL's continuous PPO
 * does with `TransformObservation(env, lambda obs: np.clip(obs, -10, 10))` after `NormalizeObservation`.
 *
 * NOTE: the update is Gymnasium's parallel-variance formula with a batch of one (Chan et al.), in float64,
 * starting from mean 0, var 1, count 1e-4.
 */
export class NormalizeObservation extends Wrapper {
  protected readonly name = 'NormalizeObservation';
  readonly epsilon: number;
  /** The clip bound of normalised components (undefined: no clipping). */
  readonly clip: number | undefined;
  /** Whether observations update the running statistics. */
  updateStatistics = true;
  private rms: RunningMeanStd;

  constructor(env: Env, epsilon = 1e-8, options: { clip?: number } = {}) {
    super(env);
    if (!(epsilon >= 0)) throw new RangeError(`NormalizeObservation: epsilon must be >= 0, received ${describeValue(epsilon)}`);
    const { clip } = options;
    if (clip !== undefined && !(clip > 0)) throw new RangeError(`NormalizeObservation: options.clip must be > 0 when given, received ${describeValue(clip)}`);
    this.epsilon = epsilon;
    this.clip = clip;
    const n = env.observationSpace.size;
    this.rms = { mean: new Float64Array(n), var: new Float64Array(n).fill(1), count: 1e-4 };
  }

  /** Stops updating the statistics (for evaluation). */
  freeze(): void {
    this.updateStatistics = false;
  }

  /** A copy of the running statistics. */
  get statistics(): RunningMeanStd {
    return { mean: this.rms.mean.slice(), var: this.rms.var.slice(), count: this.rms.count };
  }

  /** Replaces the statistics (copied; mean and var of the observation's length, count > 0). */
  set statistics(value: RunningMeanStd) {
    const n = this.rms.mean.length;
    if (value.mean.length !== n || value.var.length !== n || !(value.count > 0)) {
      throw new RangeError(
        `NormalizeObservation: statistics must have mean and var of length ${n} and count > 0, received lengths ${value.mean.length}, ${value.var.length} and count ${value.count}`,
      );
    }
    this.rms = { mean: Float64Array.from(value.mean), var: Float64Array.from(value.var), count: value.count };
  }

  override reset(args?: ResetArgs): ResetResult {
    const result = this.env.reset(args);
    result.observation = this.normalize(result.observation);
    return result;
  }

  override step(action: Action): StepResult {
    const result = this.env.step(action);
    result.observation = this.normalize(result.observation);
    return result;
  }

  private normalize(observation: Float32Array): Float32Array {
    const { mean, var: variance } = this.rms;
    if (this.updateStatistics) {
      const total = this.rms.count + 1;
      for (let i = 0; i < mean.length; i++) {
        const delta = observation[i]! - mean[i]!;
        const m2 = variance[i]! * this.rms.count + delta * delta * this.rms.count / total;
        mean[i] = mean[i]! + delta / total;
        variance[i] = m2 / total;
      }
      this.rms.count = total;
    }
    const out = new Float32Array(observation.length);
    for (let i = 0; i < out.length; i++) out[i] = (observation[i]! - mean[i]!) / Math.sqrt(variance[i]! + this.epsilon);
    const clip = this.clip;
    if (clip !== undefined) for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i]!, -clip), clip);
    return out;
  }

  protected saveOwnState(): Record<string, unknown> {
    return { mean: Array.from(this.rms.mean), var: Array.from(this.rms.var), count: this.rms.count, updateStatistics: this.updateStatistics };
  }

  protected loadOwnState(data: StateReader): void {
    const n = this.rms.mean.length;
    const mean = data.numbers('mean', n);
    const variance = data.numbers('var', n);
    const count = data.number('count');
    this.updateStatistics = data.boolean('updateStatistics');
    this.rms = { mean: Float64Array.from(mean), var: Float64Array.from(variance), count };
  }
}
