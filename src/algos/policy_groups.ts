// Policy groups (seed 000's algorithm, shaped like population-based training, Jaderberg et al.
// 2017): N groups, each a policy, a value network and its own Adam state. The math of one
// iteration, pure and synchronous: selection probabilities from the groups' performances, the
// allocation of rollout slots among groups, the performance EMA, the group-relative advantage
// shift, and evolution (exploit: copy a better group; explore: perturb its hyperparameters).
// The trainer is src/train/policy_groups_trainer.ts; each group's update is PPO's (src/algos/ppo.ts).
import type { Adam } from '../nn/index.js';
import type { Rng } from '../tensor/rng.js';
import type { Policy } from './policy.js';
import type { PpoBatch } from './ppo.js';
import { sampleStd } from './stats.js';
import type { ValueNetwork } from './value.js';

/**
 * Selection probabilities: softmax(performance / temperature), floored at `minShare`.
 *
 * The floor is a projection, not a mixture: groups whose softmax share falls below `minShare`
 * get exactly `minShare`, and the other groups share the rest in their softmax proportions
 * (water-filling). So p_g = max(minShare, c * softmax_g) with c chosen such that sum p = 1.
 * Feasible when minShare x groups <= 1 (then c <= 1 and every p_g >= minShare).
 * @param performances [G] the groups' performances (finite)
 * @returns [G] probabilities summing to 1, each >= minShare
 * @example selectionProbabilities([0, Math.log(3)], 1, 0) // [0.25, 0.75]
 */
export function selectionProbabilities(performances: readonly number[], temperature: number, minShare: number): Float64Array {
  const G = performances.length;
  if (G < 1) throw new RangeError('selectionProbabilities: needs at least one group, received 0 performances');
  if (!(temperature > 0 && Number.isFinite(temperature))) throw new RangeError(`selectionProbabilities: temperature must be a finite number > 0, received ${temperature}`);
  if (!(minShare >= 0 && minShare * G <= 1 + 1e-12)) {
    throw new RangeError(`selectionProbabilities: minShare x groups must be <= 1 (minShare >= 0), received ${minShare} x ${G} = ${minShare * G}`);
  }
  performances.forEach((p, g) => {
    if (!Number.isFinite(p)) throw new RangeError(`selectionProbabilities: performances[${g}] must be finite, received ${p}`);
  });
  // Max-subtracted softmax.
  const max = Math.max(...performances);
  const soft = performances.map((p) => Math.exp((p - max) / temperature));
  const total = soft.reduce((a, b) => a + b, 0);
  const share = soft.map((s) => s / total);
  // Water-filling: lift the groups below the floor, rescale the rest, until no rescaled group falls below it.
  const floored = new Array<boolean>(G).fill(false);
  for (;;) {
    const free = share.reduce((a, s, g) => (floored[g] ? a : a + s), 0);
    const c = (1 - minShare * floored.filter(Boolean).length) / free;
    let changed = false;
    for (let g = 0; g < G; g++) {
      if (!floored[g] && c * share[g]! < minShare) { floored[g] = true; changed = true; }
    }
    if (!changed) return Float64Array.from(share, (s, g) => (floored[g] ? minShare : c * s));
  }
}

/**
 * Shares `slots` rollout slots among the groups by residual sampling: group g first gets
 * floor(slots x p_g), and the slots left are drawn one by one from `rng` with weights
 * slots x p_g - floor(slots x p_g). Each group's expected count is slots x p_g; a group with
 * slots x p_g < 1 may get none in an iteration (it then skips its update).
 * @returns [G] slot counts summing to `slots`
 * @example allocateSlots([0.5, 0.25, 0.25], 8, rng) // [4, 2, 2]
 */
