// Our MuJoCo envs, with our models, against reference trajectories (test/fixtures/mujoco/, see its README):
// bit for bit against mujoco-js (the same MuJoCo build), within the READMEs' tolerances against the others.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMujoco, make, MujocoEnv, type Env } from '../../src/index.js';

interface Trajectory {
  id: number;
  initial_qpos: number[];
  initial_qvel: number[];
  initial_observation: number[];
  initial_info?: Record<string, number>;
  actions: number[][];
  observations: number[][];
  rewards: number[];
  terminated?: boolean[];
  truncated?: boolean[];
  qpos: number[][];
  qvel: number[][];
  [info: string]: unknown;
}

const INFO_KEYS: Record<string, string[]> = {
  'HalfCheetah-v5': ['x_position', 'x_velocity', 'reward_forward', 'reward_ctrl'],
  'Hopper-v5': ['x_position', 'z_distance_from_origin', 'x_velocity', 'reward_forward', 'reward_ctrl', 'reward_survive'],
  'InvertedPendulum-v5': ['reward_survive'],
};

function fixture(name: string): Trajectory[] {
  const text = readFileSync(new URL(`../fixtures/mujoco/${name}.json`, import.meta.url), 'utf8');
  const parsed: { trajectories: Trajectory[] } = JSON.parse(text);
  return parsed.trajectories;
}

interface Replayed {
  observations: Float32Array[];
  observations64: Float64Array[];
  rewards: number[];
  terminated: boolean[];
  truncated: boolean[];
  infos: Record<string, unknown>[];
  qpos: Float64Array[];
  qvel: Float64Array[];
  initialObservation: Float64Array;
}

/** Replays one trajectory: reset, set the recorded initial state, step the recorded actions until termination. */
function replay(env: Env, t: Trajectory, asFloat32 = false): Replayed {
  const base: MujocoEnv<Record<string, number>> = mujocoBase(env);
  env.reset({ seed: 0 });
  base.setPositionVelocity(t.initial_qpos, t.initial_qvel);
  const out: Replayed = { observations: [], observations64: [], rewards: [], terminated: [], truncated: [], infos: [], qpos: [], qvel: [], initialObservation: base.observation64() };
  for (const action of t.actions) {
    const r = env.step(asFloat32 ? Float32Array.from(action) : action);
    out.observations.push(r.observation);
    out.observations64.push(base.observation64());
    out.rewards.push(r.reward);
    out.terminated.push(r.terminated);
    out.truncated.push(r.truncated);
    out.infos.push(r.info);
    out.qpos.push(base.simulation.qpos());
    out.qvel.push(base.simulation.qvel());
    if (r.terminated) break;
  }
  return out;
}

