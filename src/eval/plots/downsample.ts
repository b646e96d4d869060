// Keeping charts fast: a long series is smoothed and thinned here, in plain loops, before it
// becomes chart data, so vega never lays out more than a few thousand marks per chart.

/** Faint points drawn at most per chart (episodes beyond this are thinned evenly). */
export const MAX_POINTS = 2000;
/** Vertices drawn at most per line. */
export const MAX_LINE_POINTS = 1000;

/**
 * Trailing moving mean over `window` values: out[i] = mean of the finite values among
 * values[i - window + 1 .. i] (NaN when none is finite). O(n) with a running sum.
 * @param values length n; @param window >= 1
 * @example trailingMean([1, 2, 3, 4], 2) -> [1, 1.5, 2.5, 3.5]
 */
export function trailingMean(values: ArrayLike<number>, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`trailingMean: window must be an integer >= 1, received ${window}`);
  const out = new Float64Array(values.length);
  let total = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      total += v;
      count++;
    }
    if (i >= window) {
      const old = values[i - window]!;
      if (Number.isFinite(old)) {
        total -= old;
        count--;
      }
    }
    out[i] = count > 0 ? total / count : NaN;
  }
  return out;
}

/**
 * The smoothing window of an episodic-return line: 1/50 of the episodes (at least 1), so the line
 * has the same shape whatever the run length. A fixed choice, documented in the chart's subtitle.
 */
export function defaultWindow(n: number): number {
  return Math.max(1, Math.round(n / 50));
}

/**
 * `count` indices spread evenly over 0..n-1, first and last included (all of them when n <= count).
 * Evenly strided thinning keeps the density of the cloud of points, unlike random sampling,
 * and draws nothing random.
 * @example evenIndices(10, 3) -> [0, 5, 9]   (round(k (n - 1) / (count - 1)))
 */
export function evenIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count <= 1) return n > 0 ? [n - 1] : [];
  return Array.from({ length: count }, (_, k) => Math.round((k * (n - 1)) / (count - 1)));
}

/**
 * A series reduced to at most `maxPoints` by averaging consecutive runs of points (steps and
 * finite values averaged per bucket; a bucket of only NaN stays NaN). Averaging, rather than
 * picking, keeps a noisy loss from aliasing into a different curve.
 * @param steps length n; @param values length n
 */
export function bucketMeans(steps: ArrayLike<number>, values: ArrayLike<number>, maxPoints = MAX_LINE_POINTS): { steps: number[]; values: number[] } {
  if (steps.length !== values.length) {
    throw new RangeError(`bucketMeans: steps and values must have one length, received ${steps.length} and ${values.length}`);
  }
  const n = steps.length;
  if (n <= maxPoints) return { steps: Array.from(steps), values: Array.from(values) };
  const outSteps: number[] = [];
  const outValues: number[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const start = Math.floor((b * n) / maxPoints);
    const end = Math.floor(((b + 1) * n) / maxPoints);
    let stepSum = 0;
    let valueSum = 0;
    let finite = 0;
    for (let i = start; i < end; i++) {
      stepSum += steps[i]!;
      const v = values[i]!;
      if (Number.isFinite(v)) {
        valueSum += v;
        finite++;
      }
    }
    outSteps.push(stepSum / (end - start));
    outValues.push(finite > 0 ? valueSum / finite : NaN);
  }
  return { steps: outSteps, values: outValues };
}
