// Elementwise ops: each forward (a kernel call) with its backward rule right beside it.
import { allocateOutput, promote } from '../../tensor/dtype.js';
import {
  absRow, addRow, binaryInto, clampRow, divRow, eqRow, expRow, geRow, gtRow, insideRow, leRow, logRow, ltRow,
  maximumRow, minimumRow, mulRow, negRow, powRow, reluBackwardRow, reluRow, sigmoidBackwardRow, sigmoidRow, signRow, sqrtRow, squareRow,
  subRow, tanhBackwardRow, tanhRow, unaryInto, whereInto, type BinaryRow, type UnaryRow,
} from '../../tensor/kernels/elementwise.js';
import { reluBackwardWasm, reluWasm, tanhBackwardWasm, tanhWasm } from '../../tensor/backend.js';
import { broadcastShapes, shapesEqual } from '../../tensor/shape.js';
import { record } from '../engine.js';
import { Tensor, type BackwardRule } from '../tensor.js';

/** A tensor or a plain number (a scalar of the other operand's dtype). */
export type TensorLike = Tensor | number;

/** Lifts a number to a scalar tensor of `like`'s dtype; passes tensors through. */
export function lift(x: TensorLike, like: Tensor, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') throw new TypeError(`${op}: ${arg} must be a Tensor or a number, received ${typeof x}`);
  const data = allocateOutput(like.dtype, 1);
  data[0] = x;
  return new Tensor(data, []);
}

function unary(op: string, x: Tensor, row: UnaryRow, rule: BackwardRule): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  unaryInto(x, out, row);
  return record(op, out, x.shape.slice(), [x], rule);
}

function binary(op: string, a: Tensor, b: Tensor, row: BinaryRow, rule: BackwardRule): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocateOutput(promote(a.dtype, b.dtype), shape.reduce((p, d) => p * d, 1));
  binaryInto(a, b, shape, out, row);
  return record(op, out, shape, [a, b], rule);
}

/** A tensor computed from `x` by a row kernel, outside the graph (masks for backward rules). */
function mapNoGrad(x: Tensor, row: UnaryRow): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  unaryInto(x, out, row);
  return new Tensor(out, x.shape.slice());
}

/** A tensor computed from `a` and `b` (broadcast) by a row kernel, outside the graph (fused backward rules). */
function zipNoGrad(op: string, a: Tensor, b: Tensor, row: BinaryRow): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocateOutput(promote(a.dtype, b.dtype), shape.reduce((p, d) => p * d, 1));
  binaryInto(a, b, shape, out, row);
  return new Tensor(out, shape);
}

/** -x. */
export function neg(x: Tensor): Tensor {
  return unary('neg', x, negRow, (dy) => [() => neg(dy)]);
}

/** e^x. d/dx = e^x = y. */
export function exp(x: Tensor): Tensor {
  const y = unary('exp', x, expRow, (dy) => [() => mul(dy, y)]);
  return y;
}

/** Natural log. d/dx = 1/x. */
export function log(x: Tensor): Tensor {
  return unary('log', x, logRow, (dy) => [() => div(dy, x)]);
}

/** Square root. d/dx = 1 / (2 sqrt x). */
export function sqrt(x: Tensor): Tensor {
  const y = unary('sqrt', x, sqrtRow, (dy) => [() => div(dy, mul(y, 2))]);
  return y;
}

/** |x|. NOTE: d/dx at 0 is 0 (sign(0) = 0), as in PyTorch. */
export function abs(x: Tensor): Tensor {
  return unary('abs', x, absRow, (dy) => [() => mul(dy, mapNoGrad(x, signRow))]);
}

/** x^2. d/dx = 2x. */
export function square(x: Tensor): Tensor {
  return unary('square', x, squareRow, (dy) => [() => mul(dy, mul(x, 2))]);
}

/** x^p for a fixed number p. d/dx = p x^(p-1). */
export function pow(x: Tensor, p: number): Tensor {
  if (typeof p !== 'number' || !Number.isFinite(p)) throw new TypeError(`pow: exponent must be a finite number, received ${p}`);
  return unary('pow', x, powRow(p), (dy) => [() => mul(dy, mul(pow(x, p - 1), p))]);
}

/**
 * tanh x. d/dx = 1 - y^2, fused: dy (1 - y^2) in one pass (the same bits as mul(dy, sub(1, square(y)))).
 * Contiguous float32 data takes the wasm kernels when that backend is active.
 */
export function tanh(x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  if (!(x.isContiguous() && tanhWasm(x.data, x.offset, x.size, out))) unaryInto(x, out, tanhRow);
  const y = record('tanh', out, x.shape.slice(), [x], (dy) => [() => tanhBackward(dy, y)]);
  return y;
}

/** dy (1 - y^2) for tanh's output y, outside the graph. */
function tanhBackward(dy: Tensor, y: Tensor): Tensor {
  if (shapesEqual(dy.shape, y.shape) && dy.isContiguous() && y.isContiguous()) {
    const out = allocateOutput(promote(dy.dtype, y.dtype), y.size);
    if (tanhBackwardWasm(dy.data, dy.offset, y.data, y.offset, y.size, out)) return new Tensor(out, y.shape.slice());
  }
  return zipNoGrad('tanh backward', dy, y, tanhBackwardRow);
}

