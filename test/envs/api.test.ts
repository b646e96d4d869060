// The Gymnasium-shaped API: spaces, specs, seeding, errors, unwrapped.state, make.
import { describe, expect, it } from 'vitest';
import { Box, CartPoleEnv, Discrete, ENV_IDS, envSpec, make, PendulumEnv, Rng, type Action, type Env } from '../../src/index.js';

function randomAction(env: Env, rng: Rng): Action {
  return env.actionSpace.sample(rng);
}

describe('spaces', () => {
  it('Discrete samples and contains its elements only', () => {
    const d = new Discrete(3);
    const rng = new Rng(1);
    for (let i = 0; i < 100; i++) expect(d.contains(d.sample(rng))).toBe(true);
    expect([d.contains(-1), d.contains(3), d.contains(1.5), d.contains('1'), d.contains(NaN)]).toEqual([false, false, false, false, false]);
    expect(String(d)).toBe('Discrete(3)');
    expect(() => new Discrete(0)).toThrow(/n must be a positive integer, received 0/);
  });

  it('Box samples inside bounded boxes, handles unbounded ones and checks shape', () => {
    const b = new Box([-1, 0], [1, 2]);
    const rng = new Rng(2);
    for (let i = 0; i < 100; i++) expect(b.contains(b.sample(rng))).toBe(true);
    expect([b.contains([0, 3]), b.contains([0]), b.contains([0, NaN]), b.contains(Float32Array.of(0.5, 1))]).toEqual([false, false, false, true]);
    const u = new Box(-Infinity, Infinity, [3]);
    expect(u.sample(rng).every(Number.isFinite)).toBe(true);
    const half = new Box([0, -Infinity], [Infinity, 0]);
    for (let i = 0; i < 50; i++) {
      const x = half.sample(rng);
      expect(x[0]).toBeGreaterThanOrEqual(0);
      expect(x[1]).toBeLessThanOrEqual(0);
    }
    expect(new Box(-2, 2, [1]).contains(1.5)).toBe(true);
    expect(() => new Box(1, 0, [1])).toThrow(/low\[0\]=1, high\[0\]=0/);
    expect(() => new Box(0, 1)).toThrow(/shape is required/);
  });
});

describe('registry and specs', () => {
  it('registers the five envs with Gymnasium time limits and reward thresholds', () => {
    const table = ENV_IDS.map((id) => [id, envSpec(id).maxEpisodeSteps, envSpec(id).rewardThreshold]);
    expect(table).toEqual([
      ['CartPole-v1', 500, 475],
      ['Pendulum-v1', 200, undefined],
      ['Acrobot-v1', 500, -100],
      ['MountainCar-v0', 200, -110],
      ['MountainCarContinuous-v0', 999, 90],
    ]);
  });

  it('make applies TimeLimit (or the given limit) and rejects unknown ids', () => {
    const env = make('MountainCar-v0', { maxEpisodeSteps: 3 });
    expect(env.spec.maxEpisodeSteps).toBe(3);
    env.reset({ seed: 1 });
    const flags = [1, 2, 3].map(() => env.step(1).truncated);
    expect(flags).toEqual([false, false, true]);
    expect(() => make('CartPole-v0')).toThrow(/unknown environment id "CartPole-v0"; expected one of CartPole-v1/);
    expect(() => make('CartPole-v1', { parameters: { gravityy: 1 } })).toThrow(/unknown parameter "gravityy"/);
  });

  it('make passes physical parameters', () => {
    const env = make('Pendulum-v1', { parameters: { g: 9.81 } });
    expect(env.unwrapped.parameters['g']).toBe(9.81);
    expect(env.unwrapped.nominalParameters['g']).toBe(9.81);
  });
});

