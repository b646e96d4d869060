// grpo report RUN_DIR: rebuild a run's plots/*.svg and report.html from its files (a finished run,
// one in progress, one copied from elsewhere, one whose last metrics line a kill cut).
import { writeRunReport } from '../../index.js';
import { formatFlags, HELP_FLAG, parseFlags, switchFlag, type FlagTable } from '../args.js';
import { printJson, type Command } from '../command.js';
import { EXIT, UsageError, type Io } from '../io.js';

const WHO = 'grpo report';

const REPORT_FLAGS = {
  json: switchFlag('print the result as one JSON object on stdout'),
  help: HELP_FLAG,
} satisfies FlagTable;

/** `grpo report`. */
export const reportCommand: Command = {
  name: 'report',
  summary: "rebuild a run's plots/*.svg and report.html from its files (also while it runs)",
  help() {
    return [
      'Usage: grpo report RUN_DIR [--json]',
      '',
      "Reads the run's config.json, metrics.jsonl and summary.json (absent while the run is in progress)",
      'and writes RUN_DIR/plots/<chart>.svg and RUN_DIR/report.html (each atomically); nothing else in',
      'the run directory changes. A last metrics line cut by a kill is left out, with a warning. Every',
      'training run writes the same files when it ends.',
      '',
      'Flags:',
      formatFlags(REPORT_FLAGS),
      '',
      'Example:',
      '  grpo report logs/CartPole-v1__grpo__0',
    ].join('\n');
  },
  async run(argv, io: Io) {
    const { values, positionals } = parseFlags(REPORT_FLAGS, argv, WHO, { positionals: true });
    if (values.help) {
      io.stdout.write(`${this.help()}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(`${WHO}: expected one RUN_DIR, received ${positionals.length === 0 ? 'none' : `${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`}`);
    const dir = positionals[0]!;
    const written = await writeRunReport(dir);
    if (written.truncated) io.stderr.write(`${WHO}: warning: the last line of ${dir}/metrics.jsonl was cut (killed mid-write?); using the ${written.records} complete records\n`);
    if (values.json) {
      printJson(io, { runDir: dir, report: written.report, plots: written.plots, records: written.records, truncated: written.truncated });
      return EXIT.ok;
    }
    io.stdout.write(`${written.plots.length} plots in ${dir}/plots/ from ${written.records} metric records\nreport: ${written.report}\n`);
    return EXIT.ok;
  },
};
