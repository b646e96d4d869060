// Group-relative advantages (DeepSeekMath, Shao et al. 2024, section 4.1; TRL's GRPOTrainer).
import { sampleStd } from './stats.js';

/** How advantages are assigned to an episode's steps. */
export type AdvantageMode = 'outcome' | 'process';

/** What the centred rewards are divided by. */
export type RewardScaling = 'group' | 'batch' | 'none';

/** Input of {@link grpoAdvantages}. */
export interface GrpoAdvantageInput {
  /** Per episode, its step rewards (episode e has rewards[e].length steps). */
  readonly rewards: readonly ArrayLike<number>[];
  /** Per episode, the id of its group (episodes from one start state share an id). */
  readonly groupIds: readonly number[];
  /**
   * 'outcome': every step of episode i gets (R_i - mean_group R) / scale, R_i the episode return.
   * 'process': step rewards are normalised over the whole group, (r - mean) / scale, and a step's
   * advantage is the sum of the normalised rewards from that step on (discounted by `gamma`).
   */
  readonly mode: AdvantageMode;
  /**
   * 'group': divide by the group's std (+ eps); 'batch': by the whole batch's std (+ eps), still
   * centring on group means (TRL's "batch"); 'none': centre only (Dr. GRPO).
   */
  readonly scaleRewards: RewardScaling;
  /** Discount of the process-supervision reward-to-go. Default 1 (the paper's plain sum). */
  readonly gamma?: number;
  /**
   * Process supervision's baseline. 'pooled' (default, DeepSeekMath): normalise step rewards over
   * all steps of the group, then sum to go. 'per-step' (our extension for control): compute each
   * step's discounted return-to-go G_t, then normalise it against the group members' G_t at the
   * same time index t (members from one start state, still running at t). Time-dependent reward
   * levels then cancel, as a critic's baseline would make them.
   */
  readonly processBaseline?: 'pooled' | 'per-step';
  /** Added to the std. Default 1e-4 (TRL). */
  readonly eps?: number;
}

/** Output of {@link grpoAdvantages}. */
export interface GrpoAdvantages {
  /** Per episode, one advantage per step. */
  readonly perStep: Float64Array[];
  /** Per episode, its return R = sum of its rewards. */
  readonly returns: Float64Array;
  /** Mean return of each group, in order of first appearance of its id. */
  readonly groupMeans: number[];
  /** The group ids in that order. */
  readonly groupOrder: number[];
  /** Mean and sample std of all returns in the batch. */
  readonly rewardMean: number;
  readonly rewardStd: number;
  /** Fraction of groups whose returns have zero spread (they carry no outcome signal). */
  readonly fracZeroStd: number;
}

function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return values.length === 0 ? 0 : s / values.length;
}

/**
 * Group-relative advantages for a batch of episodes, critic-free.
 *
 * Outcome supervision: A_{i,t} = (R_i - mean_g(R)) / (std_g(R) + eps) for every step t of episode i
 * in group g. Process supervision: with all step rewards of group g pooled,
 * r~ = (r - mean_g(r)) / (std_g(r) + eps) and A_{i,t} = sum_{t' >= t} gamma^(t'-t) r~_{i,t'}.
 * Stds are sample stds (n - 1), as TRL computes them.
 * @example
 * grpoAdvantages({ rewards: [[1, 1], [1]], groupIds: [0, 0], mode: 'outcome', scaleRewards: 'group' })
 * // returns 2 and 1, mean 1.5, std 0.707: A = [+0.707, +0.707] and [-0.707]
 */
