// The diversity analysis of a policy-groups population, as data for the evaluation report: how far
// apart the groups act (pairwise mean KL on shared visited states), where each group does well
// (returns per uncertainty level or task: the specialisation heatmap), and the population's history
// from metrics.jsonl (performance and selection probability over time, the evolution timeline).
// Pure functions: the caller loads the model and the metrics and renders the result.
import { noGrad, Tensor } from '../autograd/index.js';
import type { Policy, PolicyDistribution } from '../algos/policy.js';
import type { Env } from '../envs/index.js';
import { Categorical, DiagGaussian } from '../nn/index.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Rng } from '../tensor/rng.js';
import { evaluatePolicy } from './evaluate_policy.js';
import { lineChart } from './plots/training.js';
import type { NamedChart } from './training_charts.js';

/** KL(p || q) per row of two distributions of the same kind and shape -> [rows]. */
function klRows(p: PolicyDistribution, q: PolicyDistribution): TypedArray {
  if (p instanceof Categorical && q instanceof Categorical) return p.kl(q).toTypedArray();
  if (p instanceof DiagGaussian && q instanceof DiagGaussian) return p.kl(q).toTypedArray();
  throw new TypeError('pairwiseKl: the policies must all be discrete or all be continuous');
}

/**
 * The states a population visits: each policy runs `episodesPerPolicy` episodes (sampled actions,
 * reset seeds from `new Rng(seed).fork('diversity')`), and every observation is kept.
 * @returns observations [states, obsDim] row-major, and the count
 * @example const { observations } = visitedStates(policies, make('CartPole-v1'), { episodesPerPolicy: 2, seed: 0 })
 */
export function visitedStates(policies: readonly Policy[], env: Env, options: { readonly episodesPerPolicy: number; readonly seed: number }): { observations: Float32Array; states: number } {
  const rng = new Rng(options.seed).fork('diversity');
  const act = [rng.fork('act')];
  const rows: number[] = [];
  for (const policy of policies) {
    for (let e = 0; e < options.episodesPerPolicy; e++) {
      let { observation } = env.reset({ seed: rng.int(2 ** 31) });
      for (;;) {
        rows.push(...observation);
        const actions = policy.act(new Tensor(Float32Array.from(observation), [1, observation.length]), act);
        const step = env.step(policy.envAction(actions, 0));
        observation = step.observation;
        if (step.terminated || step.truncated) break;
      }
    }
  }
  const obsDim = policies[0]?.obsDim ?? 0;
  return { observations: Float32Array.from(rows), states: obsDim > 0 ? rows.length / obsDim : 0 };
}

/**
 * Pairwise mean KL between the groups' action distributions on a shared set of states:
 * kl[i][j] = mean over states s of KL(pi_i(.|s) || pi_j(.|s)) (0 on the diagonal; not symmetric).
 * @param observations [states, obsDim] row-major, shared by every pair
 * @returns [G][G]
 * @example pairwiseKl([policy, policy], observations) // [[0, 0], [0, 0]]: identical groups
 */
export function pairwiseKl(policies: readonly Policy[], observations: Float32Array): number[][] {
  const obsDim = policies[0]?.obsDim ?? 1;
  const states = observations.length / obsDim;
  if (!Number.isInteger(states) || states < 1) throw new RangeError(`pairwiseKl: observations must hold whole rows of ${obsDim} values (at least one), received ${observations.length} values`);
  return noGrad(() => {
    const obs = new Tensor(observations, [states, obsDim]);
    const dists = policies.map((p) => p.distribution(obs));
    return dists.map((p, i) => dists.map((q, j) => {
      if (i === j) return 0;
      const rows = klRows(p, q);
      let sum = 0;
      for (let r = 0; r < rows.length; r++) sum += rows[r] as number;
      return sum / rows.length;
    }));
  });
}

/** One column of the specialisation heatmap: an uncertainty level or a task, as an env. */
export interface Condition {
  readonly name: string;
  readonly env: Env;
}

/**
 * Each group's mean deterministic return under each condition (uncertainty level or task), on the
 * same start states per condition: the specialisation heatmap, group x condition.
 * @returns means[g][c] and the condition names
 * @example specialisation(policies, [{ name: 'low', env: 'CartPole-v1', uncertainty: 'low' }], { episodes: 10, seed: 0 }).means // [group][condition]
 */
