// Gradient clipping by global norm, as PyTorch's clip_grad_norm_.
import type { Tensor } from '../../autograd/index.js';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: 2 (default) or Infinity. */
  readonly normType?: 2 | typeof Infinity;
  /** Throw when the norm is NaN or infinite instead of scaling by it. Default false (as PyTorch). */
  readonly errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients in place so that their global norm (the norm of all gradient elements,
 * concatenated) is at most `maxNorm`; parameters without a gradient are ignored.
 * NOTE: the scale is maxNorm / (norm + 1e-6), applied only when below 1 (PyTorch's convention).
 * The norm is accumulated in float64.
 * @returns the global norm before clipping
 * @example const norm = clipGradNorm(agent.parameters(), 0.5);
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number, options: ClipGradNormOptions = {}): number {
  if (!(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be >= 0, received ${maxNorm}`);
  const normType = options.normType ?? 2;
  if (normType !== 2 && normType !== Infinity) throw new RangeError(`clipGradNorm: normType must be 2 or Infinity, received ${normType}`);
  const grads: Tensor[] = [];
  for (const p of params) {
    if (p.grad === null) continue;
    if (!p.grad.isDense()) p.grad = p.grad.contiguous(); // a view: give the parameter its own dense copy
    grads.push(p.grad);
  }
  let norm = 0;
  for (const g of grads) {
    const d = g.data;
    if (normType === 2) for (let i = 0; i < d.length; i++) norm += d[i]! * d[i]!;
    else for (let i = 0; i < d.length; i++) norm = Math.max(norm, Math.abs(d[i]!));
  }
  if (normType === 2) norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) && options.errorIfNonfinite) {
    throw new RangeError(`clipGradNorm: the total gradient norm is ${norm}`);
  }
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1 || Number.isNaN(scale)) {
    for (const g of grads) {
      const d = g.data;
      for (let i = 0; i < d.length; i++) d[i] = d[i]! * scale;
    }
  }
  return norm;
}
