// grpo demo: the first thing a new user runs. GRPO on CartPole with a small budget, its learning
// curve, then the trained policy evaluated, in a few seconds.
import { GRPO_FIELDS, resolveConfig } from '../../index.js';
import { flag, formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { curveLine, STATS_HEADER, statsJson, statsRow, table } from '../format.js';
import { EXIT, type Io } from '../io.js';
import { UNCERTAINTY_LEVELS, evalSeedOf, evaluate, loadModel } from '../model.js';
import { freshRunName, runTraining } from '../training.js';

const WHO = 'grpo demo';
/** Evaluation episodes of each policy (as `grpo evaluate`'s default). */
const DEMO_EVAL_EPISODES = 100;

const DEMO_FLAGS = {
  // NOTE: 600 episodes (19 iterations, about 10 s) take CartPole from ~20 to ~500 under medium
  // uncertainty; 50 (two iterations) finish in a second but show no learning (evaluation ~36).
  episodes: { default: 600, doc: 'training episodes', min: 1, integer: true, value: 'N' },
  'uncertainty-level': flag({ ...GRPO_FIELDS.uncertainty, default: 'medium' }, UNCERTAINTY_LEVELS.join('|'), { doc: 'uncertainty preset of training and evaluation' }),
  seed: flag(GRPO_FIELDS.seed, 'N'),
  'log-dir': flag(GRPO_FIELDS.logDir, 'DIR'),
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** `grpo demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'a quick GRPO run on CartPole and its evaluation (a few seconds): start here',
  help() {
    return [
      'Usage: grpo demo [--episodes N] [--uncertainty-level L] [--seed N] [--log-dir DIR] [--json]',
      '',
      'Trains GRPO (default settings) on CartPole-v1 for N episodes (whole iterations of groups x',
      `group-size episodes), prints the mean training return by iteration, then evaluates the trained`,
      `policy over ${DEMO_EVAL_EPISODES} episodes. The run directory is <log-dir>/demo__CartPole-v1__<seed>__<time>/.`,
      '',
      'Flags:',
      formatFlags(DEMO_FLAGS),
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values } = parseFlags(DEMO_FLAGS, argv, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    const env = GRPO_FIELDS.env.default;
    const config = resolveConfig(GRPO_FIELDS, {
      env,
      episodes: values.episodes,
      totalSteps: 0, // the episode budget alone ends the run
      uncertainty: values['uncertainty-level'],
      seed: values.seed,
      logDir: values['log-dir'],
      runName: freshRunName(values['log-dir'], `demo__${env}__${values.seed}`, io.now()),
      evalEpisodes: 0, // evaluated below, beside the untrained policy
    }, 'grpo config');
    const outcome = await runTraining({ kind: 'fresh', config }, io, WHO);
    if (!outcome.ok) return outcome.code;
    const { result, seconds, iterationReturns } = outcome;
    if (result.interrupted) return EXIT.interrupted;
    const spec = { episodes: DEMO_EVAL_EPISODES, uncertainty: config.uncertainty, seed: evalSeedOf(config.seed) };
    const { stats } = evaluate((await loadModel(result.finalModelPath)).policy, env, spec);
    if (values.json) {
      printJson(io, {
        runDir: result.runDir, finalModelPath: result.finalModelPath, env, uncertainty: config.uncertainty, counters: result.counters, seconds,
        trainingReturns: iterationReturns.map((r) => r.meanReturn), evaluation: statsJson(stats),
      });
      return EXIT.ok;
    }
    const c = result.counters;
    io.stdout.write([
      `GRPO on ${env} (uncertainty ${config.uncertainty}): ${c.episodes} training episodes, ${c.globalStep} env steps, ${c.iteration} iterations in ${seconds.toFixed(1)} s`,
      `mean training return by iteration  ${curveLine(iterationReturns)}`,
      `run directory                      ${result.runDir}`,
      '',
      `the trained policy over ${DEMO_EVAL_EPISODES} evaluation episodes (deterministic actions):`,
      table(['', ...STATS_HEADER], [statsRow('returns', stats)]),
      '',
      'next:',
      `  grpo evaluate --model-path ${result.runDir}`,
      '  grpo train --episodes 500        # a longer run; grpo train --help lists every setting',
      '',
    ].join('\n'));
    return EXIT.ok;
  },
};
