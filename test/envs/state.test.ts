// getState/setState: exact snapshots that let a restored env continue bit-identically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClipAction,
  ENV_IDS,
  make,
  NormalizeObservation,
  RecordEpisodeStatistics,
  Rng,
  type Env,
  type StepResult,
} from '../../src/index.js';

/** Steps `env` with actions from `rng` for `n` steps, resetting at episode ends; returns everything observed. */
function rollout(env: Env, rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    const r: StepResult = env.step(env.actionSpace.sample(rng));
    out.push(...r.observation, r.reward, Number(r.terminated), Number(r.truncated));
    if (r.terminated || r.truncated) out.push(...env.reset().observation);
  }
  return out;
}

const builders: [string, () => Env][] = [
  ...ENV_IDS.map((id): [string, () => Env] => [id, () => make(id)]),
  ...ENV_IDS.map((id): [string, () => Env] => [`${id} + uncertainty high`, () => make(id, { uncertainty: 'high' })]),
  ['Pendulum stack', () => new RecordEpisodeStatistics(new NormalizeObservation(new ClipAction(make('Pendulum-v1'))))],
];

describe.each(builders)('%s', (_, build) => {
  it('getState/setState round-trips: a restored copy continues identically (property)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(300), fc.nat(1000), (seed, warmup, actionSeed) => {
        const env = build();
        env.reset({ seed });
        rollout(env, new Rng(actionSeed), warmup);
        const snapshot = JSON.parse(JSON.stringify(env.getState()));
        const expected = rollout(env, new Rng(actionSeed + 1), 60);
        // Restore into the same env and into a fresh one: both continue exactly as the original did.
        env.setState(snapshot);
        expect(rollout(env, new Rng(actionSeed + 1), 60)).toEqual(expected);
        const other = build();
        other.setState(snapshot);
        expect(rollout(other, new Rng(actionSeed + 1), 60)).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });
});

describe('setState errors', () => {
  it('names the expected and received kinds and bad fields', () => {
    const env = make('CartPole-v1');
    env.reset({ seed: 0 });
    const pendulum = make('Pendulum-v1').getState();
    expect(() => env.setState(pendulum)).toThrow('CartPole-v1.setState: expected a state of kind "CartPole-v1", received kind "Pendulum-v1"');
    const state = env.getState();
    const inner = state.inner!;
    const broken = { ...state, inner: { ...inner, data: { ...inner.data, state: [1, 2] } } };
    expect(() => env.setState(broken)).toThrow(/field "state" must be an array of 4 numbers, received \[1, 2\]/);
  });

  it('one start state rolled out several times gives the same episode (GRPO groups)', () => {
    const env = make('Acrobot-v1');
    env.reset({ seed: 9 });
    const start = env.getState();
    const episodes = [0, 1, 2].map(() => {
      env.setState(start);
      return rollout(env, new Rng(42), 100);
    });
    expect(episodes[1]).toEqual(episodes[0]);
    expect(episodes[2]).toEqual(episodes[0]);
  });
});
