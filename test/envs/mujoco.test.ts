// The MuJoCo environments' API: lazy loading, spaces, errors, seeding, exact snapshots, task rules, memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emitMjcf,
  envSpec,
  HALF_CHEETAH_MODEL,
  HopperEnv,
  InvertedPendulumEnv,
  isMujocoLoaded,
  loadMujoco,
  make,
  MUJOCO_ENV_IDS,
  Rng,
  type Env,
  MujocoEnv,
} from '../../src/index.js';

function mujocoBase(env: Env): MujocoEnv<Record<string, number>> {
  const base = env.unwrapped;
  if (!(base instanceof MujocoEnv)) throw new Error(`${env.spec.id} is not a MuJoCo env`);
  return base;
}

/** Steps `n` random actions (uniform in a box 1.5 times the action space, so some are clamped by MuJoCo). */
function rollout(env: Env, rng: Rng, n: number): { obs: number[][]; rewards: number[] } {
  const out = { obs: [] as number[][], rewards: [] as number[] };
  const space = env.actionSpace;
  if (space.kind !== 'box') throw new Error('expected a Box action space');
  for (let t = 0; t < n; t++) {
    const a = Array.from(space.low, (lo, i) => 1.5 * rng.uniform(lo, space.high[i]!));
    const r = env.step(a);
    out.obs.push(Array.from(r.observation));
    out.rewards.push(r.reward);
    if (r.terminated || r.truncated) env.reset();
  }
  return out;
}

