import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor, Tensor } from '../../src/autograd/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from '../../src/train/files.js';
import { Categorical } from '../../src/nn/distributions/categorical.js';
import { MLP } from '../../src/nn/mlp.js';
import { Adam, AdamW, type AdamOptions } from '../../src/nn/optim/adam.js';
import { clipGradNorm } from '../../src/nn/optim/clip.js';
import type { Optimizer } from '../../src/nn/optim/optimizer.js';
import { SGD } from '../../src/nn/optim/sgd.js';
import { CheckpointError } from '../../src/nn/safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'grpo-ts-optim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const param = (values: number[]) => new Tensor(Float64Array.from(values), [values.length], { requiresGrad: true });
/** Loss 0.5 * sum(c * p^2): gradient c * p, so the reference can compute it by hand. */
const coef = [1, -2, 0.5];
function lossOf(p: Tensor): Tensor {
  return p.square().mul(tensor(coef, { dtype: 'float64' })).sum().mul(0.5);
}

/** Adam by hand, in float64, straight from the paper / PyTorch's docs. */
function adamReference(p0: number[], steps: number, o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean }): number[] {
  const p = p0.slice();
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < p.length; i++) {
      let g = coef[i]! * p[i]!;
      if (o.decoupled) p[i] = p[i]! * (1 - o.lr * o.wd);
      else g += o.wd * p[i]!;
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g * g;
      const mHat = m[i]! / (1 - o.b1 ** t);
      const vHat = v[i]! / (1 - o.b2 ** t);
      p[i] = p[i]! - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
  }
  return p;
}

function run(opt: { step(): void; zeroGrad(): void }, p: Tensor, steps: number): number[] {
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    lossOf(p).backward();
    opt.step();
  }
  return Array.from(p.data);
}

describe('Adam', () => {
  const p0 = [0.3, -1.2, 2.0];

  it('first step moves each parameter by lr * g / (|g| + eps): about lr, whatever the gradient scale', () => {
    const p = param(p0);
    run(new Adam([p], { lr: 0.1 }), p, 1);
    Array.from(p.data).forEach((v, i) => {
      const g = coef[i]! * p0[i]!;
      expect(v).toBeCloseTo(p0[i]! - (0.1 * g) / (Math.abs(g) + 1e-8), 14);
    });
  });

  it.each<[string, AdamOptions & { lr: number }]>([
    ['defaults', { lr: 1e-3 }],
    ['large learning rate', { lr: 5 }],
    ['PPO eps 1e-5 and other betas', { lr: 0.05, eps: 1e-5, betas: [0.5, 0.9] as const }],
    ['L2 weight decay', { lr: 0.05, weightDecay: 0.3 }],
  ])('1 and 10 steps equal the hand-computed reference (%s)', (_label, options) => {
    const ref = { lr: options.lr, b1: options.betas?.[0] ?? 0.9, b2: options.betas?.[1] ?? 0.999, eps: options.eps ?? 1e-8, wd: options.weightDecay ?? 0, decoupled: false };
    for (const steps of [1, 10]) {
      const p = param(p0);
      const got = run(new Adam([p], options), p, steps);
      adamReference(p0, steps, ref).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }
  });

  it('AdamW decays weights decoupled from the gradient (default weightDecay 0.01)', () => {
    for (const steps of [1, 10]) {
      const p = param(p0);
      const got = run(new AdamW([p], { lr: 0.1, weightDecay: 0.5 }), p, steps);
      adamReference(p0, steps, { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.5, decoupled: true }).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }
    expect(new AdamW([param([1])]).weightDecay).toBe(0.01);
    // With a zero gradient, AdamW still shrinks p by (1 - lr wd); Adam's L2 moves it by about lr.
    const q = param([2]);
    q.grad = tensor([0], { dtype: 'float64' });
    new AdamW([q], { lr: 0.1, weightDecay: 0.5 }).step();
    expect(q.data[0]).toBeCloseTo(2 * (1 - 0.05), 14);
  });

  it('float32 parameters track the float64 reference', () => {
    const p = new Tensor(Float32Array.from(p0), [3], { requiresGrad: true });
    const got = run(new Adam([p], { lr: 0.01 }), p, 10);
    adamReference(p0, 10, { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false }).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
  });

  it('skips parameters without a gradient (their step count does not advance)', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new Adam([['a', a], ['b', b]], { lr: 0.1 });
    a.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    expect(b.data[0]).toBe(1);
    expect(opt.state().params['a']!.step).toBe(1);
    expect(opt.state().params['b']).toEqual({ step: 0, buffers: {} });
  });

  it('rejects bad options and mismatched states, naming them', () => {
    expect(() => new Adam([param([1])], { betas: [1, 0.999] })).toThrow(/betas\[0\] must be in \[0, 1\), received 1/);
    expect(() => new Adam([param([1])], { lr: -1 })).toThrow(/lr must be a finite number >= 0, received -1/);
    const a = new Adam([['w', param([1, 2])]]);
    const s = a.state();
    expect(() => new Adam([['v', param([1, 2])]]).loadState(s)).toThrow(/missing from the state: v; not in the optimiser: w/);
    expect(() => new SGD([['w', param([1, 2])]], { lr: 1 }).loadState(s)).toThrow(/kind 'adam', expected 'sgd'/);
    const bad = { ...s, params: { w: { step: 1, buffers: { exp_avg: new Float64Array(3), exp_avg_sq: new Float64Array(3) } } } };
    expect(() => a.loadState(bad)).toThrow(/buffer 'exp_avg' of 'w' has 3 values, but the parameter of shape \[2\] has 2/);
  });
});

