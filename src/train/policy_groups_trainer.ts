// Seed 000's policy groups, in one file that reads top to bottom: config, setup (a population of
// groups, each a policy, a value network and Adam), then per iteration: selection probabilities,
// slots shared among the groups, whole-episode rollouts, the group-relative advantage shift,
// PPO's update per group, performances, evolution, metrics. The math is in
// src/algos/policy_groups.ts and src/algos/ppo.ts; the run's life is the TrainerHarness's.
import { episodeColumns } from '../algos/episode_columns.js';
import { returnOf, type Episode } from '../algos/episode.js';
import { actionSpecOf, Policy, policyOptionsOf } from '../algos/policy.js';
import {
  allocateSlots, evolvePopulation, rankGroups, relativeShifts, selectionProbabilities, shiftEpisodeAdvantages, updatePerformances,
  type EvolutionCopy, type GroupHyperparameters, type PolicyGroup,
} from '../algos/policy_groups.js';
import { ppoBatch, ppoEpochs, type PpoEpochStats } from '../algos/ppo.js';
import { rolloutLockstep, type EpisodeEnd } from '../algos/rollout.js';
import { ValueNetwork } from '../algos/value.js';
import { MultiTaskEnv, parseTaskList, prepareEnv, type Env } from '../envs/index.js';
import { evalSeedOf, makeEnv } from '../eval/evaluate_policy.js';
import { evaluateEnsemble } from '../eval/ensemble.js';
import { populationOf, type PopulationState } from '../eval/population.js';
import type { Tensor } from '../autograd/index.js';
import { Adam, Module, type Json } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';
import { checkPolicyGroupsConfig, resolveTrainConfig, type PolicyGroupsConfig } from './config.js';
import { selectRunBackend } from './run_backend.js';
import { meanReturnOf, TrainerHarness, trainingEnvs, type TrainOptions, type TrainResult } from './harness.js';
import { toJson } from './trainer_checkpoint.js';

/** A group's networks under one checkpoint name: `group<g>.policy.*` and `group<g>.value.*`. */
class GroupModules extends Module {
  constructor(readonly policy: Policy, value: ValueNetwork) {
    super();
    this.registerModule('policy', policy);
    this.registerModule('value', value);
  }

  /** The policy's output (logits or means) [N, *] for observations [N, obsDim]. */
  forward(obs: Tensor): Tensor {
    return this.policy.forward(obs);
  }
}

/** The checkpoint name of group g's modules and optimiser. */
const groupName = (g: number) => `group${g}`;

/**
 * Trains a population of policy groups (seed 000; README "Policy groups"). `input` is a (partial)
 * policy-groups config; with `resumeFrom` the run continues from a checkpoint and ends
 * bit-identical to one that never stopped (weights, Adam states, performances, hyperparameters,
 * evolution history: the selection, rollout, minibatch and evolution streams are forked from the
 * root seed by iteration, so they need no state of their own).
 *
 * NOTE: each rollout slot runs one whole episode from a seeded reset (groupSize = episodes per
 * group), so every episode's return is known for the group-relative shift; an episode cut by the
 * step budget bootstraps from V like a time limit and counts in neither the performances nor the
 * population statistics.
 * @example const result = await trainPolicyGroups({ groups: 4, groupSize: 4, totalSteps: 200_000, uncertainty: 'medium' });
 */
