// An MLP's forward pass outside the tape, for action selection (a rollout asks for one row, or a
// few, every env step). It makes the calls the ops make (linear's product and bias through the
// active backend's `matmulKernel`, then the activation's kernel: wasm's tanh where the ops take it,
// else the JS row kernel), in the same order on the same values, so it gives the ops' bits; it only
// skips what costs time at one row: a Tensor, a fresh array and a tape record per layer.
import { Tensor } from '../autograd/index.js';
import { denseRowsWasm, getBackend, matmulKernel, reluWasm, tanhWasm } from '../tensor/backend.js';
import { reluRow, tanhRow } from '../tensor/kernels/elementwise.js';
import type { MatrixView } from '../tensor/kernels/matmul.js';
import type { DenseLayerView } from '../tensor/wasm/runtime.js';
import type { Linear } from './layers.js';

/**
 * At most this many rows take the buffered path: the buffers it keeps grow with the rows, and past
 * a few rows a Tensor per layer costs little next to the products.
 */
export const INFERENCE_MAX_ROWS = 16;

/**
 * The buffered forward pass of one MLP's layers (float32 only). {@link MlpInference.forward}
 * returns null for what it does not cover (another dtype, more rows), and the caller runs the ops.
 * @example
 * const inference = new MlpInference(linears, 'tanh');
 * const out = noGrad(() => inference.forward(obs)) ?? mlp.layers.forward(obs); // [1, out]
 */
export class MlpInference {
  /** Each hidden layer's output (activation applied in place), INFERENCE_MAX_ROWS rows wide. */
  private readonly hidden: Float32Array[];

  constructor(
    private readonly linears: readonly Linear[],
    private readonly activation: 'tanh' | 'relu',
  ) {
    this.hidden = linears.slice(0, -1).map((l) => new Float32Array(INFERENCE_MAX_ROWS * l.outFeatures));
  }

  /**
   * x [N, in] -> [N, out] for N <= {@link INFERENCE_MAX_ROWS} when x and every parameter are
   * float32; null otherwise. The output is a fresh tensor outside the graph: call it only where
   * the ops would record nothing (under `noGrad`).
   */
  forward(x: Tensor): Tensor | null {
    if (x.ndim !== 2 || x.dtype !== 'float32') return null;
    const rows = x.shape[0] as number;
    const first = this.linears[0]!;
    if (rows < 1 || rows > INFERENCE_MAX_ROWS || x.shape[1] !== first.inFeatures) return null;
    for (const l of this.linears) if (l.weight.dtype !== 'float32' || (l.bias !== null && l.bias.dtype !== 'float32')) return null;
    const data = x.data;
    if (data instanceof Float32Array && x.strides[1] === 1 && getBackend() === 'wasm') {
      // The wasm backend runs the whole stack in its memory (one row only, see denseRowsWasm).
      const layers = denseViews(this.linears);
      const out = layers === null ? null : denseRowsWasm(rows, data, x.offset, layers, this.activation);
      if (out !== null) return new Tensor(out, [rows, this.linears[this.linears.length - 1]!.outFeatures]);
    }
    // The views `linear` builds (ops/matmul.ts matrixView): x as given, the weight transposed.
    let input: MatrixView = { data: x.data, offset: x.offset, rowStride: x.strides[0] as number, colStride: x.strides[1] as number };
    const last = this.linears.length - 1;
    for (let i = 0; i < last; i++) {
      const l = this.linears[i]!;
      const n = rows * l.outFeatures;
      const h = this.hidden[i]!;
      product(l, rows, input, h);
      // The activation ops' kernels on a contiguous float32 input: wasm's when it takes the call
      // (ops/elementwise.ts tanh, relu), else the row kernel; in place, as each reads before writing.
      if (this.activation === 'tanh') {
        if (!tanhWasm(h, 0, n, h)) tanhRow(h, 0, 1, h, 0, n);
      } else if (!reluWasm(h, 0, n, h)) {
        reluRow(h, 0, 1, h, 0, n);
      }
      input = { data: h, offset: 0, rowStride: l.outFeatures, colStride: 1 };
    }
    const l = this.linears[last]!;
    const out = new Float32Array(rows * l.outFeatures);
    product(l, rows, input, out);
    return new Tensor(out, [rows, l.outFeatures]);
  }
}

/** The layers as {@link denseRowsWasm} reads them, or null when a weight is not a dense float32 [out, in]. */
function denseViews(linears: readonly Linear[]): DenseLayerView[] | null {
  const views: DenseLayerView[] = [];
  for (const l of linears) {
    const w = l.weight.data;
    const b = l.bias?.data ?? null;
    if (!(w instanceof Float32Array) || !l.weight.isContiguous() || (b !== null && !(b instanceof Float32Array))) return null;
    const bias = l.bias === null || b === null ? null : { data: b, offset: l.bias.offset, stride: l.bias.strides[0] as number };
    views.push({ weight: w, weightOffset: l.weight.offset, bias, inFeatures: l.inFeatures, outFeatures: l.outFeatures });
  }
  return views;
}

/** out[0, rows * out) = input W^T + b, the call `linear` makes. */
function product(l: Linear, rows: number, input: MatrixView, out: Float32Array): void {
  const w = l.weight;
  const weight: MatrixView = { data: w.data, offset: w.offset, rowStride: w.strides[1] as number, colStride: w.strides[0] as number };
  const b = l.bias;
  const bias = b === null ? undefined : { data: b.data, offset: b.offset, stride: b.strides[0] as number };
  matmulKernel(rows, l.outFeatures, l.inFeatures, input, weight, out, 0, bias);
}
