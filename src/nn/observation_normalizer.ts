// ObservationNormalizer: running mean and variance of observations, kept inside a policy (as buffers)
// so a saved model carries the statistics its inputs were normalised with.
import { full, Tensor, zeros } from '../autograd/index.js';
import { Module } from './module.js';

/** Options of {@link ObservationNormalizer}. */
export interface ObservationNormalizerOptions {
  /** Clip normalised components to `[-clip, clip]` (CleanRL: 10); 0 or undefined = no clipping. */
  readonly clip?: number;
  /** Added to the variance under the square root (1e-8, Gymnasium's). */
  readonly epsilon?: number;
}

/**
 * `normalize(x) = float32((x - mean) / sqrt(var + epsilon))`, per component, then clipped to
 * `[-clip, clip]`: Gymnasium's `NormalizeObservation` followed by CleanRL's clip, as a module.
 * The statistics are buffers (`mean` [d], `var` [d], `count` [1], float64): saved and loaded with the
 * weights, never trained. Nothing updates them but an explicit {@link update}: evaluation and every
 * forward pass use them frozen.
 *
 * NOTE: {@link update} takes a batch, as Gymnasium's `RunningMeanStd.update` does (batch mean and population
 * variance merged with Chan et al.'s parallel formula), from mean 0, var 1, count 1e-4. Updating with one row
 * at a time gives the `NormalizeObservation` wrapper's statistics; a batch gives the same up to rounding.
 * @example
 * const norm = new ObservationNormalizer(17, { clip: 10 });
 * norm.update(observations, 2048);      // [2048, 17] row-major
 * const inputs = norm.normalize(obs);   // [N, 17] -> [N, 17] float32
 */
export class ObservationNormalizer extends Module {
  readonly dim: number;
  readonly clip: number;
  readonly epsilon: number;
  /** Running mean [d] (float64 buffer). */
  readonly mean: Tensor;
  /** Running (population) variance [d] (float64 buffer). */
  readonly var: Tensor;
  /** Samples seen [1] (float64 buffer; starts at 1e-4). */
  readonly count: Tensor;

  constructor(dim: number, options: ObservationNormalizerOptions = {}) {
    super();
    const { clip = 0, epsilon = 1e-8 } = options;
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`ObservationNormalizer: dim must be a positive integer, received ${dim}`);
    if (!(clip >= 0)) throw new RangeError(`ObservationNormalizer: clip must be >= 0 (0 = none), received ${clip}`);
    if (!(epsilon > 0)) throw new RangeError(`ObservationNormalizer: epsilon must be > 0, received ${epsilon}`);
    this.dim = dim;
    this.clip = clip;
    this.epsilon = epsilon;
    this.mean = this.registerBuffer('mean', zeros([dim], { dtype: 'float64' }));
    this.var = this.registerBuffer('var', full([dim], 1, { dtype: 'float64' }));
    this.count = this.registerBuffer('count', full([1], 1e-4, { dtype: 'float64' }));
  }

  /**
   * Merges `rows` observations (`values` [rows, dim], row-major) into the statistics.
   * @throws RangeError when `values` does not hold rows x dim numbers
   */
  update(values: ArrayLike<number>, rows: number): void {
    const d = this.dim;
    if (!Number.isInteger(rows) || rows < 0 || values.length !== rows * d) {
      throw new RangeError(`ObservationNormalizer.update: expected rows x ${d} = ${rows * d} values, received ${values.length} for rows=${rows}`);
    }
    if (rows === 0) return;
    const mean = this.mean.data;
    const variance = this.var.data;
    const count = this.count.data[0]!;
    const total = count + rows;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += values[r * d + j]!;
      const batchMean = sum / rows;
      let squares = 0;
      for (let r = 0; r < rows; r++) {
        const c = values[r * d + j]! - batchMean;
        squares += c * c;
      }
      const batchVar = squares / rows;
      // Gymnasium's update_mean_var_count_from_moments, in its operation order.
      const delta = batchMean - mean[j]!;
      const m2 = variance[j]! * count + batchVar * rows + (delta * delta * count * rows) / total;
      mean[j] = mean[j]! + (delta * rows) / total;
      variance[j] = m2 / total;
    }
    this.count.data[0] = total;
  }

  /** Normalised copies of observations `values` [N, dim] (row-major) -> float32 [N, dim]. */
  normalize(values: ArrayLike<number>): Float32Array {
    const d = this.dim;
    if (values.length % d !== 0) throw new RangeError(`ObservationNormalizer.normalize: expected a multiple of ${d} values, received ${values.length}`);
    const mean = this.mean.data;
    const std = new Float64Array(d);
    for (let j = 0; j < d; j++) std[j] = Math.sqrt(this.var.data[j]! + this.epsilon);
    const out = new Float32Array(values.length);
    const clip = this.clip;
    for (let i = 0; i < values.length; i++) {
      const j = i % d;
      const z = (values[i]! - mean[j]!) / std[j]!;
      out[i] = clip > 0 ? Math.min(Math.max(z, -clip), clip) : z;
    }
    return out;
  }

  /**
   * The normalised observations as a tensor: x [N, dim] -> [N, dim], no gradient (inputs are data). The values
   * are float32 as {@link normalize} gives them; a float64 input (a float64 copy of a policy, for audits)
   * gets them as float64.
   */
  forward(x: Tensor): Tensor {
    const out = this.normalize(x.contiguous().toTypedArray());
    return new Tensor(x.dtype === 'float64' ? Float64Array.from(out) : out, x.shape.slice());
  }
}
