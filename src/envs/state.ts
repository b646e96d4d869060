// Snapshots of environment state (getState/setState) and their validation on restore.
import { type RngState } from '../tensor/rng.js';
import { describeValue } from './format.js';

/**
 * A JSON-serialisable snapshot of an environment: `kind` names the layer (an env id or a wrapper name),
 * `data` is that layer's own state, and `inner` the state of the environment it wraps.
 * Wrappers compose: `make('CartPole-v1').getState()` is `{kind: 'TimeLimit', data, inner: {kind: 'CartPole-v1', ...}}`.
 */
export interface EnvState {
  readonly kind: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly inner?: EnvState;
}

/** Checks that a snapshot belongs to the layer `kind` and returns it; `owner` names the caller in errors. */
export function expectState(state: unknown, kind: string, owner: string): EnvState {
  if (!isRecord(state) || typeof state['kind'] !== 'string' || !isRecord(state['data'])) {
    throw new TypeError(`${owner}.setState: expected a state {kind, data, inner?} from getState(), received ${describeValue(state)}`);
  }
  if (state['kind'] !== kind) {
    throw new TypeError(`${owner}.setState: expected a state of kind ${JSON.stringify(kind)}, received kind ${JSON.stringify(state['kind'])}`);
  }
  const inner = state['inner'];
  return inner === undefined ? { kind, data: state['data'] } : { kind, data: state['data'], inner: expectAnyState(inner, owner) };
}

/** Checks that `state` is a snapshot of any kind, and returns it. */
export function expectAnyState(state: unknown, owner: string): EnvState {
  if (!isRecord(state) || typeof state['kind'] !== 'string') {
    throw new TypeError(`${owner}.setState: expected an inner state {kind, data}, received ${describeValue(state)}`);
  }
  return expectState(state, state['kind'], owner);
}

/** The inner state of a wrapper's snapshot, or an error naming the wrapper. */
export function innerState(state: EnvState, owner: string): EnvState {
  if (state.inner === undefined) throw new TypeError(`${owner}.setState: the state of kind ${JSON.stringify(state.kind)} has no inner state`);
  return state.inner;
}

/** Narrowing for plain objects. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads typed fields from a snapshot's `data`, failing with the owner, the field and the received value. */
export class StateReader {
  constructor(
    private readonly owner: string,
    private readonly data: Readonly<Record<string, unknown>>,
  ) {}

  private fail(key: string, expected: string): never {
    throw new TypeError(`${this.owner}.setState: field ${JSON.stringify(key)} must be ${expected}, received ${describeValue(this.data[key])}`);
  }

  /** The number at `key`. */
  number(key: string): number {
    const v = this.data[key];
    return typeof v === 'number' ? v : this.fail(key, 'a number');
  }

  /** The integer at `key`. */
  integer(key: string): number {
    const v = this.data[key];
    return typeof v === 'number' && Number.isInteger(v) ? v : this.fail(key, 'an integer');
  }

  /** The boolean at `key`. */
  boolean(key: string): boolean {
    const v = this.data[key];
    return typeof v === 'boolean' ? v : this.fail(key, 'a boolean');
  }

  /** The string at `key`. */
  string(key: string): string {
    const v = this.data[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  /** An array of numbers, of `length` when given. */
  numbers(key: string, length?: number): number[] {
    const v = this.data[key];
    const expected = length === undefined ? 'an array of numbers' : `an array of ${length} numbers`;
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) this.fail(key, expected);
    const out: number[] = [];
    for (const e of v) {
      if (typeof e !== 'number') this.fail(key, expected);
      out.push(e);
    }
    return out;
  }

  /** A record of numbers with exactly the keys of `template`. */
  numberRecord<T extends Record<string, number>>(key: string, template: T): T {
    const v = this.data[key];
    const keys = Object.keys(template);
    const expected = `an object with numeric fields ${keys.join(', ')}`;
    if (!isRecord(v)) this.fail(key, expected);
    const out = { ...template };
    for (const k of keys) {
      const e = v[k];
      if (typeof e !== 'number') this.fail(key, expected);
      Object.assign(out, { [k]: e });
    }
    return out;
  }

  /** An {@link RngState}. */
  rng(key: string): RngState {
    const v = this.data[key];
    const expected = 'an Rng state {path, alea: {c, s0, s1, s2}, spareNormal}';
    if (!isRecord(v) || typeof v['path'] !== 'string' || !isRecord(v['alea'])) this.fail(key, expected);
    const alea = v['alea'];
    const spare = v['spareNormal'];
    const { c, s0, s1, s2 } = alea;
    if (typeof c !== 'number' || typeof s0 !== 'number' || typeof s1 !== 'number' || typeof s2 !== 'number') this.fail(key, expected);
    if (spare !== null && typeof spare !== 'number') this.fail(key, expected);
    return { path: v['path'], alea: { c, s0, s1, s2 }, spareNormal: spare };
  }

  /** The raw value of a field, for nested snapshots. */
  raw(key: string): unknown {
    return this.data[key];
  }
}
