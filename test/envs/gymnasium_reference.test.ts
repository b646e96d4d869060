// Our classic-control envs against trajectories recorded with the real Gymnasium 1.4.0 (test/fixtures/gymnasium/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { make, type Action, type Env } from '../../src/index.js';

interface Trajectory {
  index: number;
  description: string;
  initial_state: number[];
  initial_observation: number[];
  actions: number[];
  action_dtype?: 'float32' | 'float64';
  observations: number[][];
  rewards: number[];
  terminated: boolean[];
  truncated: boolean[];
  states_after_step: number[][];
}
interface Reference {
  env_id: string;
  max_episode_steps: number;
  trajectories: Trajectory[];
  reset_samples: { seed: number; state: number[]; observation: number[] }[];
}

function load(id: string): Reference {
  return JSON.parse(readFileSync(new URL(`../fixtures/gymnasium/${id}.json`, import.meta.url), 'utf8')) as Reference;
}

/** Distance in float32 units in the last place (0: the same float32). */
function ulps32(a: number, b: number): number {
  const buf = new Float32Array([a, b]);
  const bits = new Int32Array(buf.buffer);
  const key = (i: number): number => (bits[i]! < 0 ? -2147483648 - bits[i]! : bits[i]!);
  return Math.abs(key(0) - key(1));
}

function maxUlps(actual: Float32Array, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, ulps32(actual[i]!, expected[i]!));
  return worst;
}

function actionOf(t: Trajectory, a: number): Action {
  if (t.action_dtype === undefined) return a;
  return t.action_dtype === 'float32' ? Float32Array.of(a) : Float64Array.of(a);
}

// NOTE: observations must be the very same float32 values (0 ulp). NumPy's libm and V8's Math.sin/cos may
// differ in the last float64 bit (Acrobot's states do, by <= 1e-15), which could in principle flip a float32
// rounding; on the recorded trajectories none does, and V8's fdlibm-based Math is the same on every platform.
const OBS_ULPS = 0;

/** Gymnasium's reset distributions: each state component uniform in [low, high]. */
const RESET_RANGES: Record<string, [number[], number[]]> = {
  'CartPole-v1': [[-0.05, -0.05, -0.05, -0.05], [0.05, 0.05, 0.05, 0.05]],
  'Pendulum-v1': [[-Math.PI, -1], [Math.PI, 1]],
  'Acrobot-v1': [[-0.1, -0.1, -0.1, -0.1], [0.1, 0.1, 0.1, 0.1]],
  'MountainCar-v0': [[-0.6, 0], [-0.4, 0]],
  'MountainCarContinuous-v0': [[-0.6, 0], [-0.4, 0]],
};

const cases: { id: string; chaotic: boolean }[] = [
  { id: 'CartPole-v1', chaotic: false },
  { id: 'Pendulum-v1', chaotic: true },
  { id: 'Acrobot-v1', chaotic: true },
  { id: 'MountainCar-v0', chaotic: false },
  { id: 'MountainCarContinuous-v0', chaotic: false },
];

describe.each(cases)('$id matches Gymnasium 1.4.0', ({ id, chaotic }) => {
  const ref = load(id);

  it('has the registered time limit', () => {
    expect(make(id).spec.maxEpisodeSteps).toBe(ref.max_episode_steps);
  });

  it.each(ref.trajectories.map((t) => [t.index, t] as const))('trajectory %i: free-running replay gives the same flags on the same steps', (_, t) => {
    const env: Env = make(id);
    env.reset({ seed: 0 });
    env.unwrapped.state = t.initial_state;
    expect(maxUlps(env.unwrapped.observation(), t.initial_observation)).toBe(0);
    let worst = 0;
    for (let k = 0; k < t.actions.length; k++) {
      const r = env.step(actionOf(t, t.actions[k]!));
      expect([k, r.terminated, r.truncated]).toEqual([k, t.terminated[k], t.truncated[k]]);
      if (!chaotic) {
        worst = Math.max(worst, maxUlps(r.observation, t.observations[k]!));
        expect(r.reward).toBe(t.rewards[k]);
      }
    }
    expect(worst).toBeLessThanOrEqual(OBS_ULPS);
    // The recording stops at the episode's end, so the env must refuse one more step.
    expect(() => env.step(actionOf(t, t.actions[0]!))).toThrow(/reset/);
  });

  it.each(ref.trajectories.map((t) => [t.index, t] as const))('trajectory %i: teacher-forced steps match observations, rewards and states', (_, t) => {
    const env = make(id, { maxEpisodeSteps: null });
    env.reset({ seed: 0 });
    let worstObs = 0;
    let worstState = 0;
    for (let k = 0; k < t.actions.length; k++) {
      // Teacher forcing: start every step from Gymnasium's own state (MountainCarContinuous from its free run).
      if (chaotic || k === 0) env.unwrapped.state = k === 0 ? t.initial_state : t.states_after_step[k - 1]!;
      const r = env.step(actionOf(t, t.actions[k]!));
      expect([k, r.terminated]).toEqual([k, t.terminated[k]]);
      worstObs = Math.max(worstObs, maxUlps(r.observation, t.observations[k]!));
      expect(r.reward).toBe(t.rewards[k]);
      const s = env.unwrapped.state;
      const expected = t.states_after_step[k]!;
      for (let j = 0; j < expected.length; j++) {
        worstState = Math.max(worstState, Math.abs(s[j]! - expected[j]!) / Math.max(1, Math.abs(expected[j]!)));
      }
    }
    expect(worstObs).toBeLessThanOrEqual(OBS_ULPS);
    expect(worstState).toBeLessThan(1e-13);
  });

  it('resets from the documented distribution, which also holds Gymnasium\'s reset samples', () => {
    // Acrobot rounds its draws to float32, which can land just outside [-0.1, 0.1] by under one float32 ulp.
    const widen = (v: number): number => (id === 'Acrobot-v1' ? Math.fround(v) : v);
    const [rawLow, rawHigh] = RESET_RANGES[id]!;
    const low = rawLow.map(widen);
    const high = rawHigh.map(widen);
    // Gymnasium's own samples (NumPy PCG64 draws, which we do not reproduce) lie in the same ranges.
    for (const sample of ref.reset_samples) {
      sample.state.forEach((v, j) => expect(v >= low[j]! && v <= high[j]!).toBe(true));
    }
    const env = make(id);
    const n = 400;
    const sums = new Float64Array(low.length);
    for (let seed = 0; seed < n; seed++) {
      env.reset({ seed });
      const s = env.unwrapped.state;
      for (let j = 0; j < s.length; j++) {
        expect(s[j]! >= low[j]! && s[j]! <= high[j]!).toBe(true);
        if (id === 'Acrobot-v1') expect(Math.fround(s[j]!)).toBe(s[j]); // Gymnasium casts it to float32
        sums[j] += s[j]!;
      }
    }
    // Uniform draws: the sample mean is within 4 standard errors of the interval's midpoint.
    for (let j = 0; j < low.length; j++) {
      const sd = (high[j]! - low[j]!) / Math.sqrt(12);
      expect(Math.abs(sums[j]! / n - (low[j]! + high[j]!) / 2)).toBeLessThanOrEqual((4 * sd) / Math.sqrt(n) + 1e-15);
    }
  });
});
