// A suite's results as the report shows them: charts (levels, one robustness chart per kind, the
// overview, differences against baselines) and tables (every number the charts draw, and every
// comparison's statistics).
import { intervalChart, type IntervalRow } from '../plots/compare.js';
import { robustnessChart, robustnessOverviewChart } from '../plots/robustness.js';
import type { Cell, ReportTable } from '../report.js';
import type { NamedChart } from '../training_charts.js';
import { KIND_FIELDS } from './kinds.js';
import type { SuiteResult } from './run_suite.js';

/**
 * The suite's charts in report order: returns by level (every subject), difference of means
 * against each baseline, one robustness chart per kind, the overview, then each section's charts.
 * @example suiteCharts(result).map((c) => c.name) // ['levels', 'baseline_differences', 'robustness_observation_noise', ...]
 */
export function suiteCharts(result: SuiteResult): NamedChart[] {
  const levelRows: IntervalRow[] = result.levels.flatMap((l) =>
    result.subjects.map((s) => {
      const st = l.results[s]!.stats;
      return { label: `${l.level}: ${s}`, estimate: st.mean, low: st.ci95[0], high: st.ci95[1] };
    }),
  );
  const charts: NamedChart[] = [
    { name: 'levels', title: 'Returns by uncertainty level', spec: intervalChart(levelRows, { title: 'Mean return by uncertainty level (95% t-interval)', xTitle: 'return' }) },
  ];
  const baselineRows: IntervalRow[] = result.comparisons
    .filter((c) => c.group === 'baseline')
    .map((c) => ({ label: `${c.level}: model - ${c.b}`, estimate: c.difference.estimate, low: c.difference.low, high: c.difference.high }));
  if (baselineRows.length > 0) {
    charts.push({
      name: 'baseline_differences',
      title: 'Model minus baselines',
      spec: intervalChart(baselineRows, { title: `Difference of mean returns (95% bootstrap CI, ${result.bootstrap.resamples} resamples)`, xTitle: 'model - baseline' }),
    });
  }
  for (const { kind, points } of result.robustness) {
    charts.push({
      name: `robustness_${kind}`,
      title: `Robustness: ${kind}`,
      spec: robustnessChart(kind, points.map((p) => ({ magnitude: p.magnitude, mean: p.result.stats.mean, low: p.result.stats.ci95[0], high: p.result.stats.ci95[1] })), {
        xTitle: KIND_FIELDS[kind].length > 1 ? `${KIND_FIELDS[kind][0]} (with ${KIND_FIELDS[kind].slice(1).join(', ')} scaled alike)` : KIND_FIELDS[kind][0],
      }),
    });
  }
  charts.push({
    name: 'robustness_overview',
    title: 'Robustness overview',
    spec: robustnessOverviewChart(result.robustness.flatMap(({ kind, points }) => points.map((p) => ({ kind, relativeMagnitude: p.relative, normalisedReturn: p.normalisedReturn })))),
  });
  for (const [name, section] of Object.entries(result.sections)) {
    for (const c of section.charts) charts.push({ ...c, name: `${name}_${c.name}` });
  }
  return charts;
}

/**
 * The suite's tables: returns by level, the robustness sweeps, every comparison, then each section's tables.
 * @example buildReport({ title: 'suite', config: {}, summary: {}, plots: [], tables: suiteTables(result) })
 */
export function suiteTables(result: SuiteResult): ReportTable[] {
  const levels: ReportTable = {
    title: 'Returns by uncertainty level',
    columns: ['level', 'policy', 'episodes', 'mean', 'std', '95% CI low', '95% CI high', 'min', 'max'],
    rows: result.levels.flatMap((l) => result.subjects.map((s): Cell[] => {
      const st = l.results[s]!.stats;
      return [l.level, s, st.episodes, st.mean, st.std, st.ci95[0], st.ci95[1], st.min, st.max];
    })),
    note: `deterministic actions; the same ${result.episodes} start states (seed ${result.seed}) and noise for every policy and level; 95% CI: Student's t interval of the mean`,
  };
  const sweeps: ReportTable = {
    title: 'Robustness: each kind of uncertainty alone',
    columns: ['kind', 'x high', 'magnitude', 'mean', '95% CI low', '95% CI high', 'normalised'],
    rows: result.robustness.flatMap(({ kind, points }) => points.map((p): Cell[] => [kind, p.relative, p.magnitude, p.result.stats.mean, p.result.stats.ci95[0], p.result.stats.ci95[1], p.normalisedReturn])),
    note: "x high: the kind's fields times their 'high' preset; normalised: (mean - random mean) / (unperturbed mean - random mean), both at no uncertainty",
  };
  const comparisons: ReportTable = {
    title: 'Comparisons',
    columns: ['comparison', 'a', 'b', 'mean a', 'mean b', 'a - b', 'CI low', 'CI high', 'Welch p', 'Mann-Whitney p', "Hedges' g", "Cliff's delta"],
    rows: result.comparisons.map((c): Cell[] => [
      c.group === 'baseline' ? `baseline at ${c.level}` : c.group === 'level' ? 'level vs none' : `robustness ${c.kind}`,
      c.a, c.b, c.mean_a, c.mean_b, c.difference.estimate, c.difference.low, c.difference.high, c.welch_p, c.mann_whitney_p, c.hedges_g, c.cliffs_delta,
    ]),
    note: `a - b: difference of means with a 95% percentile bootstrap CI (${result.bootstrap.resamples} resamples, seeded); p-values two-sided; n/a where a test is undefined (e.g. both samples constant)`,
  };
  return [levels, sweeps, comparisons, ...Object.values(result.sections).flatMap((s) => s.tables)];
}
