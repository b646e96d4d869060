// VectorEnv (next-step autoreset), the struct-of-arrays CartPoleVectorEnv in lockstep with it, MultiTaskEnv.
import { describe, expect, it } from 'vitest';
import { CartPoleVectorEnv, make, makeVec, MultiTaskEnv, Rng, VectorEnv } from '../../src/index.js';

describe('VectorEnv', () => {
  it('seeds copy i with seed + i and batches observations [N, obsDim]', () => {
    const envs = makeVec('Acrobot-v1', 3);
    const { observations } = envs.reset({ seed: 10 });
    expect(observations.length).toBe(18);
    for (let i = 0; i < 3; i++) {
      expect(observations.subarray(6 * i, 6 * i + 6)).toEqual(make('Acrobot-v1').reset({ seed: 10 + i }).observation);
    }
  });

  it('autoresets in next-step mode: the step after an end returns the reset observation, reward 0, no flags', () => {
    const envs = makeVec('MountainCar-v0', 2, { maxEpisodeSteps: 3 });
    const single = make('MountainCar-v0', { maxEpisodeSteps: 3 });
    envs.reset({ seed: 0 });
    single.reset({ seed: 0 });
    for (let t = 0; t < 3; t++) {
      const r = envs.step([2, 2]);
      expect(r.observations.subarray(0, 2)).toEqual(single.step(2).observation);
      expect(Array.from(r.truncated)).toEqual(t === 2 ? [1, 1] : [0, 0]);
    }
    const next = envs.step([0, 0]);
    expect(Array.from(next.rewards)).toEqual([0, 0]);
    expect(Array.from(next.terminated)).toEqual([0, 0]);
    expect(Array.from(next.truncated)).toEqual([0, 0]);
    expect(next.observations.subarray(0, 2)).toEqual(single.reset().observation);
  });

  it('passes continuous actions [N, actDim] and keeps Float32Array actions float32', () => {
    const envs = makeVec('Pendulum-v1', 2);
    envs.reset({ seed: 4 });
    const r = envs.step(Float32Array.of(0.1, -0.3));
    const single = make('Pendulum-v1');
    single.reset({ seed: 5 });
    expect(r.observations.subarray(3, 6)).toEqual(single.step(Float32Array.of(-0.3)).observation);
    expect(() => envs.step([0.1])).toThrow(/actions must have 2 entries \(\[2, 1\]\), received \[0.1\]/);
  });

  it('rejects mismatched copies and stepping before reset', () => {
    expect(() => new VectorEnv([make('CartPole-v1'), make('Acrobot-v1')])).toThrow(/same spaces/);
    expect(() => makeVec('CartPole-v1', 2).step([0, 1])).toThrow(/before reset/);
  });
});

