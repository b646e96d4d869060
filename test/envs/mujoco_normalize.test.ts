// NormalizeReward and NormalizeObservation (CleanRL's continuous-control normalisation) on the MuJoCo envs:
// statistics against a plain Welford loop, Gymnasium's discounted-return rule, freezing, clipping, snapshots.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMujoco, make, NormalizeObservation, NormalizeReward, Rng, type Env, type StepResult } from '../../src/index.js';

/** A plain Welford loop: mean and population variance of the values pushed. */
class Welford {
  n = 0;
  mean = 0;
  m2 = 0;
  push(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get variance(): number {
    return this.m2 / this.n;
  }
}

function randomAction(env: Env, rng: Rng): number[] {
  const space = env.actionSpace;
  if (space.kind !== 'box') throw new Error('expected a Box action space');
  return Array.from(space.low, (lo, i) => rng.uniform(lo, space.high[i]!));
}

/** Steps `n` random actions, resetting after each episode end, and returns every step's result. */
function run(env: Env, seed: number, n: number): StepResult[] {
  const rng = new Rng(seed);
  const out: StepResult[] = [];
  env.reset({ seed });
  for (let t = 0; t < n; t++) {
    const r = env.step(randomAction(env, rng));
    out.push(r);
    if (r.terminated || r.truncated) env.reset();
  }
  return out;
}

/** Relative closeness, for statistics that differ from plain Welford only by Gymnasium's 1e-4 prior count. */
const close = (a: number, b: number, rel = 1e-6): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

beforeAll(async () => {
  await loadMujoco();
});

describe('NormalizeReward', () => {
  it("tracks the discounted return's variance as a Welford loop does, and divides by its standard deviation", () => {
    const gamma = 0.99;
    // Hopper terminates often (the return restarts) and its TimeLimit of 50 truncates (it does not).
    const raw = run(make('Hopper-v5', { maxEpisodeSteps: 50 }), 1, 1500);
    const wrapped = new NormalizeReward(make('Hopper-v5', { maxEpisodeSteps: 50 }), { gamma });
    const rng = new Rng(1);
    wrapped.reset({ seed: 1 });
    const welford = new Welford();
    let g = 0;
    expect(raw.some((r) => r.terminated) && raw.some((r) => r.truncated && !r.terminated)).toBe(true);
    for (const expected of raw) {
      const r = wrapped.step(randomAction(wrapped, rng));
      g = g * gamma * (expected.terminated ? 0 : 1) + expected.reward;
      welford.push(g);
      expect(wrapped.discountedReturn).toBe(g);
      const stats = wrapped.statistics;
      expect(r.reward).toBe(expected.reward / Math.sqrt(stats.var + 1e-8));
      if (r.terminated || r.truncated) wrapped.reset();
    }
    const stats = wrapped.statistics;
    expect(stats.count).toBeCloseTo(1500 + 1e-4, 9);
    expect(close(stats.mean, welford.mean)).toBe(true);
    expect(close(stats.var, welford.variance)).toBe(true);
    wrapped.close();
  });

  it('freeze() keeps the statistics; clip bounds the scaled reward; bad options are named', () => {
    const env = new NormalizeReward(make('HalfCheetah-v5'), { clip: 10 });
    run(env, 2, 100);
    env.freeze();
    const frozen = env.statistics;
    const results = run(env, 3, 50);
    expect(env.statistics).toEqual(frozen);
    env.statistics = { mean: 0, var: 1e-6, count: 1 };
    const clipped = run(env, 4, 50).map((r) => r.reward);
    expect(Math.max(...clipped.map(Math.abs))).toBe(10);
    expect(results).toHaveLength(50);
    expect(() => new NormalizeReward(env, { gamma: 1.5 })).toThrow(/gamma must be in \[0, 1\], received 1.5/);
    expect(() => new NormalizeReward(env, { epsilon: 0 })).toThrow(/epsilon must be > 0, received 0/);
    expect(() => new NormalizeReward(env, { clip: -1 })).toThrow(/clip must be > 0 when given, received -1/);
    env.close();
  });

  it('its statistics and return are in the snapshot: a restored stack continues bit-identically', () => {
    const stack = (): NormalizeReward => new NormalizeReward(new NormalizeObservation(make('Hopper-v5'), 1e-8, { clip: 10 }), { clip: 10 });
    const env = stack();
    run(env, 5, 300);
    const snapshot = JSON.parse(JSON.stringify(env.getState()));
    const rng = new Rng(6);
    const after: StepResult[] = [];
    for (let t = 0; t < 200; t++) {
      const r = env.step(randomAction(env, rng));
      after.push(r);
      if (r.terminated || r.truncated) env.reset();
    }
    const fresh = stack();
    fresh.setState(snapshot);
    const rng2 = new Rng(6);
    for (let t = 0; t < 200; t++) {
      const r = fresh.step(randomAction(fresh, rng2));
      expect(r).toEqual(after[t]);
      if (r.terminated || r.truncated) fresh.reset();
    }
    expect(fresh.statistics).toEqual(env.statistics);
    env.close();
    fresh.close();
  });
});

describe('NormalizeObservation on a MuJoCo env', () => {
  it('statistics against a Welford loop per component; clip; freeze; state', () => {
    const raw = make('HalfCheetah-v5');
    const first = raw.reset({ seed: 8 }).observation;
    const observations = [first, ...run(raw, 8, 400).map((r) => r.observation)];
    // The wrapper sees the reset observation twice (this reset, then run()'s reset with the same seed), so the loop does too.
    const env = new NormalizeObservation(make('HalfCheetah-v5'), 1e-8, { clip: 5 });
    const results = [env.reset({ seed: 8 }).observation, ...run(env, 8, 400).map((r) => r.observation)];
    const n = raw.observationSpace.size;
    const welford = Array.from({ length: n }, () => new Welford());
    for (const obs of [first, ...observations]) obs.forEach((x, i) => welford[i]!.push(x));
    const stats = env.statistics;
    for (let i = 0; i < n; i++) {
      expect(close(stats.mean[i]!, welford[i]!.mean), `mean[${i}]`).toBe(true);
      expect(close(stats.var[i]!, welford[i]!.variance), `var[${i}]`).toBe(true);
    }
    expect(Math.max(...results.flatMap((o) => Array.from(o, Math.abs)))).toBeLessThanOrEqual(5);
    env.freeze();
    const frozen = env.statistics;
    run(env, 9, 20);
    expect(env.statistics).toEqual(frozen);
    expect(env.getState().data['updateStatistics']).toBe(false);
    raw.close?.();
    env.close();
  });
});
