// grpo pipeline: train GRPO, then evaluate the final model at every uncertainty level (the same
// start states at each level), one table and <run dir>/pipeline_summary.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRPO_FIELDS, resolveTrainConfig, type ReturnStats } from '../../index.js';
import { flag, formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { STATS_HEADER, statsJson, statsRow, table } from '../format.js';
import { EXIT, type Io } from '../io.js';
import { UNCERTAINTY_LEVELS, evalSeedOf, evaluate, loadModel } from '../model.js';
import { checkFreshRunDir, freshRunName, runTraining } from '../training.js';

const WHO = 'grpo pipeline';
/** The file the pipeline writes into the run directory. */
export const PIPELINE_SUMMARY = 'pipeline_summary.json';

const PIPELINE_FLAGS = {
  'train-episodes': { default: 500, doc: 'training episodes', min: 1, integer: true, value: 'N' },
  'eval-episodes': { default: 100, doc: 'evaluation episodes per uncertainty level', min: 1, integer: true, value: 'N' },
  groups: flag(GRPO_FIELDS.groups, 'N'),
  env: flag(GRPO_FIELDS.env, 'ID'),
  seed: flag(GRPO_FIELDS.seed, 'N'),
  'log-dir': flag(GRPO_FIELDS.logDir, 'DIR'),
  'run-name': flag(GRPO_FIELDS.runName, 'NAME', { defaultText: 'pipeline__<env>__<seed>__<time>' }),
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** `grpo pipeline`. */
export const pipelineCommand: Command = {
  name: 'pipeline',
  summary: 'train GRPO, then evaluate at every uncertainty level (none, low, medium, high): one table',
  help() {
    return [
      'Usage: grpo pipeline [--train-episodes N] [--eval-episodes N] [--groups N] [--env ID] [--seed N] [--log-dir DIR] [--json]',
      '',
      'Trains GRPO (default settings otherwise, no uncertainty) for N episodes, then evaluates the',
      'final model with deterministic actions at each uncertainty level from the same start states,',
      `prints one table and writes it to <run dir>/${PIPELINE_SUMMARY}.`,
      '',
      'Flags:',
      formatFlags(PIPELINE_FLAGS),
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values } = parseFlags(PIPELINE_FLAGS, argv, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    const logDir = values['log-dir'];
    const config = resolveTrainConfig('grpo', {
      env: values.env,
      episodes: values['train-episodes'],
      totalSteps: 0, // the episode budget alone ends the run
      groups: values.groups,
      seed: values.seed,
      logDir,
      runName: values['run-name'] !== '' ? values['run-name'] : freshRunName(logDir, `pipeline__${values.env}__${values.seed}`, io.now()),
      evalEpisodes: 0, // evaluated below at every level
    }, 'grpo config');
    checkFreshRunDir(config, WHO);
    const outcome = await runTraining({ kind: 'fresh', config }, io, WHO);
    if (!outcome.ok) return outcome.code;
    const { result, seconds } = outcome;
    if (result.interrupted) return EXIT.interrupted;
    const model = await loadModel(result.finalModelPath);
    const levels = UNCERTAINTY_LEVELS;
    const evaluations: Array<{ level: (typeof levels)[number]; stats: ReturnStats }> = [];
    for (const level of levels) {
      io.stderr.write(`evaluating at uncertainty ${level} (${values['eval-episodes']} episodes)\n`);
      const spec = { episodes: values['eval-episodes'], uncertainty: level, seed: evalSeedOf(config.seed) };
      evaluations.push({ level, stats: evaluate(model.policy, config.env, spec).stats });
    }
    const summary = {
      runDir: result.runDir,
      finalModelPath: result.finalModelPath,
      algo: config.algo,
      env: config.env,
      seed: config.seed,
      training: { ...result.counters, seconds },
      evaluation: { episodes: values['eval-episodes'], seed: evalSeedOf(config.seed), deterministic: true },
      levels: Object.fromEntries(evaluations.map((e) => [e.level, statsJson(e.stats)])),
    };
    writeFileSync(join(result.runDir, PIPELINE_SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
    if (values.json) {
      printJson(io, summary);
      return EXIT.ok;
    }
    const c = result.counters;
    io.stdout.write([
      `GRPO on ${config.env}: ${c.episodes} training episodes, ${c.globalStep} env steps in ${seconds.toFixed(1)} s`,
      `run directory: ${result.runDir}`,
      '',
      `returns of the final model by uncertainty level (deterministic actions, the same ${values['eval-episodes']} start states):`,
      table(['uncertainty', ...STATS_HEADER], evaluations.map((e) => statsRow(e.level, e.stats))),
      '',
      `summary: ${join(result.runDir, PIPELINE_SUMMARY)}`,
      '',
    ].join('\n'));
    return EXIT.ok;
  },
};
