// What every optimiser shares: named parameters, a learning rate, and inspectable,
// serialisable per-parameter state (so a resumed run continues bit for bit).
import type { Tensor } from '../../autograd/index.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { zeroGradOf, type ZeroGradOptions } from '../module.js';

/** Parameters to optimise: tensors (named `0`, `1`, ...) or `[name, tensor]` pairs from `namedParameters()`. */
export type ParamList = readonly Tensor[] | ReadonlyArray<readonly [string, Tensor]>;

/** The state of one parameter: how many updates it has had and its buffers (same length as the parameter). */
export interface ParamState {
  readonly step: number;
  readonly buffers: Readonly<Record<string, TypedArray>>;
}

/**
 * An optimiser's complete state, plain data: its kind, its hyperparameters, and per-parameter
 * state keyed by parameter name. `checkpoint.ts` stores it in a safetensors file.
 */
export interface OptimizerState {
  readonly kind: string;
  readonly hyperparameters: Readonly<Record<string, number | boolean>>;
  readonly params: Readonly<Record<string, ParamState>>;
}

function isPair(item: Tensor | readonly [string, Tensor]): item is readonly [string, Tensor] {
  return Array.isArray(item);
}

/** Names parameters given as a list (`'0'`, `'1'`, ...) or keeps the given names; checks uniqueness. */
function nameParams(params: ParamList, who: string): Array<[string, Tensor]> {
  const named: Array<[string, Tensor]> = [];
  params.forEach((item: Tensor | readonly [string, Tensor], i: number) => {
    if (isPair(item)) named.push([item[0], item[1]]);
    else named.push([String(i), item]);
  });
  const seen = new Set<string>();
  const tensors = new Set<Tensor>();
  for (const [name, p] of named) {
    if (seen.has(name)) throw new RangeError(`${who}: parameter name '${name}' appears twice`);
    if (tensors.has(p)) throw new RangeError(`${who}: parameter '${name}' appears twice (the same tensor)`);
    if (!p.isDense()) throw new RangeError(`${who}: parameter '${name}' must be a dense tensor (a leaf with its own storage)`);
    seen.add(name);
    tensors.add(p);
  }
  return named;
}

/** The gradient values of `p` as a flat array aligned with `p.data` (no copy when dense, the usual case). */
export function gradValues(p: Tensor): TypedArray | null {
  const g = p.grad;
  if (g === null) return null;
  if (g.size !== p.size) throw new RangeError(`optimizer: gradient of shape [${g.shape.join(', ')}] for a parameter of shape [${p.shape.join(', ')}]`);
  return g.isDense() ? g.data : g.toTypedArray();
}

/** The base class: owns the parameter list and the learning rate; subclasses implement the update. */
export abstract class Optimizer {
  /** The parameters with their names, in order. */
  readonly namedParams: ReadonlyArray<readonly [string, Tensor]>;
  /** The learning rate of the next step; set it from a schedule before each step. */
  lr: number;

  constructor(params: ParamList, lr: number, who: string) {
    if (!(Number.isFinite(lr) && lr >= 0)) throw new RangeError(`${who}: lr must be a finite number >= 0, received ${lr}`);
    this.namedParams = nameParams(params, who);
    this.lr = lr;
  }

  /** Applies one update to every parameter that has a gradient (parameters with `grad === null` are skipped). */
  abstract step(): void;

  /** A deep copy of the optimiser's state (see {@link OptimizerState}). */
  abstract state(): OptimizerState;

  /** Restores a state from {@link Optimizer.state} (values are copied); checks kind, names and sizes. */
  abstract loadState(state: OptimizerState): void;

  /** Clears the gradients of the parameters (see {@link ZeroGradOptions}). */
  zeroGrad(options: ZeroGradOptions = {}): void {
    zeroGradOf(this.namedParams.map(([, p]) => p), options);
  }

  /** Checks that `state` is of `kind` and names exactly this optimiser's parameters, with buffers of the right sizes. */
  protected checkState(state: OptimizerState, kind: string, bufferNames: readonly string[]): void {
    const who = `${this.constructor.name}.loadState`;
    if (state.kind !== kind) throw new TypeError(`${who}: state is of kind '${state.kind}', expected '${kind}'`);
    const names = new Set(this.namedParams.map(([n]) => n));
    const given = Object.keys(state.params);
    const missing = [...names].filter((n) => !given.includes(n));
    const unexpected = given.filter((n) => !names.has(n));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new RangeError(
        `${who}: parameter names do not match` +
          (missing.length > 0 ? `; missing from the state: ${missing.join(', ')}` : '') +
          (unexpected.length > 0 ? `; not in the optimiser: ${unexpected.join(', ')}` : ''),
      );
    }
    for (const [name, p] of this.namedParams) {
      const s = state.params[name]!;
      if (!(Number.isInteger(s.step) && s.step >= 0)) throw new RangeError(`${who}: '${name}' has step ${s.step}, expected an integer >= 0`);
      for (const [buffer, values] of Object.entries(s.buffers)) {
        if (!bufferNames.includes(buffer)) throw new RangeError(`${who}: '${name}' has an unknown buffer '${buffer}' (expected ${bufferNames.join(', ')})`);
        if (values.length !== p.size) {
          throw new RangeError(`${who}: buffer '${buffer}' of '${name}' has ${values.length} values, but the parameter of shape [${p.shape.join(', ')}] has ${p.size}`);
        }
      }
    }
  }
}

/** Reads a numeric hyperparameter from a state, checking its type. */
export function hyperNumber(state: OptimizerState, key: string, who: string): number {
  const v = state.hyperparameters[key];
  if (typeof v !== 'number') throw new TypeError(`${who}: hyperparameter '${key}' must be a number, received ${JSON.stringify(v)}`);
  return v;
}

/** Reads a boolean hyperparameter from a state, checking its type. */
export function hyperBoolean(state: OptimizerState, key: string, who: string): boolean {
  const v = state.hyperparameters[key];
  if (typeof v !== 'boolean') throw new TypeError(`${who}: hyperparameter '${key}' must be a boolean, received ${JSON.stringify(v)}`);
  return v;
}

/** A copy of `values` in a fresh array of the parameter's dtype. */
export function copyBuffer(p: Tensor, values: ArrayLike<number>): TypedArray {
  const out = p.dtype === 'float64' ? new Float64Array(p.size) : new Float32Array(p.size);
  out.set(values);
  return out;
}
