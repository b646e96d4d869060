// `grpo compare` on disk: the runs read from their directories, and compare.json, plots/*.svg and
// report.html written (atomically) under one output directory.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareCharts, compareRuns, compareTables, type CompareResult, type CompareRunsOptions } from '../eval/compare_runs.js';
import { writeFileAtomic } from './files.js';
import { readRun, writePlots, writeReportHtml } from './report_files.js';

/** The files a comparison wrote. */
export interface WrittenComparison {
  readonly out: string;
  readonly json: string;
  readonly plots: readonly string[];
  readonly report: string;
}

/**
 * Reads each run directory and compares the runs (see compareRuns).
 * @throws InputError when a directory is not a run or its metrics are empty or damaged
 * @example compareRunDirs(['logs/a', 'logs/b'], { groupBy: ['algo'] }).result.groups
 */
export function compareRunDirs(dirs: readonly string[], options: CompareRunsOptions = {}): { result: CompareResult; truncated: string[] } {
  const runs = dirs.map(readRun);
  const result = compareRuns(runs.map((r) => ({ dir: r.dir, config: r.config, summary: r.summary, records: r.metrics.records })), options);
  return { result, truncated: runs.filter((r) => r.metrics.truncated).map((r) => r.dir) };
}

/**
 * The default output directory: `compare_<time>/` beside the first run.
 * @example defaultCompareDir('logs/run-a', new Date(0)) === 'logs/compare_19700101T000000Z'
 */
export function defaultCompareDir(firstRun: string, now: Date): string {
  return join(dirname(firstRun.replace(/\/+$/, '')), `compare_${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
}

/**
 * Writes compare.json, plots/<chart>.svg and report.html under `out`.
 * @example await writeComparison('logs/compare', compareRunDirs(dirs).result) // { json, plots, report }
 */
export async function writeComparison(out: string, result: CompareResult, now: Date = new Date()): Promise<WrittenComparison> {
  mkdirSync(out, { recursive: true });
  const json = join(out, 'compare.json');
  writeFileAtomic(json, new TextEncoder().encode(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`));
  const { plots, paths } = await writePlots(out, compareCharts(result));
  const groups = result.groups.map((g) => g.group);
  const report = writeReportHtml(out, {
    title: `Comparison: ${groups.join(' vs ')}`,
    subtitle: `${result.runs.length} runs grouped by ${result.groupBy.join(', ')} - built ${now.toISOString()}`,
    config: { groupBy: result.groupBy, runs: result.runs.map((r) => r.dir), bootstrap: result.bootstrap },
    summary: Object.fromEntries(result.groups.map((g) => [g.group, { runs: g.runs, mean: g.mean.estimate, median: g.median.estimate, iqm: g.iqm.estimate }])),
    plots,
    tables: compareTables(result),
  });
  return { out, json, plots: paths, report };
}