export function specialisation(policies: readonly Policy[], conditions: readonly Condition[], options: { readonly episodes: number; readonly seed: number }): { conditions: string[]; means: number[][] } {
  return {
    conditions: conditions.map((c) => c.name),
    means: policies.map((policy) => conditions.map((c) => evaluatePolicy(policy, c.env, options).stats.mean)),
  };
}

/** A metrics record as metrics.jsonl holds it. */
export interface MetricLike {
  readonly step: number;
  readonly tag: string;
  readonly value: number | readonly number[] | null;
}

/** One point of a per-group series. */
export interface GroupPoint {
  readonly step: number;
  readonly group: number;
  readonly value: number;
}

/** One evolution copy as logged (`evolution/copy`). */
export interface EvolutionEvent {
  readonly step: number;
  readonly from: number;
  readonly to: number;
  readonly learningRate: number;
  readonly entCoef: number;
}

const isNumberList = (v: MetricLike['value']): v is readonly number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * The population's history from a run's metrics: performance and selection probability over
 * time (long format, one point per iteration and group: ready for a vega-lite line chart), and
 * the evolution timeline.
 * @example populationTimeline(readMetrics(runDir)).evolution // every copy: iteration, from, to, new hyperparameters
 */
export function populationTimeline(records: readonly MetricLike[]): { performance: GroupPoint[]; probability: GroupPoint[]; evolution: EvolutionEvent[] } {
  const performance: GroupPoint[] = [];
  const probability: GroupPoint[] = [];
  const evolution: EvolutionEvent[] = [];
  for (const r of records) {
    const m = /^groups\/(\d+)\/(performance|probability)$/.exec(r.tag);
    if (m && typeof r.value === 'number') (m[2] === 'performance' ? performance : probability).push({ step: r.step, group: Number(m[1]), value: r.value });
    if (r.tag === 'evolution/copy' && isNumberList(r.value) && r.value.length === 4) {
      const [from, to, learningRate, entCoef] = r.value;
      evolution.push({ step: r.step, from: from!, to: to!, learningRate: learningRate!, entCoef: entCoef! });
    }
  }
  return { performance, probability, evolution };
}

/** The diversity section of the evaluation report. */
export interface DiversitySection {
  /** [G][G] mean KL(pi_i || pi_j) on the shared visited states. */
  readonly kl: number[][];
  /** How many shared states the KL is averaged over. */
  readonly states: number;
  readonly specialisation: { conditions: string[]; means: number[][] };
  readonly timeline: ReturnType<typeof populationTimeline>;
}

/**
 * The whole diversity section: visited states of every group on `env` (episodesPerPolicy each),
 * the pairwise KL on them, the specialisation heatmap over `conditions`, and the timeline of `records`.
 * @example const section = diversitySection(policies, conditions, { episodes: 20, seed: 0 })
 */
export function diversitySection(
  policies: readonly Policy[], env: Env, conditions: readonly Condition[], records: readonly MetricLike[],
  options: { readonly episodes: number; readonly episodesPerPolicy: number; readonly seed: number },
): DiversitySection {
  const visited = visitedStates(policies, env, options);
  return {
    kl: pairwiseKl(policies, visited.observations),
    states: visited.states,
    specialisation: specialisation(policies, conditions, options),
    timeline: populationTimeline(records),
  };
}

/**
 * The population plots of a run for the report: each group's performance and selection
 * probability over time, one line per group (vega-lite specs from the report's lineChart). The
 * KL matrix, the specialisation heatmap and the evolution timeline are returned as data above.
 * @example const charts = populationCharts(populationTimeline(records)); await renderCharts(charts)
 */
export function populationCharts(timeline: ReturnType<typeof populationTimeline>): NamedChart[] {
  const byGroup = (points: readonly GroupPoint[]) => {
    const groups = [...new Set(points.map((p) => p.group))].sort((a, b) => a - b);
    return groups.map((g) => {
      const mine = points.filter((p) => p.group === g);
      return { name: `group ${g}`, steps: mine.map((p) => p.step), values: mine.map((p) => p.value) };
    });
  };
  const charts: NamedChart[] = [];
  if (timeline.performance.length > 0) {
    charts.push({ name: 'group_performance', title: 'Group performance', spec: lineChart(byGroup(timeline.performance), { title: 'Group performance', yTitle: 'performance (EMA of returns)' }) });
  }
  if (timeline.probability.length > 0) {
    charts.push({ name: 'selection_probability', title: 'Selection probability', spec: lineChart(byGroup(timeline.probability), { title: 'Selection probability', yTitle: 'probability' }) });
  }
  return charts;
}
