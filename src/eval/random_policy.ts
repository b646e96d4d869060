// A uniformly random policy's returns: the floor every trained policy is compared with.
import type { Env } from '../envs/index.js';
import { Rng } from '../tensor/rng.js';
import { actionSpecOf } from '../algos/policy.js';
import { returnStats, type ReturnStats } from './return_stats.js';

/**
 * Returns of a uniformly random policy (a reference point for evaluation): each action drawn
 * uniformly from the action space (discrete: each of the n actions alike; box: each component
 * uniform in [low, high]). Start states from `new Rng(seed).fork('random-policy')`, actions from
 * its 'act' child.
 * @example randomPolicyReturns(make('CartPole-v1'), 100, 0).stats.mean // about 22
 */
export function randomPolicyReturns(env: Env, episodes: number, seed: number): { returns: number[]; lengths: number[]; stats: ReturnStats } {
  if (!(Number.isInteger(episodes) && episodes >= 1)) throw new RangeError(`randomPolicyReturns: episodes must be an integer >= 1, received ${episodes}`);
  const rng = new Rng(seed).fork('random-policy');
  const actRng = rng.fork('act');
  const action = actionSpecOf(env.actionSpace);
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: rng.int(2 ** 31) });
    let total = 0;
    let length = 0;
    for (;;) {
      const a = action.kind === 'discrete'
        ? actRng.int(action.n)
        : Array.from({ length: action.dim }, (_, j) => actRng.uniform(action.low[j], action.high[j]));
      const step = env.step(a);
      total += step.reward;
      length++;
      if (step.terminated || step.truncated) break;
    }
    returns.push(total);
    lengths.push(length);
  }
  return { returns, lengths, stats: returnStats(returns) };
}
