// The basic layers: Linear (a dense layer), the activations, and Sequential.
import { linear, Tensor } from '../autograd/index.js';
import { allocate, type DType } from '../tensor/dtype.js';
import type { Rng } from '../tensor/rng.js';
import { kaimingUniform, uniformInit, type Initializer } from './init.js';
import { Module } from './module.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** The stream every initial value is drawn from. */
  readonly rng: Rng;
  /** Whether the layer adds a bias (default true). */
  readonly bias?: boolean;
  /** Weight initialiser (default PyTorch's: U(-1/sqrt(in), 1/sqrt(in))). */
  readonly weightInit?: Initializer;
  /** Bias initialiser (default PyTorch's: U(-1/sqrt(in), 1/sqrt(in))). */
  readonly biasInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: DType;
}

/** A trainable parameter of `shape` filled by `init` from `rng`. */
export function initParameter(shape: readonly number[], init: Initializer, rng: Rng, dtype: DType = 'float32'): Tensor {
  const values = init(shape, rng);
  const data = allocate(dtype, values.length);
  data.set(values);
  return new Tensor(data, shape.slice(), { requiresGrad: true });
}

/**
 * A dense layer y = x W^T + b, with W of shape [out, in] and b of shape [out] (PyTorch's layout,
 * so weights port both ways). Input [N, in] -> output [N, out]; a 1-D input [in] gives [out].
 * The weight is drawn before the bias, both from `options.rng`.
 * @example new Linear(4, 64, { rng: new Rng(0).fork('init') }).forward(zeros([8, 4])) // [8, 64]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions,
  ) {
    super();
    for (const [name, value] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`Linear: ${name} must be a positive integer, received ${value}`);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', initParameter([outFeatures, inFeatures], options.weightInit ?? kaimingUniform({ a: Math.sqrt(5) }), options.rng, dtype));
    this.bias = options.bias ?? true ? this.registerParameter('bias', initParameter([outFeatures], options.biasInit ?? uniformInit(-bound, bound), options.rng, dtype)) : null;
  }

  /** x [N, in] -> x W^T + b [N, out] (or [in] -> [out]), through the fused `linear` primitive. */
  forward(x: Tensor): Tensor {
    if (x.ndim === 1) return linear(x.reshape([1, x.shape[0]!]), this.weight, this.bias).reshape([this.outFeatures]);
    if (x.ndim !== 2 || x.shape[1] !== this.inFeatures) {
      throw new RangeError(`Linear(${this.inFeatures}, ${this.outFeatures}).forward: expected input [N, ${this.inFeatures}], received [${x.shape.join(', ')}]`);
    }
    return linear(x, this.weight, this.bias);
  }
}

/** Elementwise tanh, as a layer (no parameters). */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** Elementwise max(x, 0), as a layer (no parameters). NOTE: relu'(0) = 0 (the core's convention). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/**
 * Applies its layers in order. The layers are registered as `0`, `1`, ..., so parameter names
 * are `0.weight`, `2.bias`, ... exactly as in PyTorch's `nn.Sequential`.
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers.map((layer, i) => this.registerModule(String(i), layer));
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }
}
