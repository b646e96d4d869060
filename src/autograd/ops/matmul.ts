// Matrix products: matmul with transpose flags (so no backward ever materialises a transpose),
// and linear, the fused x W^T + b of a dense layer. The kernels are the active backend's (tensor/backend.ts).
import { allocateOutput, promote } from '../../tensor/dtype.js';
import { matmulKernel } from '../../tensor/backend.js';
import type { MatrixView } from '../../tensor/kernels/matmul.js';
import { formatShape } from '../../tensor/shape.js';
import { record } from '../engine.js';
import { Tensor } from '../tensor.js';
import { sum } from './reduce.js';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use A^T (the last two dims of `a` swapped). */
  transposeA?: boolean;
  /** Use B^T (the last two dims of `b` swapped). */
  transposeB?: boolean;
}

/** The (r, c) reader of one batch entry of a 2-D or 3-D operand, transposed or not. */
function matrixView(t: Tensor, batch: number, transposed: boolean): MatrixView {
  const n = t.ndim;
  const rs = t.strides[n - 2] as number;
  const cs = t.strides[n - 1] as number;
  const offset = t.offset + (n === 3 && t.shape[0] !== 1 ? batch * (t.strides[0] as number) : 0);
  return transposed ? { data: t.data, offset, rowStride: cs, colStride: rs } : { data: t.data, offset, rowStride: rs, colStride: cs };
}

/**
 * Matrix product op(A) op(B), where op transposes when asked.
 * Shapes: [M, K] x [K, N] -> [M, N]; batched [B, M, K] x [B, K, N] -> [B, M, N], where a 2-D or
 * batch-1 operand is shared across the batch.
 *
 * Backward (C = A B): dA = dC B^T, dB = A^T dC, written with transpose flags for every case.
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const tA = options.transposeA ?? false;
  const tB = options.transposeB ?? false;
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > 3) {
    throw new RangeError(`matmul: operands must be 2-D or 3-D, received shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const M = a.shape[a.ndim - (tA ? 1 : 2)] as number;
  const Ka = a.shape[a.ndim - (tA ? 2 : 1)] as number;
  const Kb = b.shape[b.ndim - (tB ? 1 : 2)] as number;
  const N = b.shape[b.ndim - (tB ? 2 : 1)] as number;
  const flags = `${tA ? ' transposeA' : ''}${tB ? ' transposeB' : ''}`;
  if (Ka !== Kb) {
    throw new RangeError(`matmul${flags}: inner dims differ for shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} (${Ka} vs ${Kb})`);
  }
  const Ba = a.ndim === 3 ? (a.shape[0] as number) : 1;
  const Bb = b.ndim === 3 ? (b.shape[0] as number) : 1;
  if (Ba !== Bb && Ba !== 1 && Bb !== 1) {
    throw new RangeError(`matmul: batch sizes differ for shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const batched = a.ndim === 3 || b.ndim === 3;
  const B = Math.max(Ba, Bb);
  const out = allocateOutput(promote(a.dtype, b.dtype), B * M * N);
  for (let i = 0; i < B; i++) matmulKernel(M, N, Ka, matrixView(a, i, tA), matrixView(b, i, tB), out, i * M * N);
  const shape = batched ? [B, M, N] : [M, N];
  return record('matmul', out, shape, [a, b], (dy) => {
    if (!tA && !tB) return [() => matmul(dy, b, { transposeB: true }), () => matmul(a, dy, { transposeA: true })];
    if (!tA && tB) return [() => matmul(dy, b), () => matmul(dy, a, { transposeA: true })];
    if (tA && !tB) return [() => matmul(b, dy, { transposeB: true }), () => matmul(a, dy)];
    return [() => matmul(b, dy, { transposeA: true, transposeB: true }), () => matmul(dy, a, { transposeA: true, transposeB: true })];
  });
}

/**
 * A dense layer's affine map, fused: x [N, in], weight [out, in] (PyTorch's layout), optional
 * bias [out] -> x W^T + b, shape [N, out].
 * Backward: dx = dy W, dW = dy^T x, db = sum of dy over the batch.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (x.ndim !== 2 || weight.ndim !== 2 || x.shape[1] !== weight.shape[1]) {
    throw new RangeError(`linear: expected x [N, in] and weight [out, in], received shapes ${formatShape(x.shape)} and ${formatShape(weight.shape)}`);
  }
  const N = x.shape[0] as number;
  const inDim = x.shape[1] as number;
  const outDim = weight.shape[0] as number;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outDim)) {
    throw new RangeError(`linear: bias must have shape [${outDim}] for weight ${formatShape(weight.shape)}, received ${formatShape(bias.shape)}`);
  }
  const dtype = promote(promote(x.dtype, weight.dtype), bias ? bias.dtype : x.dtype);
  const out = allocateOutput(dtype, N * outDim);
  const biasView = bias ? { data: bias.data, offset: bias.offset, stride: bias.strides[0] as number } : undefined;
  matmulKernel(N, outDim, inDim, matrixView(x, 0, false), matrixView(weight, 0, true), out, 0, biasView);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record('linear', out, [N, outDim], inputs, (dy) => [
    () => matmul(dy, weight),
    () => matmul(dy, x, { transposeA: true }),
    () => sum(dy, 0),
  ]);
}
