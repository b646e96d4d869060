// The categorical policy distribution over n discrete actions, parameterised by logits.
import { noGrad, tensor, Tensor } from '../../autograd/index.js';
import type { Rng } from '../../tensor/rng.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The largest finite float32 magnitude: where -Infinity logits are clamped to. */
const MIN_LOG_PROB = -3.4028234663852886e38;

/**
 * A categorical distribution per row of `logits` [..., n] (batch shape = every dim but the last).
 *
 * Log-probabilities come from `logSoftmax` (max-subtracted), never `log(softmax)`, so large
 * logits neither overflow nor lose precision. Actions are integer-valued tensors (or arrays) of
 * the batch shape.
 * @example
 * const pi = new Categorical(policy.forward(obs));       // logits [N, 2]
 * const a = pi.sample(rng.fork('act'));                  // [N], values in {0, 1}
 * const loss = pi.logProb(a).mul(advantages).mean().neg();
 */
export class Categorical {
  /** The unnormalised log-probabilities, [..., n]. */
  readonly logits: Tensor;
  /** The normalised log-probabilities log p, [..., n] (part of the graph). */
  readonly logProbs: Tensor;
  /** The batch shape: `logits.shape` without the last dim. */
  readonly batchShape: readonly number[];
  /** The number of categories n. */
  readonly numCategories: number;

  constructor(logits: Tensor) {
    if (logits.ndim < 1 || logits.shape[logits.ndim - 1]! < 1) {
      throw new RangeError(`Categorical: logits must have shape [..., n] with n >= 1, received ${shapeText(logits.shape)}`);
    }
    this.logits = logits;
    this.logProbs = logits.logSoftmax(-1);
    this.batchShape = logits.shape.slice(0, -1);
    this.numCategories = logits.shape[logits.ndim - 1]!;
  }

  /** The probabilities p = exp(log p), [..., n]. */
  get probs(): Tensor {
    return this.logProbs.exp();
  }

  /** The log-probabilities with -Infinity (masked actions) clamped to a finite value, so 0 * log 0 = 0. */
  private finiteLogProbs(): Tensor {
    const values = this.logProbs.data;
    for (let i = 0; i < values.length; i++) if (values[i] === -Infinity) return this.logProbs.maximum(MIN_LOG_PROB);
    return this.logProbs;
  }

  /** The actions as a tensor of the batch shape with a trailing 1 (gather checks the index values). */
  private actionIndices(actions: Tensor | ArrayLike<number>, who: string): Tensor {
    const batch = this.batchShape.slice();
    if (!(actions instanceof Tensor)) {
      const size = batch.reduce((a, b) => a * b, 1);
      if (actions.length !== size) {
        throw new RangeError(`Categorical.${who}: expected ${size} actions for batch shape ${shapeText(batch)}, received ${actions.length}`);
      }
      return tensor(Float64Array.from(actions), { shape: [...batch, 1], dtype: this.logits.dtype });
    }
    if (actions.ndim !== batch.length || actions.shape.some((d, i) => d !== batch[i])) {
      throw new RangeError(`Categorical.${who}: actions must have the batch shape ${shapeText(batch)}, received ${shapeText(actions.shape)}`);
    }
    return actions.reshape([...batch, 1]);
  }

  /**
   * Draws one action per row with `rng.categorical` on the probabilities (no gradient).
   * @returns integer-valued tensor of the batch shape (float dtype of the logits)
   */
  sample(rng: Rng): Tensor {
    return noGrad(() => {
      const logp = this.logProbs.contiguous();
      const n = this.numCategories;
      const rows = logp.size / n;
      const out = new Float64Array(rows);
      const weights = new Float64Array(n);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < n; j++) weights[j] = Math.exp(logp.data[logp.offset + r * n + j]!);
        out[r] = rng.categorical(weights);
      }
      return tensor(out, { shape: this.batchShape.slice(), dtype: this.logits.dtype });
    });
  }

  /** log p(a) for integer actions of the batch shape -> [batch]. Differentiable in the logits. */
  logProb(actions: Tensor | ArrayLike<number>): Tensor {
    return this.logProbs.gather(this.actionIndices(actions, 'logProb'), -1).reshape(this.batchShape.slice());
  }

  /** The entropy -sum p log p per row -> [batch] (nats). Masked (-Infinity) logits contribute 0. */
  entropy(): Tensor {
    const logp = this.finiteLogProbs();
    return logp.exp().mul(logp).sum(-1).neg();
  }

  /** KL(this || other) = sum p (log p - log q) per row -> [batch]. Both need the same shape. */
  kl(other: Categorical): Tensor {
    if (this.logits.shape.length !== other.logits.shape.length || this.logits.shape.some((d, i) => d !== other.logits.shape[i])) {
      throw new RangeError(`Categorical.kl: logits shapes differ: ${shapeText(this.logits.shape)} vs ${shapeText(other.logits.shape)}`);
    }
    const logp = this.finiteLogProbs();
    return logp.exp().mul(logp.sub(other.finiteLogProbs())).sum(-1);
  }

  /** The most probable action per row -> [batch]. NOTE: ties go to the lowest index (as argmax). */
  mode(): Tensor {
    const logp = this.logProbs.contiguous();
    const n = this.numCategories;
    const rows = logp.size / n;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let j = 1; j < n; j++) if (logp.data[logp.offset + r * n + j]! > logp.data[logp.offset + r * n + best]!) best = j;
      out[r] = best;
    }
    return tensor(out, { shape: this.batchShape.slice(), dtype: this.logits.dtype });
  }
}
