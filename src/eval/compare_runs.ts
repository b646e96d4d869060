// Comparisons across runs (`grpo compare`): runs grouped (e.g. 5 seeds of GRPO against 5 of PPO),
// each run's final performance, learning curves with a bootstrap band over seeds, and per group
// rliable's aggregates with stratified bootstrap CIs plus pairwise statistics. Pure: the runs'
// files are read by src/train.
import { groupByTag, type MetricRecord } from './metrics.js';
import { learningCurveBand } from './curves.js';
import { intervalChart, learningCurveChart, type CurveBand } from './plots/compare.js';
import type { Cell, ReportTable } from './report.js';
import { aggregateIqm, aggregateMean } from './stats/aggregate.js';
import { DEFAULT_RESAMPLES, stratifiedBootstrapCI, type Interval } from './stats/bootstrap.js';
import { median } from './stats/descriptive.js';
import { probabilityOfImprovement } from './stats/improvement.js';
import { compareSamples, type Comparison } from './suite/comparison.js';
import type { NamedChart } from './training_charts.js';

/** One run's files, read. */
export interface CompareInput {
  readonly dir: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly summary: Readonly<Record<string, unknown>> | null;
  readonly records: readonly MetricRecord[];
}

/** Where a run's final performance comes from. */
export type FinalSource = 'evaluation' | 'last 10% of training episodes';

/** A run in a comparison. */
export interface ComparedRun {
  readonly dir: string;
  readonly group: string;
  readonly seed: unknown;
  readonly final: number;
  readonly source: FinalSource;
  /** Episodes behind `final` (the evaluation's, or the training episodes averaged). */
  readonly episodes: number;
}

/** A group's final performance: rliable's aggregates over its runs with stratified bootstrap CIs. */
export interface GroupResult {
  readonly group: string;
  readonly runs: number;
  readonly finals: readonly number[];
  readonly mean: Interval;
  readonly median: Interval;
  readonly iqm: Interval;
}

/** Two groups compared on final performance. */
export interface PairResult extends Comparison {
  /** P(a run of a beats a run of b), ties counted 1/2 (rliable's probability of improvement). */
  readonly probability_of_improvement: number;
}

/** Everything `grpo compare` measured: what compare.json holds. */
export interface CompareResult {
  readonly groupBy: readonly string[];
  readonly runs: readonly ComparedRun[];
  readonly groups: readonly GroupResult[];
  readonly pairs: readonly PairResult[];
  readonly curves: readonly { readonly group: string; readonly steps: number[]; readonly mean: number[]; readonly low: number[]; readonly high: number[] }[];
  readonly bootstrap: { readonly resamples: number; readonly confidence: 0.95; readonly method: 'percentile'; readonly seed: number };
}

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** Config fields whose values name a run's group (default ['algo']). */
  readonly groupBy?: readonly string[];
  /** A run's group label, instead of `groupBy` (e.g. a benchmark's suite name per run). */
  readonly groupOf?: (input: CompareInput) => string;
  readonly resamples?: number;
  readonly seed?: number;
  /** Learning-curve grid points (default 100). */
  readonly points?: number;
}

/** The share of the last training episodes that stand for a run without an evaluation. */
export const LAST_EPISODES_FRACTION = 0.1;

/**
 * A run's final performance: the evaluation mean of its summary.json, else the mean return of
 * the last 10% of its training episodes (at least one). Null when it has neither.
 * @example finalPerformance(null, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // { final: 10, source: 'last 10% of training episodes', episodes: 1 }
 */
export function finalPerformance(summary: Readonly<Record<string, unknown>> | null, trainingReturns: readonly number[]): { final: number; source: FinalSource; episodes: number } | null {
  const evaluation = summary?.['evaluation'];
  if (evaluation !== null && typeof evaluation === 'object' && !Array.isArray(evaluation)) {
    const mean = Reflect.get(evaluation, 'mean');
    const episodes = Reflect.get(evaluation, 'episodes');
    if (typeof mean === 'number') return { final: mean, source: 'evaluation', episodes: typeof episodes === 'number' ? episodes : NaN };
  }
  if (trainingReturns.length === 0) return null;
  const k = Math.max(1, Math.ceil(trainingReturns.length * LAST_EPISODES_FRACTION));
  const last = trainingReturns.slice(-k);
  return { final: last.reduce((a, b) => a + b, 0) / k, source: 'last 10% of training episodes', episodes: k };
}

