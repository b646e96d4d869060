// The uncertainty wrapper: six kinds of perturbation, their own stream, reports and summaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENV_IDS, make, resolveUncertainty, Rng, UNCERTAINTY_PRESETS, UncertaintyWrapper, type Env } from '../../src/index.js';

function episodeRewards(env: Env, seed: number, actionSeed: number, max = 1000): number[] {
  const rng = new Rng(actionSeed);
  env.reset({ seed });
  const rewards: number[] = [];
  for (let t = 0; t < max; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    rewards.push(r.reward);
    if (r.terminated || r.truncated) break;
  }
  return rewards;
}

describe('presets and config', () => {
  it('has none < low < medium < high in every field that measures uncertainty', () => {
    const names = ['none', 'low', 'medium', 'high'] as const;
    for (const key of Object.keys(UNCERTAINTY_PRESETS.none)) {
      const values = names.map((n) => Object.entries(UNCERTAINTY_PRESETS[n]).find(([k]) => k === key)![1]);
      for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    }
  });

  it('validates configs, naming the field and the value', () => {
    expect(resolveUncertainty({ rewardNoiseStd: 0.3 }).rewardNoiseStd).toBe(0.3);
    // Casts stand for untyped (JavaScript) callers here.
    expect(() => resolveUncertainty('extreme' as 'high')).toThrow(/unknown preset "extreme"/);
    expect(() => resolveUncertainty({ maskProbability: 1.5 })).toThrow(/maskProbability is a probability and must be <= 1, received 1.5/);
    expect(() => resolveUncertainty({ rewardMaxDelay: 2.5 })).toThrow(/rewardMaxDelay must be an integer >= 1, received 2.5/);
    expect(() => resolveUncertainty({ observationNoiseStd: -1 })).toThrow(/observationNoiseStd must be a finite number >= 0, received -1/);
    expect(() => resolveUncertainty({ noise: 1 } as never)).toThrow(/unknown field "noise"/);
    expect(() => make('CartPole-v1', { uncertainty: { actionNoise: 2 } })).toThrow(/actionNoise is a probability.*received 2/);
  });
});

describe.each(ENV_IDS.map((id) => [id]))('%s', (id) => {
  it("preset 'none' behaves exactly like the bare env", () => {
    expect(episodeRewards(make(id, { uncertainty: 'none' }), 3, 4)).toEqual(episodeRewards(make(id), 3, 4));
    const a = make(id, { uncertainty: 'none' });
    const b = make(id);
    expect(a.reset({ seed: 5 }).observation).toEqual(b.reset({ seed: 5 }).observation);
  });

  it("preset 'high' perturbs and reports every kind, and the summary counts them", () => {
    const env = make(id, { uncertainty: { ...UNCERTAINTY_PRESETS.high, driftProbability: 0.2 } });
    const rng = new Rng(1);
    env.reset({ seed: 1 });
    let drifts = 0;
    let transition = 0;
    for (let t = 0; t < 400; t++) {
      const r = env.step(env.actionSpace.sample(rng));
      const u = r.info.uncertainty!;
      expect(u.observationNoise.length).toBe(env.observationSpace.size);
      for (const i of u.maskedComponents) expect(r.observation[i]).toBe(0);
      if (u.drift) {
        drifts++;
        const nominal = env.unwrapped.nominalParameters[u.drift.parameter]!;
        expect(Math.abs(u.drift.to - nominal)).toBeLessThanOrEqual(0.5 * Math.abs(nominal) * (1 + 1e-12));
      }
      if (u.transitionNoise !== 0) transition++;
      if (r.terminated || r.truncated) env.reset();
    }
    expect(drifts).toBeGreaterThan(0);
    expect(transition).toBe(400);
    expect(env).toBeInstanceOf(UncertaintyWrapper);
    if (env instanceof UncertaintyWrapper) {
      const s = env.summary();
      expect(s.steps).toBe(400);
      expect(s.driftEvents).toBe(drifts);
      expect(s.componentsMasked).toBeGreaterThan(0);
      expect(s.rewardsDelayed).toBeGreaterThan(0);
      expect(s.observationNoiseMeanAbs).toBeGreaterThan(0);
      expect(s.transitionNoiseMeanAbs).toBeGreaterThan(0);
      expect(s.rewardNoiseMeanAbs).toBeGreaterThan(0);
      expect(env.actionSpace.kind === 'discrete' ? s.actionsReplaced : s.actionNoiseMeanAbs).toBeGreaterThan(0);
      expect(Object.values(s.parameterDeviation).some((d) => d !== 0)).toBe(true);
    }
  });
});

