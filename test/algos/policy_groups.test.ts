// Policy groups' math alone: selection against a hand-computed softmax with the floor, slot
// allocation, the performance EMA, the group-relative shift, evolution on a constructed
// population, and whole episodes as PPO rollout columns.
import { describe, expect, it } from 'vitest';
import {
  Adam, actionSpecOf, allocateSlots, episodeColumns, evolvePopulation, make, perturbHyperparameters, planEvolution, Policy, ppoBatch,
  rankGroups, relativeShifts, rolloutLockstep, Rng, selectionProbabilities, shiftEpisodeAdvantages, tensor, updatePerformances, ValueNetwork,
  type Episode, type EpisodeEnd, type Module, type PolicyGroup,
} from '../../src/index.js';

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol);
const E = Math.E;

describe('selectionProbabilities', () => {
  it('is the softmax of performance / temperature without a floor', () => {
    const p = selectionProbabilities([0, 10, 20], 10, 0);
    const z = 1 + E + E * E;
    [1 / z, E / z, (E * E) / z].forEach((v, g) => close(p[g]!, v));
  });

  it('lifts the groups below minShare to it and shares the rest in softmax proportions', () => {
    // softmax = [1, e, e^2] / z: group 0 (0.090) is floored at 0.2, groups 1 and 2 share 0.8 as e : e^2.
    const p = selectionProbabilities([0, 10, 20], 10, 0.2);
    close(p[0]!, 0.2);
    close(p[1]!, 0.8 / (1 + E));
    close(p[2]!, (0.8 * E) / (1 + E));
    // Two groups floored: softmax [1, 1, e^3] / (2 + e^3) -> [0.3, 0.3, 0.4].
    Array.from(selectionProbabilities([0, 0, 30], 10, 0.3)).forEach((v, g) => close(v, [0.3, 0.3, 0.4][g]!));
    // A floor reached only in a second round: softmax [0.1, 0.31, 0.59], minShare 0.3. Lifting
    // group 0 rescales the others by 0.7 / 0.9, which takes group 1 to 0.241 < 0.3: it is floored too.
    Array.from(selectionProbabilities([0.1, 0.31, 0.59].map(Math.log), 1, 0.3)).forEach((v, g) => close(v, [0.3, 0.3, 0.4][g]!));
  });

  it('refuses a temperature <= 0 and minShare x groups > 1, naming the values', () => {
    expect(() => selectionProbabilities([1, 2], 0, 0.1)).toThrow('temperature must be a finite number > 0, received 0');
    expect(() => selectionProbabilities([1, 2, 3], 1, 0.4)).toThrow('minShare x groups must be <= 1 (minShare >= 0), received 0.4 x 3 = 1.2');
    expect(() => selectionProbabilities([], 1, 0)).toThrow('needs at least one group');
  });
});

describe('allocateSlots', () => {
  it('gives each group floor(slots x p) and draws the rest by the residuals, the same for one seed', () => {
    expect(allocateSlots([0.5, 0.25, 0.25], 8, new Rng(0))).toEqual([4, 2, 2]);
    const a = allocateSlots([0.3, 0.3, 0.4], 8, new Rng(1));
    expect(a.reduce((x, y) => x + y, 0)).toBe(8);
    // floor(2.4) = 2, floor(2.4) = 2, floor(3.2) = 3, one slot left: each count is floor or floor + 1.
    a.forEach((n, g) => expect([[2, 3], [2, 3], [3, 4]][g]).toContain(n));
    expect(allocateSlots([0.3, 0.3, 0.4], 8, new Rng(1))).toEqual(a);
    expect(() => allocateSlots([1], -1, new Rng(0))).toThrow('slots must be an integer >= 0, received -1');
  });
});

describe('updatePerformances', () => {
  it('replaces the initial value with the first mean, then moves by ema x (mean - perf)', () => {
    const first = updatePerformances([0, 0, 0], [false, false, false], [[10, 20], [], [30]], 0.5);
    expect(first).toEqual({ performances: [15, 0, 30], observed: [true, false, true] });
    const second = updatePerformances(first.performances, first.observed, [[25], [40], []], 0.5);
    expect(second).toEqual({ performances: [20, 40, 30], observed: [true, true, true] });
  });
});

