// Schulman's KL estimators ("Approximating KL Divergence", 2020): estimates of KL(q || p) from
// samples x ~ q, written with the log-ratio log r = log p(x) - log q(x).
// GRPO (DeepSeekMath, section 4.1) uses k3 with q = pi_theta (the sampling policy) and
// p = pi_ref: KL ~ pi_ref/pi - log(pi_ref/pi) - 1.
import { Tensor } from '../autograd/index.js';

/**
 * k1 = -log r = log q(x) - log p(x): unbiased, high variance, can be negative.
 * @param logProb log q(x), the log-probability under the sampling policy
 * @param refLogProb log p(x), under the reference policy
 * @example klK1(Math.log(0.5), Math.log(0.25)) // log 2
 */
export function klK1(logProb: number, refLogProb: number): number;
export function klK1(logProb: Tensor, refLogProb: Tensor): Tensor;
export function klK1(logProb: number | Tensor, refLogProb: number | Tensor): number | Tensor {
  if (typeof logProb === 'number' && typeof refLogProb === 'number') return logProb - refLogProb;
  return asTensor(logProb, 'klK1', 'logProb').sub(asTensor(refLogProb, 'klK1', 'refLogProb'));
}

/** k2 = (log r)^2 / 2: biased (exact to second order), low variance, >= 0. Same arguments as {@link klK1}. */
export function klK2(logProb: number, refLogProb: number): number;
export function klK2(logProb: Tensor, refLogProb: Tensor): Tensor;
export function klK2(logProb: number | Tensor, refLogProb: number | Tensor): number | Tensor {
  if (typeof logProb === 'number' && typeof refLogProb === 'number') return 0.5 * (refLogProb - logProb) ** 2;
  return asTensor(refLogProb, 'klK2', 'refLogProb').sub(asTensor(logProb, 'klK2', 'logProb')).square().mul(0.5);
}

/**
 * k3 = (r - 1) - log r: unbiased, low variance, always >= 0 (GRPO's per-token KL).
 * NOTE: the number version computes expm1(log r) - log r, exact for tiny log r; the tensor
 * version exp(log r) - log r - 1 loses ~1e-7 absolute to float32 rounding near r = 1.
 * Same arguments as {@link klK1}.
 */
export function klK3(logProb: number, refLogProb: number): number;
export function klK3(logProb: Tensor, refLogProb: Tensor): Tensor;
export function klK3(logProb: number | Tensor, refLogProb: number | Tensor): number | Tensor {
  if (typeof logProb === 'number' && typeof refLogProb === 'number') {
    const logRatio = refLogProb - logProb;
    return Math.expm1(logRatio) - logRatio;
  }
  const logRatio = asTensor(refLogProb, 'klK3', 'refLogProb').sub(asTensor(logProb, 'klK3', 'logProb'));
  return logRatio.exp().sub(logRatio).sub(1);
}

function asTensor(x: number | Tensor, who: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new TypeError(`${who}: ${arg} must be a Tensor when the other argument is one, received ${typeof x}`);
}
