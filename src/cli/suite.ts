// The evaluation suite as the evaluate and pipeline commands run it: baselines loaded and checked,
// the suite run with progress on stderr, the files written, the terminal tables.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  defaultEvaluationDir, getBackend, InputError, readMetrics, setBackend, type MetricRecord, loadModel, planSuite, policyActor, runSuite, SUITE_SECTIONS, writeEvaluation,
  type LoadedModel, type SuiteName, type SuiteResult, type WrittenEvaluation,
} from '../index.js';
import { fmt, fmtInterval, table } from './format.js';
import type { Io } from './io.js';
import { resolveModelPath } from './model.js';

/** What a suite run needs. */
export interface SuiteJob {
  readonly model: LoadedModel;
  readonly suite: SuiteName;
  /** Episodes per point (default: the suite's). */
  readonly episodes?: number;
  readonly seed: number;
  readonly baselinePaths: readonly string[];
  /** Output directory (default `<run>/evaluation_<time>/`). */
  readonly out?: string;
}

/** Runs the suite and writes its files; progress on stderr. */
export async function runSuiteJob(job: SuiteJob, io: Io, who: string): Promise<{ result: SuiteResult; written: WrittenEvaluation; seconds: number }> {
  const baselines = [];
  for (const p of job.baselinePaths) {
    const path = resolveModelPath(p, who, '--baseline');
    const baseline = await loadModel(path);
    if (baseline.spec.env !== job.model.spec.env) {
      throw new InputError(`--baseline ${path} is a model for ${baseline.spec.env}, expected one for ${job.model.spec.env} (the evaluated model's env)`);
    }
    baselines.push({ name: path, actor: policyActor(baseline.policy) });
  }
  const plan = planSuite(job.suite, { seed: job.seed, ...(job.episodes === undefined ? {} : { episodes: job.episodes }) });
  const started = io.now();
  // The kernels the model was trained on (results differ across backends in the last bits), so the
  // 'none' level repeats the trainer's own evaluation exactly; baselines run on the same kernels.
  const previous = getBackend();
  const backend = setBackend(job.model.config['backend'] === 'wasm' ? 'wasm' : 'js');
  io.stderr.write(`${who}: ${job.suite} suite, ${plan.episodes} episodes per point, ${1 + 1 + baselines.length} policies, ${backend} kernels\n`);
  let result: SuiteResult;
  try {
    result = runSuite(job.model, plan, { baselines, sections: SUITE_SECTIONS, metrics: runMetricsOf(job.model.path), onPoint: (label) => io.stderr.write(`  ${label}\n`) });
  } finally {
    setBackend(previous);
  }
  const now = new Date(io.now());
  const written = await writeEvaluation(job.out ?? defaultEvaluationDir(job.model.path, now), {
    path: job.model.path,
    algo: job.model.spec.algo,
    env: job.model.spec.env,
    trainedUncertainty: job.model.spec.uncertainty,
    seed: job.model.spec.seed,
    backend,
    config: job.model.config,
    baselines: baselines.map((b) => b.name),
  }, result, now);
  return { result, written, seconds: (io.now() - started) / 1000 };
}

/** The metrics of the run a model sits in (`<run>/models/<file>`), for sections; none elsewhere or if unreadable. */
function runMetricsOf(modelPath: string): readonly MetricRecord[] {
  const modelsDir = dirname(modelPath);
  const runDir = dirname(modelsDir);
  if (basename(modelsDir) !== 'models' || !existsSync(join(runDir, 'metrics.jsonl'))) return [];
  try {
    return readMetrics(runDir);
  } catch {
    return []; // a damaged log only costs the sections their history, not the evaluation
  }
}

/** The suite's terminal tables: returns by level, robustness at 0, 1x and 2x 'high', the model against each baseline. */
export function describeSuite(result: SuiteResult): string {
  const levels = table(['level', ...result.subjects.map((s) => (s.length > 24 ? `...${s.slice(-21)}` : s))], result.levels.map((l) => [
    l.level, ...result.subjects.map((s) => `${fmt(l.results[s]!.stats.mean)} ${fmtInterval(l.results[s]!.stats.ci95)}`),
  ]));
  const pick = (points: SuiteResult['robustness'][number]['points'], r: number) => points.find((p) => p.relative === r);
  const robustness = table(['kind', 'x0', 'x1 (high)', 'x2', 'normalised at x2'], result.robustness.map(({ kind, points }) => [
    kind, ...[0, 1, 2].map((r) => { const p = pick(points, r); return p === undefined ? '-' : fmt(p.result.stats.mean); }), fmt(pick(points, 2)?.normalisedReturn ?? NaN),
  ]));
  const baseline = table(['level', 'baseline', 'model - baseline [95% CI]', 'Welch p', 'Mann-Whitney p', "Cliff's delta"], result.comparisons
    .filter((c) => c.group === 'baseline')
    .map((c) => [c.level ?? '', c.b.length > 24 ? `...${c.b.slice(-21)}` : c.b, `${fmt(c.difference.estimate)} ${fmtInterval([c.difference.low, c.difference.high])}`, pValue(c.welch_p), pValue(c.mann_whitney_p), fmt(c.cliffs_delta)]));
  return [
    `mean return [95% CI] by uncertainty level (deterministic actions, the same ${result.episodes} start states, seed ${result.seed}):`,
    levels,
    '',
    "robustness: mean return with one kind of uncertainty alone, at 0, 1x and 2x its 'high' magnitude:",
    robustness,
    '',
    `the model against each baseline (bootstrap CI: ${result.bootstrap.resamples} resamples):`,
    baseline,
  ].join('\n');
}

function pValue(p: number): string {
  if (Number.isNaN(p)) return 'n/a';
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}