/** 1 / (1 + e^-x). d/dx = y (1 - y), fused: dy y (1 - y) in one pass (the same bits as mul(dy, mul(y, sub(1, y)))). */
export function sigmoid(x: Tensor): Tensor {
  const y = unary('sigmoid', x, sigmoidRow, (dy) => [() => zipNoGrad('sigmoid backward', dy, y, sigmoidBackwardRow)]);
  return y;
}

/** max(x, 0). NOTE: relu'(0) = 0, as in PyTorch. */
export function relu(x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  if (!(x.isContiguous() && reluWasm(x.data, x.offset, x.size, out))) unaryInto(x, out, reluRow);
  return record('relu', out, x.shape.slice(), [x], (dy) => [() => reluBackward(dy, x)]);
}

/** dy (x > 0) for relu's input x, outside the graph: one pass, no mask tensor. */
function reluBackward(dy: Tensor, x: Tensor): Tensor {
  if (shapesEqual(dy.shape, x.shape) && dy.isContiguous() && x.isContiguous()) {
    const out = allocateOutput(promote(dy.dtype, x.dtype), x.size);
    if (reluBackwardWasm(dy.data, dy.offset, x.data, x.offset, x.size, out)) return new Tensor(out, x.shape.slice());
  }
  return zipNoGrad('relu backward', dy, x, reluBackwardRow);
}

/** min(max(x, lo), hi). NOTE: the gradient passes where lo <= x <= hi (boundaries included), as in PyTorch. */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new RangeError(`clamp: expected min <= max, received min=${lo}, max=${hi}`);
  return unary('clamp', x, clampRow(lo, hi), (dy) => [() => mul(dy, mapNoGrad(x, insideRow(lo, hi)))]);
}

/** a + b, broadcast. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('add', a, b);
  return binary('add', x, y, addRow, (dy) => [() => dy, () => dy]);
}

/** a - b, broadcast. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('sub', a, b);
  return binary('sub', x, y, subRow, (dy) => [() => dy, () => neg(dy)]);
}

/** a * b, broadcast. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('mul', a, b);
  return binary('mul', x, y, mulRow, (dy) => [() => mul(dy, y), () => mul(dy, x)]);
}

/** a / b, broadcast. d/db = -a / b^2 = -y / b. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('div', a, b);
  const out = binary('div', x, y, divRow, (dy) => [() => div(dy, y), () => neg(div(mul(dy, out), y))]);
  return out;
}

/**
 * Elementwise max, broadcast. NOTE: at ties the gradient is split equally (1/2 each), which is
 * what central differences measure, so gradcheck agrees even at ties.
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('maximum', a, b);
  return binary('maximum', x, y, maximumRow, (dy) => [
    () => mul(dy, add(gt(x, y), mul(eq(x, y), 0.5))),
    () => mul(dy, add(lt(x, y), mul(eq(x, y), 0.5))),
  ]);
}

/** Elementwise min, broadcast; ties split the gradient equally, as in {@link maximum}. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('minimum', a, b);
  return binary('minimum', x, y, minimumRow, (dy) => [
    () => mul(dy, add(lt(x, y), mul(eq(x, y), 0.5))),
    () => mul(dy, add(gt(x, y), mul(eq(x, y), 0.5))),
  ]);
}

/** cond != 0 ? a : b, all broadcast. The condition gets no gradient. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const out = allocateOutput(promote(x.dtype, y.dtype), shape.reduce((p, d) => p * d, 1));
  whereInto(cond, x, y, shape, out);
  return record('where', out, shape, [cond, x, y], (dy) => [null, () => where(cond, dy, 0), () => where(cond, 0, dy)]);
}

function compare(op: string, a: TensorLike, b: TensorLike, row: BinaryRow): Tensor {
  const [x, y] = pair(op, a, b);
  const shape = broadcastShapes(op, x.shape, y.shape);
  const out = allocateOutput(promote(x.dtype, y.dtype), shape.reduce((p, d) => p * d, 1));
  binaryInto(x, y, shape, out, row);
  return new Tensor(out, shape); // comparisons are not differentiable: never on the tape
}

/** 1 where a > b, else 0 (no gradient). */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return compare('gt', a, b, gtRow);
}
/** 1 where a >= b, else 0 (no gradient). */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return compare('ge', a, b, geRow);
}
/** 1 where a < b, else 0 (no gradient). */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return compare('lt', a, b, ltRow);
}
/** 1 where a <= b, else 0 (no gradient). */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return compare('le', a, b, leRow);
}
/** 1 where a == b, else 0 (no gradient). */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return compare('eq', a, b, eqRow);
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, lift(b, a, op, 'b')];
  if (b instanceof Tensor) return [lift(a, b, op, 'a'), b];
  throw new TypeError(`${op}: at least one argument must be a Tensor, received ${typeof a} and ${typeof b}`);
}
