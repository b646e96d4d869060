import { formatShape } from '../tensor/shape.js';
import { topologicalOrder } from './engine.js';
import type { Tensor } from './tensor.js';

/** One node of a described graph. */
export interface GraphNode {
  /** Position in topological order (inputs come first). */
  readonly id: number;
  /** The op's name; `'leaf'` for inputs and parameters. */
  readonly op: string;
  /** Ids of the op's inputs that are part of the graph (those needing a gradient). */
  readonly inputs: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly requiresGrad: boolean;
}

/** The tape behind a tensor, for teaching and auditing. */
export interface GraphDescription {
  readonly nodes: readonly GraphNode[];
  /** One line per node, e.g. `#3 matmul(#1, #2) -> [1,64] float32`. */
  readonly text: string;
}

/**
 * Lists the graph that produced `root`: every node that needs a gradient, inputs before uses,
 * with its op name, inputs and output shape. Constants (inputs needing no gradient) are left out,
 * as the backward pass skips them. Call before `backward()`, which releases the graph.
 */
export function describeGraph(root: Tensor): GraphDescription {
  const order = root.requiresGrad ? topologicalOrder(root) : [root];
  const ids = new Map<Tensor, number>();
  order.forEach((t, i) => ids.set(t, i));
  const nodes = order.map((t, id): GraphNode => ({
    id,
    op: t.op,
    inputs: t.inputs.filter((x) => ids.has(x)).map((x) => ids.get(x)!),
    shape: t.shape.slice(),
    dtype: t.dtype,
    requiresGrad: t.requiresGrad,
  }));
  const text = nodes
    .map((n) => {
      const call = n.op === 'leaf' ? 'leaf' : `${n.op}(${n.inputs.map((i) => `#${i}`).join(', ')})`;
      return `#${n.id} ${call} -> ${formatShape(n.shape)} ${n.dtype}${n.op === 'leaf' && n.requiresGrad ? ' requiresGrad' : ''}`;
    })
    .join('\n');
  return { nodes, text };
}
