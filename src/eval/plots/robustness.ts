// Robustness charts: return against the magnitude of one kind of perturbation (with its CI band),
// and the overview of every kind, normalised, on one chart.
import { type ChartOptions, type ChartSpec, type Datum, finite, frame } from './spec.js';

/** One point of a robustness sweep: the mean return at a magnitude, with its confidence interval. */
export interface SweepPoint {
  readonly magnitude: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Return against perturbation magnitude for one kind: the CI as a shaded band, the mean as a line
 * with a point per magnitude.
 * @param kind the perturbation kind, used in the default title
 * @param points k sweep points, any order (drawn by magnitude)
 * @example robustnessChart('observation_noise', [{ magnitude: 0, mean: 500, low: 490, high: 500 }])
 */
export function robustnessChart(kind: string, points: readonly SweepPoint[], options: ChartOptions = {}): ChartSpec {
  const rows: Datum[] = [...points]
    .sort((a, b) => a.magnitude - b.magnitude)
    .map((p) => ({ magnitude: p.magnitude, mean: finite(p.mean), low: finite(p.low), high: finite(p.high) }));
  const x = { field: 'magnitude', type: 'quantitative' as const, title: options.xTitle ?? 'magnitude' };
  return {
    ...frame(options, { title: `Robustness: ${kind}`, subtitle: 'line: mean return; band: 95% CI' }),
    data: { values: rows },
    layer: [
      { mark: { type: 'area', opacity: 0.2, color: '#4c78a8' }, encoding: { x, y: { field: 'low', type: 'quantitative', title: options.yTitle ?? 'return' }, y2: { field: 'high' } } },
      { mark: { type: 'line', color: '#4c78a8', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}

/** One point of the robustness overview: a kind's return at a magnitude, both normalised. */
export interface OverviewPoint {
  readonly kind: string;
  /** Magnitude relative to the kind's 'high' level (1 = high). */
  readonly relativeMagnitude: number;
  /** Return relative to the unperturbed return (1 = unaffected). */
  readonly normalisedReturn: number;
}

/**
 * Every kind on one chart: normalised return against relative magnitude, a coloured line per kind.
 * @param points points of all kinds (drawn by magnitude within each kind)
 * @example robustnessOverviewChart([{ kind: 'mass', relativeMagnitude: 0, normalisedReturn: 1 }])
 */
export function robustnessOverviewChart(points: readonly OverviewPoint[], options: ChartOptions = {}): ChartSpec {
  const rows: Datum[] = [...points]
    .sort((a, b) => a.relativeMagnitude - b.relativeMagnitude)
    .map((p) => ({ kind: p.kind, relativeMagnitude: p.relativeMagnitude, normalisedReturn: finite(p.normalisedReturn) }));
  return {
    ...frame(options, { title: 'Robustness overview', subtitle: "return / unperturbed return, against magnitude / 'high' magnitude" }),
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'relativeMagnitude', type: 'quantitative', title: options.xTitle ?? 'relative magnitude' },
      y: { field: 'normalisedReturn', type: 'quantitative', title: options.yTitle ?? 'normalised return' },
      color: { field: 'kind', type: 'nominal', title: 'kind', legend: { orient: 'right' } },
    },
  };
}
