// The README's code examples, run as written (executable docs).
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Adam, Categorical, clipGradNorm, describeGraph, evaluatePolicy, gradcheck, linear, loadModel, make, MLP, randn, Rng, tensor, train,
  type LoadedModel, type PolicyEvaluation, type ReturnStats, type TrainResult,
} from '../src/index.js';
import { tmpDir } from './train/helpers.js';

describe('README examples', () => {
  it('Using the library: a typed training call, its evaluation read without a cast, the saved model evaluated', async () => {
    const logDir = tmpDir('readme');   // the README's call writes to ./logs; here a temp directory
    const result: TrainResult = await train({ algo: 'grpo', env: 'CartPole-v1', seed: 0, totalSteps: 2_000, evalEpisodes: 5, logDir });
    const evaluation = result.summary.evaluation;
    expectTypeOf(evaluation).toEqualTypeOf<ReturnStats | null>();
    expect(evaluation).not.toBeNull();
    if (evaluation !== null) {
      expect(evaluation.episodes).toBe(5);
      expect(evaluation.ci95[0]).toBeLessThanOrEqual(evaluation.mean);
      expect(evaluation.mean).toBeLessThanOrEqual(evaluation.ci95[1]);
    }
    const { policy, spec } = await loadModel(result.finalModelPath);
    expectTypeOf(loadModel).returns.toEqualTypeOf<Promise<LoadedModel>>();
    expect(spec).toMatchObject({ algo: 'grpo', env: 'CartPole-v1', seed: 0 });
    const evaluated = evaluatePolicy(policy, make(spec.env), { episodes: 10, seed: 1 });
    expectTypeOf(evaluated).toEqualTypeOf<PolicyEvaluation>();
    expect(evaluated.stats.episodes).toBe(10);
    expect(evaluated.returns).toHaveLength(10);
  });

  it('Using the core: a tape, its description and a backward pass', () => {
    const rng = new Rng(0);
    const w = randn([2, 4], rng.fork('init'), { requiresGrad: true });
    const x = tensor([[0.1, -0.2, 0.3, 0.05]]);
    const loss = linear(x, w).tanh().logSoftmax(1).gather(tensor([[1]]), 1).neg().sum();
    expect(describeGraph(loss).text.split('\n')).toEqual([
      '#0 leaf -> [2,4] float32 requiresGrad',
      '#1 linear(#0) -> [1,2] float32',
      '#2 tanh(#1) -> [1,2] float32',
      '#3 logSoftmax(#2) -> [1,2] float32',
      '#4 gather(#3) -> [1,1] float32',
      '#5 neg(#4) -> [1,1] float32',
      '#6 sum(#5) -> [] float32',
    ]);
    loss.backward();
    expect(w.grad!.shape).toEqual([2, 4]);
    expect(gradcheck((t) => linear(x, t).tanh().logSoftmax(1).gather(tensor([[1]]), 1).neg().sum(), [w.detach()]).ok).toBe(true);
  });

  it('Neural networks: one policy-gradient step', () => {
    const rng = new Rng(0);
    const actor = new MLP([4, 64, 64, 2], { rng: rng.fork('actor'), activation: 'tanh', outputGain: 0.01 });
    const opt = new Adam(actor.namedParameters('policy'), { lr: 2.5e-4, eps: 1e-5 });
    const obs = randn([8, 4], rng.fork('obs'));
    const actions = tensor([0, 1, 0, 1, 1, 0, 0, 1]);
    const advantages = randn([8], rng.fork('adv'));
    const before = actor.parameters().map((p) => Array.from(p.data));
    opt.zeroGrad();
    const pi = new Categorical(actor.forward(obs));
    pi.logProb(actions).mul(advantages).mean().neg().backward();
    expect(clipGradNorm(actor.parameters(), 0.5)).toBeGreaterThan(0);
    opt.step();
    expect(actor.parameters().map((p) => Array.from(p.data))).not.toEqual(before);
  });
});
