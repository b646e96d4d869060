import ndarray from 'ndarray';
import type { TypedArray } from '../tensor/dtype.js';
import { formatShape, type Shape } from '../tensor/shape.js';
import { TensorData } from '../tensor/tensor_data.js';

/**
 * A backward rule: given the gradient `dy` of the op's output, one entry per input, each either
 * null (no gradient flows there) or a thunk computing that input's gradient. Thunks run only for
 * inputs that need a gradient, so a subgraph that needs none costs nothing.
 *
 * A thunk may return a gradient in the output's broadcast shape: the engine sums it back to the
 * input's shape, checks the shape, and accumulates.
 */
export type BackwardRule = (dy: Tensor) => ReadonlyArray<(() => Tensor) | null>;

/**
 * A tensor that can take part in reverse-mode differentiation: strided storage (see
 * {@link TensorData}) plus its place on the tape.
 *
 * Every tensor produced by an op while gradients are recorded is a tape node: it knows its op
 * name, its inputs and its backward rule, so the graph can be inspected (`describeGraph`) as well
 * as differentiated (`backward`). Leaves are tensors made by the user (op `'leaf'`).
 *
 * The differentiable methods (`add`, `matmul`, `sum`, ...) are attached in `methods.ts` and
 * documented with their ops in `ops/`.
 */
export class Tensor extends TensorData {
  /** Whether gradients are wanted for this tensor (leaves) or flow through it (op outputs). */
  requiresGrad: boolean;
  /** The accumulated gradient, same shape as the tensor; filled by `backward()` on leaves. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, `'leaf'` for user-created tensors. */
  readonly op: string;
  /** The op's inputs, in argument order (empty for leaves, and after the graph is released). */
  inputs: readonly Tensor[];
  /** The op's backward rule (null for leaves, for tensors needing no gradient, and after release). */
  backwardRule: BackwardRule | null;
  /** Set once `backward` has released the graph through this node (it cannot be differentiated again). */
  graphReleased = false;

  constructor(
    data: TypedArray,
    shape: Shape,
    options: {
      strides?: readonly number[];
      offset?: number;
      requiresGrad?: boolean;
      op?: string;
      inputs?: readonly Tensor[];
      backwardRule?: BackwardRule | null;
    } = {},
  ) {
    super(data, shape, options.strides, options.offset ?? 0);
    this.requiresGrad = options.requiresGrad ?? false;
    this.op = options.op ?? 'leaf';
    this.inputs = options.inputs ?? [];
    this.backwardRule = options.backwardRule ?? null;
  }

  /** Whether this is a leaf of the graph: a tensor whose gradient is stored in `.grad`. */
  get isLeaf(): boolean {
    return this.backwardRule === null;
  }

  /** A tensor sharing this one's storage, cut from the graph (no gradient flows through it). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, { strides: this.strides, offset: this.offset });
  }

  /** Wraps an `ndarray` view (no copy) as a tensor. Its data must be a Float32Array or Float64Array. */
  static fromNdarray(array: ndarray.NdArray, options: { requiresGrad?: boolean } = {}): Tensor {
    const data: unknown = array.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      const kind = data === null || typeof data !== 'object' ? typeof data : data.constructor.name;
      throw new TypeError(`Tensor.fromNdarray: array.data must be a Float32Array or Float64Array, received ${kind}`);
    }
    return new Tensor(data, array.shape.slice(), { strides: array.stride.slice(), offset: array.offset, requiresGrad: options.requiresGrad ?? false });
  }

  /** A short description such as `Tensor(float32 [2,3], op=matmul, requiresGrad)`. */
  override toString(): string {
    return `Tensor(${this.dtype} ${formatShape(this.shape)}, op=${this.op}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}
