import { linear, noGrad, Rng, randn, tanh, Tensor, matmulInto, matmulReference, type MatrixView } from '../src/index.js';
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
  tanhWorkload('tanh-64x64'),
];
