// TimeLimit, RecordEpisodeStatistics, NormalizeObservation, ClipAction.
import { describe, expect, it } from 'vitest';
import { CartPoleEnv, ClipAction, make, NormalizeObservation, PendulumEnv, RecordEpisodeStatistics, TimeLimit } from '../../src/index.js';

describe('TimeLimit', () => {
  it('sets truncated on the limit step, even when that step also terminates', () => {
    const env = new TimeLimit(new CartPoleEnv(), 1);
    env.reset({ seed: 0 });
    env.unwrapped.state = [0, 0, 0.2094, 1]; // falls past 12 degrees on the first step
    const r = env.step(1);
    expect([r.terminated, r.truncated]).toEqual([true, true]);
    expect(() => new TimeLimit(new CartPoleEnv(), 0)).toThrow(/positive integer, received 0/);
  });
});

describe('RecordEpisodeStatistics', () => {
  it('writes return, length and time on the last step only', () => {
    const env = new RecordEpisodeStatistics(make('Pendulum-v1', { maxEpisodeSteps: 5 }));
    env.reset({ seed: 0 });
    let total = 0;
    for (let t = 1; t <= 5; t++) {
      const r = env.step([0.1]);
      total += r.reward;
      expect(r.info.episode === undefined).toBe(t < 5);
      if (t === 5) {
        expect(r.info.episode?.r).toBe(total);
        expect(r.info.episode?.l).toBe(5);
        expect(r.info.episode?.t).toBeGreaterThanOrEqual(0);
      }
    }
    expect([env.returnQueue.length, env.lengthQueue[0], env.episodeCount]).toEqual([1, 5, 1]);
  });
});

describe('NormalizeObservation', () => {
  it('follows the running mean/variance formula and can be frozen', () => {
    const env = new NormalizeObservation(make('CartPole-v1'));
    const raw = make('CartPole-v1');
    const obs: Float32Array[] = [raw.reset({ seed: 1 }).observation];
    const normalized: Float32Array[] = [env.reset({ seed: 1 }).observation];
    for (let t = 0; t < 20; t++) {
      obs.push(raw.step(t % 2).observation);
      normalized.push(env.step(t % 2).observation);
    }
    // Reference: Welford from mean 0, var 1, count 1e-4 (Gymnasium's RunningMeanStd), then standardise.
    const n = obs.length;
    for (let j = 0; j < 4; j++) {
      let count = 1e-4;
      let mean = 0;
      let variance = 1;
      for (const o of obs) {
        const delta = o[j]! - mean;
        const total = count + 1;
        const m2 = variance * count + (delta * delta * count) / total;
        mean += delta / total;
        variance = m2 / total;
        count = total;
      }
      expect(normalized[n - 1]![j]).toBe(Math.fround((obs[n - 1]![j]! - mean) / Math.sqrt(variance + 1e-8)));
    }
    env.freeze();
    const stats = env.statistics;
    env.step(0);
    expect(env.statistics).toEqual(stats);
  });
});

describe('ClipAction', () => {
  it('clips to the action bounds and keeps float32 actions float32', () => {
    const clipped = new ClipAction(new TimeLimit(new PendulumEnv(), 200));
    const plain = new PendulumEnv();
    clipped.reset({ seed: 3 });
    plain.reset({ seed: 3 });
    expect(clipped.step(Float32Array.of(5)).observation).toEqual(plain.step(Float32Array.of(2)).observation);
    expect(() => new ClipAction(make('CartPole-v1'))).toThrow(/needs a Box action space, received Discrete\(2\)/);
  });
});
