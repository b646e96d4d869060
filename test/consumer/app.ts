// A strict consumer of the published package. scripts/consumer_check.mjs installs the packed
// tarball into a fresh project and compiles this file there with
// `tsc --strict --module nodenext` (no @types/node, lib checking on), then runs it. It touches
// every layer of the public API: core, nn, envs, training, evaluation and the browser entry.
// It is not part of this repository's own typecheck (tsconfig.json excludes test/consumer/).
import {
  Adam, Categorical, evaluatePolicy, loadModel, make, MLP, randn, returnStats, Rng, tensor, train,
  type LoadedModel, type PolicyEvaluation, type ReturnStats, type RunSummary, type TrainInput, type TrainResult,
} from 'grpo-ts';
import { make as makeInBrowser, Tensor as BrowserTensor, tensor as browserTensor } from 'grpo-ts/browser';

// core: a tape and its gradient
const w = randn([2, 3], new Rng(0).fork('init'), { requiresGrad: true });
w.matmul(tensor([[1], [2], [3]])).tanh().sum().backward();
const gradShape: readonly number[] = w.grad?.shape ?? [];

// nn: one policy-gradient step
const actor = new MLP([4, 8, 2], { rng: new Rng(1).fork('actor') });
const opt = new Adam(actor.namedParameters('policy'), { lr: 1e-2 });
opt.zeroGrad();
new Categorical(actor.forward(randn([5, 4], new Rng(2)))).logProb(tensor([0, 1, 0, 1, 1])).mean().neg().backward();
opt.step();

// envs
const env = make('CartPole-v1');
const first: Float32Array = env.reset({ seed: 0 }).observation;
const step = env.step(1);

// training: a typed config in, a typed result out
const input: TrainInput = { algo: 'grpo', env: 'CartPole-v1', seed: 0, groups: 2, groupSize: 2, totalSteps: 300, evalEpisodes: 2, checkpointEvery: 0, logDir: 'logs' };
const result: TrainResult = await train(input);
const summary: RunSummary = result.summary;
const evaluation: ReturnStats | null = summary.evaluation;

// evaluation of the saved model
const model: LoadedModel = await loadModel(result.finalModelPath);
const again: PolicyEvaluation = evaluatePolicy(model.policy, make(model.spec.env), { episodes: 2, seed: 1 });

// the browser entry
const b = browserTensor([1, 2, 3]).mul(2).sum();
const browserEnv = makeInBrowser('Pendulum-v1');

console.log(JSON.stringify({
  gradShape,
  observation: first.length,
  reward: step.reward,
  algo: summary.algo,
  evaluationEpisodes: evaluation?.episodes ?? 0,
  evaluationMean: evaluation?.mean ?? null,
  modelEnv: model.spec.env,
  hiddenSizes: model.spec.hiddenSizes,
  againEpisodes: again.stats.episodes,
  statsMean: returnStats([1, 2, 3]).mean,
  browserSum: b.item(),
  browserIsTensor: b instanceof BrowserTensor,
  browserActions: browserEnv.actionSpace.toString(),
}));
