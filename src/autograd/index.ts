// Public API of the autograd layer: the Tensor, its creation functions and ops, the tape tools.
import './methods.js';

export { Tensor, type BackwardRule } from './tensor.js';
export { backward, type BackwardOptions } from './engine.js';
export { noGrad, getAutogradOptions, setAutogradOptions, type AutogradOptions } from './mode.js';
export { tensor, zeros, ones, full, arange, eye, randn, rand, type CreateOptions } from './create.js';
export {
  add, sub, mul, div, neg, pow, exp, log, sqrt, abs, square, tanh, sigmoid, relu, clamp, maximum, minimum,
  where, gt, ge, lt, le, eq, type TensorLike,
} from './ops/elementwise.js';
export { sum, mean, max, min, logSumExp, softmax, logSoftmax } from './ops/reduce.js';
export { matmul, linear, type MatmulOptions } from './ops/matmul.js';
export { reshape, permute, transpose, slice, expand, concat, stack, gather, contiguous, clone, type SliceRange } from './ops/movement.js';
export { describeGraph, type GraphDescription, type GraphNode } from './describe.js';
export { topologicalOrder } from './engine.js';
export { gradcheck, type GradcheckOptions, type GradcheckReport, type GradcheckInputReport } from './gradcheck.js';
