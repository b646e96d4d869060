import { Rng } from '../tensor/rng.js';
import { backward } from './engine.js';
import { noGrad } from './mode.js';
import { Tensor } from './tensor.js';
import { mul } from './ops/elementwise.js';
import { sum } from './ops/reduce.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance (of the numerical value). Default 1e-4. */
  rtol?: number;
  /** Seed of the fixed random projection applied to non-scalar outputs. Default 0. */
  seed?: number;
}

/** The comparison for one input. */
export interface GradcheckInputReport {
  readonly index: number;
  readonly shape: readonly number[];
  /** Largest |analytic - numerical| over the input's elements. */
  readonly maxAbsError: number;
  /** Largest |analytic - numerical| / max(|analytic|, |numerical|) over elements (0 where both are 0). */
  readonly maxRelError: number;
  /** Flat index of the worst element (by tolerance excess), with both values there. */
  readonly worstIndex: number;
  readonly analytic: number;
  readonly numerical: number;
  /** Whether every element satisfies |analytic - numerical| <= atol + rtol * |numerical|. */
  readonly ok: boolean;
}

/** The result of {@link gradcheck}. */
export interface GradcheckReport {
  readonly ok: boolean;
  readonly inputs: readonly GradcheckInputReport[];
  /** A readable summary, one line per input. */
  readonly text: string;
}

/**
 * Compares the analytic gradients of `fn` with central finite differences, all in float64.
 *
 * Each input is copied to float64 as a leaf requiring a gradient. A non-scalar output is reduced
 * to sum(w * out) with fixed random weights w (a random projection: a wrong gradient survives it
 * with probability 0), so one backward pass checks the whole Jacobian-vector product.
 * Numerical: (L(x + eps e_i) - L(x - eps e_i)) / (2 eps) per element.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  const xs = inputs.map((t) => new Tensor(Float64Array.from(t.toTypedArray()), t.shape.slice(), { requiresGrad: true }));

  const first = fn(...xs);
  const rng = new Rng(options.seed ?? 0).fork('gradcheck');
  const weights = new Float64Array(first.size);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.uniform(0.5, 1.5) * (rng.uniform() < 0.5 ? -1 : 1);
  const w = new Tensor(weights, first.shape.slice());
  const objective = (out: Tensor): Tensor => (out.size === 1 && out.ndim === 0 ? out : sum(mul(out, w)));

  const loss = objective(first);
  if (!loss.requiresGrad) throw new Error('gradcheck: the output does not depend on any input (no gradient to check)');
  backward(loss);

  const reports = xs.map((x, index): GradcheckInputReport => {
    const analytic = x.grad ? x.grad.toTypedArray() : new Float64Array(x.size);
    const values = x.data;
    let maxAbs = 0;
    let maxRel = 0;
    let worst = 0;
    let worstExcess = -Infinity;
    let worstA = 0;
    let worstN = 0;
    let ok = true;
    noGrad(() => {
      for (let i = 0; i < x.size; i++) {
        const saved = values[i] as number;
        values[i] = saved + eps;
        const plus = objective(fn(...xs)).item();
        values[i] = saved - eps;
        const minus = objective(fn(...xs)).item();
        values[i] = saved;
        const numerical = (plus - minus) / (2 * eps);
        const a = analytic[i] as number;
        const absErr = Math.abs(a - numerical);
        const scale = Math.max(Math.abs(a), Math.abs(numerical));
        const relErr = scale === 0 ? 0 : absErr / scale;
        const excess = absErr - (atol + rtol * Math.abs(numerical));
        if (!(absErr <= atol + rtol * Math.abs(numerical))) ok = false;
        if (absErr > maxAbs || absErr !== absErr) maxAbs = absErr;
        if (relErr > maxRel || relErr !== relErr) maxRel = relErr;
        if (excess > worstExcess || excess !== excess) {
          worstExcess = excess;
          worst = i;
          worstA = a;
          worstN = numerical;
        }
      }
    });
    return { index, shape: x.shape.slice(), maxAbsError: maxAbs, maxRelError: maxRel, worstIndex: worst, analytic: worstA, numerical: worstN, ok };
  });
  const text = reports
    .map((r) => `input ${r.index} [${r.shape.join(',')}]: ${r.ok ? 'ok' : 'MISMATCH'} maxAbs=${r.maxAbsError.toExponential(2)} maxRel=${r.maxRelError.toExponential(2)} worst #${r.worstIndex}: analytic=${r.analytic} numerical=${r.numerical}`)
    .join('\n');
  return { ok: reports.every((r) => r.ok), inputs: reports, text };
}
