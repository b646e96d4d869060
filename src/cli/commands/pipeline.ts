// grpo pipeline: train GRPO at an uncertainty level (default medium), then run the evaluation
// suite on the final model (every level from the same start states, each kind of uncertainty
// swept alone, baselines, significance tests): tables, <run dir>/pipeline_summary.json, the
// suite's files and report, whose path is printed last.
import { join } from 'node:path';
import { GRPO_FIELDS, resolveTrainConfig, SUITE_NAMES, writeFileAtomic, type SuiteName } from '../../index.js';
import { flag, formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { STATS_HEADER, statsJson, statsRow, table } from '../format.js';
import { EXIT, type Io } from '../io.js';
import { UNCERTAINTY_LEVELS, evalSeedOf, loadModel } from '../model.js';
import { describeSuite, runSuiteJob } from '../suite.js';
import { checkFreshRunDir, freshRunName, runTraining } from '../training.js';
import { UsageError } from '../io.js';

const WHO = 'grpo pipeline';
/** The file the pipeline writes into the run directory. */
export const PIPELINE_SUMMARY = 'pipeline_summary.json';

const PIPELINE_FLAGS = {
  'train-episodes': { default: 500, doc: 'training episodes', min: 1, integer: true, value: 'N' },
  'eval-episodes': { default: 100, doc: 'evaluation episodes per point of the suite (every level, every sweep point)', min: 1, integer: true, value: 'N' },
  'uncertainty-level': flag({ ...GRPO_FIELDS.uncertainty, default: 'medium' }, UNCERTAINTY_LEVELS.join('|'), { doc: 'uncertainty preset of training' }),
  suite: { default: 'full', doc: 'the evaluation suite', value: SUITE_NAMES.join('|') },
  groups: flag(GRPO_FIELDS.groups, 'N'),
  env: flag(GRPO_FIELDS.env, 'ID'),
  seed: flag(GRPO_FIELDS.seed, 'N'),
  'log-dir': flag(GRPO_FIELDS.logDir, 'DIR'),
  'run-name': flag(GRPO_FIELDS.runName, 'NAME', { defaultText: 'pipeline__<env>__<seed>__<time>' }),
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

function isSuiteName(value: string): value is SuiteName {
  return SUITE_NAMES.some((n) => n === value);
}

/** `grpo pipeline`. */
export const pipelineCommand: Command = {
  name: 'pipeline',
  summary: 'train GRPO, then run the full evaluation suite and write its report',
  help() {
    return [
      'Usage: grpo pipeline [--train-episodes N] [--eval-episodes N] [--uncertainty-level L] [--suite quick|full] [--groups N] [--env ID] [--seed N] [--log-dir DIR] [--json]',
      '',
      'Trains GRPO (default settings otherwise) for N episodes at the uncertainty level, then runs the',
      'evaluation suite on the final model (deterministic actions; every uncertainty level from the',
      'same start states, each kind of uncertainty swept alone, a random baseline, significance tests;',
      'see grpo evaluate --help). Prints the tables, writes the summary to',
      `<run dir>/${PIPELINE_SUMMARY} and the suite's files to <run dir>/evaluation_<time>/; the last line is`,
      "the path of the suite's report.html.",
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
    const suite = values.suite;
    if (!isSuiteName(suite)) throw new UsageError(`${WHO}: --suite must be one of ${SUITE_NAMES.join(', ')}, received ${JSON.stringify(suite)}`);
    const logDir = values['log-dir'];
    const config = resolveTrainConfig('grpo', {
      env: values.env,
      episodes: values['train-episodes'],
      totalSteps: 0, // the episode budget alone ends the run
      groups: values.groups,
      uncertainty: values['uncertainty-level'],
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
    const { result: suiteResult, written } = await runSuiteJob({ model, suite, episodes: values['eval-episodes'], seed: evalSeedOf(config.seed), baselinePaths: [] }, io, WHO);
    const evaluations = suiteResult.levels.map((l) => ({ level: l.level, stats: l.results['model']!.stats }));
    const summary = {
      runDir: result.runDir,
      finalModelPath: result.finalModelPath,
      algo: config.algo,
      env: config.env,
      seed: config.seed,
      uncertainty: config.uncertainty,
      training: { ...result.counters, seconds },
      trainingReport: result.reportPath,
      evaluation: { suite, episodes: values['eval-episodes'], seed: evalSeedOf(config.seed), deterministic: true, out: written.out, summary: written.summary },
      levels: Object.fromEntries(evaluations.map((e) => [e.level, statsJson(e.stats)])),
      report: written.report,
    };
    writeFileAtomic(join(result.runDir, PIPELINE_SUMMARY), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
    if (values.json) {
      printJson(io, summary);
      return EXIT.ok;
    }
    const c = result.counters;
    io.stdout.write([
      `GRPO on ${config.env} (uncertainty ${config.uncertainty}): ${c.episodes} training episodes, ${c.globalStep} env steps in ${seconds.toFixed(1)} s`,
      `run directory: ${result.runDir}`,
      '',
      `returns of the final model by uncertainty level (deterministic actions, the same ${values['eval-episodes']} start states):`,
      table(['uncertainty', ...STATS_HEADER], evaluations.map((e) => statsRow(e.level, e.stats))),
      '',
      describeSuite(suiteResult),
      '',
      `summary: ${join(result.runDir, PIPELINE_SUMMARY)}`,
      `training report: ${result.reportPath ?? `not written: ${result.reportError ?? 'disabled'}`}`,
      `suite files: ${written.out}`,
      `report: ${written.report}`,
      '',
    ].join('\n'));
    return EXIT.ok;
  },
};