/**
 * A run's group label: the values of the `groupBy` config fields, joined by '/'.
 * @example groupOf({ algo: 'ppo', env: 'Acrobot-v1' }, ['env', 'algo']) === 'Acrobot-v1/ppo'
 */
export function groupOf(config: Readonly<Record<string, unknown>>, groupBy: readonly string[]): string {
  return groupBy.map((field) => (config[field] === undefined ? `${field}=(unset)` : typeof config[field] === 'string' ? String(config[field]) : `${field}=${JSON.stringify(config[field])}`)).join('/');
}

/**
 * Compares runs: groups them, takes each run's final performance, and per group the mean, median
 * and IQM over runs with 95% stratified bootstrap CIs; for every pair of groups the probability
 * of improvement, the difference of means (bootstrap CI), Welch's and Mann-Whitney's p-values
 * and effect sizes; per group the learning curve (episodic return, mean over runs with a 95%
 * bootstrap band on the steps every run covers).
 * @throws RangeError naming the run when one has neither an evaluation nor a training episode
 * @example compareRuns(runs, { groupBy: ['algo'], seed: 0 }).groups.map((g) => g.iqm)
 */
export function compareRuns(inputs: readonly CompareInput[], options: CompareRunsOptions = {}): CompareResult {
  if (inputs.length === 0) throw new RangeError('compareRuns: inputs must hold at least 1 run, received 0');
  const groupBy = options.groupBy ?? ['algo'];
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? 0;
  const runs: ComparedRun[] = [];
  const curvesOf = new Map<string, { steps: number[]; values: number[] }[]>();
  for (const input of inputs) {
    const returns = groupByTag(input.records).scalars.get('charts/episodic_return');
    const final = finalPerformance(input.summary, returns?.values ?? []);
    if (final === null) throw new RangeError(`compareRuns: ${input.dir} has no evaluation in summary.json and no training episode in metrics.jsonl`);
    const group = options.groupOf ? options.groupOf(input) : groupOf(input.config, groupBy);
    runs.push({ dir: input.dir, group, seed: input.config['seed'], ...final });
    if (returns && returns.values.length > 0) {
      const list = curvesOf.get(group) ?? [];
      list.push({ steps: returns.steps, values: returns.values });
      curvesOf.set(group, list);
    }
  }
  const names = [...new Set(runs.map((r) => r.group))];
  const finalsOf = (g: string) => runs.filter((r) => r.group === g).map((r) => r.final);
  const groups: GroupResult[] = names.map((g, i) => {
    const finals = finalsOf(g);
    const matrix = finals.map((f) => [f]);
    const opts = { resamples, seed: `${seed}/group/${i}` };
    return {
      group: g,
      runs: finals.length,
      finals,
      mean: stratifiedBootstrapCI(matrix, aggregateMean, opts),
      median: stratifiedBootstrapCI(matrix, (m) => median(m.map((row) => row[0]!)), opts),
      iqm: stratifiedBootstrapCI(matrix, aggregateIqm, opts),
    };
  });
  const pairs: PairResult[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = finalsOf(names[i]!);
      const b = finalsOf(names[j]!);
      pairs.push({
        ...compareSamples(names[i]!, a, names[j]!, b, { resamples, seed: `${seed}/pair/${i}/${j}` }),
        probability_of_improvement: probabilityOfImprovement(a.map((x) => [x]), b.map((x) => [x])),
      });
    }
  }
  const curves = names.flatMap((g, i) => {
    const list = curvesOf.get(g);
    if (!list) return [];
    const band = safeBand(g, list, { seed: `${seed}/curve/${i}`, resamples, ...(options.points === undefined ? {} : { points: options.points }) });
    return band === null ? [] : [{ group: g, steps: Array.from(band.steps), mean: Array.from(band.mean), low: Array.from(band.low), high: Array.from(band.high) }];
  });
  return { groupBy: options.groupOf ? ['(custom)'] : groupBy, runs, groups, pairs, curves, bootstrap: { resamples, confidence: 0.95, method: 'percentile', seed } };
}

