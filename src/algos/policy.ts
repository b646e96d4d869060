// The policy network: an MLP from observations to categorical logits (discrete actions) or to the
// mean of a diagonal Gaussian with a state-independent log-std parameter (continuous actions).
import { full, noGrad, Tensor } from '../autograd/index.js';
import type { Box, Space } from '../envs/index.js';
import { Categorical, DiagGaussian, MLP, Module } from '../nn/index.js';
import type { DType } from '../tensor/dtype.js';
import { Rng } from '../tensor/rng.js';

/** What the policy outputs: n discrete actions, or a d-dimensional box. */
export type ActionSpec =
  | { readonly kind: 'discrete'; readonly n: number }
  | { readonly kind: 'continuous'; readonly dim: number; readonly low: Float64Array; readonly high: Float64Array };

/** The action spec of an environment's action space. */
export function actionSpecOf(space: Space): ActionSpec {
  if (space.kind === 'discrete') return { kind: 'discrete', n: space.n };
  const box: Box = space;
  return { kind: 'continuous', dim: box.size, low: Float64Array.from(box.low), high: Float64Array.from(box.high) };
}

/** Options of {@link Policy}. */
export interface PolicyOptions {
  readonly rng: Rng;
  readonly hiddenSizes: readonly number[];
  readonly activation: 'tanh' | 'relu';
  /** Orthogonal gain of the output layer: 0.01 for a policy head (CleanRL). */
  readonly outputGain?: number;
  /** Initial log-std of a Gaussian policy. */
  readonly logStdInit?: number;
  /** Parameter dtype. Default float32 (float64 for audits and gradient checks). */
  readonly dtype?: DType;
}

/** A policy's distribution over actions for a batch of observations. */
export type PolicyDistribution = Categorical | DiagGaussian;

/**
 * pi(a | s): observations [N, obsDim] -> a distribution over actions per row.
 * Parameters: `net.layers.*` and, for continuous actions, `logStd` [d].
 */
export class Policy extends Module {
  readonly net: MLP;
  readonly logStd: Tensor | null;
  readonly action: ActionSpec;
  readonly obsDim: number;
  private readonly options: PolicyOptions;

  constructor(obsDim: number, action: ActionSpec, options: PolicyOptions) {
    super();
    this.obsDim = obsDim;
    this.options = options;
    this.action = action;
    const outDim = action.kind === 'discrete' ? action.n : action.dim;
    this.net = this.registerModule('net', new MLP([obsDim, ...options.hiddenSizes, outDim], {
      rng: options.rng,
      activation: options.activation,
      outputGain: options.outputGain ?? 0.01,
      dtype: options.dtype,
    }));
    this.logStd = action.kind === 'continuous' ? this.registerParameter('logStd', full([action.dim], options.logStdInit ?? 0, { dtype: options.dtype })) : null;
  }

  /** Logits [N, n] or Gaussian means [N, d]. */
  forward(obs: Tensor): Tensor {
    return this.net.forward(obs);
  }

  /** The action distribution for observations [N, obsDim]. */
  distribution(obs: Tensor): PolicyDistribution {
    const out = this.forward(obs);
    return this.logStd === null ? new Categorical(out) : new DiagGaussian(out, this.logStd);
  }

  /**
   * Draws one action per row, row i from `rngs[i]` (so each episode has its own stream), or the
   * most probable action when `deterministic`. No gradient.
   * @returns actions, [N] (discrete) or [N * d] row-major (continuous, unclipped)
   */
  act(obs: Tensor, rngs: readonly Rng[], deterministic = false): Float64Array {
    return noGrad(() => {
      const out = this.forward(obs).contiguous();
      const rows = out.shape[0] as number;
      const values = out.data;
      if (this.action.kind === 'discrete') {
        const n = this.action.n;
        const actions = new Float64Array(rows);
        const weights = new Float64Array(n);
        for (let r = 0; r < rows; r++) {
          let best = 0;
          let max = -Infinity;
          for (let j = 0; j < n; j++) {
            const v = values[r * n + j] as number;
            if (v > max) { max = v; best = j; }
          }
          if (deterministic) { actions[r] = best; continue; }
          for (let j = 0; j < n; j++) weights[j] = Math.exp((values[r * n + j] as number) - max);
          actions[r] = rngs[r]!.categorical(weights);
        }
        return actions;
      }
      const d = this.action.dim;
      const std = this.logStd!.toTypedArray().map(Math.exp);
      const actions = new Float64Array(rows * d);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < d; j++) {
          const mean = values[r * d + j] as number;
          actions[r * d + j] = deterministic ? mean : mean + (std[j] as number) * rngs[r]!.normal();
        }
      }
      return actions;
    });
  }

  /** The action as the env takes it: an integer, or the continuous action clipped to the box. */
  envAction(actions: Float64Array, row: number): number | number[] {
    if (this.action.kind === 'discrete') return actions[row] as number;
    const { dim, low, high } = this.action;
    const a = new Array<number>(dim);
    for (let j = 0; j < dim; j++) a[j] = Math.min(high[j] as number, Math.max(low[j] as number, actions[row * dim + j] as number));
    return a;
  }

  /**
   * A copy of this policy with parameters of `dtype` (the same values; float64 for audits). Its
   * throwaway initialisation draws from its own stream, never from a training stream.
   */
  copyAs(dtype: DType): Policy {
    const copy = new Policy(this.obsDim, this.action, { ...this.options, dtype, rng: new Rng(0).fork('copy') });
    copy.loadStateDict(this.stateDict(), { source: 'Policy.copyAs' });
    return copy;
  }

  /** Copies every parameter value from another policy of the same architecture (e.g. into the reference policy). */
  copyFrom(other: Policy): void {
    this.loadStateDict(other.stateDict(), { source: 'Policy.copyFrom' });
  }
}