describe('CartPoleVectorEnv', () => {
  it('is identical to a VectorEnv of single CartPoles in lockstep, autoreset included', () => {
    const n = 16;
    const soa = new CartPoleVectorEnv(n);
    const ref = makeVec('CartPole-v1', n);
    expect(soa.reset({ seed: 3 }).observations).toEqual(ref.reset({ seed: 3 }).observations);
    const rng = new Rng(0);
    let ends = 0;
    let truncations = 0;
    let mismatches = 0;
    const actions = new Int32Array(n);
    for (let t = 0; t < 1200; t++) {
      const a = soa.step(actions);
      const b = ref.step(actions);
      // Exact equality, element by element (Object.is also separates 0 and -0).
      for (let k = 0; k < 4 * n; k++) if (!Object.is(a.observations[k], b.observations[k])) mismatches++;
      for (let i = 0; i < n; i++) {
        if (a.rewards[i] !== b.rewards[i] || a.terminated[i] !== b.terminated[i] || a.truncated[i] !== b.truncated[i]) mismatches++;
      }
      ends += a.terminated.reduce((x, y) => x + y, 0);
      truncations += a.truncated.reduce((x, y) => x + y, 0);
      for (let i = 0; i < n; i++) {
        // Copy i acts randomly with probability i/n, else balances: some copies reach the time limit, others fall.
        const theta = a.observations[4 * i + 2]!;
        const thetaDot = a.observations[4 * i + 3]!;
        actions[i] = rng.uniform() < i / n ? rng.int(2) : theta + 0.5 * thetaDot > 0 ? 1 : 0;
      }
    }
    expect(mismatches).toBe(0);
    expect(ends).toBeGreaterThan(10);
    expect(truncations).toBeGreaterThan(0);
  });

  it('with copy: false returns the same arrays, overwritten with the same values', () => {
    const reused = new CartPoleVectorEnv(3, { copy: false });
    const fresh = new CartPoleVectorEnv(3);
    reused.reset({ seed: 2 });
    fresh.reset({ seed: 2 });
    const first = reused.step([1, 1, 1]);
    fresh.step([1, 1, 1]);
    for (let t = 0; t < 40; t++) {
      const a = reused.step([0, 1, t % 2]);
      const b = fresh.step([0, 1, t % 2]);
      expect(a.observations).toBe(first.observations);
      expect([a.observations, a.rewards, a.terminated, a.truncated]).toEqual([b.observations, b.rewards, b.terminated, b.truncated]);
    }
  });

  it('restores snapshots exactly', () => {
    const env = new CartPoleVectorEnv(4);
    env.reset({ seed: 1 });
    for (let t = 0; t < 30; t++) env.step([t % 2, 1, 0, (t >> 1) % 2]);
    const snap = JSON.parse(JSON.stringify(env.getState()));
    const next = [0, 1, 2, 3, 4].map((t) => env.step([1, t % 2, 0, 1]).observations);
    const other = new CartPoleVectorEnv(4);
    other.setState(snap);
    expect([0, 1, 2, 3, 4].map((t) => other.step([1, t % 2, 0, 1]).observations)).toEqual(next);
    expect(() => env.step([0, 1, 2, 0])).toThrow(/actions\[2\] must be 0 or 1 \(Discrete\(2\)\), received 2/);
  });
});

describe('MultiTaskEnv', () => {
  const tasks = [
    { id: 'CartPole-v1', name: 'earth' },
    { id: 'CartPole-v1', name: 'moon', parameters: { gravity: 1.62 } },
    { id: 'CartPole-v1', name: 'noisy', uncertainty: 'high' as const, weight: 2 },
  ];

  it('samples a task per episode from a seeded stream, reports it, and runs it', () => {
    const env = new MultiTaskEnv(tasks);
    expect(() => env.currentTask()).toThrow(/call reset\(\) first/);
    const seen = new Map<string, number>();
    const sequence = (seed: number): number[] => {
      const out: number[] = [];
      env.reset({ seed });
      for (let e = 0; e < 40; e++) {
        const task = env.currentTask();
        out.push(task.index);
        seen.set(task.name, (seen.get(task.name) ?? 0) + 1);
        expect(env.unwrapped.parameters['gravity']).toBe(task.index === 1 ? 1.62 : 9.8);
        const r = env.step(1);
        expect(r.info.task).toBe(task.index);
        expect(r.info.uncertainty !== undefined).toBe(task.index === 2);
        env.reset();
      }
      return out;
    };
    const first = sequence(5);
    expect(sequence(5)).toEqual(first);
    expect(sequence(6)).not.toEqual(first);
    expect(seen.get('noisy')!).toBeGreaterThan(seen.get('earth')!);
    expect(seen.size).toBe(3);
  });

  it('round-trips its state and rejects tasks with different spaces', () => {
    const env = new MultiTaskEnv(tasks);
    env.reset({ seed: 1 });
    const snap = JSON.parse(JSON.stringify(env.getState()));
    const run = (): number[] => {
      const out: number[] = [];
      for (let e = 0; e < 5; e++) {
        for (let t = 0; t < 3; t++) out.push(...env.step(t % 2).observation);
        out.push(env.currentTask().index, ...env.reset().observation);
      }
      return out;
    };
    const a = run();
    env.setState(snap);
    expect(run()).toEqual(a);
    expect(() => new MultiTaskEnv([{ id: 'CartPole-v1' }, { id: 'Pendulum-v1' }])).toThrow(/task 1 \(Pendulum-v1\) has Box/);
  });
});
