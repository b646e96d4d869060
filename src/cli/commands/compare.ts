// grpo compare RUN_DIR...: runs grouped (by algo or config fields), final performance per group
// with rliable's aggregates and bootstrap CIs, pairwise tests, learning curves; compare.json,
// plots/*.svg and report.html.
import { compareRunDirs, defaultCompareDir, writeComparison, type CompareResult } from '../../index.js';
import { formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { fmt, fmtInterval, table } from '../format.js';
import { EXIT, UsageError, type Io } from '../io.js';

const WHO = 'grpo compare';

const COMPARE_FLAGS = {
  'group-by': { default: 'algo', doc: "the config field(s) whose values name a run's group, comma-separated (e.g. algo, env,algo, groupSize)", value: 'FIELD' },
  out: { default: '', doc: 'the output directory', value: 'DIR', defaultText: 'compare_<time>/ beside the first run' },
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** `grpo compare`. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare runs grouped by algo or a config field: learning curves, IQM and CIs, significance tests',
  help() {
    return [
      'Usage: grpo compare RUN_DIR... [--group-by algo|FIELD[,FIELD]] [--out DIR] [--json]',
      '',
      "Groups the runs (e.g. 5 seeds of GRPO against 5 of PPO). A run's final performance is the",
      'evaluation mean in its summary.json, else the mean return of its last 10% of training episodes',
      "(the table says which). Per group: mean, median and IQM (rliable's) with 95% stratified bootstrap",
      'CIs; per pair of groups: probability of improvement, difference of means with a bootstrap CI,',
      "Welch's and Mann-Whitney's p-values, Hedges' g and Cliff's delta; learning curves as the mean",
      'over runs with a 95% bootstrap band on a common step grid. Writes compare.json, plots/*.svg and',
      'report.html under --out.',
      '',
      'Flags:',
      formatFlags(COMPARE_FLAGS),
      '',
      'Example:',
      '  grpo compare logs/CartPole-v1__grpo__* logs/CartPole-v1__ppo__*',
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values, positionals } = parseFlags(COMPARE_FLAGS, argv, WHO, { positionals: true });
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new UsageError(`${WHO}: expected at least one RUN_DIR, received none`);
    const groupBy = values['group-by'].split(',').map((f) => f.trim());
    if (groupBy.some((f) => !/^[A-Za-z][A-Za-z0-9]*$/.test(f))) throw new UsageError(`${WHO}: --group-by must be config field names separated by commas (e.g. algo or env,algo), received ${JSON.stringify(values['group-by'])}`);
    const { result, truncated } = compareRunDirs(positionals, { groupBy });
    for (const dir of truncated) io.stderr.write(`${WHO}: warning: the last line of ${dir}/metrics.jsonl was cut (killed mid-write?); using its complete records\n`);
    const now = new Date(io.now());
    const written = await writeComparison(values.out === '' ? defaultCompareDir(positionals[0]!, now) : values.out, result, now);
    if (values.json) {
      printJson(io, { out: written.out, report: written.report, compare: written.json, plots: written.plots, ...result });
      return EXIT.ok;
    }
    io.stdout.write(`${describeComparison(result)}\n\nfiles in ${written.out}\nreport: ${written.report}\n`);
    return EXIT.ok;
  },
};

/** The comparison's terminal tables. */
export function describeComparison(result: CompareResult): string {
  const sources = [...new Set(result.runs.map((r) => r.source))];
  const groups = table(['group', 'runs', 'mean [95% CI]', 'median [95% CI]', 'IQM [95% CI]'], result.groups.map((g) => [
    g.group, String(g.runs), `${fmt(g.mean.estimate)} ${fmtInterval([g.mean.low, g.mean.high])}`, `${fmt(g.median.estimate)} ${fmtInterval([g.median.low, g.median.high])}`, `${fmt(g.iqm.estimate)} ${fmtInterval([g.iqm.low, g.iqm.high])}`,
  ]));
  const lines = [
    `final performance by group (${result.runs.length} runs; from: ${sources.join(' and ')}; stratified bootstrap, ${result.bootstrap.resamples} resamples):`,
    groups,
  ];
  if (result.pairs.length > 0) {
    lines.push('', 'pairwise:', table(['a', 'b', 'P(a > b)', 'a - b [95% CI]', 'Welch p', 'Mann-Whitney p'], result.pairs.map((p) => [
      p.a, p.b, p.probability_of_improvement.toFixed(3), `${fmt(p.difference.estimate)} ${fmtInterval([p.difference.low, p.difference.high])}`,
      Number.isNaN(p.welch_p) ? 'n/a' : p.welch_p.toPrecision(3), Number.isNaN(p.mann_whitney_p) ? 'n/a' : p.mann_whitney_p.toPrecision(3),
    ])));
  }
  return lines.join('\n');
}
