import seedrandom from 'seedrandom';

/** The complete, JSON-serialisable state of an {@link Rng}: enough to resume its draws exactly. */
export interface RngState {
  /** The seed path this stream was created from, e.g. `"0/init"`. */
  readonly path: string;
  /** The Alea generator's internal state. */
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  /** The second normal of the last Box-Muller pair, not yet handed out (or null). */
  readonly spareNormal: number | null;
}

/**
 * A seeded random stream, the only source of randomness in the library.
 *
 * Built on seedrandom's Alea generator (fast, 32-bit output, serialisable state).
 * Named child streams come from {@link Rng.fork}: a child is seeded from its parent's
 * *seed path* and its name, never from the parent's draws, so adding a new stream never
 * changes the draws of existing ones, and forking does not advance the parent.
 *
 * @example
 * const rng = new Rng(0);
 * const init = rng.fork('init');   // weights
 * const env = rng.fork('env');     // resets
 * init.normal(); env.uniform();
 */
export class Rng {
  private seedPath: string;
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;
  private spareNormal: number | null = null;

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`Rng: seed must be a finite number or a string, received ${seed}`);
    }
    this.seedPath = String(seed);
    this.prng = seedrandom.alea(this.seedPath, { state: true });
  }

  /** The seed path: the root seed followed by the names of the forks that led here. */
  get path(): string {
    return this.seedPath;
  }

  /**
   * A named child stream. The same parent path and name always give the same stream.
   * @param name a label such as `'init'`, `'env'`, `'noise'`
   * @param index optional index for families of streams, e.g. one per vector-env copy
   */
  fork(name: string, index?: number): Rng {
    if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
      throw new TypeError(`Rng.fork: name must be a non-empty string without '/', received ${JSON.stringify(name)}`);
    }
    if (index !== undefined && !(Number.isInteger(index) && index >= 0)) {
      throw new RangeError(`Rng.fork: index must be a non-negative integer, received ${index}`);
    }
    return new Rng(`${this.path}/${name}${index === undefined ? '' : `#${index}`}`);
  }

  /** A uniform draw in [low, high) (defaults [0, 1)), with 32 bits of randomness. */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng();
  }

  /** A normal draw N(mean, std^2), by the Box-Muller transform (pairs are cached, and saved in the state). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.prng();
    const u2 = this.prng();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return mean + std * radius * Math.cos(angle);
  }

  /** A uniform integer in [0, n) (or [low, high) with two arguments). */
  int(lowOrN: number, high?: number): number {
    const low = high === undefined ? 0 : lowOrN;
    const top = high === undefined ? lowOrN : high;
    if (!Number.isInteger(low) || !Number.isInteger(top) || top <= low) {
      throw new RangeError(`Rng.int: expected integers low < high, received low=${low}, high=${top}`);
    }
    return low + Math.floor(this.prng() * (top - low));
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * An index drawn with probability proportional to `weights[i]` (non-negative, not all zero;
   * they need not sum to 1).
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || w === Infinity) {
        throw new RangeError(`Rng.categorical: weights must be finite and >= 0, received weights[${i}]=${w}`);
      }
      total += w;
    }
    if (!(total > 0)) throw new RangeError(`Rng.categorical: weights must not all be zero (received ${weights.length} weights)`);
    const target = this.prng() * total;
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      cumulative += weights[i] as number;
      if (target < cumulative) return i;
    }
    // Rounding can leave target == total: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /** A snapshot of this stream's state; `Rng.fromState` resumes it exactly. */
  getState(): RngState {
    return { path: this.path, alea: { ...this.prng.state() }, spareNormal: this.spareNormal };
  }

  /** Restores a snapshot taken with {@link Rng.getState} (of this stream or another). */
  setState(state: RngState): void {
    this.prng = seedrandom.alea('', { state: { ...state.alea } });
    this.spareNormal = state.spareNormal;
    this.seedPath = state.path;
  }

  /** A new stream resuming from a snapshot. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(state.path);
    rng.setState(state);
    return rng;
  }
}
