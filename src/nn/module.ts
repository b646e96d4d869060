// Module: a tree of named parameters and submodules, with stable dotted names
// (`layers.0.weight`), as in PyTorch, so checkpoints and audit logs name the same things.
import { Tensor } from '../autograd/index.js';
import type { TensorRecord } from './safetensors.js';

/** Options of {@link Module.zeroGrad}. */
export interface ZeroGradOptions {
  /**
   * true (default, PyTorch's `set_to_none`): drop each `.grad` (a parameter the next loss does not
   * reach then has no gradient, and optimisers skip it). false: fill the existing buffers with 0,
   * so the next backward accumulates into them without allocating.
   */
  readonly setToNull?: boolean;
}

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Prefix of this module's names in `records` (e.g. `'policy'` for `policy.layers.0.weight`). */
  readonly prefix?: string;
  /** Throw on parameters missing from `records` and on records under the prefix that no parameter takes (default true). */
  readonly strict?: boolean;
  /** Where the records came from, for error messages (e.g. the checkpoint path). */
  readonly source?: string;
}

function checkName(kind: string, name: string): void {
  if (name.length === 0 || name.includes('.') || name === '__proto__') {
    throw new RangeError(`Module: ${kind} name must be non-empty, contain no '.' and not be '__proto__', received ${JSON.stringify(name)}`);
  }
}

/** Joins a prefix and a name with a dot (no leading dot for an empty prefix). */
export function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** The row-major values of a tensor as a record for a checkpoint (a copy). */
export function tensorToRecord(t: Tensor): TensorRecord {
  const values = t.toTypedArray();
  const shape = t.shape.slice();
  return values instanceof Float64Array ? { dtype: 'F64', shape, data: values } : { dtype: 'F32', shape, data: values };
}

/**
 * Copies a record's values into a parameter in place (optimisers keep references to parameters,
 * so loading must not replace them). F32 and F64 records load into either dtype.
 */
export function copyRecordInto(target: Tensor, record: TensorRecord, name: string, source = 'loadStateDict'): void {
  const same = record.shape.length === target.shape.length && record.shape.every((d, i) => d === target.shape[i]);
  if (!same) {
    throw new RangeError(`${source}: '${name}' has shape [${record.shape.join(', ')}] in the checkpoint but [${target.shape.join(', ')}] in the module`);
  }
  if (record.dtype !== 'F32' && record.dtype !== 'F64') {
    throw new TypeError(`${source}: '${name}' has dtype ${record.dtype} in the checkpoint, expected F32 or F64`);
  }
  if (!target.isDense()) throw new Error(`${source}: parameter '${name}' is not a dense tensor, cannot load into it`);
  target.data.set(record.data);
}

/**
 * The base of every layer: registers parameters and submodules under stable names.
 *
 * Subclasses call {@link Module.registerParameter} and {@link Module.registerModule} in their
 * constructor, in a fixed order: that order is the order of `parameters()`, of optimiser state
 * and of checkpoints.
 * @example
 * class Affine extends Module {
 *   readonly w = this.registerParameter('w', zeros([3]));
 *   forward(x: Tensor) { return x.mul(this.w); }
 * }
 */
export abstract class Module {
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly childModules = new Map<string, Module>();

  /** The module's computation. Input and output shapes are documented by each subclass. */
  abstract forward(x: Tensor): Tensor;

  /** Registers `value` as a trainable parameter named `name` (sets `requiresGrad`); returns it. */
  protected registerParameter(name: string, value: Tensor): Tensor {
    checkName('parameter', name);
    this.checkFree(name);
    if (!value.isDense()) throw new RangeError(`Module: parameter '${name}' must be a dense tensor (a leaf with its own storage)`);
    value.requiresGrad = true;
    this.ownParameters.set(name, value);
    return value;
  }

