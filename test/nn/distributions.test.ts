import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradcheck, tensor, Tensor } from '../../src/autograd/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { Categorical } from '../../src/nn/distributions/categorical.js';
import { DiagGaussian } from '../../src/nn/distributions/diag_gaussian.js';
import { klK1, klK2, klK3 } from '../../src/nn/kl_estimators.js';

const values = (t: Tensor) => Array.from(t.toTypedArray());
const f64 = (rows: number[][]) => tensor(rows, { dtype: 'float64' });

describe('Categorical', () => {
  it('entropy of uniform logits is log n; of a one-hot-like distribution ~ 0', () => {
    const pi = new Categorical(tensor([[0, 0, 0, 0], [5, 5, 5, 5]]));
    values(pi.entropy()).forEach((h) => expect(h).toBeCloseTo(Math.log(4), 6));
    expect(new Categorical(tensor([100, 0, 0])).entropy().item()).toBeCloseTo(0, 6);
  });

  it('logProb equals log softmax at the action, stable for huge logits', () => {
    const logits = [[1, 2, 3], [-1, 0.5, 0]];
    const pi = new Categorical(f64(logits));
    const lp = values(pi.logProb([2, 0]));
    const ref = (row: number[], a: number) => row[a]! - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    expect(lp[0]).toBeCloseTo(ref(logits[0]!, 2), 12);
    expect(lp[1]).toBeCloseTo(ref(logits[1]!, 0), 12);
    // exp(1000) overflows; logSoftmax does not.
    const big = new Categorical(tensor([[1000, 0]]));
    expect(big.logProb([1]).item()).toBeCloseTo(-1000, 3);
    expect(big.logProb([0]).item()).toBeCloseTo(0, 6);
    expect(values(big.entropy())[0]).toBeGreaterThanOrEqual(0);
  });

  it('logProb accepts integer tensors of the batch shape and rejects other shapes, naming both', () => {
    const pi = new Categorical(tensor([[1, 2], [3, 4], [5, 6]]));
    expect(pi.logProb(tensor([0, 1, 1])).shape).toEqual([3]);
    expect(() => pi.logProb(tensor([[0, 1, 1]]))).toThrow(/batch shape \[3\], received \[1, 3\]/);
    expect(() => pi.logProb([0, 1])).toThrow(/expected 3 actions for batch shape \[3\], received 2/);
    expect(() => pi.logProb([0, 2, 1])).toThrow(/gather/);
    expect(() => new Categorical(tensor(3))).toThrow(/shape \[\.\.\., n\]/);
  });

  it('a scalar batch (1-D logits) works', () => {
    const pi = new Categorical(tensor([0, Math.log(3)]));
    expect(pi.logProb([1]).shape).toEqual([]);
    expect(pi.logProb([1]).item()).toBeCloseTo(Math.log(0.75), 6);
    expect(pi.mode().item()).toBe(1);
  });

  it('gradients of logProb, entropy and kl match finite differences', () => {
    const logits = f64([[0.2, -1, 0.7], [1.5, 0.3, -0.4]]);
    const other = f64([[0, 0.5, -0.5], [1, 1, 1]]);
    for (const fn of [
      (l: Tensor) => new Categorical(l).logProb([2, 0]),
      (l: Tensor) => new Categorical(l).entropy(),
      (l: Tensor) => new Categorical(l).kl(new Categorical(other)),
      (l: Tensor) => new Categorical(other).kl(new Categorical(l)),
    ]) {
      const report = gradcheck(fn, [logits]);
      expect(report.ok, report.text).toBe(true);
    }
  });

  it('gradient of the policy-gradient loss -A log pi(a) is A (onehot - p), the closed form', () => {
    const logits = new Tensor(new Float64Array([0.1, 0.4, -0.3]), [1, 3], { requiresGrad: true });
    const pi = new Categorical(logits);
    pi.logProb([1]).mul(-2.5).sum().backward();
    const p = values(pi.probs);
    values(logits.grad!).forEach((g, j) => expect(g).toBeCloseTo(-2.5 * ((j === 1 ? 1 : 0) - p[j]!), 12));
  });

  it('kl is 0 against itself, matches the closed form and a Monte-Carlo estimate', () => {
    const p = new Categorical(f64([[0.3, -0.2, 1.1]]));
    const q = new Categorical(f64([[-0.5, 0.8, 0.1]]));
    expect(p.kl(p).item()).toBeCloseTo(0, 14);
    const pp = values(p.probs);
    const lp = values(p.logProbs);
    const lq = values(q.logProbs);
    const exact = pp.reduce((s, pi, j) => s + pi * (lp[j]! - lq[j]!), 0);
    expect(p.kl(q).item()).toBeCloseTo(exact, 12);
    // Monte-Carlo: mean of log p(a) - log q(a) over a ~ p (k1), fixed seed.
    const rng = new Rng(42).fork('mc');
    const n = 20000;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = p.sample(rng).item();
      total += lp[a]! - lq[a]!;
    }
    expect(Math.abs(total / n - exact)).toBeLessThan(0.02);
  });

  it('samples follow the probabilities (fixed seed) and are reproducible', () => {
    const pi = new Categorical(tensor([[Math.log(0.2), Math.log(0.8)]]));
    const counts = [0, 0];
    const rng = new Rng(7);
    for (let i = 0; i < 5000; i++) counts[pi.sample(rng).item()]! += 1;
    expect(counts[1]! / 5000).toBeCloseTo(0.8, 1);
    const batch = new Categorical(tensor(Array.from({ length: 50 }, () => [0, 0, 0])));
    expect(values(batch.sample(new Rng(3)))).toEqual(values(batch.sample(new Rng(3))));
    expect(batch.sample(new Rng(3)).shape).toEqual([50]);
  });

  it('mode is the argmax, lowest index on ties', () => {
    expect(values(new Categorical(tensor([[1, 3, 2], [5, 5, 0]])).mode())).toEqual([1, 0]);
  });

  it('masked actions (-Infinity logits) have probability 0 and contribute 0 entropy', () => {
    const pi = new Categorical(tensor([[0, -Infinity, 0]]));
    expect(pi.entropy().item()).toBeCloseTo(Math.log(2), 6);
    expect(values(pi.probs)[1]).toBe(0);
  });
});

