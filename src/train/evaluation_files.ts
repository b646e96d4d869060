// An evaluation suite on disk: evaluation_summary.json (every number), results/*.json (one file per
// level, per kind's sweep, the comparisons, each section), plots/*.svg and report.html, all
// written atomically under one output directory.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReportPlot } from '../eval/report.js';
import { suiteCharts, suiteTables } from '../eval/suite/report.js';
import type { SuiteResult } from '../eval/suite/run_suite.js';
import { writeFileAtomic } from './files.js';
import { writePlots, writeReportHtml } from './report_files.js';

/** The model a suite evaluated, as its summary records it. */
export interface EvaluatedModel {
  readonly path: string;
  readonly algo: string;
  readonly env: string;
  /** The uncertainty level it was trained at. */
  readonly trainedUncertainty: string;
  readonly seed: number;
  /** The kernels the suite ran on ('js' or 'wasm': the model's own, see `grpo evaluate`). */
  readonly backend: string;
  /** The model's saved run config. */
  readonly config: unknown;
  /** Baseline model paths, in the order of the suite's subjects after 'random'. */
  readonly baselines: readonly string[];
}

/** The files a suite wrote. */
export interface WrittenEvaluation {
  readonly out: string;
  readonly summary: string;
  readonly results: readonly string[];
  readonly plots: readonly string[];
  readonly report: string;
}

/**
 * evaluation_summary.json's object: the model, then every number of the suite (sections as their JSON).
 * @example JSON.stringify(evaluationSummary(model, result)) // what evaluation_summary.json holds
 */
export function evaluationSummary(model: EvaluatedModel, result: SuiteResult): Record<string, unknown> {
  const { config: _config, ...described } = model;
  return {
    model: described,
    ...result,
    sections: Object.fromEntries(Object.entries(result.sections).map(([name, s]) => [name, { title: s.title, json: s.json }])),
  };
}

/**
 * The default output directory of a suite: `<run>/evaluation_<time>/` for a model inside a run's
 * models/ directory, else `evaluation_<time>/` beside the model file.
 * @example defaultEvaluationDir('logs/r/models/final_model.safetensors', new Date(0)) === 'logs/r/evaluation_19700101T000000Z'
 */
export function defaultEvaluationDir(modelPath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const modelDir = dirname(modelPath);
  const base = modelDir.endsWith('models') || modelDir.endsWith('models/') ? dirname(modelDir) : modelDir;
  return join(base, `evaluation_${stamp}`);
}

/**
 * Writes a suite's files under `out` (created if missing): evaluation_summary.json,
 * results/level_<level>.json, results/robustness_<kind>.json, results/comparisons.json,
 * results/section_<name>.json, plots/<chart>.svg and report.html.
 * @example await writeEvaluation('logs/run/evaluation', evaluated, runSuite(model, planSuite('quick', { seed: 0 })))
 */
export async function writeEvaluation(out: string, model: EvaluatedModel, result: SuiteResult, now: Date = new Date()): Promise<WrittenEvaluation> {
  const resultsDir = join(out, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const summary = evaluationSummary(model, result);
  const summaryPath = join(out, 'evaluation_summary.json');
  writeJson(summaryPath, summary);
  const results: string[] = [];
  const put = (name: string, value: unknown) => {
    const path = join(resultsDir, `${name}.json`);
    writeJson(path, value);
    results.push(path);
  };
  for (const level of result.levels) put(`level_${level.level}`, level);
  for (const sweep of result.robustness) put(`robustness_${sweep.kind}`, sweep);
  put('comparisons', { bootstrap: result.bootstrap, comparisons: result.comparisons });
  for (const [name, section] of Object.entries(result.sections)) put(`section_${name}`, { title: section.title, json: section.json });
  const { plots, paths } = await writePlots(out, suiteCharts(result));
  const report = writeReportHtml(out, evaluationReportInput(model, result, plots, now));
  return { out, summary: summaryPath, results, plots: paths, report };
}

function evaluationReportInput(model: EvaluatedModel, result: SuiteResult, plots: readonly ReportPlot[], now: Date) {
  return {
    title: `Evaluation suite (${result.suite}): ${model.algo} on ${model.env}`,
    subtitle: `${model.path} - built ${now.toISOString()}`,
    config: model.config,
    summary: {
      model: model.path,
      trained_at_uncertainty: model.trainedUncertainty,
      suite: result.suite,
      episodes_per_point: result.episodes,
      seed: result.seed,
      policies: result.subjects.join(', '),
      bootstrap_resamples: result.bootstrap.resamples,
      ...Object.fromEntries(result.levels.map((l) => [`mean_return_at_${l.level}`, l.results['model']!.stats.mean])),
    },
    plots,
    tables: suiteTables(result),
  };
}

function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify(value, replacer, 2)}\n`));
}

/** NaN and infinities are not JSON: written as null (the report and tables say n/a). */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
