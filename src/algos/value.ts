// The critic of PPO: an MLP from observations to one state value each.
import type { Tensor } from '../autograd/index.js';
import { MLP, Module, type ObservationNormalizer } from '../nn/index.js';
import type { DType } from '../tensor/dtype.js';
import { Rng } from '../tensor/rng.js';

/** Options of {@link ValueNetwork}. */
export interface ValueNetworkOptions {
  /** The stream every initial weight is drawn from. */
  readonly rng: Rng;
  readonly hiddenSizes: readonly number[];
  readonly activation: 'tanh' | 'relu';
  /** Orthogonal gain of the output layer: 1.0 for a value head (CleanRL's `layer_init(..., std=1.0)`). */
  readonly outputGain?: number;
  /** Parameter dtype. Default float32. */
  readonly dtype?: DType;
  /**
   * Normalise inputs with this normaliser, shared with (and saved by) the policy, so actor and critic see the
   * same inputs, as behind CleanRL's NormalizeObservation wrapper. The critic does not own it.
   */
  readonly normalizer?: ObservationNormalizer | null;
}

/**
 * V(s): observations [N, obsDim] -> values [N]. An MLP [obsDim, ...hidden, 1] with CleanRL's
 * orthogonal init (hidden gain sqrt(2), output gain 1, zero biases). Parameters: `net.layers.*`.
 * @example
 * const critic = new ValueNetwork(4, { rng: root.fork('critic-init'), hiddenSizes: [64, 64], activation: 'tanh' });
 * critic.forward(obs); // [N]
 */
export class ValueNetwork extends Module {
  readonly net: MLP;
  readonly obsDim: number;
  private readonly options: ValueNetworkOptions;
  private readonly normalizer: ObservationNormalizer | null;

  constructor(obsDim: number, options: ValueNetworkOptions) {
    super();
    this.obsDim = obsDim;
    this.options = options;
    this.net = this.registerModule('net', new MLP([obsDim, ...options.hiddenSizes, 1], {
      rng: options.rng,
      activation: options.activation,
      outputGain: options.outputGain ?? 1,
      dtype: options.dtype,
    }));
    this.normalizer = options.normalizer ?? null;
  }

  /** A copy with parameters of `dtype` (the same values; float64 for audits). */
  copyAs(dtype: DType): ValueNetwork {
    const copy = new ValueNetwork(this.obsDim, { ...this.options, dtype, rng: new Rng(0).fork('copy') });
    copy.loadStateDict(this.stateDict(), { source: 'ValueNetwork.copyAs' });
    return copy;
  }

  /** Values [N] of raw observations [N, obsDim] (normalised first when a normaliser is shared). */
  forward(obs: Tensor): Tensor {
    const out = this.net.forward(this.normalizer === null ? obs : this.normalizer.forward(obs));
    return out.reshape([out.shape[0]!]);
  }
}