describe('DiagGaussian', () => {
  const mean = f64([[0.5, -1], [2, 0]]);
  const logStd = tensor([Math.log(0.5), 0.3], { dtype: 'float64' });
  const pi = new DiagGaussian(mean, logStd);

  it('logProb equals the formula, summed over action dims', () => {
    const a = f64([[0, 0], [1, 1]]);
    const sigma = [0.5, Math.exp(0.3)];
    const m = [[0.5, -1], [2, 0]];
    const lp = values(pi.logProb(a));
    [[0, 0], [1, 1]].forEach((row, i) => {
      const ref = row.reduce((s, x, j) => s - 0.5 * ((x - m[i]![j]!) / sigma[j]!) ** 2 - Math.log(sigma[j]!) - 0.5 * Math.log(2 * Math.PI), 0);
      expect(lp[i]).toBeCloseTo(ref, 12);
    });
  });

  it('entropy = sum (1/2 + log(2 pi)/2 + log sigma), per batch row', () => {
    const h = values(pi.entropy());
    const ref = 2 * (0.5 + 0.5 * Math.log(2 * Math.PI)) + Math.log(0.5) + 0.3;
    expect(h).toEqual([expect.closeTo(ref, 12), expect.closeTo(ref, 12)]);
  });

  it('kl: 0 against itself, the closed form, and a Monte-Carlo estimate with a fixed seed', () => {
    const q = new DiagGaussian(f64([[0, -0.5], [1.5, 0.5]]), tensor([0.1, -0.2], { dtype: 'float64' }));
    values(pi.kl(pi)).forEach((k) => expect(k).toBeCloseTo(0, 14));
    const kl = values(pi.kl(q));
    // Closed form per dim: log(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2.
    const s1 = [0.5, Math.exp(0.3)];
    const s2 = [Math.exp(0.1), Math.exp(-0.2)];
    const m1 = [[0.5, -1], [2, 0]];
    const m2 = [[0, -0.5], [1.5, 0.5]];
    m1.forEach((row, i) => {
      const ref = row.reduce((s, mu, j) => s + Math.log(s2[j]! / s1[j]!) + (s1[j]! ** 2 + (mu - m2[i]![j]!) ** 2) / (2 * s2[j]! ** 2) - 0.5, 0);
      expect(kl[i]).toBeCloseTo(ref, 12);
    });
    // Monte-Carlo: E_{a ~ p}[log p(a) - log q(a)].
    const rng = new Rng(1234).fork('mc');
    const n = 4000;
    const sums = [0, 0];
    for (let t = 0; t < n; t++) {
      const a = pi.sample(rng);
      const d = values(pi.logProb(a).sub(q.logProb(a)));
      sums[0]! += d[0]!;
      sums[1]! += d[1]!;
    }
    expect(Math.abs(sums[0]! / n - kl[0]!)).toBeLessThan(0.05);
    expect(Math.abs(sums[1]! / n - kl[1]!)).toBeLessThan(0.05);
  });

  it('gradients of logProb, entropy, kl and rsample match finite differences', () => {
    const a = f64([[0, 0.2], [1, 1]]);
    const q = new DiagGaussian(f64([[0, -0.5], [1.5, 0.5]]), tensor([0.1, -0.2], { dtype: 'float64' }));
    for (const fn of [
      (m: Tensor, s: Tensor) => new DiagGaussian(m, s).logProb(a),
      (m: Tensor, s: Tensor) => new DiagGaussian(m, s).entropy().add(m.sum(-1).mul(0)),
      (m: Tensor, s: Tensor) => new DiagGaussian(m, s).kl(q),
      (m: Tensor, s: Tensor) => q.kl(new DiagGaussian(m, s)),
      (m: Tensor, s: Tensor) => new DiagGaussian(m, s).rsample(new Rng(5)),
    ]) {
      const report = gradcheck(fn, [mean, logStd]);
      expect(report.ok, report.text).toBe(true);
    }
  });

  it('samples have the right moments, are reproducible and carry no graph', () => {
    const g = new DiagGaussian(tensor([[1, -2]]), tensor([Math.log(0.5), Math.log(2)]));
    const rng = new Rng(9);
    const xs: number[][] = [];
    for (let i = 0; i < 4000; i++) xs.push(values(g.sample(rng)));
    const meanOf = (j: number) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length;
    const stdOf = (j: number) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - meanOf(j)) ** 2, 0) / xs.length);
    expect(meanOf(0)).toBeCloseTo(1, 1);
    expect(meanOf(1)).toBeCloseTo(-2, 1);
    expect(stdOf(0)).toBeCloseTo(0.5, 1);
    expect(stdOf(1)).toBeCloseTo(2, 1);
    expect(values(g.sample(new Rng(1)))).toEqual(values(g.sample(new Rng(1))));
    const p = new DiagGaussian(new Tensor(new Float32Array([0]), [1, 1], { requiresGrad: true }), tensor([0]));
    expect(p.sample(new Rng(0)).requiresGrad).toBe(false);
    expect(p.rsample(new Rng(0)).requiresGrad).toBe(true);
    expect(p.mode()).toBe(p.mean);
  });

  it('rejects shapes that do not broadcast, naming both', () => {
    expect(() => new DiagGaussian(tensor([[0, 0]]), tensor([0, 0, 0]))).toThrow(/logStd of shape \[3\] does not broadcast to mean's shape \[1, 2\]/);
    expect(() => pi.logProb(f64([[0, 0, 0]]))).toThrow(/actions must have mean's shape \[2, 2\], received \[1, 3\]/);
  });
});

