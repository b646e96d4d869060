import { allocate, allocateOutput, type DType, type TypedArray } from '../tensor/dtype.js';
import { forEachRow } from '../tensor/kernels/iterate.js';
import { broadcastStrides, contiguousStrides, formatShape, shapesEqual, type Shape } from '../tensor/shape.js';
import { getAutogradOptions, isRecording, noGrad } from './mode.js';
import { Tensor, type BackwardRule } from './tensor.js';

/**
 * Wraps an op's freshly computed output as a tensor and, when gradients are being recorded and
 * some input requires one, as a tape node with the op's name, inputs and backward rule.
 */
export function record(
  op: string,
  data: TypedArray,
  shape: Shape,
  inputs: readonly Tensor[],
  backwardRule: BackwardRule,
  view?: { strides: readonly number[]; offset: number },
): Tensor {
  let needsGrad = false;
  if (isRecording()) for (const t of inputs) if (t.requiresGrad) needsGrad = true;
  return new Tensor(data, shape, {
    strides: view?.strides,
    offset: view?.offset ?? 0,
    op,
    requiresGrad: needsGrad,
    inputs: needsGrad ? inputs : [],
    backwardRule: needsGrad ? backwardRule : null,
  });
}

/**
 * Sums a gradient `g` (in a broadcast shape) back to `shape`: over leading dims `shape` lacks and
 * over dims where `shape` has 1. The result is dense; sums accumulate in float64.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const outSize = shape.reduce((a, b) => a * b, 1);
  const acc = new Float64Array(outSize);
  // Read the output through broadcast strides: every g element maps onto its target slot.
  const target = broadcastStrides(shape, contiguousStrides(shape), g.shape);
  const src = g.data;
  forEachRow(g.shape, [g.strides, target], [g.offset, 0], (at, st, n) => {
    let i = at[0] as number;
    let j = at[1] as number;
    const si = st[0] as number;
    const sj = st[1] as number;
    for (let k = 0; k < n; k++, i += si, j += sj) acc[j] = (acc[j] as number) + (src[i] as number);
  });
  const out = allocateOutput(g.dtype, outSize);
  out.set(acc);
  return new Tensor(out, shape.slice());
}

/** Whether `shape` broadcasts to `target` (so a gradient of `target` shape can be summed back to it). */
function broadcastsTo(shape: Shape, target: Shape): boolean {
  const lead = target.length - shape.length;
  if (lead < 0) return false;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i] as number;
    if (d !== 1 && d !== target[lead + i]) return false;
  }
  return true;
}

function dense(t: Tensor): Tensor {
  if (t.isDense()) return t;
  return new Tensor(t.toTypedArray(), t.shape.slice());
}

function findNonFinite(t: Tensor): number {
  const d = t.data;
  if (t.isDense()) {
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] as number)) return d[i] as number;
    return 0;
  }
  const values = t.toTypedArray();
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return values[i] as number;
  return 0;
}

/** Adds `g` into a leaf's `.grad`, which the leaf owns (it is never shared with another tensor). */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  const current = leaf.grad;
  if (current === null || !current.isDense() || !shapesEqual(current.shape, leaf.shape) || current.dtype !== leaf.dtype) {
    const own = allocate(leaf.dtype, leaf.size);
    own.set(g.isContiguous() ? g.data.subarray(g.offset, g.offset + g.size) : g.toTypedArray());
    if (current !== null) {
      const prev = current.toTypedArray();
      for (let i = 0; i < own.length; i++) own[i] = (own[i] as number) + (prev[i] as number);
    }
    leaf.grad = new Tensor(own, leaf.shape.slice());
    return;
  }
  const dst = current.data;
  const src = g.isContiguous() ? g.data : g.toTypedArray();
  const base = g.isContiguous() ? g.offset : 0;
  for (let i = 0; i < dst.length; i++) dst[i] = (dst[i] as number) + (src[base + i] as number);
}