describe('reward delays', () => {
  it('never lose reward: an episode with delays sums to the same total as without (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENV_IDS), fc.nat(10_000), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 20 }), (id, seed, p, maxDelay) => {
        const plain = episodeRewards(make(id, { maxEpisodeSteps: 150 }), seed, seed + 1);
        const delayed = episodeRewards(make(id, { maxEpisodeSteps: 150, uncertainty: { rewardDelayProbability: p, rewardMaxDelay: maxDelay } }), seed, seed + 1);
        expect(delayed.length).toBe(plain.length);
        const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
        // Integer rewards (CartPole, Acrobot, MountainCar) sum exactly; others only up to summation order.
        expect(Math.abs(sum(delayed) - sum(plain))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(sum(plain))));
      }),
      { numRuns: 40 },
    );
  });

  it('delivers a held reward exactly `delay` steps later', () => {
    const env = make('CartPole-v1', { uncertainty: { rewardDelayProbability: 0.5, rewardMaxDelay: 3 } });
    env.reset({ seed: 11 });
    const due = new Map<number, number>();
    for (let t = 0; t < 30; t++) {
      const r = env.step(t % 2);
      const u = r.info.uncertainty!;
      if (r.terminated || r.truncated) break;
      if (u.rewardHeld !== 0) due.set(t + u.rewardDelay, (due.get(t + u.rewardDelay) ?? 0) + u.rewardHeld);
      expect(u.rewardReleased).toBe(due.get(t) ?? 0);
      expect(r.reward).toBe((u.rewardHeld !== 0 ? 0 : 1) + u.rewardReleased);
    }
    expect(due.size).toBeGreaterThan(0);
  });
});

describe('separate streams', () => {
  it('the same start state replays under different noise, and the same noise seed repeats it', () => {
    const env = make('Pendulum-v1', { uncertainty: 'medium' });
    if (!(env instanceof UncertaintyWrapper)) throw new Error('expected an UncertaintyWrapper');
    env.reset({ seed: 2 });
    const start = env.getState();
    const run = (noiseSeed: number): number[] => {
      env.setState(start);
      env.reseed(noiseSeed);
      const out: number[] = [];
      for (let t = 0; t < 20; t++) out.push(...env.step([0.3]).observation);
      return out;
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    // The physical start is the same: the reset stream is untouched by the noise.
    env.setState(start);
    const physical = env.unwrapped.state;
    env.reseed(3);
    expect(env.unwrapped.state).toEqual(physical);
  });

  it('the reset stream is unaffected by uncertainty draws: same seeds, same initial states', () => {
    const noisy = make('CartPole-v1', { uncertainty: 'high' });
    const plain = make('CartPole-v1');
    noisy.reset({ seed: 8 });
    plain.reset({ seed: 8 });
    for (let e = 0; e < 5; e++) {
      for (let t = 0; t < 7; t++) noisy.step(t % 2);
      expect(noisy.unwrapped.state).not.toEqual(plain.unwrapped.state);
      noisy.reset();
      plain.reset();
      expect(noisy.unwrapped.state).toEqual(plain.unwrapped.state);
    }
  });

  it('a seeded reset restores nominal parameters', () => {
    const env = make('CartPole-v1', { uncertainty: { driftProbability: 1, driftStd: 0.1, driftBound: 0.3 } });
    env.reset({ seed: 1 });
    for (let t = 0; t < 5; t++) env.step(t % 2);
    expect(env.unwrapped.parameters).not.toEqual(env.unwrapped.nominalParameters);
    env.reset({ seed: 1 });
    expect(env.unwrapped.parameters).toEqual(env.unwrapped.nominalParameters);
  });
});
