// The multilayer perceptron of policy-gradient methods: Linear layers with tanh or relu between.
import type { Tensor } from '../autograd/index.js';
import { isRecording } from '../autograd/mode.js';
import type { DType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { orthogonalInit, zerosInit, type Initializer } from './init.js';
import { Linear, ReLU, Sequential, Tanh } from './layers.js';
import { MlpInference } from './mlp_inference.js';
import { Module } from './module.js';

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** The stream every initial value is drawn from (layer by layer, weight then bias). */
  readonly rng: Rng;
  /** The activation between layers (none after the last). Default 'tanh'. */
  readonly activation?: 'tanh' | 'relu';
  /**
   * 'orthogonal' (default, the PPO convention of CleanRL's `layer_init`): orthogonal weights with
   * gain `hiddenGain` for hidden layers and `outputGain` for the last, zero biases.
   * 'pytorch': PyTorch's default `nn.Linear` init (U(-1/sqrt(in), 1/sqrt(in)) for both).
   */
  readonly init?: 'orthogonal' | 'pytorch';
  /** Gain of the hidden layers' orthogonal init. Default sqrt(2). */
  readonly hiddenGain?: number;
  /** Gain of the last layer's orthogonal init: 0.01 for a policy head, 1 for a value head. Default 1. */
  readonly outputGain?: number;
  /** Parameter dtype. Default float32. */
  readonly dtype?: DType;
}

/**
 * A multilayer perceptron: `sizes = [in, h1, ..., out]`, Linear layers with the activation
 * between them. Input [N, in] -> output [N, out].
 *
 * Parameter names follow PyTorch's `nn.Sequential` inside a `layers` attribute, activations
 * included in the numbering: `layers.0.weight`, `layers.0.bias`, `layers.2.weight`, ...
 * @example
 * const actor = new MLP([4, 64, 64, 2], { rng: rng.fork('actor'), outputGain: 0.01 });
 * const logits = actor.forward(obs); // [N, 2]
 *
 * Outside the tape (`noGrad`) with float32 data and at most `INFERENCE_MAX_ROWS` (16) rows (action
 * selection), the forward pass runs the same kernels through buffers kept between calls: the
 * same bits, without a Tensor per layer (see `MlpInference` in mlp_inference.ts).
 */
export class MLP extends Module {
  readonly layers: Sequential;
  readonly sizes: readonly number[];
  private readonly inference: MlpInference;

  constructor(sizes: readonly number[], options: MLPOptions) {
    super();
    if (sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new RangeError(`MLP: sizes must be at least two positive integers [in, ..., out], received [${sizes.join(', ')}]`);
    }
    this.sizes = sizes.slice();
    const activation = options.activation ?? 'tanh';
    if (activation !== 'tanh' && activation !== 'relu') {
      throw new RangeError(`MLP: activation must be 'tanh' or 'relu', received ${JSON.stringify(activation)}`);
    }
    const orthogonal = (options.init ?? 'orthogonal') === 'orthogonal';
    const hiddenGain = options.hiddenGain ?? Math.SQRT2;
    const outputGain = options.outputGain ?? 1;
    const modules: Module[] = [];
    const linears: Linear[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const last = i + 2 === sizes.length;
      const inits: { weightInit?: Initializer; biasInit?: Initializer } = orthogonal
        ? { weightInit: orthogonalInit({ gain: last ? outputGain : hiddenGain }), biasInit: zerosInit() }
        : {};
      const layer = new Linear(sizes[i]!, sizes[i + 1]!, { rng: options.rng, dtype: options.dtype, ...inits });
      linears.push(layer);
      modules.push(layer);
      if (!last) modules.push(activation === 'tanh' ? new Tanh() : new ReLU());
    }
    this.layers = this.registerModule('layers', new Sequential(...modules));
    this.inference = new MlpInference(linears, activation);
  }

  /** x [N, in] -> [N, out]. */
  forward(x: Tensor): Tensor {
    return (isRecording() ? null : this.inference.forward(x)) ?? this.layers.forward(x);
  }
}

