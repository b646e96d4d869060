// The small math pieces of GRPO and PPO against hand-computed values and a plain reference loop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gae, grpoAdvantages, grpoLoss, sampleStd, tensor } from '../../src/index.js';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-9) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(Math.abs((a[i] as number) - v), `element ${i}: ${a[i]} vs ${v}`).toBeLessThanOrEqual(tol));
};

describe('grpoAdvantages', () => {
  it('outcome supervision with the group sample std (n - 1), every step of an episode alike', () => {
    const out = grpoAdvantages({ rewards: [[1, 1], [1], [5, 5, 5], [3]], groupIds: [0, 0, 1, 1], mode: 'outcome', scaleRewards: 'group' });
    const s0 = Math.SQRT1_2; // returns 2, 1: mean 1.5, sample std sqrt(0.5)
    const s1 = Math.sqrt(72); // returns 15, 3: mean 9, sample std sqrt(72)
    close(out.perStep[0]!, [0.5 / (s0 + 1e-4), 0.5 / (s0 + 1e-4)]);
    close(out.perStep[1]!, [-0.5 / (s0 + 1e-4)]);
    close(out.perStep[2]!, [6 / (s1 + 1e-4), 6 / (s1 + 1e-4), 6 / (s1 + 1e-4)]);
    close(out.perStep[3]!, [-6 / (s1 + 1e-4)]);
    expect(out.groupMeans).toEqual([1.5, 9]);
    expect(out.fracZeroStd).toBe(0);
    expect(out.rewardMean).toBe(21 / 4);
  });

  it('gives zero advantages to a group of one and to a group with zero spread, and counts them', () => {
    const out = grpoAdvantages({ rewards: [[2, 2], [7], [4], [4]], groupIds: [0, 1, 2, 2], mode: 'outcome', scaleRewards: 'group' });
    close(out.perStep[1]!, [0]);
    close(out.perStep[2]!, [0]);
    close(out.perStep[3]!, [0]);
    expect(out.fracZeroStd).toBe(1); // the one-episode groups and the tied group: no spread anywhere
    expect(sampleStd([3])).toBe(0);
  });

  it("scales by the batch std ('batch') or not at all ('none', Dr. GRPO)", () => {
    const rewards = [[2], [0], [10], [4]];
    const groupIds = [0, 0, 1, 1];
    const batchStd = sampleStd([2, 0, 10, 4]);
    close(grpoAdvantages({ rewards, groupIds, mode: 'outcome', scaleRewards: 'batch' }).perStep.map((a) => a[0]!), [1, -1, 3, -3].map((c) => c / (batchStd + 1e-4)));
    close(grpoAdvantages({ rewards, groupIds, mode: 'outcome', scaleRewards: 'none' }).perStep.map((a) => a[0]!), [1, -1, 3, -3]);
  });

  it('process supervision: pooled group normalisation, then the (discounted) sum of what follows', () => {
    // Group rewards 1, 2 | 3: mean 2, sample std 1 -> normalised -1, 0 | 1.
    const a = grpoAdvantages({ rewards: [[1, 2], [3]], groupIds: [0, 0], mode: 'process', scaleRewards: 'group', eps: 0 });
    close(a.perStep[0]!, [-1, 0]);
    close(a.perStep[1]!, [1]);
    const b = grpoAdvantages({ rewards: [[1, 3, 2]], groupIds: [0], mode: 'process', scaleRewards: 'none', gamma: 0.5 });
    // centred -1, 1, 0: A_2 = 0, A_1 = 1, A_0 = -1 + 0.5 * 1
    close(b.perStep[0]!, [-0.5, 1, 0]);
  });

  it("process supervision with the per-step baseline: each return-to-go against the group's at the same step", () => {
    // Returns-to-go (gamma 0.5): episode 0 [1.75, 1.5, 1], episode 1 [1]. Step 0: both run, mean 1.375;
    // steps 1 and 2: episode 0 alone, so no spread and advantage 0.
    const a = grpoAdvantages({ rewards: [[1, 1, 1], [1]], groupIds: [0, 0], mode: 'process', processBaseline: 'per-step', scaleRewards: 'none', gamma: 0.5 });
    close(a.perStep[0]!, [0.375, 0, 0]);
    close(a.perStep[1]!, [-0.375]);
    const b = grpoAdvantages({ rewards: [[1, 1, 1], [1], [0, 2]], groupIds: [0, 0, 0], mode: 'process', processBaseline: 'per-step', scaleRewards: 'group', gamma: 1 });
    // Step 0: G = 3, 1, 2 (mean 2, std 1); step 1: G = 2, 2 (no spread); step 2: episode 0 alone.
    close(b.perStep[0]!, [1 / 1.0001, 0, 0]);
    close(b.perStep[1]!, [-1 / 1.0001]);
    close(b.perStep[2]!, [0, 0]);
    // @ts-expect-error: not a baseline
    expect(() => grpoAdvantages({ rewards: [[1]], groupIds: [0], mode: 'process', scaleRewards: 'group', processBaseline: 'median' })).toThrow(/processBaseline must be 'pooled' or 'per-step', received "median"/);
  });

  it('rejects mismatched inputs, naming them', () => {
    expect(() => grpoAdvantages({ rewards: [[1]], groupIds: [0, 1], mode: 'outcome', scaleRewards: 'group' })).toThrow('grpoAdvantages: rewards has 1 episodes but groupIds has 2');
    // @ts-expect-error: not a mode
    expect(() => grpoAdvantages({ rewards: [[1]], groupIds: [0], mode: 'final', scaleRewards: 'group' })).toThrow(/received "final"/);
  });
});