describe('KL estimators k1, k2, k3', () => {
  it('closed forms on numbers', () => {
    const lq = Math.log(0.5);
    const lp = Math.log(0.25);
    expect(klK1(lq, lp)).toBeCloseTo(Math.log(2), 15);
    expect(klK2(lq, lp)).toBeCloseTo(0.5 * Math.log(2) ** 2, 15);
    expect(klK3(lq, lp)).toBeCloseTo(0.5 - 1 - Math.log(0.5), 15);
    expect(klK3(-3, -3)).toBe(0);
    expect(klK3(0, 1e-12)).toBeGreaterThan(0); // expm1: no cancellation to 0 or below
  });

  it('k3 is always >= 0; k2 >= 0 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 0, noNaN: true }), fc.double({ min: -20, max: 0, noNaN: true }), (a, b) => {
        expect(klK3(a, b)).toBeGreaterThanOrEqual(0);
        expect(klK2(a, b)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('k1 and k3 are unbiased for KL(q || p) with samples from q; k2 is close (Monte-Carlo, fixed seed)', () => {
    const q = [0.5, 0.3, 0.2];
    const p = [0.4, 0.4, 0.2];
    const exact = q.reduce((s, qi, i) => s + qi * Math.log(qi / p[i]!), 0);
    const rng = new Rng(2024).fork('kl');
    const n = 50000;
    const sums = [0, 0, 0];
    for (let t = 0; t < n; t++) {
      const x = rng.categorical(q);
      const lq = Math.log(q[x]!);
      const lp = Math.log(p[x]!);
      sums[0]! += klK1(lq, lp);
      sums[1]! += klK2(lq, lp);
      sums[2]! += klK3(lq, lp);
    }
    expect(Math.abs(sums[0]! / n - exact)).toBeLessThan(0.01);
    expect(Math.abs(sums[2]! / n - exact)).toBeLessThan(0.005);
    expect(Math.abs(sums[1]! / n - exact)).toBeLessThan(0.01);
  });

  it('tensor versions agree with the number versions and differentiate (GRPO: d k3 / d log pi = 1 - pi_ref/pi)', () => {
    const lq = [-0.7, -1.2, -0.1];
    const lp = [-0.9, -0.8, -0.1];
    const tq = tensor(lq, { dtype: 'float64' });
    const tp = tensor(lp, { dtype: 'float64' });
    for (const [t, s] of [[klK1(tq, tp), klK1], [klK2(tq, tp), klK2], [klK3(tq, tp), klK3]] as const) {
      values(t).forEach((v, i) => expect(v).toBeCloseTo(s(lq[i]!, lp[i]!), 12));
    }
    const x = new Tensor(Float64Array.from(lq), [3], { requiresGrad: true });
    klK3(x, tp).sum().backward();
    values(x.grad!).forEach((g, i) => expect(g).toBeCloseTo(1 - Math.exp(lp[i]! - lq[i]!), 12));
    for (const k of [klK1, klK2, klK3]) {
      const report = gradcheck((a, b) => k(a, b), [tq, tp]);
      expect(report.ok, report.text).toBe(true);
    }
  });
});
