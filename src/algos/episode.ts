// Episodes as rollouts record them, and the helpers that slice flat per-step data into minibatches.
import { Tensor } from '../autograd/index.js';
import { Wrapper, UncertaintyWrapper, type Env } from '../envs/index.js';
import type { ActionSpec } from './policy.js';

/** One finished (or cut) episode of a rollout. */
export interface Episode {
  /** Observations, row-major [length, obsDim]. */
  readonly observations: number[];
  /** Actions as sampled (unclipped), row-major [length, actionDim] (actionDim 1 for discrete). */
  readonly actions: number[];
  readonly rewards: number[];
  /** The group (start state) this episode belongs to. */
  readonly group: number;
}

/** Rows `indices` of a row-major [rows, width] array, as a float32 tensor [indices.length, width] (or [n] when `flat`). */
export function selectRows(values: ArrayLike<number>, width: number, indices: ArrayLike<number>, flat = false): Tensor {
  const out = new Float32Array(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const from = (indices[r] as number) * width;
    for (let c = 0; c < width; c++) out[r * width + c] = values[from + c] as number;
  }
  return new Tensor(out, flat ? [indices.length * width] : [indices.length, width]);
}

/**
 * Rows `indices` of flat actions as the tensor a distribution's logProb takes: [n] of indices for
 * discrete actions, [n, dim] for continuous ones.
 */
export function selectActions(action: ActionSpec, actions: ArrayLike<number>, indices: ArrayLike<number>): Tensor {
  return action.kind === 'discrete' ? selectRows(actions, 1, indices, true) : selectRows(actions, action.dim, indices);
}

/** The undiscounted return of an episode. */
export function returnOf(episode: Episode): number {
  return episode.rewards.reduce((a, b) => a + b, 0);
}

/** Entries `indices` of `values` as a float64 tensor [indices.length]. */
export function selectValues(values: ArrayLike<number>, indices: ArrayLike<number>): Tensor {
  const out = new Float64Array(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = values[indices[r] as number] as number;
  return new Tensor(out, [indices.length]);
}

/** The uncertainty wrapper in an env's wrapper chain, or null. */
export function findUncertainty(env: Env): UncertaintyWrapper | null {
  let current: Env = env;
  for (;;) {
    if (current instanceof UncertaintyWrapper) return current;
    if (current instanceof Wrapper) current = current.env;
    else return null;
  }
}

/** Splits `items` into `parts` nearly equal consecutive chunks (never empty ones). */
export function chunk<T>(items: readonly T[], parts: number): T[][] {
  const n = Math.min(parts, items.length);
  const out: T[][] = [];
  for (let p = 0; p < n; p++) out.push(items.slice(Math.floor((p * items.length) / n), Math.floor(((p + 1) * items.length) / n)));
  return out;
}