describe('SGD', () => {
  it('plain SGD is p - lr g', () => {
    const p = param([1, 2, 3]);
    run(new SGD([p], { lr: 0.1 }), p, 1);
    expect(Array.from(p.data)).toEqual([1 - 0.1 * 1, 2 + 0.1 * 4, 3 - 0.1 * 1.5].map((v) => expect.closeTo(v, 14)));
  });

  it('momentum, dampening, nesterov and weight decay follow PyTorch', () => {
    for (const o of [{ momentum: 0.9 }, { momentum: 0.9, dampening: 0.5 }, { momentum: 0.8, nesterov: true }, { momentum: 0.5, weightDecay: 0.1 }]) {
      const p = param([1, 2, 3]);
      const got = run(new SGD([p], { lr: 0.05, ...o }), p, 5);
      // Reference by hand.
      const q = [1, 2, 3];
      const b = [0, 0, 0];
      for (let t = 0; t < 5; t++) {
        for (let i = 0; i < 3; i++) {
          let g = coef[i]! * q[i]! + (o.weightDecay ?? 0) * q[i]!;
          b[i] = t === 0 ? g : o.momentum * b[i]! + (1 - (o.dampening ?? 0)) * g;
          g = o.nesterov ? g + o.momentum * b[i]! : b[i]!;
          q[i] = q[i]! - 0.05 * g;
        }
      }
      q.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 13));
    }
    expect(() => new SGD([param([1])], { lr: 1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
  });
});

describe('clipGradNorm', () => {
  it('returns the norm before clipping and scales to maxNorm when above it', () => {
    const a = param([0, 0]);
    const b = param([0]);
    a.grad = tensor([3, 0], { dtype: 'float64' });
    b.grad = tensor([4], { dtype: 'float64' });
    expect(clipGradNorm([a, b], 1)).toBe(5);
    const scale = 1 / (5 + 1e-6);
    expect(Array.from(a.grad.data)).toEqual([3 * scale, 0]);
    expect(Array.from(b.grad.data)).toEqual([4 * scale]);
    // Now below the bound: unchanged.
    expect(clipGradNorm([a, b], 2)).toBeCloseTo(1, 6);
    expect(a.grad.data[0]).toBe(3 * scale);
  });

  it('ignores parameters without gradients; supports the infinity norm; can refuse non-finite norms', () => {
    const a = param([0, 0]);
    a.grad = tensor([-3, 2], { dtype: 'float64' });
    expect(clipGradNorm([a, param([1])], 10, { normType: Infinity })).toBe(3);
    a.grad = tensor([NaN, 2], { dtype: 'float64' });
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: true })).toThrow(/total gradient norm is NaN/);
    expect(clipGradNorm([], 1)).toBe(0);
  });
});

