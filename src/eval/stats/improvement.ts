// rliable's probability of improvement (rliable/metrics.py, probability_of_improvement).
import { checkMatrix, type ScoreMatrix } from './check.js';
import { pairCounts } from './effect_size.js';

/**
 * Probability of improvement of X over Y: for each task, P(X > Y) + 1/2 P(X = Y) estimated from all
 * run pairs (the Mann-Whitney U of X divided by n_x n_y), averaged over tasks.
 * @param scoresX runs_x x tasks; @param scoresY runs_y x tasks (same number of tasks, runs may differ)
 * @example probabilityOfImprovement([[3], [4]], [[1], [3]]) === 0.875   // (3 + 0.5) / 4
 */
export function probabilityOfImprovement(scoresX: ScoreMatrix, scoresY: ScoreMatrix): number {
  const { runs: nx, tasks } = checkMatrix('probabilityOfImprovement', 'scoresX', scoresX);
  const { runs: ny, tasks: tasksY } = checkMatrix('probabilityOfImprovement', 'scoresY', scoresY);
  if (tasksY !== tasks) {
    throw new RangeError(`probabilityOfImprovement: scoresY must have as many tasks (columns) as scoresX (${tasks}), received ${tasksY}`);
  }
  let total = 0;
  for (let t = 0; t < tasks; t++) {
    const x = scoresX.map((row) => row[t]!);
    const y = scoresY.map((row) => row[t]!);
    const { greater, less } = pairCounts(x, y);
    const ties = nx * ny - greater - less;
    total += (greater + 0.5 * ties) / (nx * ny);
  }
  return total / tasks;
}
