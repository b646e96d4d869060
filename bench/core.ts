import { linear, MLP, noGrad, Policy, Rng, randn, tanh, Tensor, matmulInto, matmulReference, type ActionSpec, type MatrixView } from '../src/index.js';
import type { Workload } from './harness.js';

function matrix(rows: number, cols: number, rng: Rng): Float32Array {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return data;
}

/** A square or rectangular float32 matmul through the public op (Tensor.matmul). */
function matmulWorkload(name: string, M: number, K: number, N: number, target?: string): Workload {
  return {
    name,
    flops: 2 * M * N * K,
    ...(target ? { target } : {}),
    setup: () => {
      const rng = new Rng(`bench/${name}`);
      const a = new Tensor(matrix(M, K, rng), [M, K]);
      const b = new Tensor(matrix(K, N, rng), [K, N]);
      return () => {
        a.matmul(b);
      };
    },
  };
}

/**
 * A kernel alone on raw arrays (no Tensor wrapper): the blocked `matmulInto`, or the naive
 * `matmulReference` on the same work, so the table shows what the blocked kernel buys.
 */
function kernelWorkload(name: string, n: number, kernel: typeof matmulInto): Workload {
  return {
    name,
    flops: 2 * n * n * n,
    setup: () => {
      const rng = new Rng(`bench/${name}`);
      const a: MatrixView = { data: matrix(n, n, rng), offset: 0, rowStride: n, colStride: 1 };
      const b: MatrixView = { data: matrix(n, n, rng), offset: 0, rowStride: n, colStride: 1 };
      const out = new Float32Array(n * n);
      return () => kernel(n, n, n, a, b, out, 0);
    },
  };
}

/** Forward pass of a 4-64-64-2 tanh MLP at batch 1, built from our ops, parameters requiring grad (tape recorded). */
function mlpForward(name: string, batch: number, record: boolean, target?: string): Workload {
  return {
    name,
    ...(target ? { target } : {}),
    setup: () => {
      const rng = new Rng(`bench/${name}`);
      const sizes = [4, 64, 64, 2];
      const layers = sizes.slice(1).map((out, i) => ({
        w: randn([out, sizes[i]!], rng, { std: 0.3, requiresGrad: true }),
        b: randn([out], rng, { std: 0.1, requiresGrad: true }),
      }));
      const x = randn([batch, 4], rng);
      const forward = () => {
        let h = x;
        layers.forEach((l, i) => {
          h = linear(h, l.w, l.b);
          if (i < layers.length - 1) h = tanh(h);
        });
        return h;
      };
      return record ? forward : () => noGrad(forward);
    },
  };
}

/**
 * The same 4-64-64-2 tanh forward pass at batch 1 through `MLP.forward` under `noGrad`, as a
 * rollout runs it: the buffered inference path (src/nn/mlp_inference.ts), not an op per layer.
 */
function mlpModuleForward(name: string): Workload {
  return {
    name,
    setup: () => {
      const rng = new Rng(`bench/${name}`);
      const mlp = new MLP([4, 64, 64, 2], { rng: rng.fork('init'), outputGain: 0.01 });
      const x = randn([1, 4], rng);
      return () => {
        noGrad(() => mlp.forward(x));
      };
    },
  };
}

/**
 * A policy's whole action selection for one observation (`Policy.act`, what the trainers' rollouts
 * call every env step with one env): the forward pass, then a categorical draw or a Gaussian sample.
 */
function policyAct(name: string, obsDim: number, action: ActionSpec, target?: string): Workload {
  return {
    name,
    ...(target ? { target } : {}),
    setup: () => {
      const rng = new Rng(`bench/${name}`);
      const policy = new Policy(obsDim, action, { rng: rng.fork('init'), hiddenSizes: [64, 64], activation: 'tanh' });
      const obs = randn([1, obsDim], rng);
      const streams = [rng.fork('act')];
      return () => {
        policy.act(obs, streams);
      };
    },
  };
}

/** tanh of a [64, 64] float32 activation (the MLP's hidden layer at batch 64), outside the tape. */
function tanhWorkload(name: string): Workload {
  return {
    name,
    items: 64 * 64,
    setup: () => {
      const x = randn([64, 64], new Rng(`bench/${name}`), { std: 2 });
      return () => {
        noGrad(() => tanh(x));
      };
    },
  };
}

/** Workloads of the numeric core (issue: numeric core). */
export const coreWorkloads: Workload[] = [
  matmulWorkload('matmul-64', 64, 64, 64),
  matmulWorkload('matmul-256', 256, 256, 256, '>= 40 GFLOP/s'),
  kernelWorkload('matmul-256-kernel', 256, matmulInto),
  kernelWorkload('matmul-256-naive', 256, matmulReference),
  matmulWorkload('matmul-1024x64x64', 1024, 64, 64),
  mlpForward('mlp-forward-b1', 1, true, '<= 5 us'),
  mlpForward('mlp-forward-b1-nograd', 1, false, '<= 2 us (action selection)'),
  mlpModuleForward('mlp-forward-b1-module-nograd'),
  // CartPole's policy (4 observations, 2 actions) and a HalfCheetah-sized Gaussian one (17, 6).
  policyAct('policy-act-b1', 4, { kind: 'discrete', n: 2 }, '<= 2 us (action selection)'),
  policyAct('policy-act-b1-gaussian', 17, { kind: 'continuous', dim: 6, low: new Float64Array(6).fill(-1), high: new Float64Array(6).fill(1) }),
  tanhWorkload('tanh-64x64'),
];
