// Config flags, generated from the algorithms' field tables: every config field is a flag
// (totalSteps -> --total-steps), so defaults, docs and bounds have one home (src/grpo/config.ts).
import { ALGOS, fieldsOf, resolveConfig, resolveTrainConfig, type Algo, type Field, type FieldTable, type TrainConfig } from '../index.js';
import { checkFlag, defaultTextOf, helpLine, helpWidth, showValue, type Flag, type FlagTable } from './args.js';
import { UsageError } from './io.js';

/** Flag names that are not the kebab-case of their field (the spelling). */
const RENAMED: Readonly<Record<string, string>> = { uncertainty: 'uncertainty-level' };

/** Value names in help for fields whose type alone says too little. */
const VALUE_NAMES: Readonly<Record<string, string>> = { env: 'ID', logDir: 'DIR', runName: 'NAME' };

/** The flag name of a config field: totalSteps -> total-steps, uncertainty -> uncertainty-level. */
export function flagNameOf(key: string): string {
  return RENAMED[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** How a field's value is written in help: N, X, N,N, true|false, or its choices. */
export function valueNameOf(key: string, field: Field<unknown>): string {
  const named = VALUE_NAMES[key];
  if (named !== undefined) return named;
  const d = field.default;
  if (field.choices !== undefined) return field.choices.join('|');
  if (typeof d === 'number') return field.integer ? 'N' : 'X';
  if (typeof d === 'boolean') return 'true|false';
  if (Array.isArray(d)) return 'N,N';
  return 'S';
}

/** The field `key` of `algo`'s config, if it has one. */
export function fieldOf(algo: Algo, key: string): Field<unknown> | undefined {
  const table: FieldTable = fieldsOf(algo);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** One config flag: the field key it sets, and the algorithms that have that field. */
export interface ConfigFlag {
  readonly key: string;
  readonly algos: readonly Algo[];
  readonly flag: Flag<unknown>;
}

/** Every config field of every algorithm ('algo' excepted: it is --algo), by flag name. */
export function configFlags(): ReadonlyMap<string, ConfigFlag> {
  const out = new Map<string, ConfigFlag>();
  for (const algo of ALGOS) {
    for (const [key, field] of Object.entries(fieldsOf(algo))) {
      if (key === 'algo') continue;
      const name = flagNameOf(key);
      const seen = out.get(name);
      out.set(name, { key, algos: [...(seen?.algos ?? []), algo], flag: seen?.flag ?? { ...field, value: valueNameOf(key, field) } });
    }
  }
  return out;
}

/** The config flags as a FlagTable (for parsing; their values are checked per algorithm later). */
export function configFlagTable(): FlagTable {
  return Object.fromEntries([...configFlags()].map(([name, c]) => [name, c.flag]));
}

/**
 * The config of a train command: the defaults of `algo`'s table, overridden by the --config
 * file's fields, overridden by the flags. Flags of fields `algo` lacks (e.g. --groups with
 * --algo ppo) and invalid values throw a UsageError naming the flag or the file.
 * @param flagValues values of the config flags that were given, by flag name
 */
export function buildConfig(algo: Algo, file: { path: string; values: Readonly<Record<string, unknown>> } | null, flagValues: ReadonlyMap<string, unknown>, who: string): TrainConfig {
  const fields = fieldsOf(algo);
  const all = configFlags();
  const fromFlags: Record<string, unknown> = {};
  for (const [name, value] of flagValues) {
    const c = all.get(name);
    if (c === undefined) continue;
    const field = fieldOf(algo, c.key);
    if (field === undefined) throw new UsageError(`${who}: --${name} does not apply to --algo ${algo} (it is a setting of ${c.algos.join(', ')})`);
    checkFlag(`--${name}`, field, value, who);
    fromFlags[c.key] = value;
  }
  const fromFile = file?.values ?? {};
  try {
    // The file alone first, so its errors name the file rather than a flag.
    if (file !== null) resolveConfig(fields, { ...fromFile, algo }, `${who}: --config ${file.path}`);
    // The env's preset (the MuJoCo defaults) and GRPO's named preset apply under the file and the flags.
    return resolveTrainConfig(algo, { ...fromFile, ...fromFlags, algo }, `${who}: ${algo} config`);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Help of the config flags: settings every algorithm shares (same doc), then each algorithm's
 * own, with each algorithm's default where they differ.
 */
export function formatConfigFlags(width = helpWidth(configFlagTable())): string {
  const all = [...configFlags()];
  const docOf = (algo: Algo, key: string): string | undefined => fieldOf(algo, key)?.doc;
  const defaultOf = (algo: Algo, key: string): unknown => fieldOf(algo, key)?.default;
  const shared = all.filter(([, c]) => c.algos.length === ALGOS.length && new Set(ALGOS.map((a) => docOf(a, c.key))).size === 1);
  const sharedNames = new Set(shared.map(([name]) => name));
  const lines = ['Settings of every algorithm (config fields; defaults from the field tables):'];
  for (const [name, c] of shared) {
    const defaults = ALGOS.map((a) => showValue(defaultOf(a, c.key)));
    const text = new Set(defaults).size === 1 ? defaultTextOf(c.flag) : ALGOS.map((a, i) => `${a} ${defaults[i]}`).join(', ');
    lines.push(helpLine(name, c.flag, text, width));
  }
  for (const algo of ALGOS) {
    lines.push('', `${algo.toUpperCase()} settings (--algo ${algo}):`);
    for (const [name, c] of all) {
      if (sharedNames.has(name) || !c.algos.includes(algo)) continue;
      const doc = docOf(algo, c.key) ?? c.flag.doc;
      lines.push(helpLine(name, { ...c.flag, doc }, showValue(defaultOf(algo, c.key)), width));
    }
  }
  return lines.join('\n');
}