describe.each(ENV_IDS.map((id) => [id]))('%s', (id) => {
  it('observations are float32 and inside the observation space on a random rollout', () => {
    const env = make(id);
    const rng = new Rng(3);
    let r = env.reset({ seed: 3 });
    expect(r.observation).toBeInstanceOf(Float32Array);
    for (let t = 0; t < 300; t++) {
      const s = env.step(randomAction(env, rng));
      expect(s.observation).toBeInstanceOf(Float32Array);
      expect(env.observationSpace.contains(s.observation)).toBe(true);
      if (s.terminated || s.truncated) r = env.reset();
    }
    expect(r.info).toEqual({});
  });

  it('two runs with one seed agree exactly; another seed differs', () => {
    const run = (seed: number): number[] => {
      const env = make(id);
      const rng = new Rng(7);
      const out = Array.from(env.reset({ seed }).observation);
      for (let t = 0; t < 50; t++) {
        const s = env.step(randomAction(env, rng));
        out.push(...s.observation, s.reward);
        if (s.terminated || s.truncated) out.push(...env.reset().observation);
      }
      return out;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('the first reset without a seed equals reset({seed: 0})', () => {
    expect(make(id).reset().observation).toEqual(make(id).reset({ seed: 0 }).observation);
  });

  it('fails clearly when stepping before reset and after the end', () => {
    const env = make(id, { maxEpisodeSteps: 2 });
    const a = env.actionSpace.kind === 'discrete' ? 1 : [0.5];
    expect(() => env.step(a)).toThrow(/before reset\(\)/);
    env.reset({ seed: 0 });
    env.step(a);
    expect(env.step(a).truncated).toBe(true);
    expect(() => env.step(a)).toThrow(/truncated after 2 steps; call reset\(\)/);
  });

  it('rejects invalid actions, naming the value received', () => {
    const env = make(id);
    env.reset({ seed: 0 });
    if (env.actionSpace.kind === 'discrete') {
      const n = env.actionSpace.n;
      expect(() => env.step(n)).toThrow(new RegExp(`integer in \\[0, ${n}\\).*received ${n}$`));
      expect(() => env.step(0.5)).toThrow(/received 0.5$/);
      expect(() => env.step([1])).toThrow(/received \[1\]$/);
    } else {
      expect(() => env.step([NaN])).toThrow(/received \[NaN\]$/);
      expect(() => env.step([1, 2])).toThrow(/received \[1, 2\]$/);
      expect(() => env.step(Float32Array.of())).toThrow(/received Float32Array \[\]$/);
    }
  });

  it('unwrapped.state reads and sets the physical state', () => {
    const env = make(id);
    env.reset({ seed: 0 });
    const before = env.unwrapped.state;
    before[0] = 123; // a copy: the env is unchanged
    expect(env.unwrapped.state[0]).not.toBe(123);
    const target = Array.from(env.unwrapped.state, (_, i) => 0.01 * (i + 1));
    env.unwrapped.state = target;
    expect(Array.from(env.unwrapped.state)).toEqual(target);
    expect(() => {
      env.unwrapped.state = [1];
    }).toThrow(/state must be an array of \d numbers, received \[1\]/);
  });
});

describe('reset options and seeds', () => {
  it('CartPole accepts {low, high} bounds and rejects low > high', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 1, options: { low: 0.2, high: 0.3 } });
    for (const v of env.state) expect(v >= 0.2 && v < 0.3).toBe(true);
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(/low=1, high=0/);
    expect(() => env.reset({ seed: -1 })).toThrow(/seed must be a non-negative integer, received -1/);
  });

  it('Pendulum accepts x_init / y_init', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 2, options: { x_init: 0.1, y_init: 0.2 } });
    const [th, thDot] = env.state;
    expect(Math.abs(th!)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(thDot!)).toBeLessThanOrEqual(0.2);
  });

  it('continuous envs accept a plain number, number[], Float32Array and Float64Array', () => {
    const results = [0.5, [0.5], Float32Array.of(0.5), Float64Array.of(0.5)].map((a) => {
      const env = make('Pendulum-v1');
      env.reset({ seed: 4 });
      return env.step(a).observation;
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[3]).toEqual(results[0]);
    // 0.5 is exact in float32 and float64, and 3*0.5 too: the float32 path agrees here.
    expect(results[2]).toEqual(results[0]);
  });
});
