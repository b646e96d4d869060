// One optimiser update, as every trainer (Node's harness and the teaching page) applies it: zero
// the gradients, backpropagate, check, clip the global norm, step. And what a trainer tells the
// update about itself (where it is, what its loss is made of), so an audit can look inside it.
import type { Tensor } from '../autograd/index.js';
import { clipGradNorm, type Optimizer } from '../nn/index.js';

/** Named parameters, as an optimiser holds them (`policy.net.layers.0.weight`, ...). */
export type NamedParams = ReadonlyArray<readonly [string, Tensor]>;

/** The parts of a loss as numbers, each as it enters the loss (null where the algorithm has none). */
export interface LossTerms {
  /** The policy-gradient term (the clipped surrogate for GRPO and PPO). */
  readonly surrogate: number;
  /** GRPO's KL penalty beta x (aggregated k3), added; null without one. */
  readonly klPenalty: number | null;
  /** The entropy bonus entCoef x (aggregated H), subtracted; null without one. */
  readonly entropyBonus: number | null;
  /** PPO's value term vfCoef x value loss, added; null for the critic-free algorithms. */
  readonly value: number | null;
}

/** Fractions of the minibatch's steps whose ratio was clipped. */
export interface ClipFractions {
  /** Clipped at 1 - eps with a negative advantage (GRPO); null where not told apart. */
  readonly low: number | null;
  /** Clipped at 1 + eps with a positive advantage (GRPO); null where not told apart. */
  readonly high: number | null;
  readonly total: number;
}

/** The loss of one update rebuilt in float64 on copies of the weights (for finite differences). */
export interface Float64Loss {
  /** The copies' parameters, named as the optimiser names the originals. */
  readonly named: NamedParams;
  /** The loss at the copies' current values (rebuilt on every call, so perturbing a copy changes it). */
  loss(): Tensor;
}

/** A minibatch as plain arrays (row-major), for an exported update. */
export type MinibatchArrays = Readonly<Record<string, readonly number[]>>;

/** What an algorithm knows about one update's loss, read lazily (only when the update is audited). */
export interface UpdateView {
  /** Steps (rows) in the minibatch. */
  readonly steps: number;
  /** Whole episodes in the minibatch; null where minibatches cut across episodes (PPO). */
  readonly episodes: number | null;
  readonly terms: LossTerms;
  /** The ratios pi / pi_old of the minibatch's steps, or null (REINFORCE has none). */
  readonly ratios: ArrayLike<number> | null;
  /** The advantages as the loss used them. */
  readonly advantages: ArrayLike<number>;
  readonly clip: ClipFractions | null;
  /** The config values that enter the loss. */
  readonly settings: Readonly<Record<string, number | string | boolean>>;
  /** The minibatch's inputs as plain arrays, each documented by `minibatchDocs`. */
  minibatch(): MinibatchArrays;
  /** One line per `minibatch()` entry: what it is, its shape. */
  readonly minibatchDocs: Readonly<Record<string, string>>;
  /** The same loss rebuilt in float64 from copies of the current weights. */
  float64(): Float64Loss;
}

/** Where an update sits in its iteration, and its view: what a trainer hands `harness.update`. */
export interface UpdateContext {
  /** The pass over the iteration's batch (TRL's mu index; PPO's epoch), 0-based. */
  readonly pass: number;
  /** The minibatch within the pass, 0-based. */
  readonly minibatch: number;
  /** The update's numbers for the audit (built only when an audit record is written). */
  view(): UpdateView;
}

/** Looks into an update between its steps (an audit); it must only read. */
export interface UpdateProbe {
  /** After backward and the finite check, before clipping: the gradients are the loss's own. */
  afterBackward(named: NamedParams): void;
  /** After the optimiser step; `normBeforeClip` is the global gradient norm clipGradNorm measured. */
  afterStep(named: NamedParams, normBeforeClip: number): void;
}

/** Options of {@link applyUpdate}. */
export interface ApplyUpdateOptions {
  /** Throws when the loss or a gradient is not finite (before anything is applied). */
  readonly check?: (loss: Tensor, named: NamedParams) => void;
  readonly probe?: UpdateProbe | null;
  /** Sees every node's gradient during backward (see BackwardOptions.onGradient): the page's tape view. */
  readonly onGradient?: (node: Tensor, grad: Tensor) => void;
}

/**
 * One update: zero the gradients, backpropagate `loss`, check, clip the global gradient norm to
 * `maxGradNorm` (0 = no clipping: the norm is still measured), step the optimiser.
 * @returns the global gradient norm before clipping
 */
export function applyUpdate(optimizer: Optimizer, loss: Tensor, maxGradNorm: number, options: ApplyUpdateOptions = {}): number {
  const named = optimizer.namedParams;
  optimizer.zeroGrad();
  if (options.onGradient === undefined) loss.backward();
  else loss.backward({ onGradient: options.onGradient });
  options.check?.(loss, named);
  options.probe?.afterBackward(named);
  const norm = clipGradNorm(named.map(([, p]) => p), maxGradNorm > 0 ? maxGradNorm : Infinity);
  optimizer.step();
  options.probe?.afterStep(named, norm);
  return norm;
}
