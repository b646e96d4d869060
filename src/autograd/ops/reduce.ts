// Reductions and (log-)softmax over one axis or all, with forward and backward side by side.
import { sumRowsWasm } from '../../tensor/backend.js';
import { allocateOutput } from '../../tensor/dtype.js';
import { denseValues } from '../../tensor/kernels/iterate.js';
import { extremumAxis, logSoftmaxAxis, logSumExpAxis, sumAxis } from '../../tensor/kernels/reduce.js';
import { normalizeAxis, sizeOf } from '../../tensor/shape.js';
import { record } from '../engine.js';
import { Tensor } from '../tensor.js';
import { div, eq, exp, mul, sub } from './elementwise.js';
import { expand, reshape } from './movement.js';

/** How a reduction sees its input: [outer, n, inner] around the reduced axis, and the output shapes. */
interface Layout {
  outer: number;
  n: number;
  inner: number;
  /** Output shape as returned (without or with the reduced dim). */
  shape: number[];
  /** Output shape with the reduced dim kept as 1: dy in this shape broadcasts against x. */
  keptShape: number[];
}

function layout(op: string, x: Tensor, axis: number | undefined, keepDims: boolean): Layout {
  if (axis === undefined) {
    return { outer: 1, n: x.size, inner: 1, shape: keepDims ? x.shape.map(() => 1) : [], keptShape: x.shape.map(() => 1) };
  }
  const ax = normalizeAxis(op, axis, x.ndim);
  const keptShape = x.shape.map((d, i) => (i === ax ? 1 : d));
  return {
    outer: sizeOf(x.shape.slice(0, ax)),
    n: x.shape[ax] as number,
    inner: sizeOf(x.shape.slice(ax + 1)),
    shape: keepDims ? keptShape : x.shape.filter((_, i) => i !== ax),
    keptShape,
  };
}

/** dy reshaped to the kept shape and broadcast back over x's shape. */
function spread(dy: Tensor, l: Layout, x: Tensor): Tensor {
  return expand(reshape(dy, l.keptShape), x.shape);
}

/** Sum over `axis` (or all elements). */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  const l = layout('sum', x, axis, keepDims);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  const overRows = l.outer === 1 && l.inner > 1 && x.isContiguous(); // e.g. a bias gradient: wasm when active
  if (!(overRows && sumRowsWasm(x.data, x.offset, l.n, l.inner, out))) sumAxis(denseValues(x), l.outer, l.n, l.inner, out);
  return record('sum', out, l.shape, [x], (dy) => [() => spread(dy, l, x)]);
}

/** Mean over `axis` (or all elements): the sum times 1/n. */
export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  const l = layout('mean', x, axis, keepDims);
  return mul(sum(x, axis, keepDims), 1 / l.n);
}

function extremum(op: 'max' | 'min', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  const l = layout(op, x, axis, keepDims);
  if (l.n === 0) throw new RangeError(`${op}: cannot reduce an empty axis of shape [${x.shape.join(',')}]`);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  extremumAxis(denseValues(x), l.outer, l.n, l.inner, out, op === 'max' ? 1 : -1);
  const y = record(op, out, l.shape, [x], (dy) => [() => {
    // NOTE: k tied extremes share the gradient equally (1/k each, as torch.amax). For two-way
    // ties this is exactly what central differences measure (1/2 each).
    const hit = eq(x, reshape(y.detach(), l.keptShape));
    const count = sum(hit, axis, true);
    return mul(reshape(dy, l.keptShape), div(hit, count));
  }]);
  return y;
}

/** Max over `axis` (or all). The gradient goes to the maximal elements, split equally at ties. */
export function max(x: Tensor, axis?: number, keepDims = false): Tensor {
  return extremum('max', x, axis, keepDims);
}

/** Min over `axis` (or all). The gradient goes to the minimal elements, split equally at ties. */
export function min(x: Tensor, axis?: number, keepDims = false): Tensor {
  return extremum('min', x, axis, keepDims);
}

/** log(sum(exp(x))) over `axis` (or all), max-subtracted: no overflow for large x. d/dx = softmax(x). */
export function logSumExp(x: Tensor, axis?: number, keepDims = false): Tensor {
  const l = layout('logSumExp', x, axis, keepDims);
  const out = allocateOutput(x.dtype, l.outer * l.inner);
  logSumExpAxis(denseValues(x), l.outer, l.n, l.inner, out);
  const y = record('logSumExp', out, l.shape, [x], (dy) => [
    () => mul(reshape(dy, l.keptShape), exp(sub(x, reshape(y.detach(), l.keptShape)))),
  ]);
  return y;
}

/** x - logSumExp(x) over `axis` (default last): log-probabilities from logits, stable for large logits. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const l = layout('logSoftmax', x, axis, true);
  const out = allocateOutput(x.dtype, x.size);
  logSoftmaxAxis(denseValues(x), l.outer, l.n, l.inner, out, false);
  // d/dx: dy - softmax * sum(dy)
  const y = record('logSoftmax', out, x.shape.slice(), [x], (dy) => [() => sub(dy, mul(exp(y.detach()), sum(dy, axis, true)))]);
  return y;
}

/** exp(x) / sum(exp(x)) over `axis` (default last), max-subtracted. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const l = layout('softmax', x, axis, true);
  const out = allocateOutput(x.dtype, x.size);
  logSoftmaxAxis(denseValues(x), l.outer, l.n, l.inner, out, true);
  // d/dx: y * (dy - sum(dy * y))
  const y = record('softmax', out, x.shape.slice(), [x], (dy) => {
    const s = y.detach();
    return [() => mul(s, sub(dy, sum(mul(dy, s), axis, true)))];
  });
  return y;
}
