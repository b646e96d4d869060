import { Adam, Categorical, MLP, Rng, tensor, type Tensor } from '../src/index.js';
import type { Workload } from './harness.js';

/** FLOPs of one forward pass of an MLP at batch `batch` (multiply-adds counted as 2). */
function forwardFlops(sizes: readonly number[], batch: number): number {
  let flops = 0;
  for (let i = 0; i + 1 < sizes.length; i++) flops += 2 * batch * sizes[i]! * sizes[i + 1]!;
  return flops;
}

/** Random float32 tensor of `shape`, drawn from `rng`. */
function data(shape: number[], rng: Rng, draw: (rng: Rng) => number = (r) => r.normal()): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, () => draw(rng)), { shape });
}

/**
 * One policy-gradient update of a 4-64-64-2 tanh MLP at batch `batch`: categorical log-prob of
 * given actions times advantages, mean, backward, Adam step (the inner loop of PPO/GRPO).
 */
function policyUpdate(batch: number, target: string, sizes: readonly number[] = [4, 64, 64, 2], suffix = ''): Workload {
  return {
    name: `policy-update${suffix}-b${batch}`,
    // Forward, plus backward (dx and dW: twice the forward's FLOPs).
    flops: 3 * forwardFlops(sizes, batch),
    items: batch,
    ...(target ? { target } : {}),
    setup: () => {
      const rng = new Rng(`bench/policy-update${suffix}-b${batch}`);
      const policy = new MLP(sizes, { rng: rng.fork('init'), activation: 'tanh', outputGain: 0.01 });
      const opt = new Adam(policy.namedParameters('policy'), { lr: 2.5e-4, eps: 1e-5 });
      const obs = data([batch, sizes[0]!], rng);
      const actions = data([batch], rng, (r) => r.int(sizes[sizes.length - 1]!));
      const advantages = data([batch], rng);
      return () => {
        opt.zeroGrad();
        const pi = new Categorical(policy.forward(obs));
        pi.logProb(actions).mul(advantages).mean().neg().backward();
        opt.step();
      };
    },
  };
}

/** One value-function update of a 4-64-64-1 tanh MLP at batch `batch`: mean squared error, backward, Adam step. */
function valueUpdate(batch: number, target = '<= 870 us (PyTorch 1 thread)'): Workload {
  const sizes = [4, 64, 64, 1];
  return {
    name: `value-update-b${batch}`,
    flops: 3 * forwardFlops(sizes, batch),
    items: batch,
    target,
    setup: () => {
      const rng = new Rng(`bench/value-update-b${batch}`);
      const value = new MLP(sizes, { rng: rng.fork('init'), activation: 'tanh', outputGain: 1 });
      const opt = new Adam(value.namedParameters('value'), { lr: 2.5e-4, eps: 1e-5 });
      const obs = data([batch, 4], rng);
      const returns = data([batch, 1], rng);
      return () => {
        opt.zeroGrad();
        value.forward(obs).sub(returns).square().mean().backward();
        opt.step();
      };
    },
  };
}

/** One Adam step over the parameters of a 17-256-256-6 MLP (71,942 floats; the gradients fixed). */
function adamStep(): Workload {
  const sizes = [17, 256, 256, 6];
  return {
    name: 'adam-step-2x256',
    items: sizes.slice(1).reduce((n, out, i) => n + (sizes[i]! + 1) * out, 0),
    setup: () => {
      const rng = new Rng('bench/adam-step-2x256');
      const net = new MLP(sizes, { rng: rng.fork('init'), activation: 'relu' });
      const params = net.namedParameters('policy');
      for (const [, p] of params) p.grad = data(p.shape.slice(), rng);
      const opt = new Adam(params, { lr: 3e-4, eps: 1e-5 });
      return () => opt.step();
    },
  };
}

/** Benchmark workloads of src/nn/ (see the README's benchmark section). */
export const nnWorkloads: Workload[] = [
  policyUpdate(64, '<= 138 us (0.5x PyTorch 1 thread, 275 us)'),
  policyUpdate(1024, '<= 1,100 us (PyTorch 1 thread)'),
  valueUpdate(1024),
  // MuJoCo-sized networks (17 observations, 2 x 256 hidden; a categorical head of 6 stands in
  // for the Gaussian one, whose log-prob is elementwise): a PPO minibatch of 64.
  policyUpdate(64, '', [17, 256, 256, 6], '-2x256'),
  adamStep(),
];
