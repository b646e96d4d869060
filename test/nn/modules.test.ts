import { describe, expect, it } from 'vitest';
import { gradcheck, tensor, Tensor, zeros } from '../../src/autograd/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { constantInit } from '../../src/nn/init.js';
import { Linear, ReLU, Sequential, Tanh } from '../../src/nn/layers.js';
import { MLP } from '../../src/nn/mlp.js';
import { Module } from '../../src/nn/module.js';

const rng = () => new Rng(0).fork('init');

/** Row-major values of a tensor as a plain array. */
const values = (t: Tensor) => Array.from(t.toTypedArray());

describe('Linear', () => {
  it('computes x W^T + b with PyTorch layout, for [N, in] and [in] inputs', () => {
    const layer = new Linear(3, 2, { rng: rng(), weightInit: constantInit(0), biasInit: constantInit(0) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]);
    layer.bias!.data.set([0.5, -1]);
    const x = tensor([[1, 0, -1], [2, 1, 0]]);
    expect(layer.forward(x).toArray()).toEqual([[1 - 3 + 0.5, 4 - 6 - 1], [2 + 2 + 0.5, 8 + 5 - 1]]);
    expect(layer.forward(tensor([1, 0, -1])).toArray()).toEqual([-1.5, -3]);
  });

  it('defaults to PyTorch init bounds, is seeded, and names its parameters', () => {
    const a = new Linear(16, 4, { rng: rng() });
    const b = new Linear(16, 4, { rng: rng() });
    expect(values(a.weight)).toEqual(values(b.weight));
    for (const v of [...values(a.weight), ...values(a.bias!)]) expect(Math.abs(v)).toBeLessThanOrEqual(0.25);
    expect(a.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [4, 16]], ['bias', [4]]]);
    expect(a.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(new Linear(2, 2, { rng: rng(), bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  it('gradients match finite differences', () => {
    const layer = new Linear(3, 2, { rng: rng() });
    const x = tensor([[0.3, -0.2, 0.9], [1.1, 0.4, -0.7]]);
    const report = gradcheck((xx, w, b) => xx.matmul(w, { transposeB: true }).add(b).tanh().sum(), [x, layer.weight, layer.bias!]);
    expect(report.ok, report.text).toBe(true);
    // And the module's own forward gives the same gradient as that composition.
    layer.forward(x).tanh().sum().backward();
    const w64 = new Tensor(Float64Array.from(layer.weight.toTypedArray()), [2, 3], { requiresGrad: true });
    const b64 = new Tensor(Float64Array.from(layer.bias!.toTypedArray()), [2], { requiresGrad: true });
    x.matmul(w64, { transposeB: true }).add(b64).tanh().sum().backward();
    values(layer.weight.grad!).forEach((g, i) => expect(g).toBeCloseTo(w64.grad!.data[i]!, 5));
  });

  it('rejects a wrong input width, naming both shapes', () => {
    expect(() => new Linear(3, 2, { rng: rng() }).forward(zeros([5, 4]))).toThrow(/Linear\(3, 2\)\.forward: expected input \[N, 3\], received \[5, 4\]/);
    expect(() => new Linear(0, 2, { rng: rng() })).toThrow(/inFeatures must be a positive integer, received 0/);
  });
});

describe('Module, Sequential, MLP', () => {
  it("MLP names follow PyTorch's nn.Sequential inside `layers`", () => {
    const mlp = new MLP([4, 64, 64, 2], { rng: rng() });
    expect(mlp.namedParameters('policy').map(([n, p]) => `${n} [${p.shape.join(',')}]`)).toEqual([
      'policy.layers.0.weight [64,4]',
      'policy.layers.0.bias [64]',
      'policy.layers.2.weight [64,64]',
      'policy.layers.2.bias [64]',
      'policy.layers.4.weight [2,64]',
      'policy.layers.4.bias [2]',
    ]);
    expect(mlp.numParameters()).toBe(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
  });

  it('MLP orthogonal init: hidden gain sqrt(2), head gain outputGain, zero biases', () => {
    const mlp = new MLP([4, 8, 3], { rng: rng(), outputGain: 0.01 });
    const [w0, b0, w1, b1] = mlp.parameters() as [Tensor, Tensor, Tensor, Tensor];
    // w0 is [8, 4] (tall): W^T W = 2 I.
    const g = w0.matmul(w0, { transposeA: true });
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(g.get(i, j)).toBeCloseTo(i === j ? 2 : 0, 5);
    // w1 is [3, 8] (wide): W W^T = 1e-4 I.
    const h = w1.matmul(w1, { transposeB: true });
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(h.get(i, j)).toBeCloseTo(i === j ? 1e-4 : 0, 9);
    expect([...values(b0), ...values(b1)].every((v) => v === 0)).toBe(true);
  });

  it('MLP forward equals the layers applied by hand (tanh and relu)', () => {
    for (const activation of ['tanh', 'relu'] as const) {
      const mlp = new MLP([3, 5, 2], { rng: rng(), activation, init: 'pytorch' });
      const x = tensor([[0.5, -1, 2], [0, 0.1, -0.3]]);
      const [w0, b0, w1, b1] = mlp.parameters() as [Tensor, Tensor, Tensor, Tensor];
      const h = x.matmul(w0, { transposeB: true }).add(b0);
      const expected = (activation === 'tanh' ? h.tanh() : h.relu()).matmul(w1, { transposeB: true }).add(b1);
      values(mlp.forward(x)).forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 6));
    }
  });

  it('the same seed gives the same network; another seed another', () => {
    const a = new MLP([4, 16, 2], { rng: new Rng(1) });
    const b = new MLP([4, 16, 2], { rng: new Rng(1) });
    const c = new MLP([4, 16, 2], { rng: new Rng(2) });
    expect(values(a.parameters()[0]!)).toEqual(values(b.parameters()[0]!));
    expect(values(a.parameters()[0]!)).not.toEqual(values(c.parameters()[0]!));
  });

  it('zeroGrad drops gradients, or zero-fills them keeping the buffers', () => {
    const mlp = new MLP([2, 3, 1], { rng: rng() });
    mlp.forward(tensor([[1, 2]])).sum().backward();
    const buffer = mlp.parameters()[0]!.grad!;
    mlp.zeroGrad({ setToNull: false });
    expect(mlp.parameters()[0]!.grad).toBe(buffer);
    expect(values(buffer).every((v) => v === 0)).toBe(true);
    mlp.forward(tensor([[1, 2]])).sum().backward();
    expect(mlp.parameters()[0]!.grad).toBe(buffer); // accumulated in place
    mlp.zeroGrad();
    expect(mlp.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('stateDict / loadStateDict round-trip, in place, checking names and shapes', () => {
    const a = new MLP([4, 8, 2], { rng: new Rng(1) });
    const b = new MLP([4, 8, 2], { rng: new Rng(2) });
    const weight = b.parameters()[0]!;
    b.loadStateDict(a.stateDict());
    expect(b.parameters()[0]).toBe(weight); // same tensor, new values
    expect(values(weight)).toEqual(values(a.parameters()[0]!));
    const wide = new MLP([4, 9, 2], { rng: new Rng(3) });
    expect(() => wide.loadStateDict(a.stateDict(), { source: 'ckpt.safetensors' })).toThrow(
      /ckpt\.safetensors: 'layers\.0\.weight' has shape \[8, 4\] in the checkpoint but \[9, 4\] in the module/,
    );
    expect(() => b.loadStateDict(a.stateDict('policy'))).toThrow(/missing from the checkpoint: layers\.0\.weight/);
    b.loadStateDict(a.stateDict('policy'), { prefix: 'policy' });
    const extra = { ...a.stateDict(), 'layers.9.weight': a.stateDict()['layers.0.weight']! };
    expect(() => b.loadStateDict(extra)).toThrow(/not in the module: layers\.9\.weight/);
    expect(() => b.loadStateDict(extra, { strict: false })).not.toThrow();
  });

  it('custom modules register parameters and children; names are validated', () => {
    class Agent extends Module {
      readonly actor = this.registerModule('actor', new Sequential(new Linear(2, 2, { rng: rng() }), new Tanh()));
      readonly critic = this.registerModule('critic', new Sequential(new Linear(2, 1, { rng: rng() }), new ReLU()));
      readonly logStd = this.registerParameter('log_std', zeros([2]));
      forward(x: Tensor): Tensor {
        return this.actor.forward(x);
      }
    }
    const agent = new Agent();
    expect(agent.namedParameters().map(([n]) => n)).toEqual(['log_std', 'actor.0.weight', 'actor.0.bias', 'critic.0.weight', 'critic.0.bias']);
    expect(agent.namedChildren().map(([n]) => n)).toEqual(['actor', 'critic']);
    class Bad extends Module {
      constructor() {
        super();
        this.registerParameter('a.b', zeros([1]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad()).toThrow(/contain no '\.'/);
  });
});