describe('resuming from a checkpoint continues bit for bit', () => {
  /** One policy-gradient update of a small MLP on data drawn from `rng`. */
  function update(policy: MLP, opt: Optimizer, rng: Rng): void {
    const obs = tensor(Float32Array.from({ length: 8 * 4 }, () => rng.normal()), { shape: [8, 4] });
    const actions = Array.from({ length: 8 }, () => rng.int(2));
    const adv = tensor(Float32Array.from({ length: 8 }, () => rng.normal()), { shape: [8] });
    opt.zeroGrad();
    new Categorical(policy.forward(obs)).logProb(actions).mul(adv).mean().neg().backward();
    clipGradNorm(policy.parameters(), 0.5);
    opt.step();
  }
  const make = () => {
    const policy = new MLP([4, 16, 16, 2], { rng: new Rng(0).fork('init'), outputGain: 0.01 });
    return { policy, opt: new Adam(policy.namedParameters('policy'), { lr: 3e-3, eps: 1e-5 }), rng: new Rng(0).fork('data') };
  };
  const snapshot = (policy: MLP) => policy.parameters().map((p) => Array.from(new Uint32Array(p.data.buffer.slice(0))));

  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`10 steps straight equal 5 steps, save, load into fresh objects, 5 steps (${optimizer})`, () => {
      const straight = make();
      const sgdOf = (policy: MLP) => new SGD(policy.namedParameters('policy'), { lr: 0.01, momentum: 0.9, nesterov: true });
      const optA = optimizer === 'adam' ? straight.opt : sgdOf(straight.policy);
      for (let i = 0; i < 10; i++) update(straight.policy, optA, straight.rng);

      const first = make();
      const optB = optimizer === 'adam' ? first.opt : sgdOf(first.policy);
      for (let i = 0; i < 5; i++) update(first.policy, optB, first.rng);
      const path = join(dir, `resume-${optimizer}.safetensors`);
      saveTrainingCheckpoint(path, { modules: { policy: first.policy }, optimizers: { main: optB }, rngs: { data: first.rng } }, { lr: 3e-3, note: 'test' });

      const resumed = {
        policy: new MLP([4, 16, 16, 2], { rng: new Rng(99), outputGain: 0.01 }),
        rng: new Rng('unrelated'),
      };
      const optC = optimizer === 'adam' ? new Adam(resumed.policy.namedParameters('policy'), { lr: 1 }) : new SGD(resumed.policy.namedParameters('policy'), { lr: 1 });
      const loaded = loadTrainingCheckpoint(path, { modules: { policy: resumed.policy }, optimizers: { main: optC }, rngs: { data: resumed.rng } });
      expect(loaded.config).toEqual({ lr: 3e-3, note: 'test' });
      for (let i = 0; i < 5; i++) update(resumed.policy, optC, resumed.rng);
      expect(snapshot(resumed.policy)).toEqual(snapshot(straight.policy));
    });
  }

  it('a checkpoint that does not fit the receiving objects fails, naming the file and the problem', () => {
    const { policy, opt, rng } = make();
    const path = join(dir, 'fit.safetensors');
    saveTrainingCheckpoint(path, { modules: { policy }, optimizers: { main: opt }, rngs: { data: rng } });
    const wider = new MLP([4, 32, 16, 2], { rng: new Rng(1) });
    expect(() => loadTrainingCheckpoint(path, { modules: { policy: wider } })).toThrow(
      /fit\.safetensors: 'policy\.layers\.0\.weight' has shape \[16, 4\] in the checkpoint but \[32, 4\] in the module/,
    );
    expect(() => loadTrainingCheckpoint(path, { modules: { value: policy } })).toThrow(/no tensors for module 'value'/);
    expect(() => loadTrainingCheckpoint(path, { optimizers: { other: opt } })).toThrow(/no valid state for optimizer 'other'/);
    expect(() => loadTrainingCheckpoint(path, { rngs: { env: rng } })).toThrow(CheckpointError);
  });
});
