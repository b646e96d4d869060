// The flag layer: node:util parseArgs for the syntax, config Fields for the types. A flag is a
// Field (default, one-line doc, bounds, choices) plus how it looks on the command line, so flags
// are validated by the same resolveConfig that validates configs, and their help is generated.
import { parseArgs } from 'node:util';
import { resolveConfig, type ConfigOf, type Field } from '../index.js';
import { UsageError } from './io.js';

/** A command-line flag: a config Field plus its command-line face. */
export interface Flag<T> extends Field<T> {
  /** Name of the value in help ('N', 'PATH'); omitted for a switch such as --json. */
  readonly value?: string;
  /** A switch takes no value: present = true. Only for boolean fields. */
  readonly switch?: boolean;
  /** Help text of the default when it is computed at run time (e.g. "the model's level"). */
  readonly defaultText?: string;
  /** A one-letter alias, e.g. 'h' for --help. */
  readonly short?: string;
  /** The flag may be repeated; its values are in `given` as a string list (not in `values`). */
  readonly multiple?: boolean;
}

/** Flags by name (without the leading dashes). */
export type FlagTable = Readonly<Record<string, Flag<unknown>>>;

/** A flag from a field, e.g. `flag(GRPO_FIELDS.seed, 'N')`; `extra` may reword its doc. */
export function flag<T>(field: Field<T>, value: string, extra: Partial<Omit<Flag<T>, 'value' | 'default'>> = {}): Flag<T> {
  return { ...field, value, ...extra };
}

/** A value-less switch such as --json. */
export function switchFlag(doc: string, short?: string): Flag<boolean> {
  return short === undefined ? { default: false, doc, switch: true } : { default: false, doc, switch: true, short };
}

/** The --help switch every command has. */
export const HELP_FLAG = switchFlag('show this help and exit', 'h');

/** The result of {@link parseFlags}: every flag's value (given or default) and the given ones. */
export interface ParsedFlags<F extends FlagTable> {
  readonly values: ConfigOf<F>;
  /** The flags on the command line, by name, with their converted values. */
  readonly given: ReadonlyMap<string, unknown>;
  /** Arguments that are not flags (only when parseFlags was told to allow them). */
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `flags`: unknown flags, missing values, stray arguments, unparsable and
 * out-of-range values all throw a one-line UsageError naming the flag and the value.
 * @param who the command, for messages: 'grpo train'
 * @example parseFlags({ seed: flag(GRPO_FIELDS.seed, 'N') }, ['--seed', '3'], 'grpo x').values.seed === 3
 */
export function parseFlags<F extends FlagTable>(flags: F, argv: readonly string[], who: string, options: { readonly positionals?: boolean } = {}): ParsedFlags<F> {
  const specs: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries(flags)) {
    const type = f.switch ? 'boolean' : 'string';
    specs[name] = { type, ...(f.short === undefined ? {} : { short: f.short }), ...(f.multiple ? { multiple: true } : {}) };
  }
  let raw: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values: raw, positionals } = parseArgs({ args: [...argv], options: specs, strict: true, allowPositionals: options.positionals ?? false }));
  } catch (error) {
    throw new UsageError(`${who}: ${describeParseError(error, Object.keys(flags))}`);
  }
  const converted: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(raw)) {
    const f = flags[name];
    if (f === undefined || text === undefined) continue;
    if (Array.isArray(text)) {
      // A repeatable flag (--baseline A --baseline B): its values as a list of strings.
      converted[name] = text.map(String);
      continue;
    }
    const value = typeof text === 'boolean' ? text : convert(name, f, text, who);
    // Validate each flag alone, keyed by its spelling, so the message says "--groups must be >= 1".
    checkFlag(`--${name}`, f, value, who);
    converted[name] = value;
  }
  const single = Object.fromEntries(Object.entries(converted).filter(([name]) => !flags[name]?.multiple));
  return { values: resolveConfig(flags, single, who), given: new Map(Object.entries(converted)), positionals };
}

/** Throws a UsageError if `value` is not valid for `field` (type, bounds, choices); the message names `spelling`. */
export function checkFlag(spelling: string, field: Field<unknown>, value: unknown, who: string): void {
  try {
    resolveConfig({ [spelling]: field }, { [spelling]: value }, who);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A flag's text as its field's type: number, true/false, comma-separated list, or string. */
export function convert(name: string, field: Field<unknown>, text: string, who: string): unknown {
  const d = field.default;
  if (typeof d === 'number') return toNumber(`--${name}`, text, who);
  if (typeof d === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new UsageError(`${who}: --${name} must be true or false, received ${JSON.stringify(text)}`);
  }
  if (Array.isArray(d)) return text.split(',').map((part, i) => toNumber(`--${name}[${i}]`, part, who));
  return text;
}

function toNumber(spelling: string, text: string, who: string): number {
  // Number('') is 0 and Number(' 1') is 1: reject blanks so a typo never becomes a value.
  const value = text.trim() === text && text !== '' ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new UsageError(`${who}: ${spelling} must be a number, received ${JSON.stringify(text)}`);
  return value;
}

/** parseArgs' multi-line messages, as one line that names the flag (and a near miss for typos). */
function describeParseError(error: unknown, known: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = nearest(option.replace(/^-+/, '').split('=')[0] ?? '', known);
    return `unknown flag ${option}${near === null ? '' : ` (did you mean --${near}?)`}; see --help`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(message)?.[1] ?? message)}; flags look like --name value; see --help`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `${option} takes no value`;
    if (message.includes('ambiguous')) return `${option} needs a value; for a value starting with '-' write ${option}=-1`;
    return `${option} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}

/** The known name closest to `name` by edit distance, if it is close (a likely typo). */
export function nearest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Help lines for a flag table: `  --name VALUE   doc (default x)`, aligned at `width` (default: the longest flag). */
export function formatFlags(flags: FlagTable, width = helpWidth(flags)): string {
  return Object.entries(flags)
    .map(([name, f]) => helpLine(name, f, defaultTextOf(f), width))
    .join('\n');
}

/** The left column of a help line: `  -h, --name VALUE`. */
function helpLeft(name: string, f: Flag<unknown>): string {
  return `  ${f.short === undefined ? '' : `-${f.short}, `}--${name}${f.value === undefined ? '' : ` ${f.value}`}`;
}

/** The width that aligns every flag of `flags`. */
export function helpWidth(flags: FlagTable): number {
  return Math.max(0, ...Object.entries(flags).map(([name, f]) => helpLeft(name, f).length)) + 2;
}

/** One aligned help line. */
export function helpLine(name: string, f: Flag<unknown>, defaultText: string, width: number): string {
  const left = helpLeft(name, f);
  const choices = f.choices !== undefined && f.value !== f.choices.join('|') ? ` (one of ${f.choices.join(', ')})` : '';
  const suffix = defaultText === '' ? '' : ` (default ${defaultText})`;
  return `${left.padEnd(width)}${f.doc}${choices}${suffix}`;
}

/** How a flag's default reads in help ('' for switches and empty strings). */
export function defaultTextOf(f: Flag<unknown>): string {
  if (f.defaultText !== undefined) return f.defaultText;
  if (f.switch) return '';
  return showValue(f.default);
}

/** A value as typed on the command line: 64,64 for lists, '' for the empty string. */
export function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (value === '') return '';
  return String(value);
}
