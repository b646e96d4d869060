// Training on the MuJoCo envs (issue 12): configs and presets, a short learning run, bit-identical resume
// with the normalisation state, and a model that carries its observation statistics into evaluation.
import { describe, expect, it } from 'vitest';
import {
  evalSeedOf, evaluatePolicy, GRPO_PRESETS, loadCheckpoint, loadModel, makeEnv, PPO_FIELDS, PPO_MUJOCO_PRESET, resolveTrainConfig, resume, train,
  trainFromValues, type TrainInput,
} from '../../src/index.js';
import { deterministicMetrics, tmpDir, weightsOf } from './helpers.js';

describe('MuJoCo training: configs', () => {
  it('PPO on a MuJoCo id takes CleanRL ppo_continuous_action defaults under explicit values; classic control keeps its defaults', () => {
    const cheetah = resolveTrainConfig('ppo', { env: 'HalfCheetah-v5' }, 'ppo config');
    expect(cheetah).toMatchObject(PPO_MUJOCO_PRESET);
    expect(cheetah).toMatchObject({ numEnvs: 1, numSteps: 2048, numMinibatches: 32, updateEpochs: 10, learningRate: 3e-4, anneal: 'linear', entCoef: 0, normalizeObservation: true, normalizeReward: true, obsClip: 10, rewardClip: 10 });
    expect(resolveTrainConfig('ppo', { env: 'HalfCheetah-v5', numSteps: 256, normalizeReward: false }, 'ppo config')).toMatchObject({ numSteps: 256, normalizeReward: false, numMinibatches: 32 });
    const cartpole = resolveTrainConfig('ppo', { env: 'CartPole-v1' }, 'ppo config');
    expect(cartpole).toMatchObject({ numEnvs: PPO_FIELDS.numEnvs.default, numSteps: 128, entCoef: 0.01, normalizeObservation: false, normalizeReward: false });
  });

  it("GRPO's 'trust-region' preset: KL toward the previous policy with adaptive beta, under explicit values", () => {
    expect(resolveTrainConfig('grpo', { preset: 'trust-region' }, 'grpo config')).toMatchObject(GRPO_PRESETS['trust-region']);
    expect(resolveTrainConfig('grpo', { preset: 'trust-region', beta: 0.2 }, 'grpo config')).toMatchObject({ beta: 0.2, refRefreshEvery: 1, targetKl: 0.01 });
  });

  it('rejects bad values, naming the field, what it accepts and what it got', async () => {
    await expect(trainFromValues({ algo: 'ppo', env: 'HalfCheetah-v4' })).rejects.toThrow(/ppo config: env must be one of .*HalfCheetah-v5.*received "HalfCheetah-v4"/);
    await expect(trainFromValues({ algo: 'grpo', env: 'Hopper-v5', logStdMode: 'state' })).rejects.toThrow(/logStdMode must be one of parameter, head, received "state"/);
    await expect(trainFromValues({ algo: 'ppo', env: 'Hopper-v5', obsClip: -1 })).rejects.toThrow(/obsClip must be >= 0, received -1/);
    await expect(trainFromValues({ algo: 'ppo', env: 'Hopper-v5', rewardClip: 'ten' })).rejects.toThrow(/rewardClip must be a finite number, received "ten"/);
    await expect(trainFromValues({ algo: 'grpo', preset: 'tight' })).rejects.toThrow(/preset must be one of none, trust-region, received "tight"/);
    await expect(trainFromValues({ algo: 'ppo', normalizeReward: 'yes' })).rejects.toThrow(/normalizeReward must be true or false, received "yes"/);
  });
});

