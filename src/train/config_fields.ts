// Typed, documented configuration fields: each hyperparameter has one home, with its default,
// a one-line doc, and its validation. A config type is derived from its field table.

/** One config field: its default value, a one-line doc, and what values it accepts. */
export interface Field<T> {
  readonly default: T;
  readonly doc: string;
  /** The allowed values, for string fields. */
  readonly choices?: readonly T[];
  /** Inclusive lower bound, for numbers. */
  readonly min?: number;
  /** Inclusive upper bound, for numbers. */
  readonly max?: number;
  /** Whether a number must be an integer. */
  readonly integer?: boolean;
  /** What a string must match, and how to say so in an error. */
  readonly pattern?: { readonly regex: RegExp; readonly expected: string };
}

/** A table of fields. */
export type FieldTable = Readonly<Record<string, Field<unknown>>>;

/** The config object a field table describes. */
export type ConfigOf<F extends FieldTable> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** A number field. */
export function num(defaultValue: number, doc: string, bounds: { min?: number; max?: number; integer?: boolean } = {}): Field<number> {
  return { default: defaultValue, doc, ...bounds };
}

/** An integer field (>= min, default 0). */
export function int(defaultValue: number, doc: string, min = 0): Field<number> {
  return { default: defaultValue, doc, min, integer: true };
}

/** A string field restricted to `choices`. */
export function choice<T extends string>(defaultValue: T, doc: string, choices: readonly T[]): Field<T> {
  return { default: defaultValue, doc, choices };
}

/** A free string field (matching `pattern`, when given). */
export function str(defaultValue: string, doc: string, pattern?: Field<string>['pattern']): Field<string> {
  return pattern === undefined ? { default: defaultValue, doc } : { default: defaultValue, doc, pattern };
}

/** A boolean field. */
export function bool(defaultValue: boolean, doc: string): Field<boolean> {
  return { default: defaultValue, doc };
}

/** A list of positive integers (e.g. hidden layer sizes). */
export function intList(defaultValue: number[], doc: string): Field<number[]> {
  return { default: defaultValue, doc, min: 1, integer: true };
}

/** The defaults of a field table, as a config. */
export function defaultsOf<F extends FieldTable>(fields: F): ConfigOf<F> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) out[k] = Array.isArray(f.default) ? f.default.slice() : f.default;
  return out as ConfigOf<F>;
}

function describe(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function checkNumber(where: string, f: Field<unknown>, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${where} must be a finite number, received ${describe(v)}`);
  if (f.integer && !Number.isInteger(v)) throw new TypeError(`${where} must be an integer, received ${describe(v)}`);
  if (f.min !== undefined && v < f.min) throw new RangeError(`${where} must be >= ${f.min}, received ${describe(v)}`);
  if (f.max !== undefined && v > f.max) throw new RangeError(`${where} must be <= ${f.max}, received ${describe(v)}`);
}

/**
 * A full config from defaults overridden by `values`: every key must be a known field and every
 * value of the field's type and range. Errors name the field, what it accepts and what it got.
 * @param who the config's name in error messages, e.g. 'grpo config'
 */
export function resolveConfig<F extends FieldTable>(fields: F, values: Readonly<Record<string, unknown>>, who: string): ConfigOf<F> {
  const out: Record<string, unknown> = defaultsOf(fields);
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const f = fields[key];
    if (f === undefined) throw new RangeError(`${who}: unknown field '${key}'; known fields: ${Object.keys(fields).join(', ')}`);
    const where = `${who}: ${key}`;
    const d = f.default;
    if (typeof d === 'number') checkNumber(where, f, value);
    else if (typeof d === 'boolean') {
      if (typeof value !== 'boolean') throw new TypeError(`${where} must be true or false, received ${describe(value)}`);
    } else if (typeof d === 'string') {
      if (typeof value !== 'string') throw new TypeError(`${where} must be a string, received ${describe(value)}`);
      if (f.choices && !f.choices.includes(value)) throw new RangeError(`${where} must be one of ${f.choices.join(', ')}, received ${describe(value)}`);
      if (f.pattern && !f.pattern.regex.test(value)) throw new RangeError(`${where} must be ${f.pattern.expected}, received ${describe(value)}`);
    } else if (Array.isArray(d)) {
      if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${where} must be a non-empty list of numbers, received ${describe(value)}`);
      value.forEach((v, i) => checkNumber(`${where}[${i}]`, f, v));
    }
    out[key] = Array.isArray(value) ? value.slice() : value;
  }
  return out as ConfigOf<F>;
}

/** The config as aligned `key = value  # doc` lines, printed at the start of a run. */
export function formatConfig<F extends FieldTable>(fields: F, config: ConfigOf<F>): string {
  const keys = Object.keys(fields);
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `  ${k.padEnd(width)} = ${describe(config[k])}  # ${fields[k]!.doc}`).join('\n');
}