export async function trainPolicyGroups(input: Readonly<Record<string, unknown>>, options: TrainOptions = {}): Promise<TrainResult> {
  const config: PolicyGroupsConfig = selectRunBackend(resolveTrainConfig('policy-groups', input, 'policy-groups config'), options.resumeFrom, 'policy-groups');
  checkPolicyGroupsConfig(config);
  if (config.totalSteps === 0 && config.episodes === 0) throw new RangeError('policy-groups config: set totalSteps or episodes (both are 0: no budget)');
  const G = config.groups;
  const slots = G * config.groupSize;

  // --- setup: the env pool (one env per slot), the population, the harness --------------------
  await prepareEnv(config.env);
  const tasks = config.tasks === '' ? null : parseTaskList(config.tasks);
  const envs: Env[] = trainingEnvs(config, slots, options, () => (tasks === null ? makeEnv(config) : new MultiTaskEnv(tasks)));
  const probe = envs[0]!;
  const obsDim = probe.observationSpace.size;
  const action = actionSpecOf(probe.actionSpace);
  const actionWidth = action.kind === 'discrete' ? 1 : action.dim;
  const root = new Rng(config.seed);
  const netOptions = { hiddenSizes: config.hiddenSizes, activation: config.activation };
  const groups: PolicyGroup[] = Array.from({ length: G }, (_, g) => {
    const streams = root.fork('group', g);
    const policy = new Policy(obsDim, action, { ...policyOptionsOf(config), outputGain: 0.01, rng: streams.fork('init') });
    const value = new ValueNetwork(obsDim, { ...netOptions, outputGain: 1, rng: streams.fork('critic-init') });
    const optimizer = new Adam([...policy.namedParameters('policy'), ...value.namedParameters('value')], { lr: config.learningRate, eps: config.adamEps });
    return { policy, value, optimizer, hyperparameters: { learningRate: config.learningRate, entCoef: config.entCoef } };
  });
  let performances = new Array<number>(G).fill(0);
  let observed = new Array<boolean>(G).fill(false);
  const evolution: EvolutionCopy[] = [];
  const population = (): PopulationState => ({
    performances, observed, hyperparameters: groups.map((grp) => grp.hyperparameters), evolution,
  });
  const harness = new TrainerHarness(config, options, {
    modules: Object.fromEntries(groups.map((grp, g) => [groupName(g), new GroupModules(grp.policy, grp.value)])),
    optimizers: Object.fromEntries(groups.map((grp, g) => [groupName(g), grp.optimizer])),
    rngs: { root },
    extra: () => toJson({ population: population() }, 'population'),
    lrScale: (name) => groups[Number(name.slice('group'.length))]!.hyperparameters.learningRate / config.learningRate,
    envs,
  });
  const { counters, run } = harness;
  // The final model holds every group (group<g>.policy/value), and the population in its trainer
  // state; the harness evaluates the best group, the ensemble is evaluated on the same start states.
  // The loop runs inside the harness's runLoop (on any exit: logs closed, lock released).
  return harness.runLoop(() => groups[rankGroups(performances)[0]!]!.policy, async () => {
    if (harness.resumed) {
      const saved = populationOf(harness.resumed.entry('population'), G, harness.resumed.source);
      performances = saved.performances.slice();
      observed = saved.observed.slice();
      saved.hyperparameters.forEach((h, g) => { groups[g]!.hyperparameters = h; });
      evolution.push(...saved.evolution);
    }
    const bounds = {
      learningRate: [config.minLearningRate, config.maxLearningRate], entCoef: [config.minEntCoef, config.maxEntCoef],
    } as const;
    const lossSettings = (h: GroupHyperparameters) => ({
      normAdv: config.normAdv, clipCoef: config.clipCoef, clipVloss: config.clipVloss, vfCoef: config.vfCoef, entCoef: h.entCoef,
      updateEpochs: config.updateEpochs, numMinibatches: config.numMinibatches, targetKl: config.targetKl,
    });

    // --- training loop -------------------------------------------------------------------------
    // An iteration starts when every slot can take at least one step.
    let interrupted = false;
    while (harness.budgetLeft(slots)) {
      const iteration = harness.beginIteration();

      // Selection: the slots shared by softmax(performance / T) floored at minShare.
      const probabilities = selectionProbabilities(performances, config.selectionTemperature, config.minShare);
      const counts = allocateSlots(probabilities, slots, root.fork('select', iteration));

      // Rollout: group g runs its counts[g] episodes on its slots of the env pool, each episode
      // from a seeded reset and with its own action stream (slot k: 'act' #k).
      const streams = root.fork('rollout', iteration);
      const starts = streams.fork('starts');
      const stepsLeft = config.totalSteps === 0 ? Infinity : config.totalSteps - counters.globalStep;
      let steps = 0;
      let offset = 0;
      const rollouts = groups.map((grp, g) => {
        const mine = envs.slice(offset, offset + counts[g]!);
        const first = mine.map((env) => env.reset({ seed: starts.int(2 ** 31) }).observation);
        const actRngs = mine.map((_, i) => streams.fork('act', offset + i));
        const episodes: Episode[] = mine.map(() => ({ observations: [], actions: [], rewards: [], group: g }));
        const ends: EpisodeEnd[] = [];
        steps += rolloutLockstep(grp.policy, mine, first, actRngs, episodes, stepsLeft - steps, ends);
        offset += counts[g]!;
        return { episodes, ends, returns: episodes.map(returnOf) };
      });
      counters.globalStep += steps;
      const step = counters.globalStep;
      const finished = rollouts.map((r) => r.returns.filter((_, i) => !r.ends[i]!.cut));
      const allReturns = finished.flat();
      counters.episodes += allReturns.length;
      rollouts.forEach((r) => r.episodes.forEach((e, i) => { if (!r.ends[i]!.cut) harness.logEpisode(step, r.returns[i]!, e.rewards.length); }));

      // The group-relative shift: each finished episode's return against the whole population's.
      const shifts = relativeShifts(allReturns, config.relativeWeight);
      let next = 0;
      const shiftsOf = rollouts.map((r) => r.ends.map((end) => (end.cut ? 0 : shifts[next++]!)));

      // Updates: each group learns from its own episodes with PPO (clipped surrogate, GAE, value loss, entropy bonus).
      const updates: (PpoEpochStats | null)[] = groups.map((grp, g) => {
        const { episodes, ends } = rollouts[g]!;
        if (episodes.length === 0) return null;
        const batch = shiftEpisodeAdvantages(ppoBatch(grp.policy, grp.value, episodeColumns(episodes, ends, obsDim, actionWidth), config.gamma, config.gaeLambda), shiftsOf[g]!);
        const shuffle = root.fork('minibatch', iteration).fork('group', g);
        return ppoEpochs(grp.policy, grp.value, batch, shuffle, lossSettings(grp.hyperparameters), (loss, context) => harness.update(loss, context, groupName(g)));
      });

      // Performances (EMA of each group's mean return), then evolution every evolveEvery iterations.
      ({ performances, observed } = updatePerformances(performances, observed, finished, config.performanceEma));
      const copies = config.evolveEvery > 0 && (iteration + 1) % config.evolveEvery === 0
        ? evolvePopulation(groups, performances, config.evolveFraction, bounds, root.fork('evolve', iteration), iteration)
        : [];
      evolution.push(...copies);

      // Metrics (README "Metrics": groups/<g>/..., population/..., evolution/copy).
      harness.logTiming(step, steps, groupName(0));
      groups.forEach((grp, g) => {
        const tag = (name: string) => `groups/${g}/${name}`;
        run.metric(step, tag('probability'), probabilities[g]!);
        run.metric(step, tag('slots'), counts[g]!);
        run.metric(step, tag('performance'), performances[g]!);
        run.metric(step, tag('learning_rate'), grp.hyperparameters.learningRate);
        run.metric(step, tag('ent_coef'), grp.hyperparameters.entCoef);
        if (finished[g]!.length > 0) run.metric(step, tag('episodic_return'), meanReturnOf(finished[g]!));
        const last = updates[g]?.last;
        if (last) {
          run.metric(step, tag('policy_loss'), last.policyLoss);
          run.metric(step, tag('value_loss'), last.valueLoss);
          run.metric(step, tag('entropy'), last.entropy);
          run.metric(step, tag('approx_kl'), last.approxKl);
          run.metric(step, tag('clipfrac'), updates[g]!.clipFrac);
        }
      });
      for (const c of copies) {
        run.metric(step, 'evolution/copy', [c.from, c.to, c.hyperparameters.learningRate, c.hyperparameters.entCoef]);
        run.info(`evolution at iteration ${iteration + 1}: group ${c.to} copied group ${c.from}; learning rate ${c.hyperparameters.learningRate.toExponential(3)}, entropy coefficient ${c.hyperparameters.entCoef.toExponential(3)}`);
      }
      const best = rankGroups(performances)[0]!;
      interrupted = await harness.endIteration(meanReturnOf(allReturns), ` over ${allReturns.length}, slots ${counts.join('/')}, best group ${best} (performance ${performances[best]!.toFixed(2)})`);
      if (interrupted) break;
    }
    return interrupted;
  }, (evaluated) => {
    const best = rankGroups(performances)[0]!;
    const out: { [key: string]: Json } = { best_group: best, population: toJson(population(), 'population') };
    if (evaluated) {
      const probabilities = selectionProbabilities(performances, config.selectionTemperature, config.minShare);
      const ensemble = evaluateEnsemble(groups.map((grp) => grp.policy), probabilities, makeEnv(config), { episodes: config.evalEpisodes, seed: evalSeedOf(config.seed) });
      out['ensemble_evaluation'] = toJson(ensemble.stats, 'ensemble evaluation');
      run.info(`ensemble evaluation over ${config.evalEpisodes} episodes (a group drawn per episode by performance): mean ${ensemble.stats.mean.toFixed(2)} (95% CI ${ensemble.stats.ci95[0].toFixed(2)} to ${ensemble.stats.ci95[1].toFixed(2)})`);
    }
    return out;
  });
}
