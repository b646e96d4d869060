// Input checks shared by the statistics: each error names the function, the argument, what was
// expected and what was received.

/** A sample of numbers: a plain array or a typed array. */
export type Sample = ArrayLike<number>;

/**
 * Scores as rliable shapes them: `scores[run][task]`, a runs x tasks matrix (one row per run).
 * A single task is a matrix with one column, e.g. `[[r0], [r1], [r2]]`; see {@link column}.
 */
export type ScoreMatrix = readonly Sample[];

/** Throws unless `xs` holds at least `min` values, all finite. */
export function checkSample(fn: string, arg: string, xs: Sample, min = 1): void {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new TypeError(`${fn}: ${arg} must be an array of numbers, received ${describe(xs)}`);
  }
  if (xs.length < min) {
    throw new RangeError(`${fn}: ${arg} must hold at least ${min} value${min === 1 ? '' : 's'}, received ${xs.length}`);
  }
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: ${arg}[${i}] must be a finite number, received ${describe(v)}`);
    }
  }
}

/**
 * Throws unless `scores` is a non-empty runs x tasks matrix of finite numbers with rows of one
 * length; returns its shape.
 */
export function checkMatrix(fn: string, arg: string, scores: ScoreMatrix, minRuns = 1): { runs: number; tasks: number } {
  if (!Array.isArray(scores)) throw new TypeError(`${fn}: ${arg} must be a runs x tasks array of rows, received ${describe(scores)}`);
  if (scores.length < minRuns) {
    throw new RangeError(`${fn}: ${arg} must hold at least ${minRuns} run${minRuns === 1 ? '' : 's'} (rows), received ${scores.length}`);
  }
  const tasks = scores[0]!.length;
  if (tasks === 0) throw new RangeError(`${fn}: ${arg} must hold at least 1 task (column), received rows of length 0`);
  scores.forEach((row, r) => {
    if (row.length !== tasks) {
      throw new RangeError(`${fn}: ${arg} must have rows of equal length (${tasks} tasks, from row 0), received row ${r} of length ${row.length}`);
    }
    checkSample(fn, `${arg}[${r}]`, row);
  });
  return { runs: scores.length, tasks };
}

/** Throws unless `value` lies in the open interval (low, high). */
export function checkOpenInterval(fn: string, arg: string, value: number, low: number, high: number): void {
  if (!(value > low && value < high)) throw new RangeError(`${fn}: ${arg} must lie in (${low}, ${high}), received ${describe(value)}`);
}

/** Throws unless `value` is an integer >= `min`. */
export function checkInteger(fn: string, arg: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${fn}: ${arg} must be an integer >= ${min}, received ${describe(value)}`);
}

/** A task's scores as a column: `column([1, 2, 3])` is `[[1], [2], [3]]` (3 runs, 1 task). */
export function column(xs: Sample): number[][] {
  return Array.from(xs, (x) => [x]);
}

/** All scores of a matrix in one array, row by row. */
export function flatten(scores: ScoreMatrix): Float64Array {
  const tasks = scores.length === 0 ? 0 : scores[0]!.length;
  const out = new Float64Array(scores.length * tasks);
  scores.forEach((row, r) => {
    for (let t = 0; t < tasks; t++) out[r * tasks + t] = row[t]!;
  });
  return out;
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return typeof v;
}
