// Rollouts of whole episodes: many episodes stepped together in lockstep (one batched policy
// forward per step), and GRPO's groups of episodes from identical start states.
import { Tensor } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import type { Rng } from '../tensor/rng.js';
import { findUncertainty, type Episode } from './episode.js';
import type { Policy } from './policy.js';

/** How an episode of {@link rolloutLockstep} ended. */
export interface EpisodeEnd {
  /** The MDP ended (no bootstrap); false for a time limit or a cut. */
  readonly terminated: boolean;
  /** Cut by the rollout's step limit (not a full episode). */
  readonly cut: boolean;
  /** The observation after the episode's last step (what a truncated episode bootstraps from). */
  readonly finalObservation: Float32Array;
}

/**
 * Steps `envs[k]` from observation `first[k]` until every episode ends (terminated or truncated),
 * episode k sampling its actions from `actRngs[k]` and recording into `episodes[k]`. Each step
 * runs one policy forward over the episodes still running, [active, obsDim].
 * NOTE: at most `stepLimit` env steps are taken: when the budget runs out mid-rollout, the
 * episodes still running are cut there (as a time limit would).
 * @param ends when given, `ends[k]` receives how episode k ended (for a value bootstrap)
 * @returns the number of env steps taken
 */
export function rolloutLockstep(
  policy: Policy, envs: readonly Env[], first: readonly Float32Array[], actRngs: readonly Rng[], episodes: readonly Episode[], stepLimit = Infinity,
  ends?: EpisodeEnd[],
): number {
  const obsDim = policy.obsDim;
  const actionWidth = policy.action.kind === 'discrete' ? 1 : policy.action.dim;
  const observations = first.slice();
  let active = envs.map((_, k) => k);
  let steps = 0;
  while (active.length > 0 && steps + active.length <= stepLimit) {
    const obs = new Float32Array(active.length * obsDim);
    active.forEach((k, r) => obs.set(observations[k]!, r * obsDim));
    const actions = policy.act(new Tensor(obs, [active.length, obsDim]), active.map((k) => actRngs[k]!));
    const still: number[] = [];
    active.forEach((k, r) => {
      const ep = episodes[k]!;
      for (let c = 0; c < obsDim; c++) ep.observations.push(obs[r * obsDim + c]!);
      for (let c = 0; c < actionWidth; c++) ep.actions.push(actions[r * actionWidth + c]!);
      const result = envs[k]!.step(policy.envAction(actions, r));
      ep.rewards.push(result.reward);
      observations[k] = result.observation;
      steps++;
      if (!result.terminated && !result.truncated) still.push(k);
      else if (ends) ends[k] = { terminated: result.terminated, cut: false, finalObservation: result.observation };
    });
    active = still;
  }
  if (ends) for (const k of active) ends[k] = { terminated: false, cut: true, finalObservation: observations[k]! };
  return steps;
}

/**
 * Rolls out `count` groups of `groupSize` episodes on `envs` (at least count x groupSize of them).
 * Group g's start state is a seeded reset of its first env (seed from `streams`' 'starts' child),
 * copied into the others with getState/setState; every episode then has its own action stream
 * (`streams.fork('act', k)`) and its own uncertainty (noise) stream. At most `stepLimit` env
 * steps are taken (see rolloutLockstep). Episodes are labelled with groups firstGroupId, ...
 * @returns count x groupSize episodes, group by group, and the env steps taken
 */
export function rolloutGroups(
  policy: Policy, envs: readonly Env[], streams: Rng, count: number, groupSize: number, firstGroupId: number, stepLimit = Infinity,
): { episodes: Episode[]; steps: number } {
  const G = groupSize;
  const n = count * G;
  if (envs.length < n) throw new RangeError(`rolloutGroups: needs count x groupSize = ${n} envs, received ${envs.length}`);
  const starts = streams.fork('starts');
  const actRngs: Rng[] = [];
  const observations: Float32Array[] = [];
  const episodes: Episode[] = [];
  for (let g = 0; g < count; g++) {
    const lead = envs[g * G]!;
    const first = lead.reset({ seed: starts.int(2 ** 31) }).observation;
    const start = lead.getState();
    for (let i = 0; i < G; i++) {
      const k = g * G + i;
      const env = envs[k]!;
      if (i > 0) env.setState(start);
      findUncertainty(env)?.reseed(`${streams.path}/noise#${k}`);
      actRngs.push(streams.fork('act', k));
      observations.push(first);
      episodes.push({ observations: [], actions: [], rewards: [], group: firstGroupId + g });
    }
  }
  const steps = rolloutLockstep(policy, envs.slice(0, n), observations, actRngs, episodes, stepLimit);
  return { episodes, steps };
}