export function allocateSlots(probabilities: ArrayLike<number>, slots: number, rng: Rng): number[] {
  if (!(Number.isInteger(slots) && slots >= 0)) throw new RangeError(`allocateSlots: slots must be an integer >= 0, received ${slots}`);
  const expected = Array.from(probabilities, (p) => p * slots);
  const counts = expected.map((e) => Math.floor(e + 1e-9));
  const residual = expected.map((e, g) => Math.max(0, e - counts[g]!));
  let left = slots - counts.reduce((a, b) => a + b, 0);
  while (left > 0) {
    counts[rng.categorical(residual.some((r) => r > 0) ? residual : expected)]!++;
    left--;
  }
  return counts;
}

/**
 * The performance EMA after one iteration: perf + ema x (mean return - perf) for a group that
 * finished episodes (the first observation replaces the initial value); unchanged otherwise.
 * @param returns [G] lists of the iteration's finished-episode returns, per group
 * @example updatePerformances([0, 0], [false, false], [[10, 20], []], 0.1) // performances [15, 0], observed [true, false]
 */
export function updatePerformances(
  performances: readonly number[], observed: readonly boolean[], returns: readonly (readonly number[])[], ema: number,
): { performances: number[]; observed: boolean[] } {
  const next = performances.slice();
  const seen = observed.slice();
  returns.forEach((rs, g) => {
    if (rs.length === 0) return;
    const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
    next[g] = seen[g] ? next[g]! + ema * (mean - next[g]!) : mean;
    seen[g] = true;
  });
  return { performances: next, observed: seen };
}

/**
 * The group-relative advantage shift of each episode:
 *   shift_i = relativeWeight x (R_i - mean(R)) / (std(R) + 1e-8),
 * where R holds every finished episode's return of the iteration, across all groups (the
 * population), and std is the sample std (n - 1, as TRL; 0 for one episode). Each step of
 * episode i has shift_i added to its GAE advantage. relativeWeight 0 gives independent PPO groups.
 * @param returns [E] episode returns of the whole population
 * @returns [E] shifts
 * @example relativeShifts([1, 2, 3], 1) // [-1, 0, 1]: (R - mean) / sample std
 */
export function relativeShifts(returns: readonly number[], relativeWeight: number): Float64Array {
  const out = new Float64Array(returns.length);
  if (relativeWeight === 0 || returns.length === 0) return out;
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const denom = sampleStd(returns) + 1e-8;
  for (let i = 0; i < returns.length; i++) out[i] = (relativeWeight * ((returns[i] as number) - mean)) / denom;
  return out;
}

/** A group's own hyperparameters: what evolution copies and perturbs. */
export interface GroupHyperparameters {
  readonly learningRate: number;
  readonly entCoef: number;
}

/** Inclusive bounds of the perturbed hyperparameters. */
export interface HyperparameterBounds {
  readonly learningRate: readonly [number, number];
  readonly entCoef: readonly [number, number];
}

/** One evolution copy: group `to` took the weights, Adam state, performance and (perturbed) hyperparameters of group `from`. */
export interface EvolutionCopy {
  readonly iteration: number;
  readonly from: number;
  readonly to: number;
  /** `to`'s hyperparameters after the perturbation. */
  readonly hyperparameters: GroupHyperparameters;
}

/**
 * The ranking used by evolution: group indices from best to worst performance (ties: lower index first).
 * @example rankGroups([3, 9, 1]) // [1, 0, 2]: best first
 */
export function rankGroups(performances: readonly number[]): number[] {
  return performances.map((_, g) => g).sort((a, b) => performances[b]! - performances[a]! || a - b);
}

/**
 * Which groups copy which (exploit, truncation selection): the worst ceil(evolveFraction x G)
 * groups (at most G - 1, so a donor is left) each copy a group from the better ones, drawn by
 * rank: among D donors the best has weight D, the next D - 1, ..., the worst donor 1.
 * @returns pairs { from, to }, worst group first
 * @example planEvolution([3, 9, 1, 5], 0.25, rng) // e.g. [{ from: 1, to: 2 }]: the worst group copies a better one
 */