/**
 * The nodes that need a gradient, reachable from `root`, in topological order (inputs before the
 * nodes that use them). Iterative depth-first search: graphs of any depth work.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: { node: Tensor; next: number }[] = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const inputs = frame.node.inputs;
    if (frame.next < inputs.length) {
      const child = inputs[frame.next++]!;
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push({ node: child, next: 0 });
      }
    } else {
      order.push(frame.node);
      stack.pop();
    }
  }
  return order;
}

/** Options of {@link backward}. */
export interface BackwardOptions {
  /** The gradient of the root; required when the root is not a scalar. Defaults to ones. */
  grad?: Tensor;
  /** Keep the graph after the pass, so `backward` can run again over it. Default false. */
  retainGraph?: boolean;
  /** Throw when an op's backward produces NaN/Inf (defaults to the global autograd option). */
  checkFinite?: boolean;
  /**
   * Called once per node with the node's whole gradient (dL/dnode, summed over its uses) just
   * before it is propagated: how `explainTape` shows intermediate gradients. It must only read.
   */
  onGradient?: (node: Tensor, grad: Tensor) => void;
}

/**
 * Reverse-mode differentiation from `root`: fills `.grad` of every leaf that requires a
 * gradient, accumulating into existing gradients (call `zeroGrad` between steps).
 *
 * The engine does the common work once for every op: it runs only the backward thunks whose
 * input needs a gradient, sums broadcast gradients back to each input's shape, checks each
 * gradient's shape against its input (naming the op), accumulates gradients of reused inputs,
 * and optionally checks that they are finite. The graph is released afterwards unless
 * `retainGraph` is set.
 */
export function backward(root: Tensor, options: BackwardOptions = {}): void {
  if (root.graphReleased) {
    throw new Error(`backward: the graph through ${root.toString()} was released by an earlier backward; pass {retainGraph: true} to differentiate twice`);
  }
  if (!root.requiresGrad) {
    throw new Error(`backward: the tensor ${root.toString()} does not require a gradient (no input had requiresGrad, or it was built under noGrad)`);
  }
  let seed: Tensor;
  if (options.grad !== undefined) {
    if (!shapesEqual(options.grad.shape, root.shape)) {
      throw new RangeError(`backward: grad has shape ${formatShape(options.grad.shape)} but the tensor has shape ${formatShape(root.shape)}`);
    }
    seed = options.grad;
  } else {
    if (root.size !== 1) {
      throw new RangeError(`backward: a non-scalar tensor of shape ${formatShape(root.shape)} needs an explicit grad (options.grad)`);
    }
    seed = new Tensor(allocate(root.dtype, 1).fill(1), root.shape.slice());
  }
  const checkFinite = options.checkFinite ?? getAutogradOptions().checkFinite;
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);

  noGrad(() => {
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n]!;
      const dy = grads.get(node);
      if (dy === undefined) continue;
      grads.delete(node);
      options.onGradient?.(node, dy);
      const rule = node.backwardRule;
      if (rule === null) {
        accumulateLeaf(node, dy);
        continue;
      }
      const thunks = rule(dy);
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i]!;
        const thunk = thunks[i];
        if (!input.requiresGrad || thunk === null || thunk === undefined) continue;
        const raw = thunk();
        // A gradient must have the input's shape, or a shape the input broadcasts to (summed back here).
        if (!broadcastsTo(input.shape, raw.shape)) {
          throw new Error(`backward of '${node.op}': gradient for input ${i} has shape ${formatShape(raw.shape)} but the input has shape ${formatShape(input.shape)}`);
        }
        const g = sumToShape(raw, input.shape);
        if (checkFinite) {
          const bad = findNonFinite(g);
          if (bad !== 0) {
            throw new Error(`backward of '${node.op}': non-finite gradient (${bad}) for input ${i} of shape ${formatShape(input.shape)}`);
          }
        }
        const previous = grads.get(input);
        grads.set(input, previous === undefined ? g : addDense(previous, g, input.dtype));
      }
    }
  });

  if (!options.retainGraph) {
    for (const node of order) {
      if (node.backwardRule !== null) {
        node.inputs = [];
        node.backwardRule = null;
        node.requiresGrad = false;
        node.graphReleased = true;
      }
    }
  }
}

/** a + b for two gradients of the same shape, into a new dense tensor of `dtype`. */
function addDense(a: Tensor, b: Tensor, dtype: DType): Tensor {
  const x = dense(a);
  const y = dense(b);
  const out = allocateOutput(dtype, x.size);
  const xd = x.data;
  const yd = y.data;
  for (let i = 0; i < out.length; i++) out[i] = (xd[i] as number) + (yd[i] as number);
  return new Tensor(out, x.shape.slice());
}
