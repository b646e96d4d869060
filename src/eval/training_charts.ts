// The charts of a training run, chosen from the metric tags it logged (CleanRL's names plus
// grpo/*): what `<run>/plots/` and the run's report hold.
import type { GroupedMetrics, MetricSeries } from './metrics.js';
import { episodicReturnChart, heatmapChart, lineChart } from './plots/training.js';
import { renderSvg } from './plots/render.js';
import type { ChartSpec } from './plots/spec.js';
import type { ReportPlot } from './report.js';

/** A chart with the file stem it is saved under (`plots/<name>.svg`) and its title. */
export interface NamedChart {
  readonly name: string;
  readonly title: string;
  readonly spec: ChartSpec;
}

/** Loss tags, each drawn on its own chart (their scales differ by decades). */
const LOSS_TAGS = ['losses/policy_loss', 'losses/value_loss', 'losses/entropy', 'losses/approx_kl', 'grpo/kl_ref'];
const CLIP_TAGS = ['losses/clipfrac', 'losses/clipfrac_low', 'losses/clipfrac_high'];

/**
 * The charts of a run's metrics, in report order, for the tags present: episodic return, episode
 * length, one chart per loss, clip fractions, learning rate, gradient norm, and for GRPO the
 * group-returns heatmap and the fraction of zero-spread groups.
 * @example trainingCharts(groupByTag(parseMetricsJsonl(text).records)).map((c) => c.name)
 */
export function trainingCharts(metrics: GroupedMetrics): NamedChart[] {
  const charts: NamedChart[] = [];
  const scalar = (tag: string): MetricSeries | undefined => metrics.scalars.get(tag);
  const single = (name: string, title: string, tag: string, yTitle: string): void => {
    const s = scalar(tag);
    if (s) charts.push({ name, title, spec: lineChart([{ name: tag, steps: s.steps, values: s.values }], { title, yTitle }) });
  };

  const returns = scalar('charts/episodic_return');
  if (returns) charts.push({ name: 'episodic_return', title: 'Episodic return', spec: episodicReturnChart(returns) });
  single('episodic_length', 'Episode length', 'charts/episodic_length', 'steps');
  for (const tag of LOSS_TAGS) single(tag.replace('/', '_'), tag, tag, tag.split('/')[1]!);
  const clips = CLIP_TAGS.map(scalar).filter((s): s is MetricSeries => s !== undefined);
  if (clips.length > 0) {
    charts.push({ name: 'clip_fractions', title: 'Clip fractions', spec: lineChart(clips.map((s) => ({ name: s.tag, steps: s.steps, values: s.values })), { title: 'Clip fractions', yTitle: 'fraction' }) });
  }
  single('learning_rate', 'Learning rate', 'charts/learning_rate', 'learning rate');
  single('grad_norm', 'Gradient norm', 'grad/global_norm', 'global norm');
  const groups = metrics.vectors.get('grpo/group_returns');
  if (groups) charts.push({ name: 'group_returns_heatmap', title: 'Group returns', spec: heatmapChart(groups, { title: 'Group returns (iteration x group)' }) });
  single('frac_zero_spread_groups', 'Fraction of zero-spread groups', 'grpo/frac_reward_zero_std', 'fraction');
  return charts;
}

/** Renders charts one after another (vega's views are not shared) into report plots. */
export async function renderCharts(charts: readonly NamedChart[]): Promise<ReportPlot[]> {
  const plots: ReportPlot[] = [];
  for (const c of charts) plots.push({ title: c.title, svg: await renderSvg(c.spec) });
  return plots;
}