export function grpoAdvantages(input: GrpoAdvantageInput): GrpoAdvantages {
  const { rewards, groupIds, mode, scaleRewards } = input;
  const gamma = input.gamma ?? 1;
  const eps = input.eps ?? 1e-4;
  if (rewards.length !== groupIds.length) {
    throw new RangeError(`grpoAdvantages: rewards has ${rewards.length} episodes but groupIds has ${groupIds.length}`);
  }
  if (mode !== 'outcome' && mode !== 'process') throw new RangeError(`grpoAdvantages: mode must be 'outcome' or 'process', received ${JSON.stringify(mode)}`);
  if (scaleRewards !== 'group' && scaleRewards !== 'batch' && scaleRewards !== 'none') {
    throw new RangeError(`grpoAdvantages: scaleRewards must be 'group', 'batch' or 'none', received ${JSON.stringify(scaleRewards)}`);
  }
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`grpoAdvantages: gamma must be in [0, 1], received ${gamma}`);
  if (input.processBaseline !== undefined && input.processBaseline !== 'pooled' && input.processBaseline !== 'per-step') {
    throw new RangeError(`grpoAdvantages: processBaseline must be 'pooled' or 'per-step', received ${JSON.stringify(input.processBaseline)}`);
  }

  const returns = Float64Array.from(rewards, (r) => {
    let s = 0;
    for (let t = 0; t < r.length; t++) s += r[t] as number;
    return s;
  });
  const members = new Map<number, number[]>();
  groupIds.forEach((g, e) => {
    const list = members.get(g);
    if (list) list.push(e);
    else members.set(g, [e]);
  });
  const groupOrder = [...members.keys()];
  const groupMeans = groupOrder.map((g) => meanOf(members.get(g)!.map((e) => returns[e]!)));
  const fracZeroStd = groupOrder.length === 0 ? 0 : groupOrder.filter((g) => sampleStd(members.get(g)!.map((e) => returns[e]!)) === 0).length / groupOrder.length;

  const perStep = rewards.map((r) => new Float64Array(r.length));
  if (mode === 'outcome') {
    const batchStd = sampleStd(returns);
    groupOrder.forEach((g, gi) => {
      const list = members.get(g)!;
      const std = scaleRewards === 'group' ? sampleStd(list.map((e) => returns[e]!)) : batchStd;
      for (const e of list) {
        const centred = returns[e]! - groupMeans[gi]!;
        perStep[e]!.fill(scaleRewards === 'none' ? centred : centred / (std + eps));
      }
    });
  } else if ((input.processBaseline ?? 'pooled') === 'per-step') {
    const toGo = rewards.map((r) => {
      const g = new Float64Array(r.length);
      let acc = 0;
      for (let t = r.length - 1; t >= 0; t--) g[t] = acc = (r[t] as number) + gamma * acc;
      return g;
    });
    const batchStd = sampleStd(toGo.flatMap((g) => Array.from(g)));
    for (const g of groupOrder) {
      const list = members.get(g)!;
      const longest = Math.max(...list.map((e) => toGo[e]!.length));
      for (let t = 0; t < longest; t++) {
        const alive = list.filter((e) => toGo[e]!.length > t);
        const values = alive.map((e) => toGo[e]![t]!);
        const mean = meanOf(values);
        const std = scaleRewards === 'group' ? sampleStd(values) : batchStd;
        for (const e of alive) {
          const centred = toGo[e]![t]! - mean;
          perStep[e]![t] = scaleRewards === 'none' ? centred : centred / (std + eps);
        }
      }
    }
  } else {
    const pooled = (list: number[]) => list.flatMap((e) => Array.from(rewards[e]!));
    const batchStd = sampleStd(pooled(rewards.map((_, e) => e)));
    for (const g of groupOrder) {
      const list = members.get(g)!;
      const all = pooled(list);
      const mean = meanOf(all);
      const std = scaleRewards === 'group' ? sampleStd(all) : batchStd;
      for (const e of list) {
        const r = rewards[e]!;
        const out = perStep[e]!;
        let toGo = 0;
        for (let t = r.length - 1; t >= 0; t--) {
          const centred = (r[t] as number) - mean;
          toGo = (scaleRewards === 'none' ? centred : centred / (std + eps)) + gamma * toGo;
          out[t] = toGo;
        }
      }
    }
  }
  return { perStep, returns, groupMeans, groupOrder, rewardMean: meanOf(returns), rewardStd: sampleStd(returns), fracZeroStd };
}
