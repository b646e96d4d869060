// Policy groups end to end: one group with relativeWeight 0 is PPO's update on its batch (bit for
// bit), a short learning run, determinism and bit-identical resume (multi-task, evolution on),
// the population model (loadModel, ensemble), the diversity analysis, and bad configs refused.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deterministicMetrics, numbersOf, tmpDir, weightsOf } from './helpers.js';
import { runCli } from '../cli/helpers.js';
import {
  Adam, actionSpecOf, clipGradNorm, diversitySection, episodeColumns, evaluateEnsemble, loadCheckpoint, loadModel, make, makeEnv, pairwiseKl,
  Policy, populationCharts, populationTimeline, ppoBatch, ppoMinibatches, ppoMinibatchLoss, readMetrics, resume, returnOf, rolloutLockstep, Rng, train, ValueNetwork,
  visitedStates, type Episode, type EpisodeEnd,
} from '../../src/index.js';

const tmp = () => tmpDir('groups');

// Small and fast: 3 groups x 2 episodes, evolution every iteration, the shift on, two tasks.
const SMALL = {
  algo: 'policy-groups', env: 'CartPole-v1', seed: 5, groups: 3, groupSize: 2, hiddenSizes: [16], totalSteps: 1500, evalEpisodes: 3,
  evolveEvery: 1, evolveFraction: 0.34, relativeWeight: 0.5, updateEpochs: 2, tasks: 'CartPole-v1:low,CartPole-v1:high:length=0.7',
} as const;

describe('policy groups: one group with relativeWeight 0 is PPO', () => {
  it("makes exactly PPO's update on the group's batch (weights bit for bit)", async () => {
    // One iteration of one group (4 episodes): the trainer's final weights...
    // 4 minibatches, pinned: the reference below writes PPO's epochs out with them.
    const config = {
      algo: 'policy-groups', env: 'CartPole-v1', seed: 11, groups: 1, groupSize: 4, hiddenSizes: [16], relativeWeight: 0, evolveEvery: 0,
      numMinibatches: 4, totalSteps: 0, episodes: 4, evalEpisodes: 0, checkpointEvery: 0,
    } as const;
    const result = await train({ ...config, logDir: tmp() });
    expect(result.counters.iteration).toBe(1);
    // ...against PPO's update written out as the PPO trainer makes it, on the same batch: the same
    // streams (group 0's init, the rollout's starts and actions, the minibatch shuffle), the
    // episodes as columns, ppoBatch, then epochs of ppoMinibatches / ppoMinibatchLoss / clip / Adam.
    const root = new Rng(config.seed);
    const envs = [0, 1, 2, 3].map(() => make('CartPole-v1'));
    const action = actionSpecOf(envs[0]!.actionSpace);
    const streams = root.fork('group', 0);
    const policy = new Policy(4, action, { hiddenSizes: [16], activation: 'tanh', outputGain: 0.01, rng: streams.fork('init') });
    const critic = new ValueNetwork(4, { hiddenSizes: [16], activation: 'tanh', outputGain: 1, rng: streams.fork('critic-init') });
    const adam = new Adam([...policy.namedParameters('policy'), ...critic.namedParameters('value')], { lr: 1e-3, eps: 1e-5 });
    const rollout = root.fork('rollout', 0);
    const starts = rollout.fork('starts');
    const first = envs.map((e) => e.reset({ seed: starts.int(2 ** 31) }).observation);
    const episodes: Episode[] = envs.map(() => ({ observations: [], actions: [], rewards: [], group: 0 }));
    const ends: EpisodeEnd[] = [];
    const steps = rolloutLockstep(policy, envs, first, envs.map((_, k) => rollout.fork('act', k)), episodes, Infinity, ends);
    expect(steps).toBe(result.counters.globalStep);
    const batch = ppoBatch(policy, critic, episodeColumns(episodes, ends, 4, 1), 0.99, 0.95);
    const shuffle = root.fork('minibatch', 0).fork('group', 0);
    const settings = { normAdv: true, clipCoef: 0.2, clipVloss: true, vfCoef: 0.5, entCoef: 0 };
    for (let epoch = 0; epoch < 10; epoch++) {
      for (const mb of ppoMinibatches(batch, shuffle, 4)) {
        const { loss } = ppoMinibatchLoss(policy, critic, batch, mb, settings);
        adam.zeroGrad();
        loss.backward();
        clipGradNorm(adam.namedParams.map(([, p]) => p), 0.5);
        adam.step();
      }
    }
    const saved = loadCheckpoint(result.finalModelPath).tensors;
    for (const [name, p] of [...policy.namedParameters('group0.policy'), ...critic.namedParameters('group0.value')]) {
      expect(saved[name]!.data, name).toEqual(p.toTypedArray());
    }
    // The performance is the mean of the 4 returns (the first observation).
    const returns = episodes.map(returnOf);
    const summary = result.summary['population'];
    expect(summary).toMatchObject({ performances: [returns.reduce((a, b) => a + b, 0) / 4], observed: [true], evolution: [] });
  });
});

