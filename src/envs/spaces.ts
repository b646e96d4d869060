// Action and observation spaces: Gymnasium's Box and Discrete.
import type { Rng } from '../tensor/rng.js';
import { describeValue } from './format.js';

/**
 * A finite set of integers `{start, ..., start + n - 1}`, Gymnasium's `Discrete(n)`.
 * @example new Discrete(2).contains(1) // true
 */
export class Discrete {
  readonly kind = 'discrete' as const;
  /** The shape of one element: a scalar. */
  readonly shape: readonly number[] = [];

  constructor(
    /** Number of elements. */
    readonly n: number,
    /** The smallest element. */
    readonly start = 0,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Discrete: n must be a positive integer, received ${describeValue(n)}`);
    if (!Number.isInteger(start)) throw new RangeError(`Discrete: start must be an integer, received ${describeValue(start)}`);
  }

  /** A uniformly random element. */
  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }

  /** Whether `x` is an integer in `[start, start + n)`. */
  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  /** Gymnasium's repr, e.g. `Box(-2, 2, (1,), float32)`. */
  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

/**
 * A float32 box `[low, high]` of a given shape (flattened, row-major), Gymnasium's `Box(low, high, shape, float32)`.
 * Bounds are stored as float32, as in Gymnasium; `-Infinity`/`Infinity` mean unbounded.
 * @example new Box(-2, 2, [1]).contains([0.5]) // true
 */
export class Box {
  readonly kind = 'box' as const;
  /** Lower bounds, one per component (float32). */
  readonly low: Float32Array;
  /** Upper bounds, one per component (float32). */
  readonly high: Float32Array;
  /** The shape of one element. */
  readonly shape: readonly number[];
  /** Number of components (the product of `shape`). */
  readonly size: number;

  /**
   * @param low a scalar (broadcast to `shape`) or one bound per component
   * @param high as `low`
   * @param shape required when both bounds are scalars; defaults to `[low.length]`
   */
  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[]) {
    const inferred = typeof low !== 'number' ? low.length : typeof high !== 'number' ? high.length : undefined;
    const resolved = shape ?? (inferred !== undefined ? [inferred] : undefined);
    if (resolved === undefined) throw new TypeError('Box: shape is required when low and high are both scalars, received shape=undefined');
    if (!resolved.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new RangeError(`Box: shape must hold non-negative integers, received ${describeValue(resolved)}`);
    }
    this.shape = [...resolved];
    this.size = resolved.reduce((a, b) => a * b, 1);
    this.low = Box.bounds('low', low, this.size);
    this.high = Box.bounds('high', high, this.size);
    for (let i = 0; i < this.size; i++) {
      if (!(this.low[i]! <= this.high[i]!)) {
        throw new RangeError(`Box: low must be <= high in every component, received low[${i}]=${this.low[i]}, high[${i}]=${this.high[i]}`);
      }
    }
  }

  private static bounds(name: string, value: number | ArrayLike<number>, size: number): Float32Array {
    if (typeof value === 'number') return new Float32Array(size).fill(value);
    if (value.length !== size) throw new RangeError(`Box: ${name} must have ${size} components, received ${value.length}`);
    return Float32Array.from(value);
  }

  /**
   * A random element, drawn as Gymnasium does per component: uniform on a bounded interval,
   * `low + Exp(1)` / `high - Exp(1)` on a half-bounded one, standard normal on an unbounded one.
   */
  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loBounded = lo > -Infinity;
      const hiBounded = hi < Infinity;
      if (loBounded && hiBounded) out[i] = rng.uniform(lo, hi);
      else if (loBounded) out[i] = lo - Math.log(1 - rng.uniform());
      else if (hiBounded) out[i] = hi + Math.log(1 - rng.uniform());
      else out[i] = rng.normal();
    }
    return out;
  }

  /** Whether `x` (an array of `size` numbers, or a number when `size` is 1) lies inside the box. */
  contains(x: unknown): boolean {
    if (typeof x === 'number') return this.size === 1 && x >= this.low[0]! && x <= this.high[0]!;
    if (!(Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array) || x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v: unknown = x[i];
      if (typeof v !== 'number' || !(v >= this.low[i]! && v <= this.high[i]!)) return false;
    }
    return true;
  }

  /** Gymnasium's repr, e.g. `Discrete(2)`. */
  toString(): string {
    const fmt = (a: Float32Array): string => (a.every((v) => v === a[0]) ? String(a[0]) : `[${Array.from(a).join(', ')}]`);
    return `Box(${fmt(this.low)}, ${fmt(this.high)}, (${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), float32)`;
  }
}

/** Any space an environment uses. */
export type Space = Box | Discrete;
