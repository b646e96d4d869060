// The GRPO objective (DeepSeekMath eq. 3; TRL's GRPOTrainer loss types; DAPO's clip-higher).
import { clamp, exp, minimum, mul, noGrad, sub, sum, Tensor } from '../autograd/index.js';
import { log } from '../tensor/libm.js';

/** How per-step losses are aggregated into one number. */
export type LossType = 'grpo' | 'bnpo' | 'dr_grpo';

/** Input of {@link grpoLoss}: flat per-step tensors [T] over all steps of the batch. */
export interface GrpoLossInput {
  /** log pi_theta(a_t | s_t), [T]: the only input that carries a gradient. */
  readonly logProbs: Tensor;
  /** log pi_old(a_t | s_t) of the policy that collected the batch, [T]. */
  readonly oldLogProbs: Tensor;
  /** log pi_ref(a_t | s_t) of the reference policy, [T]; needed when beta > 0. */
  readonly refLogProbs?: Tensor | null;
  /** Per-step advantages, [T]. */
  readonly advantages: Tensor;
  /** The episode each step belongs to, length T (any integer labels). */
  readonly episodeIds: ArrayLike<number>;
  /** Lower clip range: the ratio is clipped at 1 - epsLow. Default 0.2. */
  readonly epsLow?: number;
  /** Upper clip range: 1 + epsHigh (> epsLow is DAPO's clip-higher). Default epsLow. */
  readonly epsHigh?: number;
  /** Weight of the k3 KL penalty to the reference policy. Default 0. */
  readonly beta?: number;
  /** Aggregation. Default 'grpo'. */
  readonly lossType?: LossType;
  /** The longest an episode can be (the time limit); required by 'dr_grpo'. */
  readonly maxEpisodeLength?: number;
  /** Per-step policy entropies [T] (with gradient), for an entropy bonus. */
  readonly entropies?: Tensor | null;
  /** Weight of the entropy bonus. Default 0. */
  readonly entCoef?: number;
}

/** Diagnostics of one loss evaluation (plain numbers, no graph). */
export interface GrpoLossStats {
  /** Mean k3 estimate of KL(pi_theta || pi_ref) over steps (0 when no reference is given). */
  readonly klRef: number;
  /** Mean of (r - 1) - log r: the k3 estimate of KL(pi_old || pi_theta) (CleanRL's approx_kl). */
  readonly approxKl: number;
  /** Fraction of steps with r < 1 - epsLow and A < 0 (clipped from below). */
  readonly clipFracLow: number;
  /** Fraction of steps with r > 1 + epsHigh and A > 0 (clipped from above). */
  readonly clipFracHigh: number;
  /** clipFracLow + clipFracHigh. */
  readonly clipFrac: number;
  /** Mean entropy over steps (NaN when no entropies are given). */
  readonly entropy: number;
  /** The clipped surrogate part of the loss alone. */
  readonly policyLoss: number;
  /** Mean ratio r over steps. */
  readonly ratioMean: number;
}

/** The tensors the loss is made of, for audits (scalars unless noted; read after the update, they cost nothing). */
export interface GrpoLossParts {
  /** The clipped surrogate term, -sum_t w_t min(r_t A_t, clip(r_t) A_t). */
  readonly surrogate: Tensor;
  /** beta sum_t w_t k3_t, as added to the loss; null when beta is 0. */
  readonly klPenalty: Tensor | null;
  /** entCoef sum_t w_t H_t, as subtracted from the loss; null without an entropy bonus. */
  readonly entropyBonus: Tensor | null;
  /** The ratios r_t = pi / pi_old [T]. */
  readonly ratio: Tensor;
  /** The advantages [T] as the loss used them. */
  readonly advantages: Tensor;
}

/** Output of {@link grpoLoss}. */
export interface GrpoLossOutput {
  /** The scalar loss to minimise (with gradient). */
  readonly loss: Tensor;
  readonly stats: GrpoLossStats;
  readonly parts: GrpoLossParts;
}

/**
 * Per-step aggregation weights w_t, so that loss = sum_t w_t l_t:
 * 'grpo' 1 / (|o_i| E) (mean over each episode's steps, then over the E episodes),
 * 'bnpo' 1 / T (mean over all steps), 'dr_grpo' 1 / (E L) with L the maximum episode length.
 */
export function aggregationWeights(episodeIds: ArrayLike<number>, lossType: LossType, maxEpisodeLength?: number): Float64Array {
  const T = episodeIds.length;
  const lengths = new Map<number, number>();
  for (let t = 0; t < T; t++) lengths.set(episodeIds[t] as number, (lengths.get(episodeIds[t] as number) ?? 0) + 1);
  const E = lengths.size;
  const w = new Float64Array(T);
  if (lossType === 'grpo') {
    for (let t = 0; t < T; t++) w[t] = 1 / (lengths.get(episodeIds[t] as number)! * E);
  } else if (lossType === 'bnpo') {
    w.fill(1 / T);
  } else if (lossType === 'dr_grpo') {
    if (!(typeof maxEpisodeLength === 'number' && maxEpisodeLength >= 1)) {
      throw new RangeError(`grpoLoss: lossType 'dr_grpo' needs maxEpisodeLength >= 1, received ${maxEpisodeLength}`);
    }
    const longest = Math.max(...lengths.values());
    if (longest > maxEpisodeLength) {
      throw new RangeError(`grpoLoss: an episode has ${longest} steps, more than maxEpisodeLength ${maxEpisodeLength}`);
    }
    w.fill(1 / (E * maxEpisodeLength));
  } else {
    throw new RangeError(`grpoLoss: lossType must be 'grpo', 'bnpo' or 'dr_grpo', received ${JSON.stringify(lossType)}`);
  }
  return w;
}

