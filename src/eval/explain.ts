// The tape of one loss, node by node, with values and gradients: what `grpo explain` prints and
// what the teaching page's step mode shows. describeGraph gives the structure; this adds a
// summary of every node's value (taken before the update changes the weights) and of the
// gradient backward sends into it.
import { describeGraph, topologicalOrder, type GraphNode, type Tensor } from '../autograd/index.js';
import type { NamedParams } from '../algos/update.js';
import { formatShape } from '../tensor/shape.js';

/** A tensor's values in brief. */
export interface ValueSummary {
  readonly size: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** The first (up to) three values. */
  readonly head: readonly number[];
}

/** One node of the tape. */
export interface TapeNode extends GraphNode {
  /** The parameter's name for a named leaf (`policy.net.layers.0.weight`), else null. */
  readonly name: string | null;
  readonly value: ValueSummary;
  /** dLoss/dNode summed over its uses; null if backward never reached it. */
  readonly grad: ValueSummary | null;
}

/** A recorded tape. */
export interface Tape {
  readonly nodes: readonly TapeNode[];
  /** One line per node: `#id op(inputs) [shape] value ... grad ...`. */
  readonly text: string;
}

/** size, mean, min, max and the first values of a tensor, in float64. */
export function summarizeTensor(t: Tensor): ValueSummary {
  const v = t.toTypedArray();
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { size: v.length, mean: v.length > 0 ? sum / v.length : NaN, min, max, head: Array.from(v.subarray(0, 3)) };
}

function show(s: ValueSummary): string {
  const g = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));
  return s.size === 1 ? g(s.head[0] ?? NaN) : `mean ${g(s.mean)} [${g(s.min)}, ${g(s.max)}]`;
}

/** What {@link recordTape} returns: a gradient hook for `backward`, and the tape once it ran. */
export interface TapeRecorder {
  /** Pass as `backward({ onGradient })`: sees every node's gradient. */
  readonly onGradient: (node: Tensor, grad: Tensor) => void;
  /** The recorded tape: every node's value and gradient summaries, and its text. */
  finish(): Tape;
}

/**
 * Starts recording the tape behind `loss` (call before backward; values are summarised now,
 * before an optimiser step changes the weights). Pass `onGradient` to backward (or applyUpdate),
 * then `finish()` gives the tape with every node's gradient.
 * @param named parameter names, to label the leaves
 * @example const rec = recordTape(loss, opt.namedParams); loss.backward({ onGradient: rec.onGradient }); console.log(rec.finish().text);
 */
export function recordTape(loss: Tensor, named: NamedParams = []): TapeRecorder {
  const described = describeGraph(loss);
  const order = loss.requiresGrad ? topologicalOrder(loss) : [loss];
  const names = new Map<Tensor, string>(named.map(([n, p]) => [p, n]));
  const values = order.map(summarizeTensor);
  const index = new Map<Tensor, number>(order.map((t, i) => [t, i]));
  const grads: Array<ValueSummary | null> = order.map(() => null);
  return {
    onGradient: (node, grad) => {
      const i = index.get(node);
      if (i !== undefined) grads[i] = summarizeTensor(grad);
    },
    finish: () => {
      const nodes = described.nodes.map((n, i): TapeNode => ({ ...n, name: names.get(order[i]!) ?? null, value: values[i]!, grad: grads[i] ?? null }));
      const text = nodes.map((n) => {
        const call = n.op === 'leaf' ? (n.name ?? 'leaf') : `${n.op}(${n.inputs.map((k) => `#${k}`).join(', ')})`;
        return `#${n.id} ${call} -> ${formatShape(n.shape)}  value ${show(n.value)}  grad ${n.grad === null ? '-' : show(n.grad)}`;
      }).join('\n');
      return { nodes, text };
    },
  };
}
