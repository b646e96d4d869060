// Learning-rate (or any coefficient) schedules: pure functions of the update index.

/** A schedule: the value to use at update `step` (0-based). */
export type Schedule = (step: number) => number;

function checkStep(name: string, step: number): void {
  if (!(Number.isFinite(step) && step >= 0)) {
    throw new RangeError(`${name}: step must be a finite number >= 0, received ${step}`);
  }
}

function checkSteps(name: string, steps: number): void {
  if (!(Number.isInteger(steps) && steps > 0)) {
    throw new RangeError(`${name}: steps must be a positive integer, received ${steps}`);
  }
}

/** The same value at every step. @example constantSchedule(3e-4)(100) // 3e-4 */
export function constantSchedule(value: number): Schedule {
  return (step) => {
    checkStep('constantSchedule', step);
    return value;
  };
}

/**
 * Linear interpolation from `start` (step 0) to `end` (step `steps`), constant after.
 *
 * NOTE: CleanRL's annealing, `lr = (1 - (update - 1) / num_updates) * lr0` for updates 1..N,
 * is `linearSchedule({ start: lr0, end: 0, steps: N })(update - 1)`: the last update uses lr0 / N,
 * not 0.
 * @example linearSchedule({ start: 1, end: 0, steps: 4 })(1) // 0.75
 */
export function linearSchedule(options: { start: number; end: number; steps: number }): Schedule {
  const { start, end, steps } = options;
  checkSteps('linearSchedule', steps);
  return (step) => {
    checkStep('linearSchedule', step);
    const t = Math.min(step, steps) / steps;
    return start + (end - start) * t;
  };
}

/**
 * Cosine annealing from `start` to `end` over `steps`, after an optional linear warm-up from 0
 * over the first `warmupSteps` (included in `steps`); constant `end` after `steps`.
 * value(t) = end + (start - end) (1 + cos(pi t)) / 2, t the fraction of the post-warm-up steps done.
 * @example cosineSchedule({ start: 1, end: 0, steps: 10 })(5) // 0.5
 */
export function cosineSchedule(options: { start: number; end?: number; steps: number; warmupSteps?: number }): Schedule {
  const { start, steps } = options;
  const end = options.end ?? 0;
  const warmup = options.warmupSteps ?? 0;
  checkSteps('cosineSchedule', steps);
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup < steps)) {
    throw new RangeError(`cosineSchedule: warmupSteps must be an integer in [0, steps=${steps}), received ${warmup}`);
  }
  return (step) => {
    checkStep('cosineSchedule', step);
    if (step < warmup) return (start * step) / warmup;
    const t = Math.min(step - warmup, steps - warmup) / (steps - warmup);
    return end + ((start - end) * (1 + Math.cos(Math.PI * t))) / 2;
  };
}

/**
 * The learning-rate schedule of a run's config over its step budget: constant, or annealed
 * linearly or by a cosine from learningRate to 0 over totalSteps (at least 1).
 */
export function scheduleFor(config: { readonly totalSteps: number; readonly anneal: 'constant' | 'linear' | 'cosine'; readonly learningRate: number }): Schedule {
  const total = Math.max(1, config.totalSteps);
  if (config.anneal === 'linear') return linearSchedule({ start: config.learningRate, end: 0, steps: total });
  if (config.anneal === 'cosine') return cosineSchedule({ start: config.learningRate, end: 0, steps: total });
  return constantSchedule(config.learningRate);
}
