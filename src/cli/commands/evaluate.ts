// grpo evaluate: deterministic-action returns of a saved policy, with mean, std, 95% CI, min, max.
import { evaluateEnsemble, GRPO_FIELDS, makeEnv } from '../../index.js';
import { flag, formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { fmt, keyValues, statsBlock, statsJson } from '../format.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { UNCERTAINTY_LEVELS, evalSeedOf, evaluate, loadModel, resolveModelPath } from '../model.js';
import { SUITE_NAMES, SUITES, type SuiteName } from '../../index.js';
import { describeSuite, runSuiteJob } from '../suite.js';

const WHO = 'grpo evaluate';

const EVALUATE_FLAGS = {
  'model-path': { default: '', doc: 'a model (.safetensors: final_model or any checkpoint) or a run directory', value: 'PATH', defaultText: 'required' },
  suite: { default: '', doc: `run the evaluation suite (${SUITE_NAMES.join(' or ')}): every uncertainty level, each kind of uncertainty swept alone, baselines and significance tests, written to --out`, value: SUITE_NAMES.join('|'), defaultText: 'none: one evaluation' },
  episodes: { default: 100, doc: 'evaluation episodes (with --suite: per point)', min: 1, integer: true, value: 'N', defaultText: `100; with --suite ${SUITE_NAMES.map((n) => `${n} ${SUITES[n].episodes}`).join(', ')}` },
  'uncertainty-level': flag(GRPO_FIELDS.uncertainty, UNCERTAINTY_LEVELS.join('|'), { doc: 'uncertainty preset of the evaluation env', defaultText: 'the level the model was trained with' }),
  seed: flag(GRPO_FIELDS.seed, 'N', { doc: 'seed of the start states and noise', defaultText: "the run's seed + 1000003, as the trainer's own evaluation" }),
  baseline: { default: '', doc: 'with --suite: a model to compare against (same env); repeat for several', value: 'PATH', multiple: true },
  out: { default: '', doc: 'with --suite: the output directory', value: 'DIR', defaultText: '<run>/evaluation_<time>/' },
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

function isSuiteName(value: string): value is SuiteName {
  return SUITE_NAMES.some((n) => n === value);
}

/** `grpo evaluate`. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'evaluate a saved model (mean, std, 95% CI, min, max), or run the evaluation suite (--suite)',
  help() {
    return [
      'Usage: grpo evaluate --model-path PATH [--episodes N] [--uncertainty-level L] [--seed N] [--json]',
      '       grpo evaluate --model-path PATH --suite quick|full [--episodes N] [--baseline PATH]... [--out DIR] [--seed N] [--json]',
      '',
      'Runs N episodes with deterministic actions (the most probable action; the Gaussian mean) and',
      'prints the returns\' mean, sample std, 95% confidence interval of the mean (Student\'s t), min',
      'and max. The env id and the network come from the config saved in the model. A policy-groups',
      'model is scored twice on the same episodes: its best group, and the ensemble (a group drawn',
      'per episode by performance).',
      '',
      'With --suite: the model, a random policy and every --baseline from the same start states and',
      'noise at every uncertainty level (none, low, medium, high); each of the six kinds of uncertainty',
      "alone, swept from 0 to 2x its 'high' magnitude (quick: 6 points, full: 7); for every comparison",
      "the difference of means with a seeded 95% bootstrap CI, Welch's and Mann-Whitney's p-values and",
      "Hedges' g and Cliff's delta. Writes evaluation_summary.json, results/*.json, plots/*.svg and",
      'report.html under --out.',
      '',
      'Flags:',
      formatFlags(EVALUATE_FLAGS),
      '',
      'Example:',
      '  grpo evaluate --model-path logs/CartPole-v1__grpo__0/models/final_model.safetensors --json',
      '  grpo evaluate --model-path logs/CartPole-v1__grpo__0 --suite full --baseline logs/CartPole-v1__ppo__0',
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values, given } = parseFlags(EVALUATE_FLAGS, argv, WHO);
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    if (values['model-path'] === '') throw new UsageError(`${WHO}: --model-path PATH is required`);
    const baselinePaths = given.get('baseline');
    const baselineList = Array.isArray(baselinePaths) ? baselinePaths.map(String) : [];
    if (values.suite !== '') {
      if (!isSuiteName(values.suite)) throw new UsageError(`${WHO}: --suite must be one of ${SUITE_NAMES.join(', ')}, received ${JSON.stringify(values.suite)}`);
      if (given.has('uncertainty-level')) throw new UsageError(`${WHO}: --uncertainty-level does not apply with --suite (the suite evaluates every level)`);
      const model = await loadModel(resolveModelPath(values['model-path'], WHO));
      const { result, written, seconds } = await runSuiteJob({
        model,
        suite: values.suite,
        ...(given.has('episodes') ? { episodes: values.episodes } : {}),
        seed: given.has('seed') ? values.seed : evalSeedOf(model.spec.seed),
        baselinePaths: baselineList,
        ...(values.out === '' ? {} : { out: values.out }),
      }, io, WHO);
      if (values.json) {
        printJson(io, { out: written.out, report: written.report, summary: written.summary, seconds, evaluation: { ...result, sections: Object.keys(result.sections) } });
        return EXIT.ok;
      }
      io.stdout.write(`${describeSuite(result)}\n\nsuite: ${seconds.toFixed(1)} s; files in ${written.out}\nreport: ${written.report}\n`);
      return EXIT.ok;
    }
    for (const name of ['baseline', 'out'] as const) {
      if (given.has(name)) throw new UsageError(`${WHO}: --${name} needs --suite quick|full`);
    }
    const model = await loadModel(resolveModelPath(values['model-path'], WHO));
    const spec = {
      episodes: values.episodes,
      uncertainty: given.has('uncertainty-level') ? values['uncertainty-level'] : model.spec.uncertainty,
      seed: given.has('seed') ? values.seed : evalSeedOf(model.spec.seed),
    };
    const { returns, stats } = evaluate(model.policy, model.spec.env, spec);
    // A policy-groups model: `policy` is the best group; the ensemble draws a group per episode by performance.
    const population = model.population;
    const ensemble = population === null ? null : evaluateEnsemble(population.policies, population.probabilities, makeEnv({ env: model.spec.env, uncertainty: spec.uncertainty }), { ...spec, deterministic: true });
    if (values.json) {
      const groups = population === null || ensemble === null ? {} : {
        bestGroup: population.best,
        performances: population.state.performances,
        probabilities: Array.from(population.probabilities),
        ensemble: { ...statsJson(ensemble.stats), returns: ensemble.returns, groups: ensemble.groups },
      };
      printJson(io, { modelPath: model.path, algo: model.spec.algo, env: model.spec.env, ...spec, deterministic: true, ...statsJson(stats), returns, ...groups });
      return EXIT.ok;
    }
    const rows: Array<readonly [string, string]> = [
      ['model', `${model.path} (${model.spec.algo}, ${model.spec.env})`],
      ['evaluation', `${spec.episodes} episodes, uncertainty ${spec.uncertainty}, seed ${spec.seed}, deterministic actions`],
    ];
    if (population === null || ensemble === null) rows.push(...statsBlock(stats));
    else {
      rows.push(['best group', `group ${population.best} of ${population.policies.length} (performance ${fmt(population.state.performances[population.best]!)})`], ...statsBlock(stats));
      rows.push(['ensemble', 'a group drawn per episode by performance, same start states'], ...statsBlock(ensemble.stats));
    }
    io.stdout.write(`${keyValues(rows)}\n`);
    return EXIT.ok;
  },
};