/** A group's band, or null when its runs share no step range (then no curve is drawn for it). */
function safeBand(label: string, runs: { steps: number[]; values: number[] }[], options: { seed: string; resamples: number; points?: number }): CurveBand | null {
  const starts = Math.max(...runs.map((r) => r.steps[0]!));
  const ends = Math.min(...runs.map((r) => r.steps[r.steps.length - 1]!));
  if (!(ends >= starts)) return null;
  return learningCurveBand(label, runs, options);
}

/**
 * The comparison's charts: learning curves, and mean and IQM of final performance per group.
 * @example compareCharts(result).map((c) => c.name) // ['learning_curves', 'final_mean', 'final_iqm']
 */
export function compareCharts(result: CompareResult): NamedChart[] {
  const charts: NamedChart[] = [];
  if (result.curves.length > 0) {
    charts.push({ name: 'learning_curves', title: 'Learning curves', spec: learningCurveChart(result.curves.map((c) => ({ label: c.group, steps: c.steps, mean: c.mean, low: c.low, high: c.high })), { yTitle: 'episodic return' }) });
  }
  const rows = (pick: (g: GroupResult) => Interval) => result.groups.map((g) => ({ label: `${g.group} (${g.runs} runs)`, estimate: pick(g).estimate, low: pick(g).low, high: pick(g).high }));
  charts.push({ name: 'final_mean', title: 'Final performance: mean', spec: intervalChart(rows((g) => g.mean), { title: 'Mean final performance (95% stratified bootstrap CI)', xTitle: 'return' }) });
  charts.push({ name: 'final_iqm', title: 'Final performance: IQM', spec: intervalChart(rows((g) => g.iqm), { title: 'IQM of final performance (95% stratified bootstrap CI)', xTitle: 'return' }) });
  return charts;
}

/**
 * The comparison's tables: runs, groups, pairs.
 * @example compareTables(result).map((t) => t.title) // ['Runs', 'Final performance by group', 'Pairwise comparisons']
 */
export function compareTables(result: CompareResult): ReportTable[] {
  const runs: ReportTable = {
    title: 'Runs',
    columns: ['run', 'group', 'seed', 'final performance', 'from', 'episodes'],
    rows: result.runs.map((r): Cell[] => [r.dir, r.group, String(r.seed), r.final, r.source, r.episodes]),
    note: "final performance: the evaluation mean in summary.json, else the mean return of the run's last 10% of training episodes",
  };
  const iv = (i: Interval): Cell[] => [i.estimate, i.low, i.high];
  const groups: ReportTable = {
    title: 'Final performance by group',
    columns: ['group', 'runs', 'mean', 'mean CI low', 'mean CI high', 'median', 'median CI low', 'median CI high', 'IQM', 'IQM CI low', 'IQM CI high'],
    rows: result.groups.map((g): Cell[] => [g.group, g.runs, ...iv(g.mean), ...iv(g.median), ...iv(g.iqm)]),
    note: `95% stratified bootstrap CIs over runs (${result.bootstrap.resamples} resamples, seeded); IQM as rliable (mean of the middle 50%)`,
  };
  const pairs: ReportTable = {
    title: 'Pairwise comparisons',
    columns: ['a', 'b', 'P(a > b)', 'mean a - mean b', 'CI low', 'CI high', 'Welch p', 'Mann-Whitney p', "Hedges' g", "Cliff's delta"],
    rows: result.pairs.map((p): Cell[] => [p.a, p.b, p.probability_of_improvement, p.difference.estimate, p.difference.low, p.difference.high, p.welch_p, p.mann_whitney_p, p.hedges_g, p.cliffs_delta]),
    note: 'P(a > b): probability of improvement (ties count 1/2); difference of means with a 95% percentile bootstrap CI; p-values two-sided (n/a below 2 runs a side)',
  };
  return [runs, groups, pairs];
}