  /**
   * Registers `value` as a buffer named `name`: state that is saved and loaded with the parameters
   * (PyTorch's `register_buffer`, e.g. running statistics) but is not trained: no gradient, not in
   * `parameters()`, so no optimiser sees it. Returns it.
   */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    checkName('buffer', name);
    this.checkFree(name);
    if (!value.isDense()) throw new RangeError(`Module: buffer '${name}' must be a dense tensor (a leaf with its own storage)`);
    value.requiresGrad = false;
    this.ownBuffers.set(name, value);
    return value;
  }

  private checkFree(name: string): void {
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.childModules.has(name)) throw new RangeError(`Module: name '${name}' is already registered`);
  }

  /** Registers a submodule named `name`; its parameters appear as `name.<their names>`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    checkName('module', name);
    this.checkFree(name);
    this.childModules.set(name, module);
    return module;
  }

  /** The direct submodules, with their names, in registration order. */
  namedChildren(): Array<[string, Module]> {
    return [...this.childModules];
  }

  /**
   * Every parameter with its dotted name, depth-first in registration order, e.g.
   * `[['layers.0.weight', W0], ['layers.0.bias', b0], ...]`. A parameter shared by two
   * submodules is listed once, under its first name.
   * @param prefix prepended with a dot, e.g. `'policy'` gives `policy.layers.0.weight`
   */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    const walk = (module: Module, path: string) => {
      for (const [name, p] of module.ownParameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([joinName(path, name), p]);
      }
      for (const [name, child] of module.childModules) walk(child, joinName(path, name));
    };
    walk(this, prefix);
    return out;
  }

  /** Every buffer with its dotted name, depth-first in registration order (as {@link Module.namedParameters}). */
  namedBuffers(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const walk = (module: Module, path: string) => {
      for (const [name, b] of module.ownBuffers) out.push([joinName(path, name), b]);
      for (const [name, child] of module.childModules) walk(child, joinName(path, name));
    };
    walk(this, prefix);
    return out;
  }

  /** Every parameter, then every buffer: what a state dict holds. */
  private namedState(prefix: string): Array<[string, Tensor]> {
    return [...this.namedParameters(prefix), ...this.namedBuffers(prefix)];
  }

  /** Every parameter, in the order of {@link Module.namedParameters}. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** The total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Clears the gradients of every parameter (see {@link ZeroGradOptions}). */
  zeroGrad(options: ZeroGradOptions = {}): void {
    zeroGradOf(this.parameters(), options);
  }

  /** A copy of every parameter and buffer as checkpoint records, keyed by dotted name (with `prefix`). */
  stateDict(prefix = ''): Record<string, TensorRecord> {
    const out: Record<string, TensorRecord> = {};
    for (const [name, p] of this.namedState(prefix)) out[name] = tensorToRecord(p);
    return out;
  }

  /**
   * Copies parameter and buffer values from checkpoint records into this module, in place.
   * Checks every shape (naming both) and, when strict, that the names match exactly.
   */
  loadStateDict(records: Readonly<Record<string, TensorRecord>>, options: LoadStateDictOptions = {}): void {
    const prefix = options.prefix ?? '';
    const source = options.source ?? 'loadStateDict';
    const named = this.namedState(prefix);
    if (options.strict ?? true) {
      const missing = named.filter(([name]) => !(name in records)).map(([name]) => name);
      const wanted = new Set(named.map(([name]) => name));
      const under = prefix === '' ? Object.keys(records) : Object.keys(records).filter((k) => k.startsWith(`${prefix}.`));
      const unexpected = under.filter((k) => !wanted.has(k));
      if (missing.length > 0 || unexpected.length > 0) {
        throw new RangeError(
          `${source}: parameter names do not match` +
            (missing.length > 0 ? `; missing from the checkpoint: ${missing.join(', ')}` : '') +
            (unexpected.length > 0 ? `; not in the module: ${unexpected.join(', ')}` : ''),
        );
      }
    }
    // Check every shape before copying anything, so a mismatch leaves the module unchanged.
    for (const [name, p] of named) {
      const record = records[name];
      if (record !== undefined && !(record.shape.length === p.shape.length && record.shape.every((d, i) => d === p.shape[i]))) {
        throw new RangeError(`${source}: '${name}' has shape [${record.shape.join(', ')}] in the checkpoint but [${p.shape.join(', ')}] in the module`);
      }
    }
    for (const [name, p] of named) {
      const record = records[name];
      if (record !== undefined) copyRecordInto(p, record, name, source);
    }
  }
}

/** Clears the gradients of `params` (see {@link ZeroGradOptions}). */
export function zeroGradOf(params: readonly Tensor[], options: ZeroGradOptions = {}): void {
  const setToNull = options.setToNull ?? true;
  for (const p of params) {
    if (setToNull || p.grad === null || !p.grad.isDense()) p.grad = null;
    else p.grad.data.fill(0);
  }
}
