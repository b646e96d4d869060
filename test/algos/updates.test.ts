// Each algorithm's update math called alone, without a run directory or a trainer: a rollout, the
// batch, its minibatches and the loss of one, on tiny networks.
import { describe, expect, it } from 'vitest';
import {
  collectGroups, grpoBatch, grpoMinibatches, grpoMinibatchLoss, grpoAdvantages, make, makeEnv, Policy, actionSpecOf, ppoBatch, ppoMinibatches,
  ppoMinibatchLoss, reinforceLoss, returnsToGo, rolloutEpisodes, Rng, ValueNetwork, VectorEnv, VectorRollout,
} from '../../src/index.js';

const tinyPolicy = (rng: Rng) => new Policy(4, actionSpecOf(make('CartPole-v1').actionSpace), { rng: rng.fork('init'), hiddenSizes: [8], activation: 'tanh' });

describe('algorithm updates without a run directory', () => {
  it('GRPO: groups share start states, minibatches cover every step once per pass, the loss at the collecting policy has ratio 1', () => {
    const root = new Rng(7);
    const policy = tinyPolicy(root);
    const reference = tinyPolicy(root);
    reference.copyFrom(policy);
    const envs = Array.from({ length: 6 }, () => makeEnv({ env: 'CartPole-v1', uncertainty: 'none' }));
    const collected = collectGroups(policy, envs, root, 0, { groups: 2, groupSize: 3, dynamicSampling: false, maxResampleTries: 0 }, Infinity);
    expect(collected.episodes).toHaveLength(6);
    // Episodes of one group start from one observation.
    expect(collected.episodes[1]!.observations.slice(0, 4)).toEqual(collected.episodes[0]!.observations.slice(0, 4));
    expect(collected.steps).toBe(collected.episodes.reduce((n, e) => n + e.rewards.length, 0));
    const adv = grpoAdvantages({ rewards: collected.episodes.map((e) => e.rewards), groupIds: collected.episodes.map((e) => e.group), mode: 'outcome', scaleRewards: 'group' });
    const batch = grpoBatch(policy, reference, collected.episodes, adv.perStep, 0.04);
    expect(batch.steps).toBe(collected.steps);
    expect(batch.refLogProbs).not.toBeNull();
    const minibatches = grpoMinibatches(batch, root.fork('minibatch', 0), 4);
    expect(minibatches).toHaveLength(4);
    expect(minibatches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: batch.steps }, (_, t) => t));
    const { loss, stats } = grpoMinibatchLoss(policy, batch, minibatches[0]!, { epsLow: 0.2, epsHigh: 0.28, beta: 0.04, lossType: 'bnpo', maxEpisodeLength: 500, entCoef: 0 });
    expect(stats.approxKl).toBeCloseTo(0, 6);
    expect(stats.clipFrac).toBe(0);
    expect(stats.klRef).toBeCloseTo(0, 6);
    loss.backward();
    expect(policy.parameters().every((p) => p.grad !== null)).toBe(true);
  });

  it('GRPO: a step limit cuts the rollout, and no round starts that cannot give each missing group a step', () => {
    const root = new Rng(1);
    const policy = tinyPolicy(root);
    const envs = Array.from({ length: 4 }, () => makeEnv({ env: 'CartPole-v1', uncertainty: 'none' }));
    const cut = collectGroups(policy, envs, root, 0, { groups: 2, groupSize: 2, dynamicSampling: true, maxResampleTries: 3 }, 10);
    expect(cut.steps).toBeLessThanOrEqual(10);
    expect(collectGroups(policy, envs, root, 0, { groups: 2, groupSize: 2, dynamicSampling: false, maxResampleTries: 0 }, 3).steps).toBe(0);
  });

  it('PPO: a vector rollout, its batch of real rows, minibatches that partition them, a finite loss with value and policy terms', () => {
    const root = new Rng(3);
    const policy = tinyPolicy(root);
    const critic = new ValueNetwork(4, { rng: root.fork('critic-init'), hiddenSizes: [8], activation: 'tanh' });
    const rollout = new VectorRollout(new VectorEnv([make('CartPole-v1'), make('CartPole-v1')]), 64, policy);
    rollout.reset(3);
    const { steps, finished } = rollout.collect([root.fork('act', 0), root.fork('act', 1)]);
    // Every episode that ended is followed by one reset row, unless it ended on the last step.
    expect(steps).toBeGreaterThan(128 - finished.length - 1);
    const batch = ppoBatch(policy, critic, rollout, 0.99, 0.95);
    expect(batch.rows).toHaveLength(steps);
    const minibatches = ppoMinibatches(batch, root.fork('minibatch', 0), 4);
    expect(minibatches.flat().sort((a, b) => a - b)).toEqual(batch.rows);
    const { loss, stats } = ppoMinibatchLoss(policy, critic, batch, minibatches[0]!, { normAdv: true, clipCoef: 0.2, clipVloss: true, vfCoef: 0.5, entCoef: 0.01 });
    expect(Number.isFinite(loss.item())).toBe(true);
    expect(stats.approxKl).toBeCloseTo(0, 6);
    expect(stats.valueLoss).toBeGreaterThan(0);
  });

  it("REINFORCE: the loss's baseline is the mean return to go over every step of the batch", () => {
    const root = new Rng(5);
    const policy = tinyPolicy(root);
    const envs = Array.from({ length: 3 }, () => make('CartPole-v1'));
    const episodes = rolloutEpisodes(policy, envs, root.fork('rollout', 0));
    const { loss, baseline } = reinforceLoss(policy, episodes, 0.99, 0);
    const toGo = episodes.flatMap((e) => Array.from(returnsToGo(e.rewards, 0.99)));
    expect(baseline).toBeCloseTo(toGo.reduce((a, b) => a + b, 0) / toGo.length, 10);
    expect(Number.isFinite(loss.item())).toBe(true);
  });
});
