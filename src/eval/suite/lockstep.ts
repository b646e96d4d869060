// Many evaluation episodes in lockstep: one env per episode, one batched forward per step for all
// episodes still running. Each episode depends only on its reset seed (start state and noise) and
// its actor, so the returns are those of one-at-a-time evaluation, in less time.
import { tensor } from '../../autograd/index.js';
import { actionSpecOf, type ActionSpec, type Policy } from '../../algos/policy.js';
import type { Env } from '../../envs/index.js';
import { Rng } from '../../tensor/rng.js';

/** What chooses the actions of a batch of episodes. */
export interface Actor {
  /**
   * Actions for the observations of the running episodes.
   * @param observations rows x obsDim, row-major
   * @param episodes the episode index of each row (length rows), for per-episode random streams
   * @returns one env action per row
   */
  act(observations: Float32Array, rows: number, episodes: readonly number[]): (number | number[])[];
}

/**
 * A policy's deterministic actions (the most probable action; the Gaussian mean, clipped).
 * @example runEpisodes(policyActor(model.policy), () => make('CartPole-v1'), episodeSeeds(0, 10))
 */
export function policyActor(policy: Policy): Actor {
  const unused = [new Rng(0)];
  return {
    act(observations, rows) {
      const actions = policy.act(tensor(observations, { shape: [rows, policy.obsDim] }), unused, true);
      return Array.from({ length: rows }, (_, r) => policy.envAction(actions, r));
    },
  };
}

/**
 * A uniformly random policy: episode e draws its actions from `new Rng(seed).fork('random-policy', e)`,
 * so its actions do not depend on which other episodes run beside it.
 * @example randomActor({ kind: 'discrete', n: 2 }, 0).act(observations, 1, [0]) // [0] or [1]
 */
export function randomActor(action: ActionSpec, seed: number): Actor {
  const root = new Rng(seed);
  const streams = new Map<number, Rng>();
  const streamOf = (e: number): Rng => {
    let s = streams.get(e);
    if (!s) streams.set(e, (s = root.fork('random-policy', e)));
    return s;
  };
  return {
    act(_observations, rows, episodes) {
      return Array.from({ length: rows }, (_, r) => {
        const rng = streamOf(episodes[r]!);
        return action.kind === 'discrete' ? rng.int(action.n) : Array.from({ length: action.dim }, (_, j) => rng.uniform(action.low[j], action.high[j]));
      });
    },
  };
}

/**
 * The random actor for an env's action space.
 * @example runEpisodes(randomActorFor(make('CartPole-v1'), 0), () => make('CartPole-v1'), episodeSeeds(0, 10)).returns
 */
export function randomActorFor(env: Env, seed: number): Actor {
  return randomActor(actionSpecOf(env.actionSpace), seed);
}

/**
 * The reset seeds of `episodes` evaluation episodes: the draws `evaluatePolicy` makes from
 * `new Rng(seed).fork('eval')`, so a suite at the run's evaluation seed replays the trainer's own
 * start states.
 * @example episodeSeeds(1000003, 3) // 3 integers in [0, 2^31)
 */
export function episodeSeeds(seed: number, episodes: number): number[] {
  if (!(Number.isInteger(episodes) && episodes >= 1)) throw new RangeError(`episodeSeeds: episodes must be an integer >= 1, received ${episodes}`);
  const rng = new Rng(seed).fork('eval');
  return Array.from({ length: episodes }, () => rng.int(2 ** 31));
}

/**
 * Runs one episode per seed to its end, all in lockstep: `makeEnv()` builds each episode's env,
 * `actor` acts for every running episode at once.
 * @returns returns and lengths, in seed order (length = seeds.length)
 * @example runEpisodes(policyActor(policy), () => make('CartPole-v1', { uncertainty: 'high' }), episodeSeeds(1000003, 100)).returns
 */
export function runEpisodes(actor: Actor, makeEnv: () => Env, seeds: readonly number[]): { returns: number[]; lengths: number[] } {
  const envs = seeds.map(() => makeEnv());
  const returns = new Array<number>(seeds.length).fill(0);
  const lengths = new Array<number>(seeds.length).fill(0);
  const obsDim = envs[0]?.observationSpace.size ?? 0;
  let running: number[] = [];
  const observations: Float32Array[] = envs.map((env, e) => {
    running.push(e);
    return env.reset({ seed: seeds[e]! }).observation;
  });
  const batch = new Float32Array(seeds.length * obsDim);
  while (running.length > 0) {
    running.forEach((e, r) => batch.set(observations[e]!, r * obsDim));
    const actions = actor.act(batch.subarray(0, running.length * obsDim), running.length, running);
    const still: number[] = [];
    running.forEach((e, r) => {
      const step = envs[e]!.step(actions[r]!);
      returns[e]! += step.reward;
      lengths[e]!++;
      observations[e] = step.observation;
      if (!(step.terminated || step.truncated)) still.push(e);
    });
    running = still;
  }
  for (const env of envs) env.close?.();
  return { returns, lengths };
}