function mujocoBase(env: Env): MujocoEnv<Record<string, number>> {
  const base = env.unwrapped;
  if (!(base instanceof MujocoEnv)) throw new Error(`${env.spec.id} is not a MuJoCo env`);
  return base;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

beforeAll(async () => {
  await loadMujoco();
});

describe.each(['HalfCheetah-v5', 'Hopper-v5', 'InvertedPendulum-v5'])('%s against mujoco-js 3.3.8: bit for bit', (id) => {
  const trajectories = fixture(`${id}.mujoco-js-3.3.8`);
  it.each(trajectories.map((t) => [t.id, t]))('trajectory %i', (_, t) => {
    const env = make(id);
    const got = replay(env, t);
    expect(Array.from(got.initialObservation)).toEqual(t.initial_observation);
    expect(got.rewards.length).toBe(t.actions.length);
    for (let s = 0; s < t.actions.length; s++) {
      expect(Array.from(got.qpos[s]!), `qpos at step ${s}`).toEqual(t.qpos[s]);
      expect(Array.from(got.qvel[s]!), `qvel at step ${s}`).toEqual(t.qvel[s]);
      expect(Array.from(got.observations64[s]!), `observation (float64) at step ${s}`).toEqual(t.observations[s]);
      expect(got.observations[s], `observation (float32) at step ${s}`).toEqual(Float32Array.from(t.observations[s]!));
      expect(got.rewards[s], `reward at step ${s}`).toBe(t.rewards[s]);
      for (const key of INFO_KEYS[id]!) expect(got.infos[s]![key], `info.${key} at step ${s}`).toBe((t[key] as number[])[s]);
      if (t.terminated) expect(got.terminated[s], `terminated at step ${s}`).toBe(t.terminated[s]);
      expect(got.truncated[s]).toBe(false);
    }
    env.close?.();
  });
});

describe('HalfCheetah-v5 against MuJoCo C 2.2.2: within the README bounds per horizon', () => {
  // README (refdata/halfcheetah): max |diff| over steps <= N, for N = 1, 5, 10, 20, 30, 40, 50.
  const HORIZONS = [1, 5, 10, 20, 30, 40, 50];
  const OBS_BOUND = [5.9e-14, 9.0e-13, 1.5e-11, 4.7e-11, 1.1e-9, 3.2e-8, 1.1e-5];
  const REWARD_BOUND = [8.9e-16, 8.5e-14, 4.9e-13, 3.3e-12, 4.7e-11, 1.4e-9, 5.2e-7];
  // The README rounds to 2 significant digits (its 3.3e-12 is 3.308e-12 here), so each bound allows the rounding.
  const ROUNDING = 1.05;
  const bracket = (step: number): number => HORIZONS.findIndex((n) => step <= n);
  it.each(fixture('HalfCheetah-v5.c-2.2.2').map((t) => [t.id, t]))('trajectory %i', (_, t) => {
    const env = make('HalfCheetah-v5');
    const got = replay(env, t);
    for (let s = 0; s < t.actions.length; s++) {
      const k = bracket(s + 1);
      expect(maxAbsDiff(got.observations64[s]!, t.observations[s]!), `observation at step ${s + 1}`).toBeLessThanOrEqual(OBS_BOUND[k]! * ROUNDING);
      expect(Math.abs(got.rewards[s]! - t.rewards[s]!), `reward at step ${s + 1}`).toBeLessThanOrEqual(REWARD_BOUND[k]! * ROUNDING);
    }
    env.close?.();
  });
});

describe('Hopper-v5 against Gymnasium 1.3.0 on MuJoCo 3.14', () => {
  it.each(fixture('Hopper-v5.gymnasium').map((t) => [t.id, t]))('trajectory %i: same termination steps, README bounds', (_, t) => {
    const env = make('Hopper-v5');
    // Float32Array actions, as Gymnasium's were: the control cost then follows NumPy's float32 rules.
    const got = replay(env, t, true);
    expect(got.terminated).toEqual(t.terminated);
    expect(got.truncated).toEqual(t.truncated);
    for (let s = 0; s < t.actions.length; s++) {
      const obsDiff = maxAbsDiff(got.observations64[s]!, t.observations[s]!);
      // Before the first foot contact (step 6 at the earliest) the builds agree to rounding (README: 4.4e-16).
      expect(obsDiff, `observation at step ${s + 1}`).toBeLessThanOrEqual(s < 5 ? 4.4e-16 : 9.3e-2);
      expect(Math.abs(got.rewards[s]! - t.rewards[s]!), `reward at step ${s + 1}`).toBeLessThanOrEqual(s < 5 ? 2.3e-16 : 1.2e-2);
      if (s < 5) expect(got.infos[s]!['reward_ctrl'], `float32 control cost at step ${s + 1}`).toBe((t['reward_ctrl'] as number[])[s]);
    }
    env.close?.();
  });
});

describe('InvertedPendulum-v5 against Gymnasium 1.3.0 on MuJoCo 3.14: bit for bit', () => {
  it.each(fixture('InvertedPendulum-v5.gymnasium').map((t) => [t.id, t]))('trajectory %i', (_, t) => {
    const env = make('InvertedPendulum-v5');
    const got = replay(env, t, true);
    expect(got.terminated).toEqual(t.terminated);
    expect(got.rewards).toEqual(t.rewards);
    for (let s = 0; s < t.actions.length; s++) {
      expect(Array.from(got.observations64[s]!)).toEqual(t.observations[s]);
      expect(Array.from(got.qpos[s]!)).toEqual(t.qpos[s]);
    }
    env.close?.();
  });
});
