// Training charts: episodic return (faint points + smoothed line), line series (lengths, losses,
// clip fractions, learning rate, gradient norm), and the group-returns heatmap.
import { bucketMeans, defaultWindow, evenIndices, MAX_LINE_POINTS, MAX_POINTS, trailingMean } from './downsample.js';
import { type ChartOptions, type ChartSpec, checkSeries, type Datum, finite, frame, type NamedSeries } from './spec.js';

/** Options of {@link episodicReturnChart}. */
export interface ReturnChartOptions extends ChartOptions {
  /** Episodes in the trailing moving mean (default 1/50 of the episodes, at least 1). */
  readonly window?: number;
  /** Faint points drawn at most (default {@link MAX_POINTS}; more episodes are thinned evenly). */
  readonly maxPoints?: number;
}

/**
 * Episodic return against step: every episode a faint point (at most `maxPoints`, evenly thinned)
 * and a trailing moving mean over `window` episodes as a line (at most {@link MAX_LINE_POINTS}
 * vertices). The smoothing is computed here over all episodes, not by vega.
 * @param series steps and returns of n episodes, in step order
 * @example episodicReturnChart({ steps: [500, 900], values: [21, 35] })
 */
export function episodicReturnChart(series: { readonly steps: ArrayLike<number>; readonly values: ArrayLike<number> }, options: ReturnChartOptions = {}): ChartSpec {
  checkSeries('episodicReturnChart', 'episodic return', series.steps, series.values);
  const n = series.values.length;
  const window = options.window ?? defaultWindow(n);
  const smooth = trailingMean(series.values, window);
  const points: Datum[] = evenIndices(n, options.maxPoints ?? MAX_POINTS).map((i) => ({ step: series.steps[i]!, value: finite(series.values[i]!) }));
  const line: Datum[] = evenIndices(n, MAX_LINE_POINTS).map((i) => ({ step: series.steps[i]!, smoothed: finite(smooth[i]!) }));
  const shown = points.length < n ? `, ${points.length} of ${n} episodes shown as points` : '';
  const x = { field: 'step', type: 'quantitative' as const, title: options.xTitle ?? 'step' };
  return {
    ...frame(options, { title: 'Episodic return', subtitle: `line: mean of the last ${window} episode${window === 1 ? '' : 's'}${shown}` }),
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 10, opacity: 0.25, color: '#4c78a8' },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'return' } },
      },
      {
        data: { values: line },
        mark: { type: 'line', color: '#e45756', strokeWidth: 2 },
        encoding: { x, y: { field: 'smoothed', type: 'quantitative' } },
      },
    ],
  };
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends ChartOptions {
  /** Vertices per series at most (default {@link MAX_LINE_POINTS}; longer series are averaged in buckets). */
  readonly maxPoints?: number;
  /** A logarithmic y axis (e.g. for gradient norms spanning decades). */
  readonly logY?: boolean;
}

/**
 * One or more series as lines on one chart, coloured by name with a legend: episode length,
 * losses, clip fractions, learning rate, gradient norm, fraction of zero-spread groups.
 * Series longer than `maxPoints` are reduced by bucket means.
 * @param series k named series, each of n_i (step, value) pairs
 * @example lineChart([{ name: 'losses/policy_loss', steps: [1, 2], values: [0.3, 0.1] }], { title: 'Losses' })
 */
export function lineChart(series: readonly NamedSeries[], options: LineChartOptions = {}): ChartSpec {
  const rows: Datum[] = [];
  for (const s of series) {
    checkSeries('lineChart', s.name, s.steps, s.values);
    const reduced = bucketMeans(s.steps, s.values, options.maxPoints ?? MAX_LINE_POINTS);
    reduced.steps.forEach((step, i) => rows.push({ step, value: finite(reduced.values[i]!), series: s.name }));
  }
  return {
    ...frame(options, { title: series.map((s) => s.name).join(', ') }),
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: options.xTitle ?? 'step' },
      y: { field: 'value', type: 'quantitative', title: options.yTitle ?? 'value', scale: options.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: series.length > 1 ? { orient: 'bottom' } : null },
    },
  };
}

/** Options of {@link heatmapChart}. */
export interface HeatmapOptions extends ChartOptions {
  /** Columns at most (default 200); more iterations are averaged in consecutive buckets. */
  readonly maxColumns?: number;
}

/**
 * A heatmap of a vector metric, iteration (x, by step) against index (y, e.g. group), coloured by
 * value: the GRPO group-returns heatmap. Each column spans from its step to the next column's.
 * @param series m iterations: `steps[i]` and the vector `values[i]` (lengths may differ; missing cells stay empty)
 * @example heatmapChart({ steps: [10, 20], values: [[1, 2], [3, 4]] }, { yTitle: 'group' })
 */
export function heatmapChart(series: { readonly steps: ArrayLike<number>; readonly values: readonly (readonly number[])[] }, options: HeatmapOptions = {}): ChartSpec {
  const m = series.values.length;
  if (series.steps.length !== m) {
    throw new RangeError(`heatmapChart: series must have as many steps as vectors, received ${series.steps.length} steps and ${m} vectors`);
  }
  const columns = Math.min(m, options.maxColumns ?? 200);
  const starts: number[] = [];
  const rows: Datum[] = [];
  const cells: { column: number; index: number; value: number | null }[] = [];
  for (let c = 0; c < columns; c++) {
    const first = Math.floor((c * m) / columns);
    const last = Math.floor(((c + 1) * m) / columns);
    starts.push(series.steps[first]!);
    const width = Math.max(0, ...series.values.slice(first, last).map((v) => v.length));
    for (let g = 0; g < width; g++) {
      let total = 0;
      let count = 0;
      for (let i = first; i < last; i++) {
        const v = series.values[i]![g];
        if (v !== undefined && Number.isFinite(v)) {
          total += v;
          count++;
        }
      }
      cells.push({ column: c, index: g, value: count > 0 ? total / count : null });
    }
  }
  // The last column is as wide as the one before it (or 1 step when it is alone).
  const lastWidth = starts.length > 1 ? starts[starts.length - 1]! - starts[starts.length - 2]! : 1;
  for (const cell of cells) {
    const start = starts[cell.column]!;
    const end = cell.column + 1 < starts.length ? starts[cell.column + 1]! : start + lastWidth;
    rows.push({ start, end, index: cell.index, value: cell.value });
  }
  return {
    ...frame(options, { title: 'Group returns', subtitle: columns < m ? `${m} iterations averaged into ${columns} columns` : undefined }),
    data: { values: rows },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: options.xTitle ?? 'step' },
      x2: { field: 'end' },
      y: { field: 'index', type: 'ordinal', title: options.yTitle ?? 'group', sort: 'ascending' },
      color: { field: 'value', type: 'quantitative', title: 'return', scale: { scheme: 'viridis' } },
    },
  };
}
