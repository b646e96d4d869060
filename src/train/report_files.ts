// Reports on disk: a run's plots/*.svg and report.html rebuilt from its files, and any set of
// charts and a page written atomically into a directory. The only files touched are plots/ and
// report.html under the output directory.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetricsJsonl, type ParsedMetrics } from '../eval/metrics.js';
import { buildReport, type ReportInput, type ReportPlot } from '../eval/report.js';
import { runCharts, runReportInput, type RunContents } from '../eval/run_report.js';
import { renderSvg } from '../eval/plots/render.js';
import type { NamedChart } from '../eval/training_charts.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './files.js';

/** What writing a report produced. */
export interface WrittenReport {
  /** Path of report.html. */
  readonly report: string;
  /** Paths of the SVGs, in report order. */
  readonly plots: readonly string[];
  /** Whether metrics.jsonl's last line was cut (and left out). */
  readonly truncated: boolean;
  readonly records: number;
}

/**
 * Reads a run directory: config.json, summary.json (absent while in progress), metrics.jsonl.
 * @throws InputError when `dir` is not a run directory, or metrics.jsonl is empty or damaged
 * @example readRun('logs/CartPole-v1__grpo__0').metrics.records.length
 */
export function readRun(dir: string): RunContents {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${JSON.stringify(dir)} is not a directory`);
  const configPath = join(dir, 'config.json');
  const metricsPath = join(dir, 'metrics.jsonl');
  if (!existsSync(configPath) || !existsSync(metricsPath)) {
    throw new InputError(`${JSON.stringify(dir)} is not a run directory: expected config.json and metrics.jsonl in it`);
  }
  const config = readJsonObject(configPath);
  const summaryPath = join(dir, 'summary.json');
  const summary = existsSync(summaryPath) ? readJsonObject(summaryPath) : null;
  const text = readFileSync(metricsPath, 'utf8');
  if (text.trim() === '') throw new InputError(`${metricsPath} is empty: the run has logged no metrics yet`);
  let metrics: ParsedMetrics;
  try {
    metrics = parseMetricsJsonl(text);
  } catch (error) {
    throw new InputError(`${metricsPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (metrics.records.length === 0) throw new InputError(`${metricsPath} holds no complete record (its only line was cut)`);
  return { dir, config, summary, metrics };
}

/**
 * A JSON object file; InputError names the file when it is missing, not JSON or not an object.
 * @example readJsonObject('logs/CartPole-v1__grpo__0/summary.json')['evaluation']
 */
export function readJsonObject(path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${path}: must hold a JSON object, received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
}

/**
 * Renders `charts` to `<dir>/plots/<name>.svg` (atomically, one after another).
 * @returns the report plots (title and SVG) and the paths written, in order
 * @example (await writePlots('out', suiteCharts(result))).paths // ['out/plots/levels.svg', ...]
 */
export async function writePlots(dir: string, charts: readonly NamedChart[]): Promise<{ plots: ReportPlot[]; paths: string[] }> {
  const plotsDir = join(dir, 'plots');
  mkdirSync(plotsDir, { recursive: true });
  const plots: ReportPlot[] = [];
  const paths: string[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    const path = join(plotsDir, `${chart.name}.svg`);
    writeFileAtomic(path, utf8(svg));
    plots.push({ title: chart.title, svg });
    paths.push(path);
  }
  return { plots, paths };
}

/**
 * Writes `<dir>/report.html` (atomically); returns its path.
 * @example writeReportHtml('out', { title: 'run', config: {}, summary: {}, plots: [] }) === 'out/report.html'
 */
export function writeReportHtml(dir: string, input: ReportInput): string {
  const path = join(dir, 'report.html');
  writeFileAtomic(path, utf8(buildReport(input)));
  return path;
}

/**
 * Rebuilds a run's `plots/*.svg` and `report.html` from its files. Works on a finished run, one in
 * progress (no summary.json yet), one copied from elsewhere, and one whose last metrics line was
 * cut by a kill (`truncated` is then true: warn, the complete records are used).
 * @throws InputError when `dir` is not a run or its metrics are empty or damaged
 * @example (await writeRunReport('logs/CartPole-v1__grpo__0')).report // 'logs/CartPole-v1__grpo__0/report.html'
 */
export async function writeRunReport(dir: string, now: Date = new Date()): Promise<WrittenReport> {
  const run = readRun(dir);
  const { plots, paths } = await writePlots(dir, runCharts(run));
  const report = writeReportHtml(dir, runReportInput(run, plots, now.toISOString()));
  return { report, plots: paths, truncated: run.metrics.truncated, records: run.metrics.records.length };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