describe('relativeShifts', () => {
  it('is relativeWeight x (R - mean) / (sample std + 1e-8) over the whole population; 0 for weight 0', () => {
    // Returns 10, 20, 30: mean 20, sample std 10.
    Array.from(relativeShifts([10, 20, 30], 0.5)).forEach((v, i) => close(v, (0.5 * ([10, 20, 30][i]! - 20)) / (10 + 1e-8)));
    expect(Array.from(relativeShifts([10, 20, 30], 0))).toEqual([0, 0, 0]);
    expect(Array.from(relativeShifts([7, 7], 1))).toEqual([0, 0]);
  });
});

/** A small population: distinct initial weights per group, one Adam step each so the states differ. */
function population(G: number): PolicyGroup[] {
  return Array.from({ length: G }, (_, g) => {
    const rng = new Rng(100 + g);
    const options = { hiddenSizes: [8], activation: 'tanh' as const };
    const policy = new Policy(4, { kind: 'discrete', n: 2 }, { ...options, rng: rng.fork('init') });
    const value = new ValueNetwork(4, { ...options, rng: rng.fork('critic') });
    const optimizer = new Adam([...policy.namedParameters('policy'), ...value.namedParameters('value')], { lr: 1e-2 });
    const obs = tensor([[0.1, -0.2, 0.3 * g, 0.05]]);
    policy.forward(obs).sum().add(value.forward(obs).sum()).backward();
    optimizer.step();
    return { policy, value, optimizer, hyperparameters: { learningRate: 1e-3 * (g + 1), entCoef: 0.01 * (g + 1) } };
  });
}

const weights = (m: Module) => m.stateDict();

describe('evolution', () => {
  it('ranks best first and lets the worst ceil(fraction x G) groups copy better ones, drawn by rank', () => {
    expect(rankGroups([10, 50, 30, 50])).toEqual([1, 3, 2, 0]);
    expect(planEvolution([10, 50, 30, 40], 0, new Rng(0))).toEqual([]);
    const plan = planEvolution([10, 50, 30, 40], 0.5, new Rng(0));
    expect(plan.map((c) => c.to)).toEqual([0, 2]); // worst first
    plan.forEach((c) => expect([1, 3]).toContain(c.from));
    // Rank weights 2 : 1 for the best (group 1) and the next (group 3).
    const draws = Array.from({ length: 3000 }, (_, i) => planEvolution([10, 50, 30, 40], 0.25, new Rng(i))[0]!.from);
    const ofBest = draws.filter((f) => f === 1).length / draws.length;
    const donors = new Set(draws);
    expect([...donors].sort()).toEqual([1, 2, 3]);
    close(ofBest, 3 / 6, 0.04); // weights 3 : 2 : 1 among the three donors
    // At least one donor always stays.
    expect(planEvolution([1, 2], 1, new Rng(0))).toEqual([{ from: 1, to: 0 }]);
  });

  it('copies weights, Adam state and performance of the donor, then perturbs x0.8 or x1.2 within bounds', () => {
    const groups = population(3);
    const performances = [10, 50, 30];
    const bounds = { learningRate: [1e-4, 2.1e-3], entCoef: [0, 0.05] } as const;
    const donorBefore = { policy: weights(groups[1]!.policy), value: weights(groups[1]!.value), adam: groups[1]!.optimizer.state() };
    expect(weights(groups[0]!.policy)).not.toEqual(donorBefore.policy);
    const copies = evolvePopulation(groups, performances, 0.3, bounds, new Rng(7), 4);
    expect(copies.length).toBe(1);
    const { from, to, hyperparameters, iteration } = copies[0]!;
    expect({ to, iteration }).toEqual({ to: 0, iteration: 4 });
    expect([1, 2]).toContain(from);
    const donor = groups[from]!;
    expect(weights(groups[0]!.policy)).toEqual(weights(donor.policy));
    expect(weights(groups[0]!.value)).toEqual(weights(donor.value));
    expect(groups[0]!.optimizer.state()).toEqual(donor.optimizer.state());
    expect(performances[0]).toBe(performances[from]);
    // The donor itself is untouched.
    if (from === 1) expect(weights(groups[1]!.policy)).toEqual(donorBefore.policy);
    // Each hyperparameter moved by x0.8 or x1.2, then clamped to its bounds.
    const lrOptions = [0.8, 1.2].map((f) => Math.min(2.1e-3, Math.max(1e-4, donor.hyperparameters.learningRate * f)));
    const entOptions = [0.8, 1.2].map((f) => Math.min(0.05, donor.hyperparameters.entCoef * f));
    expect(lrOptions).toContain(hyperparameters.learningRate);
    expect(entOptions).toContain(hyperparameters.entCoef);
    expect(groups[0]!.hyperparameters).toEqual(hyperparameters);
  });

  it('keeps perturbed hyperparameters within their bounds', () => {
    const bounds = { learningRate: [1e-3, 1e-3 * 1.1], entCoef: [0.009, 0.01] } as const;
    for (let s = 0; s < 20; s++) {
      const h = perturbHyperparameters({ learningRate: 1e-3, entCoef: 0.01 }, bounds, new Rng(s));
      expect(h.learningRate).toBeGreaterThanOrEqual(1e-3);
      expect(h.learningRate).toBeLessThanOrEqual(1.1e-3);
      expect(h.entCoef).toBeGreaterThanOrEqual(0.009);
      expect(h.entCoef).toBeLessThanOrEqual(0.01);
    }
  });
});

