// grpo train: any algorithm, config from defaults < --config file < flags; or --resume a run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALGOS, BUDGET_FIELDS, describeCounters, runStatus, TrainingError, type Algo, type Budget, type RunStatus, type TrainResult } from '../../index.js';
import { formatFlags, helpWidth, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { buildConfig, configFlags, configFlagTable, formatConfigFlags } from '../config_flags.js';
import { fmt, fmtInterval } from '../format.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { checkFreshRunDir, checkUnlocked, runTraining } from '../training.js';

const WHO = 'grpo train';

/** The train command's own flags (the config flags come from the field tables). */
const TRAIN_FLAGS = {
  algo: { default: 'grpo', doc: 'algorithm', choices: ALGOS, value: ALGOS.join('|'), defaultText: "grpo, or the --config file's algo" },
  config: { default: '', doc: 'a JSON object of config fields (e.g. {"groups": 8}); flags override it', value: 'FILE.json' },
  resume: { default: '', doc: 'continue the run in DIR from its newest checkpoint, with its saved config (only --total-steps and --episodes may change it)', value: 'DIR' },
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

function isAlgo(value: unknown): value is Algo {
  return ALGOS.some((a) => a === value);
}

/** The --config file as a JSON object; errors name the file. */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${WHO}: --config: cannot read ${JSON.stringify(path)} (${error instanceof Error ? error.message : String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${WHO}: --config ${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${WHO}: --config ${path}: must hold a JSON object of config fields, received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return Object.fromEntries(Object.entries(value));
}

/**
 * Where the run in `runDir` stands (what --resume continues from). A missing directory or one
 * without checkpoints is a UsageError (exit 2); an unreadable checkpoint a TrainingError (exit 1).
 */
function resumeStatus(runDir: string): RunStatus {
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new UsageError(`${WHO}: --resume: no run directory ${JSON.stringify(runDir)}`);
  if (!existsSync(join(runDir, 'models'))) throw new UsageError(`${WHO}: --resume: no models/checkpoint-<n>.safetensors in ${JSON.stringify(runDir)}`);
  try {
    return runStatus(runDir);
  } catch (error) {
    if (error instanceof TrainingError && error.message.startsWith('no models/')) throw new UsageError(`${WHO}: --resume: no models/checkpoint-<n>.safetensors in ${JSON.stringify(runDir)}`);
    throw error;
  }
}

/** The budget flags given with --resume, checked against what the run has done. */
function resumeBudget(status: RunStatus, given: ReadonlyMap<string, unknown>): Budget | undefined {
  const totalSteps = given.get('total-steps');
  const episodes = given.get('episodes');
  if (totalSteps === undefined && episodes === undefined) return undefined;
  const c = status.counters;
  if (typeof totalSteps === 'number' && totalSteps !== 0 && totalSteps < c.globalStep) {
    throw new UsageError(`${WHO}: --total-steps must be 0 or at least the ${c.globalStep} env steps the run has taken, received ${totalSteps}`);
  }
  if (typeof episodes === 'number' && episodes !== 0 && episodes < c.episodes) {
    throw new UsageError(`${WHO}: --episodes must be 0 or at least the ${c.episodes} episodes the run has finished, received ${episodes}`);
  }
  return {
    ...(typeof totalSteps === 'number' ? { totalSteps } : {}),
    ...(typeof episodes === 'number' ? { episodes } : {}),
  };
}

/** The human summary of a finished run (stdout). */
export function describeResult(result: TrainResult, seconds: number): string {
  const c = result.counters;
  const lines = [
    `run directory  ${result.runDir}`,
    `final model    ${result.finalModelPath}`,
    `trained        ${c.iteration} iterations, ${c.globalStep} env steps, ${c.episodes} episodes in ${seconds.toFixed(1)} s${result.interrupted ? ' (stopped early by Ctrl-C)' : ''}`,
  ];
  const e = result.summary.evaluation;
  if (e !== null) {
    lines.push(`evaluation     mean ${fmt(e.mean)}, std ${fmt(e.std)}, 95% CI ${fmtInterval(e.ci95)}, min ${fmt(e.min)}, max ${fmt(e.max)} over ${e.episodes} episodes`);
  }
  lines.push(`report         ${result.reportPath ?? `not written: ${result.reportError ?? 'disabled'} (grpo report ${result.runDir} retries)`}`);
  return lines.join('\n');
}

/** `grpo train`. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a policy (GRPO, PPO, REINFORCE or policy groups); --resume continues a stopped run',
  help() {
    return [
      'Usage: grpo train [--algo grpo|ppo|reinforce|policy-groups] [--config FILE.json] [config flags...]',
      '       grpo train --resume DIR [--total-steps N] [--episodes N]',
      '',
      'Trains a policy and writes the run directory <log-dir>/<run-name>/ (config.json, metrics.jsonl,',
      'training.log, models/, summary.json, and at the end plots/*.svg and report.html). The config is',
      "the algorithm's defaults, overridden by the --config file, overridden by the flags; it is printed",
      'to stderr at the start. On a MuJoCo env (HalfCheetah-v5, Hopper-v5, InvertedPendulum-v5) PPO',
      "starts from CleanRL's continuous-control defaults and GRPO from its MuJoCo preset, under the file",
      "and the flags; --preset trust-region adds GRPO's KL penalty toward the previous policy. Progress",
      'goes to stderr. Ctrl-C stops after the current update and saves a checkpoint (and the report);',
      'Ctrl-C again quits. One process trains into a run directory at a time (its .lock file); --resume',
      'on a finished run says it is complete, and with a larger --total-steps or --episodes continues it.',
      '',
      'Flags:',
      formatFlags(TRAIN_FLAGS, helpWidth({ ...TRAIN_FLAGS, ...configFlagTable() })),
      '',
      formatConfigFlags(helpWidth({ ...TRAIN_FLAGS, ...configFlagTable() })),
      '',
      'Examples:',
      '  grpo train --episodes 500',
      '  grpo train --algo ppo --env Acrobot-v1 --total-steps 200000 --seed 1',
      '  grpo train --algo policy-groups --groups 4 --tasks CartPole-v1:low,CartPole-v1:high',
      '  grpo train --algo ppo --env HalfCheetah-v5',
      '  grpo train --resume logs/CartPole-v1__grpo__0',
      '  grpo train --audit --audit-every 4 --audit-fd 10 --total-steps 5000   # then: grpo audit RUN_DIR --iteration 2',
      '  grpo train --resume logs/CartPole-v1__grpo__0 --total-steps 200000',
    ].join('\n');
  },
  async run(argv, io: Io) {
    const configTable = configFlagTable();
    // `--audit` alone is `--audit true` (a boolean field that reads as a switch).
    const args = argv.flatMap((a, i) => (a === '--audit' && argv[i + 1] !== 'true' && argv[i + 1] !== 'false' ? ['--audit=true'] : [a]));
    const { values, given } = parseFlags({ ...configTable, ...TRAIN_FLAGS }, args, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    const configGiven = [...given.keys()].filter((name) => configFlags().has(name));
    let outcome;
    if (values.resume !== '') {
      const budgetFlags = BUDGET_FIELDS.map((f) => (f === 'totalSteps' ? 'total-steps' : f));
      const extra = [...configGiven.filter((n) => !budgetFlags.includes(n)), ...(['algo', 'config'] as const).filter((n) => given.has(n))];
      if (extra.length > 0) throw new UsageError(`${WHO}: --resume continues with the run's saved config (only --total-steps and --episodes may change); remove ${extra.map((n) => `--${n}`).join(', ')}`);
      const runDir = values.resume;
      checkUnlocked(runDir);
      const status = resumeStatus(runDir);
      const budget = resumeBudget(status, given);
      const unchanged = budget === undefined || ((budget.totalSteps ?? status.config.totalSteps) === status.config.totalSteps && (budget.episodes ?? status.config.episodes) === status.config.episodes);
      if (status.complete && unchanged) {
        const finished = { runDir, complete: true, finalModelPath: status.newest, counters: status.counters, totalSteps: status.config.totalSteps, episodes: status.config.episodes };
        if (values.json) printJson(io, finished);
        else io.stdout.write(`run ${runDir} is complete: ${describeCounters(status.counters)}; final model ${status.newest}\nto train further: grpo train --resume ${runDir} --total-steps N (or --episodes N) with a larger budget\n`);
        return EXIT.ok;
      }
      outcome = await runTraining({ kind: 'resume', runDir, config: status.config, ...(budget ? { budget } : {}) }, io, WHO);
    } else {
      const file = values.config === '' ? null : { path: values.config, values: readConfigFile(values.config) };
      const algo = given.has('algo') ? values.algo : (file?.values['algo'] ?? 'grpo');
      if (!isAlgo(algo)) throw new UsageError(`${WHO}: --config ${values.config}: algo must be one of ${ALGOS.join(', ')}, received ${JSON.stringify(algo)}`);
      const flagValues = new Map(configGiven.map((name) => [name, given.get(name)]));
      const config = buildConfig(algo, file, flagValues, WHO);
      checkFreshRunDir(config, WHO);
      outcome = await runTraining({ kind: 'fresh', config }, io, WHO);
    }
    if (!outcome.ok) return outcome.code;
    const { result, seconds } = outcome;
    if (values.json) printJson(io, { runDir: result.runDir, finalModelPath: result.finalModelPath, reportPath: result.reportPath, reportError: result.reportError, interrupted: result.interrupted, counters: result.counters, seconds, summary: result.summary });
    else io.stdout.write(`${describeResult(result, seconds)}\n`);
    return result.interrupted ? EXIT.interrupted : EXIT.ok;
  },
};