describe('policy groups: training', () => {
  it('learns CartPole: seed 0, 4 groups, 20k steps; the best group evaluates >= 150 (10 to 20 s)', async () => {
    const result = await train({ algo: 'policy-groups', env: 'CartPole-v1', seed: 0, totalSteps: 20_000, evalEpisodes: 10, checkpointEvery: 0, logDir: tmp() });
    const evaluation = result.summary.evaluation;
    expect(evaluation).not.toBeNull();
    expect(evaluation!.mean).toBeGreaterThanOrEqual(150);
    expect(result.counters.globalStep).toBeLessThanOrEqual(20_000);
    expect(result.summary['ensemble_evaluation']).toMatchObject({ episodes: 10 });
  }, 120_000);

  it('is deterministic (byte-identical metrics and weights) and logs the population tags and evolution copies', async () => {
    const a = await train({ ...SMALL, logDir: tmp() });
    const b = await train({ ...SMALL, logDir: tmp() });
    expect(deterministicMetrics(a.runDir)).toBe(deterministicMetrics(b.runDir));
    expect(weightsOf(a.finalModelPath)).toEqual(weightsOf(b.finalModelPath));
    const records = readMetrics(a.runDir);
    const iterations = a.counters.iteration;
    for (let g = 0; g < 3; g++) {
      for (const tag of ['probability', 'slots', 'performance', 'learning_rate', 'ent_coef']) expect(numbersOf(records, `groups/${g}/${tag}`).length, tag).toBe(iterations);
    }
    // Each iteration's probabilities sum to 1 and are >= minShare (the default, 0.05); its slots sum to 6.
    for (let i = 0; i < iterations; i++) {
      const p = [0, 1, 2].map((g) => numbersOf(records, `groups/${g}/probability`)[i]!);
      expect(Math.abs(p.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
      p.forEach((v) => expect(v).toBeGreaterThanOrEqual(0.05 - 1e-15));
      expect([0, 1, 2].map((g) => numbersOf(records, `groups/${g}/slots`)[i]!).reduce((x, y) => x + y, 0)).toBe(6);
    }
    // Evolution every iteration: the worst ceil(0.34 x 3) = 2 groups copy the best one each time.
    const timeline = populationTimeline(records);
    expect(timeline.evolution.length).toBe(2 * iterations);
    const charts = populationCharts(timeline);
    expect(charts.map((c) => c.name)).toEqual(['group_performance', 'selection_probability']);
    expect(JSON.stringify(charts[0]!.spec)).toContain('"series":"group 2"');
    expect(timeline.performance.length).toBe(3 * iterations);
    const population = a.summary['population'];
    expect(population).toMatchObject({ evolution: expect.any(Array) });
  }, 120_000);

  it('resumes bit-identical: stop after 2 iterations, resume, equals the straight run (population, streams, evolution history)', async () => {
    const config = { ...SMALL, checkpointEvery: 1 };
    const straight = await train({ ...config, logDir: tmp() });
    let done = 0;
    const first = await train({ ...config, logDir: tmp() }, { onIteration: () => done++, shouldStop: () => done >= 2 });
    expect(first.interrupted).toBe(true);
    const resumed = await resume(first.runDir);
    expect(resumed.counters).toEqual(straight.counters);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(straight.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
    expect(resumed.summary['population']).toEqual(straight.summary['population']);
    expect(resumed.summary['ensemble_evaluation']).toEqual(straight.summary['ensemble_evaluation']);
  }, 120_000);

  it('saves every group in the final model; loadModel returns the population, the best group as its policy', async () => {
    const result = await train({ ...SMALL, checkpointEvery: 1, logDir: tmp() });
    const model = await loadModel(result.finalModelPath);
    const population = model.population!;
    expect(population.policies.length).toBe(3);
    expect(population.best).toBe(result.summary['best_group']);
    expect(model.policy).toBe(population.policies[population.best]);
    expect(population.state).toEqual(result.summary['population']);
    expect(Array.from(population.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // The ensemble evaluation of the loaded model repeats the trainer's.
    const ensemble = evaluateEnsemble(population.policies, population.probabilities, makeEnv({ env: 'CartPole-v1', uncertainty: 'none' }), { episodes: 3, seed: 5 + 1_000_003 });
    expect(ensemble.stats).toEqual(result.summary['ensemble_evaluation']);
    expect((await loadModel(join(result.runDir, 'models', 'checkpoint-1.safetensors'))).population?.policies.length).toBe(3);
  }, 120_000);

  it('refuses bad configs with clear errors', async () => {
    const bad = (fields: Record<string, unknown>) => train({ algo: 'policy-groups', logDir: tmp(), ...fields });
    await expect(bad({ groups: 0 })).rejects.toThrow('policy-groups config: groups must be >= 1, received 0');
    await expect(bad({ selectionTemperature: 0 })).rejects.toThrow('policy-groups config: selectionTemperature must be > 0, received 0');
    await expect(bad({ selectionTemperature: -1 })).rejects.toThrow('policy-groups config: selectionTemperature must be >= 0, received -1');
    await expect(bad({ groups: 4, minShare: 0.3 })).rejects.toThrow('policy-groups config: minShare x groups must be <= 1 (the floors must fit in one), received 0.3 x 4 = 1.2');
    await expect(bad({ learningRate: 0.5 })).rejects.toThrow('policy-groups config: learningRate must lie in [minLearningRate, maxLearningRate] = [0.00001, 0.01], received 0.5');
    await expect(bad({ tasks: 'CartPole-v1:extreme' })).rejects.toThrow('tasks[0] "CartPole-v1:extreme": the uncertainty level must be one of none, low, medium, high, received "extreme"');
    await expect(bad({ tasks: 'CartPole-v1,Pendulum-v1' })).rejects.toThrow('MultiTaskEnv: every task needs the same spaces');
  });
});

describe('policy groups: diversity analysis', () => {
  const make2 = (seeds: number[]) => seeds.map((s) => new Policy(4, { kind: 'discrete', n: 2 }, { rng: new Rng(s), hiddenSizes: [8], activation: 'tanh', outputGain: 1 }));

  it('gives identical groups KL 0 and different groups KL > 0 on shared visited states', () => {
    const [a, b] = make2([1, 2]);
    const twin = make2([1])[0]!;
    const env = make('CartPole-v1');
    const visited = visitedStates([a!, b!, twin], env, { episodesPerPolicy: 2, seed: 0 });
    expect(visited.states).toBeGreaterThan(10);
    const kl = pairwiseKl([a!, b!, twin], visited.observations);
    expect(kl[0]![2]).toBe(0);
    expect(kl[2]![0]).toBe(0);
    expect(kl[0]![0]).toBe(0);
    expect(kl[0]![1]).toBeGreaterThan(1e-4);
    expect(kl[1]![2]).toBe(kl[1]![0]);
  });

  it('builds the whole section: KL, a group x condition heatmap, the timeline from metrics', () => {
    const policies = make2([1, 2]);
    const conditions = (['none', 'high'] as const).map((level) => ({ name: level, env: makeEnv({ env: 'CartPole-v1', uncertainty: level }) }));
    const records = [
      { step: 10, tag: 'groups/0/performance', value: 12 }, { step: 10, tag: 'groups/1/probability', value: 0.4 },
      { step: 20, tag: 'evolution/copy', value: [1, 0, 1e-3, 0.01] }, { step: 20, tag: 'charts/SPS', value: 100 },
    ];
    const section = diversitySection(policies, make('CartPole-v1'), conditions, records, { episodes: 2, episodesPerPolicy: 1, seed: 3 });
    expect(section.kl.length).toBe(2);
    expect(section.specialisation.conditions).toEqual(['none', 'high']);
    expect(section.specialisation.means.map((row) => row.length)).toEqual([2, 2]);
    expect(section.timeline).toEqual({
      performance: [{ step: 10, group: 0, value: 12 }],
      probability: [{ step: 10, group: 1, value: 0.4 }],
      evolution: [{ step: 20, from: 1, to: 0, learningRate: 1e-3, entCoef: 0.01 }],
    });
  });
});

describe('policy groups: the command line', () => {
  it('grpo train --algo policy-groups --tasks ..., then grpo evaluate scores the best group and the ensemble', async () => {
    const logDir = tmp();
    const trained = await runCli(['train', '--algo', 'policy-groups', '--groups', '2', '--group-size', '2', '--hidden-sizes', '8', '--total-steps', '300',
      '--eval-episodes', '2', '--tasks', 'CartPole-v1:low,CartPole-v1:high', '--log-dir', logDir, '--run-name', 'g', '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const evaluated = await runCli(['evaluate', '--model-path', join(logDir, 'g'), '--episodes', '3', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const out = JSON.parse(evaluated.stdout) as { algo: string; bestGroup: number; probabilities: number[]; ensemble: { episodes: number; groups: number[] } };
    expect(out.algo).toBe('policy-groups');
    expect([0, 1]).toContain(out.bestGroup);
    expect(out.probabilities.length).toBe(2);
    expect(out.ensemble.episodes).toBe(3);
    expect(out.ensemble.groups.length).toBe(3);
    const text = await runCli(['evaluate', '--model-path', join(logDir, 'g'), '--episodes', '3']);
    expect(text.stdout).toMatch(/best group +group [01] of 2/);
    expect(text.stdout).toMatch(/ensemble +a group drawn per episode by performance/);
    const bad = await runCli(['train', '--algo', 'policy-groups', '--groups', '4', '--min-share', '0.3', '--log-dir', logDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/minShare x groups must be <= 1/);
  });
});
