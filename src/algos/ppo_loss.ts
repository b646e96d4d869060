// PPO's clipped surrogate, clipped value loss and entropy bonus, as CleanRL's ppo.py computes
// them, with CleanRL's diagnostics (k1 and k3 KL estimates, clip fraction).
import { clamp, exp, maximum, mul, noGrad, square, sub, type Tensor } from '../autograd/index.js';

/** Input of {@link ppoLoss}: per-step tensors [B] of one minibatch. */
export interface PpoLossInput {
  /** log pi_theta(a | s), with gradient. */
  readonly logProbs: Tensor;
  /** log pi_old(a | s) of the policy that collected the rollout. */
  readonly oldLogProbs: Tensor;
  /** Advantages (already normalised, when asked). */
  readonly advantages: Tensor;
  /** V_theta(s), with gradient. */
  readonly values: Tensor;
  /** V_old(s) of the critic that collected the rollout (the centre of value clipping). */
  readonly oldValues: Tensor;
  /** Value targets A + V_old (GAE returns). */
  readonly returns: Tensor;
  /** Policy entropies, with gradient. */
  readonly entropies: Tensor;
  /** Clip range of the ratio, and of the value around V_old. */
  readonly clipCoef: number;
  /** Clip the value loss (CleanRL's `clip_vloss`). */
  readonly clipVloss: boolean;
  readonly vfCoef: number;
  readonly entCoef: number;
}

/** Diagnostics of one PPO loss evaluation, with CleanRL's definitions. */
export interface PpoLossStats {
  /** mean(max(-A r, -A clip(r, 1 - c, 1 + c))). */
  readonly policyLoss: number;
  /** 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2)), or 0.5 mean((V - R)^2) unclipped. */
  readonly valueLoss: number;
  /** Mean entropy. */
  readonly entropy: number;
  /** mean(-log r): the k1 estimate of KL(pi_old || pi_theta). */
  readonly oldApproxKl: number;
  /** mean((r - 1) - log r): the k3 estimate (non-negative, lower variance). */
  readonly approxKl: number;
  /** Fraction of steps with |r - 1| > c. */
  readonly clipFrac: number;
}

/** The tensors the PPO loss is made of, for audits (scalars unless noted). */
export interface PpoLossParts {
  /** The clipped surrogate term. */
  readonly surrogate: Tensor;
  /** entCoef mean(H), as subtracted from the loss. */
  readonly entropyBonus: Tensor;
  /** vfCoef v, as added to the loss. */
  readonly value: Tensor;
  /** The ratios r [B]. */
  readonly ratio: Tensor;
  /** The advantages [B] as the loss used them (normalised when asked). */
  readonly advantages: Tensor;
}

/** Output of {@link ppoLoss}. */
export interface PpoLossOutput {
  readonly loss: Tensor;
  readonly stats: PpoLossStats;
  readonly parts: PpoLossParts;
}

/**
 * The PPO loss of CleanRL's ppo.py:
 *   pg = mean(max(-A r, -A clip(r, 1 - c, 1 + c))), r = exp(logProbs - oldLogProbs);
 *   v  = 0.5 mean(max((V - R)^2, (V_old + clip(V - V_old, -c, c) - R)^2))  (clipVloss), else 0.5 mean((V - R)^2);
 *   loss = pg - entCoef mean(H) + vfCoef v.
 * Gradients flow through logProbs, values and entropies only.
 */
export function ppoLoss(input: PpoLossInput): PpoLossOutput {
  const B = input.logProbs.size;
  for (const [name, t] of [
    ['logProbs', input.logProbs], ['oldLogProbs', input.oldLogProbs], ['advantages', input.advantages], ['values', input.values],
    ['oldValues', input.oldValues], ['returns', input.returns], ['entropies', input.entropies],
  ] as const) {
    if (t.ndim !== 1 || t.size !== B) throw new RangeError(`ppoLoss: ${name} must have shape [${B}] like logProbs, received [${t.shape.join(',')}]`);
  }
  const c = input.clipCoef;
  if (!(c >= 0 && c < 1)) throw new RangeError(`ppoLoss: clipCoef must be in [0, 1), received ${c}`);
  const logRatio = sub(input.logProbs, input.oldLogProbs.detach());
  const ratio = exp(logRatio);
  const advantages = input.advantages.detach();
  const negAdv = advantages.neg();
  const policyLoss = maximum(mul(negAdv, ratio), mul(negAdv, clamp(ratio, 1 - c, 1 + c))).mean();
  const returns = input.returns.detach();
  const unclipped = square(sub(input.values, returns));
  let valueLoss: Tensor;
  if (input.clipVloss) {
    const oldValues = input.oldValues.detach();
    const clippedValues = clamp(sub(input.values, oldValues), -c, c).add(oldValues);
    valueLoss = maximum(unclipped, square(sub(clippedValues, returns))).mean().mul(0.5);
  } else {
    valueLoss = unclipped.mean().mul(0.5);
  }
  const entropy = input.entropies.mean();
  const entropyBonus = entropy.mul(input.entCoef);
  const valueTerm = valueLoss.mul(input.vfCoef);
  const loss = policyLoss.sub(entropyBonus).add(valueTerm);

  const stats = noGrad(() => {
    const lr = logRatio.toTypedArray();
    let oldApprox = 0;
    let approx = 0;
    let clipped = 0;
    for (let i = 0; i < B; i++) {
      const l = lr[i] as number;
      const r = Math.exp(l);
      oldApprox += -l;
      approx += r - 1 - l;
      if (Math.abs(r - 1) > c) clipped++;
    }
    const n = Math.max(B, 1);
    return {
      policyLoss: policyLoss.item(),
      valueLoss: valueLoss.item(),
      entropy: entropy.item(),
      oldApproxKl: oldApprox / n,
      approxKl: approx / n,
      clipFrac: clipped / n,
    };
  });
  return { loss, stats, parts: { surrogate: policyLoss, entropyBonus, value: valueTerm, ratio, advantages } };
}