describe('grpoLoss', () => {
  const f64 = (v: number[], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

  it('with pi_old = pi: the gradient is -(A + beta (pi_ref/pi - 1)) w per step (DeepSeekMath A.1.6)', () => {
    const lp = [-0.5, -1.2, -0.1, -2.0, -0.7];
    const ref = [-0.6, -1.0, -0.3, -1.5, -0.7];
    const adv = [1.5, 1.5, -0.5, -0.5, -0.5];
    const ids = [0, 0, 1, 1, 1];
    const beta = 0.04;
    const logProbs = f64(lp, true);
    const { loss, stats } = grpoLoss({ logProbs, oldLogProbs: f64(lp), refLogProbs: f64(ref), advantages: f64(adv), episodeIds: ids, beta, lossType: 'grpo' });
    loss.backward();
    const w = [1 / 4, 1 / 4, 1 / 6, 1 / 6, 1 / 6]; // 1 / (|o_i| * 2 episodes)
    close(logProbs.grad!.toTypedArray(), lp.map((l, t) => -(adv[t]! + beta * (Math.exp(ref[t]! - l) - 1)) * w[t]!), 1e-12);
    const k3 = lp.map((l, t) => Math.exp(ref[t]! - l) - (ref[t]! - l) - 1);
    expect(stats.klRef).toBeCloseTo(k3.reduce((a, b) => a + b) / 5, 12);
    expect(stats.clipFrac).toBe(0);
    expect(stats.approxKl).toBe(0);
    // The loss value: -(sum w A) + beta (sum w k3).
    expect(loss.item()).toBeCloseTo(-adv.reduce((s, a, t) => s + a * w[t]!, 0) + beta * k3.reduce((s, k, t) => s + k * w[t]!, 0), 12);
  });

  it('clips on both sides: no gradient where the clipped term is the minimum, counted as clipped', () => {
    const old = [0, 0, 0, 0];
    const lp = [Math.log(1.5), Math.log(0.5), Math.log(1.5), Math.log(0.5)];
    const adv = [1, -1, -1, 1];
    const logProbs = f64(lp, true);
    const { loss, stats } = grpoLoss({ logProbs, oldLogProbs: f64(old), advantages: f64(adv), episodeIds: [0, 1, 2, 3], epsLow: 0.2, epsHigh: 0.28, lossType: 'bnpo' });
    loss.backward();
    // r=1.5, A>0: clipped high, grad 0. r=0.5, A<0: clipped low, grad 0.
    // r=1.5, A<0: min picks r A (unclipped): grad -A r / 4. r=0.5, A>0: min picks r A: grad -A r / 4.
    close(logProbs.grad!.toTypedArray(), [0, 0, (1 * 1.5) / 4, -(1 * 0.5) / 4], 1e-12);
    expect(stats.clipFracHigh).toBe(0.25);
    expect(stats.clipFracLow).toBe(0.25);
    expect(stats.clipFrac).toBe(0.5);
    expect(loss.item()).toBeCloseTo(-(1.28 * 1 + 0.8 * -1 + 1.5 * -1 + 0.5 * 1) / 4, 12);
  });

  it('aggregates as grpo, bnpo and dr_grpo', () => {
    const lp = f64([0, 0, 0], true);
    const base = { oldLogProbs: f64([0, 0, 0]), advantages: f64([1, 2, 3]), episodeIds: [7, 7, 9] };
    expect(grpoLoss({ ...base, logProbs: lp, lossType: 'grpo' }).loss.item()).toBeCloseTo(-((1 + 2) / 2 + 3) / 2, 12);
    expect(grpoLoss({ ...base, logProbs: lp, lossType: 'bnpo' }).loss.item()).toBeCloseTo(-(1 + 2 + 3) / 3, 12);
    expect(grpoLoss({ ...base, logProbs: lp, lossType: 'dr_grpo', maxEpisodeLength: 10 }).loss.item()).toBeCloseTo(-(1 + 2 + 3) / (2 * 10), 12);
    expect(() => grpoLoss({ ...base, logProbs: lp, lossType: 'dr_grpo' })).toThrow(/needs maxEpisodeLength/);
  });

  it('adds an entropy bonus and reports the mean entropy', () => {
    const lp = f64([-1, -1], true);
    const ent = f64([0.5, 0.7], true);
    const { loss, stats } = grpoLoss({ logProbs: lp, oldLogProbs: f64([-1, -1]), advantages: f64([0, 0]), episodeIds: [0, 0], entropies: ent, entCoef: 0.1 });
    expect(loss.item()).toBeCloseTo(-0.1 * 0.6, 12);
    expect(stats.entropy).toBeCloseTo(0.6, 12);
  });

  it('names shapes that do not match', () => {
    expect(() => grpoLoss({ logProbs: f64([0, 0]), oldLogProbs: f64([0]), advantages: f64([0, 0]), episodeIds: [0, 0] })).toThrow('grpoLoss: oldLogProbs must have shape [2] like logProbs, received [1]');
  });
});

describe('gae', () => {
  /** The plain definition: A_t = sum_l (gamma lambda)^l delta_{t+l}, up to the end of the episode. */
  function reference(r: number[], v: number[], nv: number[], term: boolean[], end: boolean[], gamma: number, lambda: number): number[] {
    const delta = r.map((x, t) => x + gamma * (term[t] ? 0 : nv[t]!) - v[t]!);
    return r.map((_, t) => {
      let a = 0;
      let w = 1;
      for (let u = t; u < r.length; u++) {
        a += w * delta[u]!;
        if (end[u]) break;
        w *= gamma * lambda;
      }
      return a;
    });
  }

  it('equals the plain sum of discounted TD errors, per env, across episode boundaries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (N, T, gamma, lambda, seed) => {
          const [data] = fc.sample(
            fc.array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 0, max: 5 })), { minLength: N * T, maxLength: N * T }),
            { seed, numRuns: 1 },
          );
          const rewards = data!.map((d) => d[0]);
          const values = data!.map((d) => d[1]);
          const nextValues = data!.map((d) => d[2]);
          const terminated = data!.map((d) => d[3] === 0);
          const episodeEnds = data!.map((d) => d[3] <= 1); // 0: terminated, 1: truncated
          const out = gae({ numEnvs: N, rewards, values, nextValues, terminated, episodeEnds, gamma, lambda });
          for (let n = 0; n < N; n++) {
            const pick = <T,>(a: T[]) => a.filter((_, i) => i % N === n);
            const expected = reference(pick(rewards), pick(values), pick(nextValues), pick(terminated), pick(episodeEnds), gamma, lambda);
            const got = Array.from(out.advantages).filter((_, i) => i % N === n);
            close(got, expected, 1e-9);
            close(Array.from(out.returns).filter((_, i) => i % N === n), expected.map((a, t) => a + pick(values)[t]!), 1e-9);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('bootstraps a truncated step from the final observation, not a terminated one', () => {
    const base = { numEnvs: 1, rewards: [1], values: [0.5], nextValues: [2], gamma: 0.9, lambda: 0.95 };
    expect(gae({ ...base, terminated: [false], episodeEnds: [true] }).advantages[0]).toBeCloseTo(1 + 0.9 * 2 - 0.5, 12);
    expect(gae({ ...base, terminated: [true], episodeEnds: [true] }).advantages[0]).toBeCloseTo(1 - 0.5, 12);
  });
});