// Runs first in this file's fresh module instance: importing the library has loaded nothing.
describe('lazy loading', () => {
  it('importing the library does not load MuJoCo; make() before loadMujoco() says what to do', () => {
    expect(isMujocoLoaded()).toBe(false);
    expect(() => make('HalfCheetah-v5')).toThrow(/call `await loadMujoco\(\)` once/);
    expect(envSpec('Hopper-v5')).toEqual({ id: 'Hopper-v5', maxEpisodeSteps: 1000, rewardThreshold: 3800 });
  });

  it('no file under src/ imports mujoco-js statically, and nothing under src/envs/ imports node:*', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const src = new URL('../../src/', import.meta.url).pathname;
    const staticImport = /^\s*(import|export)\s+(?!type\b)[^;]*from\s+['"]mujoco-js['"]/m;
    expect(files(src).filter((f) => staticImport.test(readFileSync(f, 'utf8')))).toEqual([]);
    expect(files(join(src, 'envs')).filter((f) => /from\s+['"]node:/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('loadMujoco() is memoised: concurrent and repeated calls share one module', async () => {
    const [a, b] = await Promise.all([loadMujoco(), loadMujoco()]);
    expect(a).toBe(b);
    expect(await loadMujoco()).toBe(a);
    expect(a.mj_version()).toBe(338);
    expect(isMujocoLoaded()).toBe(true);
  });
});

describe('registration and spaces', () => {
  it.each([
    ['HalfCheetah-v5', 'Box(-1, 1, (6,), float32)', 17],
    ['Hopper-v5', 'Box(-1, 1, (3,), float32)', 11],
    ['InvertedPendulum-v5', 'Box(-3, 3, (1,), float32)', 4],
  ])('%s: TimeLimit 1000, action space %s, observation size %i', async (id, action, obsSize) => {
    await loadMujoco();
    const env = make(id);
    expect(MUJOCO_ENV_IDS).toContain(id);
    expect(env.spec.maxEpisodeSteps).toBe(1000);
    expect(String(env.actionSpace)).toBe(action);
    expect(env.observationSpace.shape).toEqual([obsSize]);
    expect(env.reset({ seed: 0 }).observation).toHaveLength(obsSize);
    env.close?.();
  });

  it('HalfCheetah truncates at 1000 steps and never terminates', async () => {
    await loadMujoco();
    const env = make('HalfCheetah-v5');
    env.reset({ seed: 3 });
    const rng = new Rng(3);
    let steps = 0;
    for (;;) {
      const r = env.step(Array.from({ length: 6 }, () => rng.uniform(-1, 1)));
      steps++;
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(steps).toBe(1000);
    env.close?.();
  });
});

describe('errors name the value', () => {
  it('wrong action shape, NaN, non-numbers, and stepping out of phase', async () => {
    await loadMujoco();
    const env = make('HalfCheetah-v5');
    expect(() => env.step([0, 0, 0, 0, 0, 0])).toThrow(/step\(\) was called before reset\(\)/);
    env.reset({ seed: 0 });
    expect(() => env.step([0, 0, 0])).toThrow(/HalfCheetah-v5\.step: action must be an array of 6 finite numbers \(Box\(-1, 1, \(6,\), float32\)\); expected length 6, received length 3, received \[0, 0, 0\]/);
    expect(() => env.step([0, 0, NaN, 0, 0, 0])).toThrow(/action\[2\] is NaN, received \[0, 0, NaN, 0, 0, 0\]/);
    expect(() => env.step(Float32Array.of(0, 0, 0, 0, 0, Infinity))).toThrow(/action\[5\] is Infinity/);
    expect(() => env.step(0.5)).toThrow(/a number is accepted only when nu is 1 \(here 6\), received 0.5/);
    expect(() => env.step(['0', 0, 0, 0, 0, 0] as unknown as number[])).toThrow(/action\[0\] is "0"/);
    env.close?.();
    const pendulum = make('InvertedPendulum-v5');
    pendulum.reset({ seed: 0 });
    expect(() => pendulum.step(NaN)).toThrow(/InvertedPendulum-v5\.step: action must be a finite number or an array of 1 finite numbers .*the action is not finite, received NaN/);
    expect(pendulum.step(0.5).reward).toBe(1);
    pendulum.close?.();
  });

  it('user models: bad XML quotes MuJoCo, non-XML text and mismatched models are refused', async () => {
    await loadMujoco();
    expect(() => make('Hopper-v5', { xml: '<mujoco><worldbody><body><geom type="capsule"/></worldbody></mujoco>' })).toThrow(/could not compile the model options\.xml: .*XML/);
    expect(() => make('Hopper-v5', { xml: 'models/hopper.xml' })).toThrow(/options\.xml must be MJCF text starting with '<' .*received "models\/hopper\.xml"/);
    expect(() => make('Hopper-v5', { xml: emitMjcf(HALF_CHEETAH_MODEL) })).toThrow(/nq=6, nv=6, nu=3, received nq=9, nv=9, nu=6/);
    expect(() => make('Hopper-v5', { parameters: { healthyReward: 2, gravity: 1 } })).toThrow(/unknown parameter "gravity"/);
    expect(() => make('Hopper-v5', { frameSkip: 0 })).toThrow(/frameSkip must be a positive integer, received 0/);
  });
});

describe('our model as user XML, seeding and exact snapshots', () => {
  it('a user model given as XML text behaves as the built-in one', async () => {
    await loadMujoco();
    const ours = make('HalfCheetah-v5');
    const theirs = make('HalfCheetah-v5', { xml: emitMjcf(HALF_CHEETAH_MODEL) });
    ours.reset({ seed: 5 });
    theirs.reset({ seed: 5 });
    expect(rollout(theirs, new Rng(1), 40)).toEqual(rollout(ours, new Rng(1), 40));
    ours.close?.();
    theirs.close?.();
  });

  it.each(MUJOCO_ENV_IDS.map((id) => [id]))('%s: one seed, one trajectory; another seed, another start', async (id) => {
    await loadMujoco();
    const a = make(id);
    const b = make(id);
    const startA = a.reset({ seed: 11 }).observation;
    expect(b.reset({ seed: 11 }).observation).toEqual(startA);
    expect(rollout(a, new Rng(2), 60)).toEqual(rollout(b, new Rng(2), 60));
    expect(b.reset({ seed: 12 }).observation).not.toEqual(startA);
    a.close?.();
    b.close?.();
  });

  it.each(MUJOCO_ENV_IDS.map((id) => [id]))('%s: a restored snapshot (through JSON, into a fresh env) continues bit-identically', async (id) => {
    await loadMujoco();
    const env = make(id);
    env.reset({ seed: 7 });
    rollout(env, new Rng(3), 25);
    const snapshot = JSON.parse(JSON.stringify(env.getState()));
    const after = rollout(env, new Rng(4), 40);
    const nextStart = env.reset().observation;
    const fresh = make(id);
    fresh.setState(snapshot);
    expect(rollout(fresh, new Rng(4), 40)).toEqual(after);
    expect(fresh.reset().observation).toEqual(nextStart);
    env.setState(snapshot);
    expect(rollout(env, new Rng(4), 40)).toEqual(after);
    env.close?.();
    fresh.close?.();
  });

  it('setState refuses a snapshot of another env, naming the kinds', async () => {
    await loadMujoco();
    const cheetah = make('HalfCheetah-v5');
    const hopper = make('Hopper-v5');
    expect(() => cheetah.setState(hopper.getState())).toThrow(/expected a state of kind "HalfCheetah-v5", received kind "Hopper-v5"|kind "TimeLimit"/);
    expect(() => cheetah.unwrapped.setState(hopper.unwrapped.getState())).toThrow(/expected a state of kind "HalfCheetah-v5", received kind "Hopper-v5"/);
    cheetah.close?.();
    hopper.close?.();
  });
});

describe('task semantics', () => {
  it('HalfCheetah: ctrl gets the action unclipped (MuJoCo clamps), the control cost uses it, reward_ctrl = -cost', async () => {
    await loadMujoco();
    const raw = make('HalfCheetah-v5');
    const clipped = make('HalfCheetah-v5');
    raw.reset({ seed: 1 });
    clipped.reset({ seed: 1 });
    const action = [1.7, -3, 0.5, 2.5, -10, 0.25];
    const r = raw.step(action);
    const c = clipped.step(action.map((a) => Math.min(Math.max(a, -1), 1)));
    expect(r.observation).toEqual(c.observation);
    const cost = 0.1 * action.reduce((s, a) => s + a * a, 0);
    expect(r.info['reward_ctrl']).toBe(-cost);
    expect(r.reward).toBe((r.info['reward_forward'] as number) - cost);
    expect(mujocoBase(raw).simulation.qpos()).toEqual(mujocoBase(clipped).simulation.qpos());
    raw.close?.();
    clipped.close?.();
  });

  it('Hopper: strict healthy ranges on the unclipped state; velocities clipped to ±10 in the observation only', async () => {
    await loadMujoco();
    const hopper = new HopperEnv();
    hopper.reset({ seed: 0 });
    const healthy = [0, 1.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const at = (changes: Record<number, number>): boolean => {
      const s = [...healthy];
      for (const [i, v] of Object.entries(changes)) s[Number(i)] = v;
      hopper.state = s;
      return hopper.isHealthy();
    };
    expect(at({})).toBe(true);
    expect(at({ 2: 0.2 })).toBe(false);
    expect(at({ 2: -0.2 })).toBe(false);
    expect(at({ 2: 0.19999 })).toBe(true);
    expect(at({ 1: 0.7 })).toBe(false);
    expect(at({ 1: 0.70001 })).toBe(true);
    expect(at({ 1: 150 })).toBe(true); // z is not in the state-range test
    expect(at({ 6: 100 })).toBe(false); // the unclipped x velocity
    expect(at({ 6: 99.9, 11: -99.9 })).toBe(true);
    expect(Array.from(hopper.observation().slice(5))).toEqual([10, 0, 0, 0, 0, -10]);
    hopper.close();
  });

  it('Hopper: the terminating step earns no survival reward, and stepping on throws', async () => {
    await loadMujoco();
    const env = make('Hopper-v5');
    env.reset({ seed: 0 });
    let last = env.step([1, 1, 1]);
    for (let t = 0; t < 200 && !last.terminated; t++) last = env.step([1, -1, 1]);
    expect(last.terminated).toBe(true);
    expect(last.info['reward_survive']).toBe(0);
    expect(last.reward).toBe((last.info['reward_forward'] as number) + (last.info['reward_ctrl'] as number));
    expect(() => env.step([0, 0, 0])).toThrow(/the episode has terminated; call reset\(\)/);
    env.close?.();
  });

  it('InvertedPendulum: reward 1 per step, 0 on the step |angle| > 0.2 ends the episode', async () => {
    await loadMujoco();
    const env = make('InvertedPendulum-v5');
    env.reset({ seed: 0 });
    const rewards: number[] = [];
    let r = env.step(3);
    rewards.push(r.reward);
    while (!r.terminated) {
      r = env.step([3]);
      rewards.push(r.reward);
    }
    expect(Math.abs(r.observation[1]!)).toBeGreaterThan(0.2);
    expect(rewards.at(-1)).toBe(0);
    expect(rewards.slice(0, -1).every((x) => x === 1)).toBe(true);
    expect(r.info).toEqual({ reward_survive: 0 });
    env.close?.();
  });
});

describe('memory', () => {
  it('creating and closing 1,000 envs leaves the wasm heap flat; a closed env refuses use', async () => {
    await loadMujoco();
    // What one HalfCheetah reserves: heap growth while 20 envs are open at once.
    const probe = new InvertedPendulumEnv();
    const heap = (): number => probe.simulation.wasmHeapBytes();
    const before = heap();
    const open = Array.from({ length: 20 }, () => make('HalfCheetah-v5'));
    const perEnv = (heap() - before) / open.length;
    for (const env of open) env.close?.();
    const start = heap();
    for (let i = 0; i < 1000; i++) {
      const env = make('HalfCheetah-v5');
      env.reset({ seed: i });
      env.step([0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
      env.close?.();
    }
    const growth = heap() - start;
    const BOUND = 16 * 2 ** 20;
    // The bound is meaningful: 1,000 leaked envs would need over 100 times more.
    expect(perEnv * 1000).toBeGreaterThan(100 * BOUND);
    expect(growth).toBeLessThanOrEqual(BOUND);
    const closed = make('HalfCheetah-v5');
    closed.reset({ seed: 0 });
    closed.close?.();
    closed.close?.();
    expect(() => closed.step([0, 0, 0, 0, 0, 0])).toThrow(/used after free\(\)/);
    probe.close();
    console.log(`wasm heap: ${(perEnv / 2 ** 20).toFixed(1)} MB per open HalfCheetah; growth over 1,000 create/close: ${(growth / 2 ** 20).toFixed(1)} MB`);
  });
});