function meanValue(t: Tensor): number {
  const v = t.toTypedArray();
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  return v.length === 0 ? 0 : s / v.length;
}

/**
 * The GRPO loss over a batch of steps:
 *   l_t = -min(r_t A_t, clip(r_t, 1 - epsLow, 1 + epsHigh) A_t) + beta k3_t - entCoef H_t,
 * with r_t = exp(logProbs - oldLogProbs) and k3_t = pi_ref/pi - log(pi_ref/pi) - 1 (Schulman's
 * unbiased, non-negative estimator of KL(pi || pi_ref)), aggregated by `lossType`.
 * With pi_old = pi, the gradient per step is -(A_t + beta (pi_ref/pi - 1)) grad log pi (DeepSeekMath
 * appendix A.1.6), a closed form the tests use.
 */
export function grpoLoss(input: GrpoLossInput): GrpoLossOutput {
  const { logProbs, oldLogProbs, advantages, episodeIds } = input;
  const epsLow = input.epsLow ?? 0.2;
  const epsHigh = input.epsHigh ?? epsLow;
  const beta = input.beta ?? 0;
  const entCoef = input.entCoef ?? 0;
  const lossType = input.lossType ?? 'grpo';
  const T = logProbs.size;
  const shapeOk = (t: Tensor | null | undefined) => t === null || t === undefined || (t.ndim === 1 && t.size === T);
  if (logProbs.ndim !== 1) throw new RangeError(`grpoLoss: logProbs must be 1-D [T], received shape [${logProbs.shape.join(',')}]`);
  for (const [name, t] of [['oldLogProbs', oldLogProbs], ['advantages', advantages], ['refLogProbs', input.refLogProbs], ['entropies', input.entropies]] as const) {
    if (!shapeOk(t)) throw new RangeError(`grpoLoss: ${name} must have shape [${T}] like logProbs, received [${t!.shape.join(',')}]`);
  }
  if (episodeIds.length !== T) throw new RangeError(`grpoLoss: episodeIds has ${episodeIds.length} entries for ${T} steps`);
  if (!(epsLow >= 0 && epsLow < 1)) throw new RangeError(`grpoLoss: epsLow must be in [0, 1), received ${epsLow}`);
  if (!(epsHigh >= 0)) throw new RangeError(`grpoLoss: epsHigh must be >= 0, received ${epsHigh}`);
  if (!(beta >= 0)) throw new RangeError(`grpoLoss: beta must be >= 0, received ${beta}`);
  if (beta > 0 && !input.refLogProbs) throw new RangeError('grpoLoss: beta > 0 needs refLogProbs');

  const weights = new Tensor(aggregationWeights(episodeIds, lossType, input.maxEpisodeLength), [T]);
  const ratio = exp(sub(logProbs, oldLogProbs.detach()));
  const adv = advantages.detach();
  const surrogate = minimum(mul(ratio, adv), mul(clamp(ratio, 1 - epsLow, 1 + epsHigh), adv));
  const policyTerm = sum(mul(surrogate, weights)).neg();
  let loss = policyTerm;
  let klRef = 0;
  let klPenalty: Tensor | null = null;
  if (input.refLogProbs) {
    const logRefOverPi = sub(input.refLogProbs.detach(), logProbs);
    const k3 = sub(sub(exp(logRefOverPi), logRefOverPi), 1);
    klRef = meanValue(k3);
    if (beta > 0) {
      klPenalty = sum(mul(k3, weights)).mul(beta);
      loss = loss.add(klPenalty);
    }
  }
  let entropy = NaN;
  let entropyBonus: Tensor | null = null;
  if (input.entropies) {
    entropy = meanValue(input.entropies);
    if (entCoef !== 0) {
      entropyBonus = sum(mul(input.entropies, weights)).mul(entCoef);
      loss = loss.sub(entropyBonus);
    }
  }

  const stats = noGrad(() => {
    const r = ratio.toTypedArray();
    const a = adv.toTypedArray();
    let low = 0;
    let high = 0;
    let approx = 0;
    let ratioSum = 0;
    for (let t = 0; t < T; t++) {
      const rt = r[t] as number;
      if (rt < 1 - epsLow && (a[t] as number) < 0) low++;
      if (rt > 1 + epsHigh && (a[t] as number) > 0) high++;
      // NOTE: fdlibm's log, not Math.log: the same bits in every JavaScript engine (src/tensor/libm.ts).
      approx += rt - 1 - log(rt);
      ratioSum += rt;
    }
    const n = Math.max(T, 1);
    return {
      klRef,
      approxKl: approx / n,
      clipFracLow: low / n,
      clipFracHigh: high / n,
      clipFrac: (low + high) / n,
      entropy,
      policyLoss: policyTerm.item(),
      ratioMean: ratioSum / n,
    };
  });
  return { loss, stats, parts: { surrogate: policyTerm, klPenalty, entropyBonus, ratio, advantages: adv } };
}

