// Weight initialisers. Each is a function (shape, rng) -> values (float64, row-major), drawing
// only from the Rng handed in, one draw per element in row-major order; the conventions (fans,
// gains, bounds) are PyTorch's torch.nn.init, so a PyTorch user recognises every number.
import type { Rng } from '../tensor/rng.js';
import { householderQR } from './qr.js';

/** An initialiser: the initial values of a parameter of `shape`, drawn from `rng`. */
export type Initializer = (shape: readonly number[], rng: Rng) => Float64Array;

/** A nonlinearity name for {@link calculateGain}. */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu';

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`): linear/sigmoid 1,
 * tanh 5/3, relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2)).
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
  }
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Fan-in and fan-out of a weight of `shape` (PyTorch's convention): for [out, in, ...rest],
 * fanIn = in * prod(rest), fanOut = out * prod(rest). Needs at least 2 dimensions.
 */
export function computeFans(shape: readonly number[], who = 'computeFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new RangeError(`${who}: needs a weight with at least 2 dimensions [out, in, ...], received shape [${shape.join(', ')}]`);
  }
  const receptive = numel(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** All zeros. */
export function zerosInit(): Initializer {
  return (shape) => new Float64Array(numel(shape));
}

/** Every element equal to `value`. */
export function constantInit(value: number): Initializer {
  return (shape) => new Float64Array(numel(shape)).fill(value);
}

/** Uniform in [low, high). */
export function uniformInit(low: number, high: number): Initializer {
  if (!(low <= high)) throw new RangeError(`uniformInit: expected low <= high, received low=${low}, high=${high}`);
  return (shape, rng) => Float64Array.from({ length: numel(shape) }, () => rng.uniform(low, high));
}

/** Normal with the given mean and standard deviation. */
export function normalInit(mean = 0, std = 1): Initializer {
  if (!(std >= 0)) throw new RangeError(`normalInit: std must be >= 0, received ${std}`);
  return (shape, rng) => Float64Array.from({ length: numel(shape) }, () => rng.normal(mean, std));
}

/** Xavier/Glorot uniform: U(-a, a), a = gain * sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(options: { gain?: number } = {}): Initializer {
  const gain = options.gain ?? 1;
  return (shape, rng) => {
    const { fanIn, fanOut } = computeFans(shape, 'xavierUniform');
    const a = gain * Math.sqrt(6 / (fanIn + fanOut));
    return uniformInit(-a, a)(shape, rng);
  };
}

/** Xavier/Glorot normal: N(0, std^2), std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal(options: { gain?: number } = {}): Initializer {
  const gain = options.gain ?? 1;
  return (shape, rng) => {
    const { fanIn, fanOut } = computeFans(shape, 'xavierNormal');
    return normalInit(0, gain * Math.sqrt(2 / (fanIn + fanOut)))(shape, rng);
  };
}

/** Options of the Kaiming (He) initialisers, as in PyTorch. */
export interface KaimingOptions {
  /** Negative slope of the leaky relu that follows (used when nonlinearity is 'leaky_relu'); default 0. */
  readonly a?: number;
  /** 'fanIn' (default) preserves the forward variance, 'fanOut' the backward one. */
  readonly mode?: 'fanIn' | 'fanOut';
  /** Default 'leaky_relu' with a = 0, i.e. relu's gain sqrt(2) (PyTorch's default). */
  readonly nonlinearity?: Nonlinearity;
}

function kaimingStd(shape: readonly number[], options: KaimingOptions, who: string): number {
  const { fanIn, fanOut } = computeFans(shape, who);
  const fan = (options.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * Kaiming/He uniform: U(-b, b), b = gain * sqrt(3 / fan).
 * NOTE: `kaimingUniform({ a: Math.sqrt(5) })` is PyTorch's default `nn.Linear` weight init,
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 */
export function kaimingUniform(options: KaimingOptions = {}): Initializer {
  return (shape, rng) => {
    const bound = Math.sqrt(3) * kaimingStd(shape, options, 'kaimingUniform');
    return uniformInit(-bound, bound)(shape, rng);
  };
}

/** Kaiming/He normal: N(0, std^2), std = gain / sqrt(fan). */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  return (shape, rng) => normalInit(0, kaimingStd(shape, options, 'kaimingNormal'))(shape, rng);
}

/**
 * A (semi-)orthogonal matrix times `gain`, as PyTorch's `orthogonal_` builds it: draw the
 * [rows, cols] matrix (rows = shape[0], cols = the rest) from N(0, 1), take the QR of it (or of
 * its transpose when rows < cols), multiply Q's columns by the signs of R's diagonal (so the
 * result is uniformly distributed over orthogonal matrices), transpose back if needed.
 * Rows are orthonormal when rows <= cols, columns when rows >= cols.
 *
 * NOTE: the PPO convention (CleanRL's `layer_init`): gain sqrt(2) for hidden layers, 0.01 for a
 * policy head, 1.0 for a value head; biases 0.
 * @example orthogonalInit({ gain: Math.SQRT2 })([64, 4], new Rng(0)) // 256 values, columns orthogonal
 */
export function orthogonalInit(options: { gain?: number } = {}): Initializer {
  const gain = options.gain ?? 1;
  return (shape, rng) => {
    if (shape.length < 2) {
      throw new RangeError(`orthogonalInit: needs a weight with at least 2 dimensions, received shape [${shape.join(', ')}]`);
    }
    const rows = shape[0]!;
    const cols = numel(shape) / Math.max(1, rows);
    const flat = Float64Array.from({ length: rows * cols }, () => rng.normal());
    const out = new Float64Array(rows * cols);
    if (rows === 0 || cols === 0) return out;
    const tall = rows >= cols;
    // Factor the tall orientation: A (m x k), m >= k.
    const m = tall ? rows : cols;
    const k = tall ? cols : rows;
    const a = tall ? flat : transposed(flat, rows, cols);
    const { q, r } = householderQR(a, m, k, 'reduced');
    for (let j = 0; j < k; j++) {
      // NOTE: sign(0) taken as +1 (PyTorch's sign(0) = 0 would zero the column; it has probability 0).
      const sign = r[j * k + j]! < 0 ? -1 : 1;
      for (let i = 0; i < m; i++) {
        const value = gain * sign * q[i * k + j]!;
        if (tall) out[i * cols + j] = value;
        else out[j * cols + i] = value; // transpose back: out is rows x cols = k x m
      }
    }
    return out;
  };
}

function transposed(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}
