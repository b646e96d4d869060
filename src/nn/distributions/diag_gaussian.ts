// The diagonal Gaussian policy distribution over continuous actions.
import { noGrad, randn, tensor, Tensor } from '../../autograd/index.js';
import type { Rng } from '../../tensor/rng.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** 0.5 log(2 pi): the normalising constant of a standard normal's log-density. */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * A Gaussian with diagonal covariance per row: `mean` [..., d], `logStd` broadcastable to it
 * (typically a state-independent parameter of shape [d], as in PPO). Batch shape = every dim of
 * `mean` but the last; `logProb` and `entropy` sum over the d action dimensions.
 * @example
 * const pi = new DiagGaussian(actor.forward(obs), logStd); // [N, d] and [d]
 * const a = pi.sample(rng);                                // [N, d]
 * pi.logProb(a);                                           // [N]
 */
export class DiagGaussian {
  readonly mean: Tensor;
  readonly logStd: Tensor;
  readonly batchShape: readonly number[];

  constructor(mean: Tensor, logStd: Tensor) {
    if (mean.ndim < 1) throw new RangeError(`DiagGaussian: mean must have shape [..., d], received ${shapeText(mean.shape)}`);
    const lead = mean.ndim - logStd.ndim;
    if (lead < 0 || logStd.shape.some((d, i) => d !== 1 && d !== mean.shape[lead + i])) {
      throw new RangeError(`DiagGaussian: logStd of shape ${shapeText(logStd.shape)} does not broadcast to mean's shape ${shapeText(mean.shape)}`);
    }
    this.mean = mean;
    this.logStd = logStd;
    this.batchShape = mean.shape.slice(0, -1);
  }

  /** The standard deviations exp(logStd), in logStd's shape. */
  get stddev(): Tensor {
    return this.logStd.exp();
  }

  /** Draws actions mean + std * eps, eps ~ N(0, I) from `rng` (row-major), without gradient -> [..., d]. */
  sample(rng: Rng): Tensor {
    return noGrad(() => this.rsample(rng));
  }

  /** A reparameterised sample mean + std * eps: differentiable in mean and logStd -> [..., d]. */
  rsample(rng: Rng): Tensor {
    const eps = randn(this.mean.shape.slice(), rng, { dtype: this.mean.dtype });
    return this.mean.add(this.logStd.exp().mul(eps));
  }

  /**
   * log N(a; mean, diag(std^2)) summed over the last dim -> [batch]:
   * sum_i -((a_i - mu_i) / sigma_i)^2 / 2 - log sigma_i - log(2 pi) / 2.
   */
  logProb(actions: Tensor | ArrayLike<number>): Tensor {
    const a = actions instanceof Tensor ? actions : tensor(Float64Array.from(actions), { shape: this.mean.shape.slice(), dtype: this.mean.dtype });
    if (a.shape.length !== this.mean.shape.length || a.shape.some((d, i) => d !== this.mean.shape[i])) {
      throw new RangeError(`DiagGaussian.logProb: actions must have mean's shape ${shapeText(this.mean.shape)}, received ${shapeText(a.shape)}`);
    }
    // NOTE: (a - mu) * exp(-logStd) rather than a division by exp(logStd): one exp, no divide.
    const z = a.sub(this.mean).mul(this.logStd.neg().exp());
    return z.square().mul(-0.5).sub(this.logStd).sub(HALF_LOG_2PI).sum(-1);
  }

  /** The entropy sum_i (1/2 + log(2 pi)/2 + log sigma_i) -> [batch] (nats). */
  entropy(): Tensor {
    return this.logStd.expand(this.mean.shape.slice()).add(0.5 + HALF_LOG_2PI).sum(-1);
  }

  /**
   * KL(this || other) in closed form, summed over the last dim -> [batch]:
   * sum_i log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
   */
  kl(other: DiagGaussian): Tensor {
    if (this.mean.shape.length !== other.mean.shape.length || this.mean.shape.some((d, i) => d !== other.mean.shape[i])) {
      throw new RangeError(`DiagGaussian.kl: mean shapes differ: ${shapeText(this.mean.shape)} vs ${shapeText(other.mean.shape)}`);
    }
    const logRatio = other.logStd.sub(this.logStd); // log(s2 / s1)
    const varianceTerm = logRatio.mul(-2).exp().mul(0.5); // s1^2 / (2 s2^2)
    const meanTerm = this.mean.sub(other.mean).mul(other.logStd.neg().exp()).square().mul(0.5);
    return meanTerm.add(logRatio.add(varianceTerm).sub(0.5)).sum(-1);
  }

  /** The most probable action: the mean, [..., d]. */
  mode(): Tensor {
    return this.mean;
  }
}
