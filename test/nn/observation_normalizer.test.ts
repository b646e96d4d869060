// ObservationNormalizer (statistics as module buffers) against the NormalizeObservation wrapper's
// one-row-at-a-time update, and the policy's state-dependent log-std head.
import { describe, expect, it } from 'vitest';
import { DiagGaussian, LOG_STD_MAX, LOG_STD_MIN, ObservationNormalizer, Policy, Rng, tensor } from '../../src/index.js';

/** Gymnasium's RunningMeanStd with batches of one (what NormalizeObservation does per step), the plain loop. */
function welford(rows: number[][]): { mean: number[]; var: number[]; count: number } {
  const d = rows[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const variance = new Array<number>(d).fill(1);
  let count = 1e-4;
  for (const row of rows) {
    const total = count + 1;
    for (let j = 0; j < d; j++) {
      const delta = row[j]! - mean[j]!;
      const m2 = variance[j]! * count + (delta * delta * count) / total;
      mean[j] = mean[j]! + delta / total;
      variance[j] = m2 / total;
    }
    count = total;
  }
  return { mean, var: variance, count };
}

describe('ObservationNormalizer', () => {
  const rng = new Rng(1);
  const rows = Array.from({ length: 300 }, () => [3 + 2 * rng.normal(), -1 + 0.1 * rng.normal(), 50 * rng.normal()]);

  it('batch updates agree with the one-row loop (to rounding); one-row updates agree exactly', () => {
    const batched = new ObservationNormalizer(3);
    batched.update(rows.slice(0, 100).flat(), 100);
    batched.update(rows.slice(100).flat(), 200);
    const single = new ObservationNormalizer(3);
    for (const row of rows) single.update(row, 1);
    const ref = welford(rows);
    expect(Array.from(single.mean.data)).toEqual(ref.mean);
    expect(Array.from(single.var.data)).toEqual(ref.var);
    for (let j = 0; j < 3; j++) {
      expect(batched.mean.data[j]).toBeCloseTo(ref.mean[j]!, 10);
      expect(batched.var.data[j]! / ref.var[j]!).toBeCloseTo(1, 10);
    }
    expect(batched.count.data[0]).toBe(ref.count);
  });

  it('normalises as (x - mean) / sqrt(var + eps) in float32, clipped; statistics are buffers, not parameters', () => {
    const norm = new ObservationNormalizer(3, { clip: 2 });
    norm.update(rows.flat(), rows.length);
    const out = norm.normalize([3, -1, 0, 1000, -1000, 0]);
    const m = norm.mean.data;
    const v = norm.var.data;
    expect(out[0]).toBe(Math.fround((3 - m[0]!) / Math.sqrt(v[0]! + 1e-8)));
    expect(Array.from(out.slice(3, 5))).toEqual([2, -2]);
    expect(norm.parameters()).toEqual([]);
    expect(Object.keys(norm.stateDict('n'))).toEqual(['n.mean', 'n.var', 'n.count']);
    expect(norm.stateDict()['mean']!.dtype).toBe('F64');
  });

  it('rejects a batch of the wrong size, naming both sizes', () => {
    expect(() => new ObservationNormalizer(3).update([1, 2], 1)).toThrow(/expected rows x 3 = 3 values, received 2 for rows=1/);
    expect(() => new ObservationNormalizer(0)).toThrow(/dim must be a positive integer, received 0/);
  });
});

describe('Policy with a normaliser and a log-std head', () => {
  const action = { kind: 'continuous', dim: 2, low: Float64Array.from([-1, -1]), high: Float64Array.from([1, 1]) } as const;

  it('a head gives one log-std per row and action, starting at logStdInit, clamped, with gradients', () => {
    const policy = new Policy(3, action, { rng: new Rng(0), hiddenSizes: [8], activation: 'tanh', logStdMode: 'head', logStdInit: -0.5 });
    expect(policy.logStd).toBeNull();
    const dist = policy.distribution(tensor([[0.1, 0.2, 0.3], [1, -1, 0]]));
    if (!(dist instanceof DiagGaussian)) throw new Error('expected a Gaussian');
    expect(dist.logStd.shape).toEqual([2, 2]);
    for (const v of dist.logStd.toTypedArray()) {
      expect(v).toBeGreaterThanOrEqual(LOG_STD_MIN);
      expect(v).toBeLessThanOrEqual(LOG_STD_MAX);
      expect(v).toBeCloseTo(-0.5, 1);
    }
    dist.logProb(tensor([[0, 0], [0.5, -0.5]])).sum().backward();
    const lastWeight = policy.namedParameters().at(-2)![1];
    expect(lastWeight.grad).not.toBeNull();
  });

  it('normalises raw observations inside every method; statistics are saved with the weights and never trained', () => {
    const policy = new Policy(3, action, { rng: new Rng(0), hiddenSizes: [8], activation: 'tanh', normalizer: { clip: 10 } });
    expect(policy.namedParameters().map(([n]) => n)).not.toContain('obsNorm.mean');
    expect(Object.keys(policy.stateDict())).toEqual(expect.arrayContaining(['obsNorm.mean', 'obsNorm.var', 'obsNorm.count', 'logStd']));
    policy.obsNorm!.update([10, 20, 30, 12, 18, 33], 2);
    const raw = tensor([[11, 19, 31]]);
    const direct = policy.net.forward(tensor(Array.from(policy.obsNorm!.normalize([11, 19, 31])), { shape: [1, 3] })).toTypedArray();
    expect(Array.from(policy.forward(raw).toTypedArray())).toEqual(Array.from(direct));
    const copy = new Policy(3, action, { rng: new Rng(9), hiddenSizes: [8], activation: 'tanh', normalizer: { clip: 10 } });
    copy.copyFrom(policy);
    expect(Array.from(copy.forward(raw).toTypedArray())).toEqual(Array.from(direct));
  });
});
