// Learning curves of several seeds on one step grid, with a bootstrap band over the seeds.
import { bootstrapCI, type BootstrapOptions } from './stats/bootstrap.js';
import { defaultWindow, trailingMean } from './plots/downsample.js';
import type { CurveBand } from './plots/compare.js';

/** One run's curve: values (e.g. episodic returns) at ascending steps, length n. */
export interface RunCurve {
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/**
 * `points` evenly spaced steps over the range every run covers (from the latest first step to the
 * earliest last step), so no curve is extrapolated.
 * @example commonGrid([{ steps: [0, 100], values: [0, 1] }, { steps: [10, 80], values: [0, 1] }], 3) -> [10, 45, 80]
 */
export function commonGrid(runs: readonly RunCurve[], points = 100): number[] {
  if (runs.length === 0) throw new RangeError('commonGrid: runs must hold at least 1 run, received 0');
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`commonGrid: points must be an integer >= 2, received ${points}`);
  let start = -Infinity;
  let end = Infinity;
  runs.forEach((r, i) => {
    if (r.steps.length === 0) throw new RangeError(`commonGrid: runs[${i}] must hold at least 1 step, received 0`);
    start = Math.max(start, r.steps[0]!);
    end = Math.min(end, r.steps[r.steps.length - 1]!);
  });
  if (!(end >= start)) throw new RangeError(`commonGrid: the runs share no step range (latest start ${start}, earliest end ${end})`);
  if (end === start) return [start];
  return Array.from({ length: points }, (_, k) => start + ((end - start) * k) / (points - 1));
}

/**
 * Linear interpolation of (steps, values) at each grid step; steps must ascend. Grid steps outside
 * [steps[0], steps[n-1]] give NaN.
 * @example interpolate([0, 10], [0, 1], [5]) -> [0.5]
 */
export function interpolate(steps: ArrayLike<number>, values: ArrayLike<number>, grid: ArrayLike<number>): Float64Array {
  if (steps.length !== values.length) throw new RangeError(`interpolate: steps and values must have one length, received ${steps.length} and ${values.length}`);
  const out = new Float64Array(grid.length);
  let j = 0;
  for (let k = 0; k < grid.length; k++) {
    const x = grid[k]!;
    if (steps.length === 0 || x < steps[0]! || x > steps[steps.length - 1]!) {
      out[k] = NaN;
      continue;
    }
    while (j + 1 < steps.length && steps[j + 1]! < x) j++;
    if (j + 1 >= steps.length || steps[j]! === x) {
      out[k] = values[j]!;
      continue;
    }
    const x0 = steps[j]!;
    const x1 = steps[j + 1]!;
    out[k] = x1 === x0 ? values[j + 1]! : values[j]! + ((x - x0) / (x1 - x0)) * (values[j + 1]! - values[j]!);
  }
  return out;
}

/** Options of {@link learningCurveBand}. */
export interface LearningCurveOptions extends BootstrapOptions {
  /** Grid points (default 100). */
  readonly points?: number;
  /** Trailing-mean window per run before interpolation (default 1/50 of that run's values). */
  readonly window?: number;
}

/**
 * A group's learning curve: each run smoothed by a trailing mean, interpolated on the common grid,
 * then at every grid step the mean over runs and its percentile bootstrap CI (resampling runs;
 * grid step k draws from the stream of seed `${seed}#${k}`, so the band is reproducible).
 * @param runs r runs of the group (seeds)
 * @example learningCurveBand('ppo', [runA, runB, runC], { seed: 0 }) // -> a CurveBand for learningCurveChart
 */
export function learningCurveBand(label: string, runs: readonly RunCurve[], options: LearningCurveOptions = {}): CurveBand {
  const grid = commonGrid(runs, options.points ?? 100);
  const curves = runs.map((r) => interpolate(r.steps, trailingMean(r.values, options.window ?? defaultWindow(r.values.length)), grid));
  const mean = new Float64Array(grid.length);
  const low = new Float64Array(grid.length);
  const high = new Float64Array(grid.length);
  const seed = options.seed ?? 0;
  for (let k = 0; k < grid.length; k++) {
    const column = curves.map((c) => c[k]!).filter(Number.isFinite);
    if (column.length === 0) {
      mean[k] = low[k] = high[k] = NaN;
      continue;
    }
    const ci = bootstrapCI(column, meanOf, { ...options, seed: `${seed}#${k}` });
    mean[k] = ci.estimate;
    low[k] = ci.low;
    high[k] = ci.high;
  }
  return { label, steps: grid, mean, low, high };
}

function meanOf(xs: Float64Array): number {
  let total = 0;
  for (const x of xs) total += x;
  return total / xs.length;
}
