// REINFORCE with a mean baseline: returns to go and the baseline by hand, a CartPole learning
// run, determinism, bit-identical resume; and the random-policy evaluation baseline.
import { describe, expect, it } from 'vitest';
import { deterministicMetrics, mean, tmpDir, weightsOf } from './helpers.js';
import {
  make, randomPolicyReturns, readMetrics, reinforceAdvantages, resume, returnsToGo, train, trainReinforce,
} from '../../src/index.js';

const tmp = () => tmpDir('reinforce');

const SHORT = { algo: 'reinforce', env: 'CartPole-v1', seed: 5, episodesPerBatch: 4, totalSteps: 600, evalEpisodes: 2 } as const;

describe('returnsToGo and reinforceAdvantages', () => {
  it('discounts the rewards that follow, with no bootstrap', () => {
    expect(Array.from(returnsToGo([1, 1, 1], 0.5))).toEqual([1.75, 1.5, 1]);
    expect(Array.from(returnsToGo([], 0.9))).toEqual([]);
    expect(() => returnsToGo([1], 1.5)).toThrow('returnsToGo: gamma must be in [0, 1], received 1.5');
  });

  it('subtracts the mean of G_t over every step of the batch', () => {
    // G = [2, 1] and [1]: the mean over the 3 steps is 4/3 (the mean of the returns G_0 would be 1.5).
    const { perStep, baseline } = reinforceAdvantages([[1, 1], [1]], 1);
    expect(baseline).toBeCloseTo(4 / 3, 15);
    expect(Array.from(perStep[0]!)).toEqual([2 - baseline, 1 - baseline]);
    expect(Array.from(perStep[1]!)).toEqual([1 - baseline]);
  });
});

describe('randomPolicyReturns', () => {
  it('gives the known random-policy returns: CartPole about 22, Pendulum about -1200', () => {
    const cartpole = randomPolicyReturns(make('CartPole-v1'), 200, 0);
    expect(cartpole.returns).toHaveLength(200);
    expect(cartpole.stats.mean).toBeGreaterThan(18);
    expect(cartpole.stats.mean).toBeLessThan(26);
    expect(cartpole.stats.min).toBeGreaterThanOrEqual(8); // the shortest possible CartPole episode
    expect(cartpole.lengths).toEqual(cartpole.returns); // reward 1 per step
    const pendulum = randomPolicyReturns(make('Pendulum-v1'), 20, 0);
    expect(pendulum.lengths.every((l) => l === 200)).toBe(true);
    expect(pendulum.stats.mean).toBeGreaterThan(-1500);
    expect(pendulum.stats.mean).toBeLessThan(-900);
  });

  it('is a function of its seed', () => {
    expect(randomPolicyReturns(make('CartPole-v1'), 10, 7).returns).toEqual(randomPolicyReturns(make('CartPole-v1'), 10, 7).returns);
    expect(randomPolicyReturns(make('CartPole-v1'), 10, 7).returns).not.toEqual(randomPolicyReturns(make('CartPole-v1'), 10, 8).returns);
    expect(() => randomPolicyReturns(make('CartPole-v1'), 0, 0)).toThrow('randomPolicyReturns: episodes must be an integer >= 1, received 0');
  });
});

describe('trainReinforce', () => {
  it('learns CartPole: seed 1, 20k steps (about 2 s)', async () => {
    // Over seeds 0..7 at this budget the last 20 training episodes averaged 300 to 447 and the
    // deterministic evaluation 363 to 500 (a random policy: about 22). Seed 1: 380 and 374.
    const result = await trainReinforce({ seed: 1, totalSteps: 20_000, evalEpisodes: 10, checkpointEvery: 0, logDir: tmp() });
    const returns = readMetrics(result.runDir).filter((r) => r.tag === 'charts/episodic_return').map((r) => r.value as number);
    expect(mean(returns.slice(0, 16))).toBeLessThan(40);
    expect(mean(returns.slice(-20))).toBeGreaterThanOrEqual(200);
    const evaluation = result.summary['evaluation'];
    expect(evaluation !== null && typeof evaluation === 'object' && !Array.isArray(evaluation) ? evaluation['mean'] : null).toBeGreaterThanOrEqual(250);
  }, 60_000);

  it('is deterministic and resumes bit-identical', async () => {
    const config = { ...SHORT, checkpointEvery: 2 };
    const a = await train({ ...config, logDir: tmp() });
    const b = await train({ ...config, logDir: tmp() });
    expect(a.counters.iteration).toBeGreaterThanOrEqual(4);
    expect(deterministicMetrics(a.runDir)).toBe(deterministicMetrics(b.runDir));
    expect(weightsOf(a.finalModelPath)).toEqual(weightsOf(b.finalModelPath));
    for (const r of readMetrics(a.runDir)) expect(Number.isFinite(r.value), `${r.tag} at ${r.step}: ${r.value}`).toBe(true);

    let done = 0;
    const first = await train({ ...config, logDir: tmp() }, { onIteration: () => done++, shouldStop: () => done >= 2 });
    expect(first.interrupted).toBe(true);
    const resumed = await resume(first.runDir);
    expect(resumed.counters).toEqual(a.counters);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(a.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(a.runDir));
  }, 60_000);

  it('runs continuous actions (Pendulum) with finite metrics', async () => {
    const result = await trainReinforce({ env: 'Pendulum-v1', seed: 0, episodesPerBatch: 2, totalSteps: 800, evalEpisodes: 1, checkpointEvery: 0, logDir: tmp() });
    expect(result.counters.episodes).toBe(4);
    for (const r of readMetrics(result.runDir)) expect(Number.isFinite(r.value), `${r.tag} at ${r.step}: ${r.value}`).toBe(true);
  }, 60_000);

  it('rejects bad configs, naming the field and the value', async () => {
    await expect(trainReinforce({ episodesPerBatch: 0, logDir: tmp() })).rejects.toThrow('reinforce config: episodesPerBatch must be >= 1, received 0');
    await expect(trainReinforce({ totalSteps: 0, episodes: 0, logDir: tmp() })).rejects.toThrow('reinforce config: set totalSteps or episodes');
  });
});
