// The population of a policy-groups model: every group's policy, performance and
// hyperparameters, and the evolution history, read back from a checkpoint's contents.
import { Policy, policyOptionsOf, type ActionSpec, type PolicyShape } from '../algos/policy.js';
import { rankGroups, selectionProbabilities, type EvolutionCopy, type GroupHyperparameters } from '../algos/policy_groups.js';
import { CheckpointError, type Json, type SafetensorsContents } from '../nn/index.js';
import { Rng } from '../tensor/rng.js';

/** What a policy-groups checkpoint keeps about its population (its trainer state 'population'). */
export interface PopulationState {
  /** [G] each group's performance (EMA of its episode returns). */
  readonly performances: readonly number[];
  /** [G] whether the group has finished an episode yet (its performance is data, not the initial 0). */
  readonly observed: readonly boolean[];
  /** [G] each group's (evolved) learning rate and entropy coefficient. */
  readonly hyperparameters: readonly GroupHyperparameters[];
  /** Every evolution copy, in order. */
  readonly evolution: readonly EvolutionCopy[];
}

/** A loaded population. */
export interface Population {
  readonly state: PopulationState;
  /** [G] the groups' policies. */
  readonly policies: readonly Policy[];
  /** [G] selection probabilities of the final performances (the ensemble's draw). */
  readonly probabilities: Float64Array;
  /** The group with the highest performance (ties: the lower index). */
  readonly best: number;
}

const isRecord = (v: Json | undefined): v is { readonly [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function numbers(v: Json | undefined, length: number, where: string, source: string): number[] {
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new CheckpointError(source, `${where} must be a list of ${length} finite numbers, received ${JSON.stringify(v)?.slice(0, 80)}`);
  }
  return v.map(Number);
}

function hyperOf(v: Json | undefined, where: string, source: string): GroupHyperparameters {
  if (!isRecord(v)) throw new CheckpointError(source, `${where} must be an object { learningRate, entCoef }, received ${JSON.stringify(v)?.slice(0, 80)}`);
  const [learningRate, entCoef] = numbers([v['learningRate'] ?? null, v['entCoef'] ?? null], 2, `${where} (learningRate, entCoef)`, source);
  return { learningRate: learningRate!, entCoef: entCoef! };
}

/**
 * A population state from JSON, every entry checked against `groups`.
 * @throws CheckpointError naming the source and the entry
 * @example populationOf(JSON.parse(metadata['trainer']!).extra.population, 4, path).performances
 */
export function populationOf(value: Json, groups: number, source: string): PopulationState {
  if (!isRecord(value)) throw new CheckpointError(source, `the population must be an object, received ${JSON.stringify(value)?.slice(0, 80)}`);
  const observed = value['observed'];
  if (!Array.isArray(observed) || observed.length !== groups || !observed.every((x) => typeof x === 'boolean')) {
    throw new CheckpointError(source, `population.observed must be a list of ${groups} booleans, received ${JSON.stringify(observed)?.slice(0, 80)}`);
  }
  const hyper = value['hyperparameters'];
  if (!Array.isArray(hyper) || hyper.length !== groups) throw new CheckpointError(source, `population.hyperparameters must list ${groups} groups, received ${JSON.stringify(hyper)?.slice(0, 80)}`);
  const evolution = value['evolution'];
  if (!Array.isArray(evolution)) throw new CheckpointError(source, `population.evolution must be a list, received ${JSON.stringify(evolution)?.slice(0, 80)}`);
  return {
    performances: numbers(value['performances'], groups, 'population.performances', source),
    observed: observed.map(Boolean),
    hyperparameters: hyper.map((h, g) => hyperOf(h, `population.hyperparameters[${g}]`, source)),
    evolution: evolution.map((c, i) => {
      const where = `population.evolution[${i}]`;
      if (!isRecord(c)) throw new CheckpointError(source, `${where} must be an object, received ${JSON.stringify(c)?.slice(0, 80)}`);
      const [iteration, from, to] = numbers([c['iteration'] ?? null, c['from'] ?? null, c['to'] ?? null], 3, `${where} (iteration, from, to)`, source);
      return { iteration: iteration!, from: from!, to: to!, hyperparameters: hyperOf(c['hyperparameters'], `${where}.hyperparameters`, source) };
    }),
  };
}

/**
 * The population of a policy-groups checkpoint: G policies from 'group<g>.policy.*', the state
 * from the trainer metadata, the selection probabilities from the saved config's
 * selectionTemperature and minShare.
 * @example const population = populationFromCheckpoint(contents, config, spec, { obsDim: 4, action: { kind: 'discrete', n: 2 } }, path)
 */
export function populationFromCheckpoint(contents: SafetensorsContents, config: { readonly [key: string]: Json }, spec: PolicyShape, probe: { obsDim: number; action: ActionSpec }, source: string): Population {
  const groups = config['groups'];
  const temperature = config['selectionTemperature'];
  const minShare = config['minShare'];
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1 || typeof temperature !== 'number' || typeof minShare !== 'number') {
    throw new CheckpointError(source, `a policy-groups config needs groups (an integer >= 1), selectionTemperature and minShare, received ${JSON.stringify({ groups, temperature, minShare })}`);
  }
  let trainer: Json;
  try {
    trainer = JSON.parse(contents.metadata['trainer'] ?? 'null') as Json;
  } catch {
    throw new CheckpointError(source, "the metadata 'trainer' is not JSON");
  }
  const extra = isRecord(trainer) ? trainer['extra'] : undefined;
  if (!isRecord(extra) || extra['population'] === undefined) throw new CheckpointError(source, 'a policy-groups model needs its population in the trainer metadata');
  const state = populationOf(extra['population'], groups, source);
  const policies = Array.from({ length: groups }, (_, g) => {
    const policy = new Policy(probe.obsDim, probe.action, { rng: new Rng(0), ...policyOptionsOf(spec) });
    policy.loadStateDict(contents.tensors, { prefix: `group${g}.policy`, source });
    return policy;
  });
  return { state, policies, probabilities: selectionProbabilities(state.performances, temperature, minShare), best: rankGroups(state.performances)[0]! };
}
