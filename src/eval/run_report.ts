// A training run's report from its files' contents (config.json, summary.json, metrics.jsonl):
// the charts its tags allow, the evaluation table, and the page. No file access here.
import { groupByTag, type ParsedMetrics } from './metrics.js';
import type { ReportInput, ReportPlot, ReportTable } from './report.js';
import { trainingCharts, type NamedChart } from './training_charts.js';

/** What a run directory holds, read. */
export interface RunContents {
  readonly dir: string;
  /** config.json (an object). */
  readonly config: Readonly<Record<string, unknown>>;
  /** summary.json, or null while the run is in progress (or was killed before writing it). */
  readonly summary: Readonly<Record<string, unknown>> | null;
  readonly metrics: ParsedMetrics;
}

/**
 * The charts of a run (see {@link trainingCharts}).
 * @example runCharts(readRun(dir)).map((c) => c.name) // ['episodic_return', ...]
 */
export function runCharts(run: RunContents): NamedChart[] {
  return trainingCharts(groupByTag(run.metrics.records));
}

/**
 * The report page's input for a run: title, summary (summary.json, or what the metrics say so far
 * for a run in progress), the evaluation table, every plot, the config.
 * @param plots the rendered charts of {@link runCharts}, in order
 * @example buildReport(runReportInput(run, await renderCharts(runCharts(run)), new Date().toISOString()))
 */
export function runReportInput(run: RunContents, plots: readonly ReportPlot[], builtAt: string): ReportInput {
  const { config, summary, metrics } = run;
  const algo = String(config['algo'] ?? 'run');
  const env = String(config['env'] ?? '');
  const seed = String(config['seed'] ?? '');
  const records = metrics.records;
  const episodes = records.filter((r) => r.tag === 'charts/episodic_return').length;
  const lastStep = records.reduce((m, r) => Math.max(m, r.step), 0);
  const status = summary === null ? 'in progress (no summary.json yet): numbers from metrics.jsonl so far' : summary['interrupted'] === true ? 'stopped early (Ctrl-C)' : 'finished';
  const shown: Record<string, unknown> = {
    status,
    ...(summary ?? { env_steps: lastStep, episodes }),
    metrics_records: records.length,
    ...(metrics.truncated ? { metrics_note: 'the last line of metrics.jsonl was cut (a kill mid-write) and is left out' } : {}),
  };
  const tables: ReportTable[] = [];
  const evaluation = summary?.['evaluation'];
  if (evaluation !== null && typeof evaluation === 'object' && !Array.isArray(evaluation)) {
    const e = Object.fromEntries(Object.entries(evaluation));
    const ci = Array.isArray(e['ci95']) ? e['ci95'] : [];
    tables.push({
      title: 'Evaluation',
      columns: ['episodes', 'mean', 'std', '95% CI low', '95% CI high', 'min', 'max'],
      rows: [[num(e['episodes']), num(e['mean']), num(e['std']), num(ci[0]), num(ci[1]), num(e['min']), num(e['max'])]],
      note: `the final model with deterministic actions at the run's uncertainty level (${String(config['uncertainty'] ?? 'none')}); 95% CI: Student's t interval of the mean`,
    });
  } else {
    tables.push({ title: 'Evaluation', columns: ['evaluation'], rows: [[summary === null ? 'not yet: the run is in progress' : 'none (interrupted, or evalEpisodes 0)']] });
  }
  return { title: `${algo} on ${env}, seed ${seed}`, subtitle: `${run.dir} - report built ${builtAt}`, config, summary: shown, plots, tables };
}

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}
