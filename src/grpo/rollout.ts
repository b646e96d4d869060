// Lockstep rollouts: many episodes stepped together, one batched policy forward per step.
import { Tensor } from '../autograd/index.js';
import type { Env } from '../envs/index.js';
import type { Rng } from '../tensor/rng.js';
import type { Episode } from './batch.js';
import type { Policy } from './policy.js';

/**
 * Steps `envs[k]` from observation `first[k]` until every episode ends (terminated or truncated),
 * episode k sampling its actions from `actRngs[k]` and recording into `episodes[k]`. Each step
 * runs one policy forward over the episodes still running, [active, obsDim].
 * NOTE: at most `stepLimit` env steps are taken: when the budget runs out mid-rollout, the
 * episodes still running are cut there (as a time limit would).
 * @returns the number of env steps taken
 */
export function rolloutLockstep(
  policy: Policy, envs: readonly Env[], first: readonly Float32Array[], actRngs: readonly Rng[], episodes: readonly Episode[], stepLimit = Infinity,
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
    });
    active = still;
  }
  return steps;
}