describe('MuJoCo training: learning, resume, evaluation', () => {
  it('PPO learns InvertedPendulum-v5: seed 0, 6k steps of 256-step rollouts, deterministic return >= 500 of 1000', async () => {
    const result = await train({ algo: 'ppo', env: 'InvertedPendulum-v5', seed: 0, totalSteps: 6144, numSteps: 256, numMinibatches: 4, evalEpisodes: 5, checkpointEvery: 0, logDir: tmpDir('mj-learn') });
    expect(result.summary.evaluation!.mean).toBeGreaterThanOrEqual(500);
  });

  it('PPO on HalfCheetah-v5 resumes bit-identical, observation and reward normalisation state included', async () => {
    const config: TrainInput = { algo: 'ppo', env: 'HalfCheetah-v5', seed: 3, totalSteps: 1024, numSteps: 256, numMinibatches: 4, updateEpochs: 2, evalEpisodes: 1, checkpointEvery: 2 };
    const straight = await train({ ...config, logDir: tmpDir('mj-straight') });
    let iterations = 0;
    const first = await train({ ...config, logDir: tmpDir('mj-stopped') }, { onIteration: () => iterations++, shouldStop: () => iterations >= 2 });
    expect(first.interrupted).toBe(true);
    // The checkpoint holds the policy's observation statistics and the NormalizeReward state of the env copy.
    const checkpoint = loadCheckpoint(`${first.runDir}/models/checkpoint-2.safetensors`);
    expect(checkpoint.tensors['policy.obsNorm.count']!.data[0]).toBeCloseTo(512, 3);
    const trainer = JSON.parse(checkpoint.metadata['trainer']!) as { extra: { envs: unknown } };
    expect(JSON.stringify(trainer.extra.envs)).toContain('"kind":"NormalizeReward"');
    const resumed = await resume(first.runDir);
    expect(resumed.counters).toEqual(straight.counters);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(straight.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
    expect(resumed.summary.evaluation).toEqual(straight.summary.evaluation);
  });

  it('GRPO with normalisation, a log-std head and the trust-region preset resumes bit-identical (Hopper-v5)', async () => {
    const config: TrainInput = { algo: 'grpo', env: 'Hopper-v5', seed: 4, totalSteps: 3000, groups: 1, groupSize: 4, numMinibatches: 2, numIterations: 2, logStdMode: 'head', preset: 'trust-region', evalEpisodes: 1, checkpointEvery: 1 };
    const straight = await train({ ...config, logDir: tmpDir('mjg-straight') });
    let iterations = 0;
    const first = await train({ ...config, logDir: tmpDir('mjg-stopped') }, { onIteration: () => iterations++, shouldStop: () => iterations >= 2 });
    expect(first.interrupted).toBe(true);
    const resumed = await resume(first.runDir);
    expect(resumed.counters).toEqual(straight.counters);
    const weights = weightsOf(straight.finalModelPath);
    expect(Object.keys(weights)).toEqual(expect.arrayContaining(['policy.obsNorm.mean', 'policy.obsNorm.var', 'policy.obsNorm.count', 'reference.obsNorm.mean']));
    expect(Object.keys(weights)).not.toContain('policy.logStd');
    expect(weightsOf(resumed.finalModelPath)).toEqual(weights);
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
  });

  it('a saved model carries its observation statistics, frozen at evaluation: loadModel repeats the trainer evaluation', async () => {
    const result = await train({ algo: 'grpo', env: 'InvertedPendulum-v5', seed: 5, totalSteps: 2000, groups: 2, groupSize: 4, normalizeObservation: true, obsClip: 5, evalEpisodes: 3, checkpointEvery: 0, logDir: tmpDir('mj-frozen') });
    const model = await loadModel(result.finalModelPath);
    const norm = model.policy.obsNorm!;
    expect(model.spec).toMatchObject({ normalizeObservation: true, obsClip: 5 });
    expect(norm.clip).toBe(5);
    // Every observation of the run entered the statistics: the count is 1e-4 plus the steps.
    expect(norm.count.data[0]).toBeCloseTo(result.counters.globalStep + 1e-4, 6);
    const before = [Array.from(norm.mean.data), Array.from(norm.var.data), norm.count.data[0]];
    const env = makeEnv({ env: 'InvertedPendulum-v5', uncertainty: 'none' });
    const again = evaluatePolicy(model.policy, env, { episodes: 3, seed: evalSeedOf(5) });
    env.close?.();
    expect(again.stats).toEqual(result.summary.evaluation);
    expect([Array.from(norm.mean.data), Array.from(norm.var.data), norm.count.data[0]]).toEqual(before);
    expect(before[0]).not.toEqual([0, 0, 0, 0]);
  });
});
