// NormalizeReward: rewards scaled by the running standard deviation of a discounted return.
import { Wrapper, type Env } from '../core.js';
import { describeValue } from '../format.js';
import type { StateReader } from '../state.js';
import type { Action, StepResult } from '../types.js';

/** The running statistics of the discounted return (float64), as Gymnasium's `RunningMeanStd` of shape `()`. */
export interface ReturnStatistics {
  mean: number;
  var: number;
  /** The (fractional) number of samples; starts at 1e-4, Gymnasium's epsilon. */
  count: number;
}

/** Options of {@link NormalizeReward}. */
export interface NormalizeRewardOptions {
  /** Discount of the return whose variance is tracked (0.99), in [0, 1]. */
  gamma?: number;
  /** Added to the variance under the square root (1e-8), > 0. */
  epsilon?: number;
  /**
   * Clip the normalised reward to `[-clip, clip]` (none by default). CleanRL's continuous PPO uses 10
   * (`TransformReward(env, lambda r: np.clip(r, -10, 10))` after `NormalizeReward`).
   */
  clip?: number;
}

/**
 * Gymnasium 1.x's `NormalizeReward`, with CleanRL's clipping as an option. On every step:
 * `G = G * gamma * (1 - terminated) + reward`; the running mean/variance of `G` is updated (unless frozen);
 * the step returns `reward / sqrt(var + epsilon)`, then clipped to `[-clip, clip]` when `clip` is set.
 * The mean is not subtracted. Set `updateStatistics` to false (or call {@link freeze}) to evaluate with fixed
 * statistics. Snapshots (`getState`) hold the statistics and `G`, so they go into checkpoints.
 *
 * NOTE: as in Gymnasium, `G` is zeroed only by `terminated`: a truncation, or a `reset()`, leaves it to carry
 * into the next episode (discounted by gamma).
 * NOTE: the update is Gymnasium's parallel-variance formula with a batch of one, in float64, from mean 0,
 * var 1, count 1e-4, with its operation order, so the statistics match Gymnasium's bit for bit.
 * @example
 * const env = new NormalizeReward(make('HalfCheetah-v5'), { gamma: 0.99, clip: 10 });
 */
export class NormalizeReward extends Wrapper {
  protected readonly name = 'NormalizeReward';
  readonly gamma: number;
  readonly epsilon: number;
  readonly clip: number | undefined;
  /** Whether steps update the running statistics. */
  updateStatistics = true;
  private rms: ReturnStatistics = { mean: 0, var: 1, count: 1e-4 };
  /** The discounted return `G` of the current stream of rewards. */
  private discounted = 0;

  constructor(env: Env, options: NormalizeRewardOptions = {}) {
    super(env);
    const { gamma = 0.99, epsilon = 1e-8, clip } = options;
    if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`NormalizeReward: gamma must be in [0, 1], received ${describeValue(gamma)}`);
    if (!(epsilon > 0)) throw new RangeError(`NormalizeReward: epsilon must be > 0, received ${describeValue(epsilon)}`);
    if (clip !== undefined && !(clip > 0)) throw new RangeError(`NormalizeReward: clip must be > 0 when given, received ${describeValue(clip)}`);
    this.gamma = gamma;
    this.epsilon = epsilon;
    this.clip = clip;
  }

  /** Stops updating the statistics (for evaluation). */
  freeze(): void {
    this.updateStatistics = false;
  }

  /** A copy of the running statistics of the discounted return. */
  get statistics(): ReturnStatistics {
    return { ...this.rms };
  }

  /** Replaces the return statistics (copied). */
  set statistics(value: ReturnStatistics) {
    if (!(value.count > 0) || !(value.var >= 0) || !Number.isFinite(value.mean)) {
      throw new RangeError(`NormalizeReward: statistics must have a finite mean, var >= 0 and count > 0, received ${describeValue(value)}`);
    }
    this.rms = { mean: value.mean, var: value.var, count: value.count };
  }

  /** The current discounted return `G`. */
  get discountedReturn(): number {
    return this.discounted;
  }

  override step(action: Action): StepResult {
    const result = this.env.step(action);
    this.discounted = this.discounted * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.updateStatistics) this.update(this.discounted);
    let reward = result.reward / Math.sqrt(this.rms.var + this.epsilon);
    if (this.clip !== undefined) reward = Math.min(Math.max(reward, -this.clip), this.clip);
    result.reward = reward;
    return result;
  }

  private update(x: number): void {
    const { mean, var: variance, count } = this.rms;
    const delta = x - mean;
    const total = count + 1;
    const m2 = variance * count + (delta * delta * count) / total;
    this.rms = { mean: mean + delta / total, var: m2 / total, count: total };
  }

  protected saveOwnState(): Record<string, unknown> {
    return { mean: this.rms.mean, var: this.rms.var, count: this.rms.count, discounted: this.discounted, updateStatistics: this.updateStatistics };
  }

  protected loadOwnState(data: StateReader): void {
    const mean = data.number('mean');
    const variance = data.number('var');
    const count = data.number('count');
    const discounted = data.number('discounted');
    this.updateStatistics = data.boolean('updateStatistics');
    this.rms = { mean, var: variance, count };
    this.discounted = discounted;
  }
}
