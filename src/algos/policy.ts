// The policy network: an MLP from observations to categorical logits (discrete actions) or to a
// diagonal Gaussian (continuous actions) whose log-std is a state-independent parameter or a second
// head; optionally behind an observation normaliser whose statistics it carries.
import { full, noGrad, Tensor } from '../autograd/index.js';
import type { Box, Space } from '../envs/index.js';
import { Categorical, DiagGaussian, MLP, Module, ObservationNormalizer, type ObservationNormalizerOptions } from '../nn/index.js';
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
  /**
   * Gaussian policies: 'parameter' (default; CleanRL's state-independent log-std [d]) or 'head' (a state-
   * dependent log-std: the last layer has 2d outputs, means then log-stds, i.e. two linear heads on one
   * trunk; the log-std head's biases start at logStdInit and its outputs are clamped to [LOG_STD_MIN, LOG_STD_MAX]).
   */
  readonly logStdMode?: LogStdMode;
  /** Normalise observations by running statistics the policy carries (see {@link ObservationNormalizer}); none when undefined. */
  readonly normalizer?: ObservationNormalizerOptions;
}

/** Where a Gaussian policy's log-std comes from. */
export type LogStdMode = 'parameter' | 'head';

/** Lower bound of a state-dependent log-std (std 0.0067), as SAC-style Gaussian heads clamp it. */
export const LOG_STD_MIN = -5;
/** Upper bound of a state-dependent log-std (std 7.4). */
export const LOG_STD_MAX = 2;

/** The config fields that shape a policy (a run config, or a saved model's spec). */
export interface PolicyShape {
  readonly hiddenSizes: readonly number[];
  readonly activation: 'tanh' | 'relu';
  readonly logStdInit: number;
  readonly logStdMode: LogStdMode;
  readonly normalizeObservation: boolean;
  /** Clip of normalised observations (0: none). */
  readonly obsClip: number;
}

/**
 * The policy options of a config (every trainer, the GRPO learner and the model loader build policies with these).
 * @example const policy = new Policy(17, action, { ...policyOptionsOf(config), rng: root.fork('init') });
 */
export function policyOptionsOf(shape: PolicyShape): Omit<PolicyOptions, 'rng'> {
  return {
    hiddenSizes: shape.hiddenSizes,
    activation: shape.activation,
    logStdInit: shape.logStdInit,
    logStdMode: shape.logStdMode,
    ...(shape.normalizeObservation ? { normalizer: { clip: shape.obsClip } } : {}),
  };
}

/** A policy's distribution over actions for a batch of observations. */
export type PolicyDistribution = Categorical | DiagGaussian;

/**
 * pi(a | s): observations [N, obsDim] -> a distribution over actions per row.
 * Parameters: `net.layers.*` and, for continuous actions with a state-independent log-std, `logStd` [d];
 * with a normaliser, the buffers `obsNorm.mean`, `obsNorm.var`, `obsNorm.count`. Every method takes raw
 * observations: the normaliser (frozen unless a trainer calls `obsNorm.update`) is applied inside.
 */
export class Policy extends Module {
  readonly net: MLP;
  /** The state-independent log-std [d] ('parameter' mode), else null. */
  readonly logStd: Tensor | null;
  readonly logStdMode: LogStdMode;
  /** The observation normaliser, or null. */
  readonly obsNorm: ObservationNormalizer | null;
  readonly action: ActionSpec;
  readonly obsDim: number;
  private readonly options: PolicyOptions;

  constructor(obsDim: number, action: ActionSpec, options: PolicyOptions) {
    super();
    this.obsDim = obsDim;
    this.options = options;
    this.action = action;
    const mode = options.logStdMode ?? 'parameter';
    if (mode !== 'parameter' && mode !== 'head') throw new RangeError(`Policy: logStdMode must be 'parameter' or 'head', received ${JSON.stringify(mode)}`);
    this.logStdMode = mode;
    const head = action.kind === 'continuous' && mode === 'head';
    const outDim = action.kind === 'discrete' ? action.n : head ? 2 * action.dim : action.dim;
    this.net = this.registerModule('net', new MLP([obsDim, ...options.hiddenSizes, outDim], {
      rng: options.rng,
      activation: options.activation,
      outputGain: options.outputGain ?? 0.01,
      dtype: options.dtype,
    }));
    if (head) {
      // The log-std head starts at logStdInit everywhere: its biases, with weights of gain outputGain (small).
      const bias = this.net.layers.namedParameters().at(-1)![1];
      bias.data.fill(options.logStdInit ?? 0, action.dim);
    }
    this.logStd = action.kind === 'continuous' && !head ? this.registerParameter('logStd', full([action.dim], options.logStdInit ?? 0, { dtype: options.dtype })) : null;
    this.obsNorm = options.normalizer === undefined ? null : this.registerModule('obsNorm', new ObservationNormalizer(obsDim, options.normalizer));
  }

  /** The network's inputs: observations [N, obsDim], normalised when the policy has a normaliser. */
  inputs(obs: Tensor): Tensor {
    return this.obsNorm === null ? obs : this.obsNorm.forward(obs);
  }

  /** Logits [N, n], Gaussian means [N, d], or means then log-stds [N, 2d] ('head' mode), of raw observations. */
  forward(obs: Tensor): Tensor {
    return this.net.forward(this.inputs(obs));
  }

  /** The action distribution for observations [N, obsDim]. */
  distribution(obs: Tensor): PolicyDistribution {
    const out = this.forward(obs);
    if (this.action.kind === 'discrete') return new Categorical(out);
    if (this.logStd !== null) return new DiagGaussian(out, this.logStd);
    const d = this.action.dim;
    return new DiagGaussian(out.slice([null, [0, d]]), out.slice([null, [d, 2 * d]]).clamp(LOG_STD_MIN, LOG_STD_MAX));
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
      const std = this.logStd === null ? null : this.logStd.toTypedArray().map(Math.exp);
      const width = std === null ? 2 * d : d;
      const actions = new Float64Array(rows * d);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < d; j++) {
          const mean = values[r * width + j] as number;
          if (deterministic) {
            actions[r * d + j] = mean;
            continue;
          }
          const s = std === null ? Math.exp(Math.min(Math.max(values[r * width + d + j] as number, LOG_STD_MIN), LOG_STD_MAX)) : (std[j] as number);
          actions[r * d + j] = mean + s * rngs[r]!.normal();
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