export function planEvolution(performances: readonly number[], evolveFraction: number, rng: Rng): { from: number; to: number }[] {
  const G = performances.length;
  if (!(evolveFraction >= 0 && evolveFraction <= 1)) throw new RangeError(`planEvolution: evolveFraction must be in [0, 1], received ${evolveFraction}`);
  const ranked = rankGroups(performances);
  const losers = Math.min(Math.ceil(evolveFraction * G - 1e-9), G - 1);
  if (losers <= 0) return [];
  const donors = ranked.slice(0, G - losers);
  const weights = donors.map((_, r) => donors.length - r);
  return ranked.slice(G - losers).reverse().map((to) => ({ from: donors[rng.categorical(weights)]!, to }));
}

/**
 * Explore: each hyperparameter multiplied by 0.8 or 1.2 (a fair coin from `rng`), then clamped to its bounds.
 * @example perturbHyperparameters({ learningRate: 3e-4, entCoef: 0.01 }, { learningRate: [1e-5, 1e-2], entCoef: [0, 0.1] }, rng) // each x0.8 or x1.2, clamped
 */
export function perturbHyperparameters(hyper: GroupHyperparameters, bounds: HyperparameterBounds, rng: Rng): GroupHyperparameters {
  const factor = () => (rng.uniform() < 0.5 ? 0.8 : 1.2);
  const clampTo = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));
  const learningRate = clampTo(hyper.learningRate * factor(), bounds.learningRate);
  const entCoef = clampTo(hyper.entCoef * factor(), bounds.entCoef);
  return { learningRate, entCoef };
}

/** One group of the population: its policy, its value network, its Adam state and its hyperparameters. */
export interface PolicyGroup {
  readonly policy: Policy;
  readonly value: ValueNetwork;
  readonly optimizer: Adam;
  hyperparameters: GroupHyperparameters;
}

/**
 * Evolution (exploit and explore) on a population, in place: for each pair of
 * {@link planEvolution}, group `to` copies group `from`'s policy and value weights, its Adam
 * state (moments and step counts), its performance and its hyperparameters, then perturbs those
 * hyperparameters ({@link perturbHyperparameters}). Draws from `rng` in a fixed order (the plan,
 * then one perturbation per copy).
 * @returns the copies made, in order (for the log and the evolution timeline)
 * @example const copies = evolvePopulation(groups, performances, 0.25, bounds, root.fork('evolve', iteration))
 */
export function evolvePopulation(
  groups: readonly PolicyGroup[], performances: number[], evolveFraction: number, bounds: HyperparameterBounds, rng: Rng, iteration: number,
): EvolutionCopy[] {
  if (groups.length !== performances.length) throw new RangeError(`evolvePopulation: ${groups.length} groups but ${performances.length} performances`);
  return planEvolution(performances, evolveFraction, rng).map(({ from, to }) => {
    const donor = groups[from]!;
    const receiver = groups[to]!;
    receiver.policy.copyFrom(donor.policy);
    receiver.value.loadStateDict(donor.value.stateDict(), { source: 'evolvePopulation' });
    receiver.optimizer.loadState(donor.optimizer.state());
    performances[to] = performances[from]!;
    receiver.hyperparameters = perturbHyperparameters(donor.hyperparameters, bounds, rng);
    return { iteration, from, to, hyperparameters: receiver.hyperparameters };
  });
}

/**
 * A batch whose advantages carry each episode's group-relative shift: column k of an
 * {@link episodeColumns} batch is episode k, so every real row of column k gets `shifts[k]`
 * added. The value targets (returns) stay GAE's. With all shifts 0 the advantages are unchanged
 * bit for bit (x + 0 = x), so the update is PPO's.
 * @param shifts [N] one shift per column
 * @example const shifted = shiftEpisodeAdvantages(batch, relativeShifts(returns, 0.5))
 */
export function shiftEpisodeAdvantages(batch: PpoBatch, shifts: ArrayLike<number>): PpoBatch {
  const N = batch.rollout.numEnvs;
  if (shifts.length !== N) throw new RangeError(`shiftEpisodeAdvantages: ${shifts.length} shifts for ${N} episodes`);
  const advantages = batch.advantages.slice();
  for (const row of batch.rows) advantages[row] = advantages[row]! + (shifts[row % N] as number);
  return { ...batch, advantages };
}
