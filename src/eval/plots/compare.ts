// Comparison charts: estimates with confidence intervals side by side, and learning curves with
// a bootstrap band over seeds.
import { type ChartOptions, type ChartSpec, type Datum, finite, frame } from './spec.js';

/** One row of an interval chart: a label's estimate and its confidence interval. */
export interface IntervalRow {
  readonly label: string;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Estimates with their CIs, one row per label (a point on a horizontal interval): comparing means,
 * IQMs or differences of means between groups or against baselines.
 * @param rows k rows, drawn in the order given
 * @example intervalChart([{ label: 'grpo', estimate: 480, low: 460, high: 495 }], { xTitle: 'IQM return' })
 */
export function intervalChart(rows: readonly IntervalRow[], options: ChartOptions = {}): ChartSpec {
  const values: Datum[] = rows.map((r) => ({ label: r.label, estimate: finite(r.estimate), low: finite(r.low), high: finite(r.high) }));
  const y = { field: 'label', type: 'nominal' as const, title: options.yTitle ?? null, sort: rows.map((r) => r.label) };
  return {
    ...frame({ ...options, height: options.height ?? Math.max(60, 28 * rows.length) }, { title: 'Estimates with 95% CIs' }),
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' }, encoding: { y, x: { field: 'low', type: 'quantitative', title: options.xTitle ?? 'estimate', scale: { zero: false } }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 60, color: '#e45756' }, encoding: { y, x: { field: 'estimate', type: 'quantitative' } } },
    ],
  };
}

/** A learning curve of one group: the mean over its seeds and a band, on a step grid. */
export interface CurveBand {
  readonly label: string;
  /** Grid steps, length g. */
  readonly steps: ArrayLike<number>;
  /** Mean over seeds at each step, length g. */
  readonly mean: ArrayLike<number>;
  /** Lower and upper band (e.g. a 95% bootstrap CI of the mean), length g. */
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
}

/**
 * Learning curves of several groups: a line per group (the mean over seeds) over a shaded band.
 * @param curves one per group, each on its own grid
 * @example learningCurveChart([{ label: 'ppo', steps: [0, 1000], mean: [20, 150], low: [18, 120], high: [22, 180] }])
 */
export function learningCurveChart(curves: readonly CurveBand[], options: ChartOptions = {}): ChartSpec {
  const rows: Datum[] = [];
  for (const c of curves) {
    const g = c.steps.length;
    if (c.mean.length !== g || c.low.length !== g || c.high.length !== g) {
      throw new RangeError(
        `learningCurveChart: curve ${JSON.stringify(c.label)} must have steps, mean, low and high of one length, received ${g}, ${c.mean.length}, ${c.low.length}, ${c.high.length}`,
      );
    }
    for (let i = 0; i < g; i++) rows.push({ label: c.label, step: c.steps[i]!, mean: finite(c.mean[i]!), low: finite(c.low[i]!), high: finite(c.high[i]!) });
  }
  const x = { field: 'step', type: 'quantitative' as const, title: options.xTitle ?? 'step' };
  const color = { field: 'label', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const } };
  return {
    ...frame(options, { title: 'Learning curves', subtitle: 'line: mean over seeds; band: 95% bootstrap CI of the mean' }),
    data: { values: rows },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: options.yTitle ?? 'return' }, y2: { field: 'high' }, color } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color } },
    ],
  };
}
