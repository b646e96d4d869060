// rliable's aggregate metrics over a runs x tasks score matrix (google-research/rliable,
// rliable/metrics.py), for use alone or as the statistic of a stratified bootstrap.
import { checkMatrix, flatten, type ScoreMatrix } from './check.js';
import { median, trimMean } from './descriptive.js';

/** Per-task means of a runs x tasks matrix: shape [tasks]. @example taskMeans([[1, 10], [3, 20]]) -> [2, 15] */
export function taskMeans(scores: ScoreMatrix): Float64Array {
  const { runs, tasks } = checkMatrix('taskMeans', 'scores', scores);
  const out = new Float64Array(tasks);
  for (const row of scores) for (let t = 0; t < tasks; t++) out[t]! += row[t]!;
  for (let t = 0; t < tasks; t++) out[t]! /= runs;
  return out;
}

/** rliable's `aggregate_mean`: the mean over tasks of each task's mean over runs. @example aggregateMean([[1, 10], [3, 20]]) === 8.5 */
export function aggregateMean(scores: ScoreMatrix): number {
  checkMatrix('aggregateMean', 'scores', scores);
  const means = taskMeans(scores);
  return means.reduce((a, b) => a + b, 0) / means.length;
}

/**
 * rliable's `aggregate_median`: the median over tasks of each task's mean over runs.
 * NOTE: with one task this is the mean of the runs, not their median; use `median` for the
 * median of one sample.
 * @example aggregateMedian([[1, 10, 5], [3, 20, 5]]) === 5
 */
export function aggregateMedian(scores: ScoreMatrix): number {
  checkMatrix('aggregateMedian', 'scores', scores);
  return median(taskMeans(scores));
}

/**
 * rliable's `aggregate_iqm`: scipy's `trim_mean(scores, 0.25, axis=None)`, the mean of the middle
 * 50% of all runs x tasks scores pooled together.
 * @example aggregateIqm([[1], [2], [3], [4], [5], [6], [7], [8]]) === 4.5
 */
export function aggregateIqm(scores: ScoreMatrix): number {
  checkMatrix('aggregateIqm', 'scores', scores);
  return trimMean(flatten(scores), 0.25);
}

/**
 * rliable's `aggregate_optimality_gap`: `gamma - mean(min(score, gamma))` over all scores.
 * @example aggregateOptimalityGap([[0.5], [1.5]], 1) === 0.25
 */
export function aggregateOptimalityGap(scores: ScoreMatrix, gamma = 1): number {
  checkMatrix('aggregateOptimalityGap', 'scores', scores);
  if (!Number.isFinite(gamma)) throw new RangeError(`aggregateOptimalityGap: gamma must be a finite number, received ${gamma}`);
  const all = flatten(scores);
  let total = 0;
  for (const s of all) total += Math.min(s, gamma);
  return gamma - total / all.length;
}