describe('episodeColumns', () => {
  it('lays episode k out as column k, pads after its end with its final observation, and shifts advantages per episode', () => {
    const envs = [0, 1, 2].map(() => make('CartPole-v1'));
    const policy = new Policy(4, actionSpecOf(envs[0]!.actionSpace), { rng: new Rng(0), hiddenSizes: [8], activation: 'tanh' });
    const critic = new ValueNetwork(4, { rng: new Rng(1), hiddenSizes: [8], activation: 'tanh' });
    const first = envs.map((e, k) => e.reset({ seed: k }).observation);
    const episodes: Episode[] = envs.map(() => ({ observations: [], actions: [], rewards: [], group: 0 }));
    const ends: EpisodeEnd[] = [];
    const steps = rolloutLockstep(policy, envs, first, [0, 1, 2].map((k) => new Rng(k)), episodes, Infinity, ends);
    const lengths = episodes.map((e) => e.rewards.length);
    expect(steps).toBe(lengths.reduce((a, b) => a + b, 0));
    const buffers = episodeColumns(episodes, ends, 4, 1);
    const T = Math.max(...lengths);
    expect({ N: buffers.numEnvs, T: buffers.numSteps }).toEqual({ N: 3, T });
    episodes.forEach((e, k) => {
      const L = lengths[k]!;
      for (let t = 0; t < T; t++) {
        const row = t * 3 + k;
        expect(buffers.real[row]).toBe(t < L ? 1 : 0);
        expect(buffers.episodeEnds[row]).toBe(t >= L - 1 ? 1 : 0);
        const expectedObs = t < L ? e.observations.slice(t * 4, t * 4 + 4) : Array.from(ends[k]!.finalObservation);
        expect(Array.from(buffers.observationBuffer.subarray(row * 4, row * 4 + 4))).toEqual(Array.from(Float32Array.from(expectedObs)));
      }
      // CartPole without a time limit hit: every episode terminated.
      expect(buffers.terminated[(L - 1) * 3 + k]).toBe(1);
    });
    const batch = ppoBatch(policy, critic, buffers, 0.99, 0.95);
    expect(batch.rows.length).toBe(steps);
    const shifted = shiftEpisodeAdvantages(batch, [1, -2, 0.5]);
    batch.rows.forEach((row) => expect(shifted.advantages[row]).toBe(batch.advantages[row]! + [1, -2, 0.5][row % 3]!));
    expect(shifted.returns).toBe(batch.returns);
    expect(Array.from(shiftEpisodeAdvantages(batch, [0, 0, 0]).advantages)).toEqual(Array.from(batch.advantages));
  });
});
