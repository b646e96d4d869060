// The evaluation suite, pure and synchronous: a policy and its baselines over the plan's
// episodes at every uncertainty level and every point of every kind's sweep, with the statistics
// of every comparison. Files are written by src/train (evaluation_files.ts).
import type { Env, UncertaintyConfig, UncertaintyPreset } from '../../envs/index.js';
import { make } from '../../envs/index.js';
import type { MetricRecord } from '../metrics.js';
import type { LoadedModel } from '../model.js';
import { returnStats, type ReturnStats } from '../return_stats.js';
import { DEFAULT_RESAMPLES } from '../stats/bootstrap.js';
import { compareSamples, type Comparison } from './comparison.js';
import type { UncertaintyKind } from './kinds.js';
import { policyActor, randomActorFor, runEpisodes, type Actor } from './lockstep.js';
import { isNoUncertainty, type SuitePlan } from './plan.js';
import type { SectionOutput, SuiteSection } from './sections.js';

/** The label of the random-policy baseline. */
export const RANDOM_BASELINE = 'random';

/** A policy the suite evaluates: the model, or a baseline. */
export interface Subject {
  /** 'model', 'random', or a baseline's label (its path). */
  readonly name: string;
  readonly actor: Actor;
}

/** The returns of one subject at one point. */
export interface PointResult {
  readonly stats: ReturnStats;
  readonly returns: readonly number[];
  readonly lengths: readonly number[];
}

/** One uncertainty level: every subject's returns. */
export interface LevelResult {
  readonly level: UncertaintyPreset;
  readonly uncertainty: UncertaintyConfig;
  /** By subject name. */
  readonly results: Readonly<Record<string, PointResult>>;
}

/** One point of a kind's sweep (the model only). */
export interface SweepResult {
  readonly relative: number;
  readonly magnitude: number;
  readonly uncertainty: UncertaintyConfig;
  readonly result: PointResult;
  /**
   * (mean - random mean) / (unperturbed mean - random mean), both at no uncertainty: 1 = as
   * good as unperturbed, 0 = no better than a random policy (NaN when the two means are equal).
   */
  readonly normalisedReturn: number;
}

/** A comparison with what was compared. */
export interface SuiteComparison extends Comparison {
  /** 'baseline' (model vs a baseline at a level), 'level' (model at a level vs at none), 'robustness' (a sweep point vs the unperturbed point). */
  readonly group: 'baseline' | 'level' | 'robustness';
  readonly level?: UncertaintyPreset;
  readonly kind?: UncertaintyKind;
  readonly relative?: number;
}

/** Everything a suite measured: what evaluation_summary.json holds. */
export interface SuiteResult {
  readonly suite: SuitePlan['suite'];
  readonly env: string;
  readonly episodes: number;
  readonly seed: number;
  readonly episodeSeeds: readonly number[];
  readonly deterministic: true;
  /** How every difference-of-means CI was made. */
  readonly bootstrap: { readonly resamples: number; readonly confidence: 0.95; readonly method: 'percentile' };
  /** 'model' first, then 'random', then each --baseline. */
  readonly subjects: readonly string[];
  readonly levels: readonly LevelResult[];
  readonly robustness: readonly { readonly kind: UncertaintyKind; readonly points: readonly SweepResult[] }[];
  readonly comparisons: readonly SuiteComparison[];
  /** The algorithm's own sections, by name. */
  readonly sections: Readonly<Record<string, SectionOutput>>;
}

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  /** Baseline policies besides the random one (same env as the model). */
  readonly baselines?: readonly Subject[];
  /** Sections to add when they apply to the model (default: none; the CLI passes SUITE_SECTIONS). */
  readonly sections?: readonly SuiteSection[];
  /** The model's run's metrics records, for sections that read the run's history (default none). */
  readonly metrics?: readonly MetricRecord[];
  /** Bootstrap resamples of each difference of means (default DEFAULT_RESAMPLES). */
  readonly resamples?: number;
  /** Called before each evaluation point (for progress). */
  readonly onPoint?: (label: string) => void;
}

/**
 * The env of one point: the bare registered env at no uncertainty (as training builds it), else wrapped.
 * @example pointEnv('CartPole-v1', kindConfig('action_noise', 1))().reset({ seed: 0 })
 */
export function pointEnv(env: string, uncertainty: UncertaintyConfig): () => Env {
  return isNoUncertainty(uncertainty) ? () => make(env) : () => make(env, { uncertainty });
}

/**
 * Runs the suite of `plan` on `model` (deterministic actions), the random policy and every
 * baseline, all from the plan's episode seeds. Points with the same uncertainty are run once
 * (every kind's 0 point is the 'none' level).
 * @example runSuite(loadModel(path), planSuite('quick', { seed: 1000003 }))
 */
export function runSuite(model: LoadedModel, plan: SuitePlan, options: RunSuiteOptions = {}): SuiteResult {
  const env = model.spec.env;
  const seeds = plan.episodeSeeds;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const subjects: Subject[] = [
    { name: 'model', actor: policyActor(model.policy) },
    { name: RANDOM_BASELINE, actor: randomActorFor(make(env), plan.seed) },
    ...(options.baselines ?? []),
  ];
  const names = subjects.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new RangeError(`runSuite: subject names must differ, received ${JSON.stringify(duplicate)} twice`);

  const cache = new Map<string, PointResult>();
  const evaluate = (subject: Subject, uncertainty: UncertaintyConfig, label: string): PointResult => {
    const key = `${subject.name}\u0000${JSON.stringify(uncertainty)}`;
    let result = cache.get(key);
    if (!result) {
      options.onPoint?.(`${label}: ${subject.name}`);
      const { returns, lengths } = runEpisodes(subject.actor, pointEnv(env, uncertainty), seeds);
      cache.set(key, (result = { stats: returnStats(returns), returns, lengths }));
    }
    return result;
  };

  const levels: LevelResult[] = plan.levels.map(({ level, uncertainty }) => ({
    level,
    uncertainty,
    results: Object.fromEntries(subjects.map((s) => [s.name, evaluate(s, uncertainty, `level ${level}`)])),
  }));
  const model0 = subjects[0]!;
  const none = levels[0]!.results;
  const reference = none[model0.name]!.stats.mean;
  const floor = none[RANDOM_BASELINE]!.stats.mean;
  const robustness = plan.sweeps.map(({ kind, points }) => ({
    kind,
    points: points.map((p): SweepResult => {
      const result = evaluate(model0, p.uncertainty, `${kind} x${p.relative}`);
      return { ...p, result, normalisedReturn: reference === floor ? NaN : (result.stats.mean - floor) / (reference - floor) };
    }),
  }));

  const comparisons: SuiteComparison[] = [];
  const compare = (a: string, ra: PointResult, b: string, rb: PointResult, tag: string) =>
    compareSamples(a, ra.returns, b, rb.returns, { resamples, seed: `suite/${tag}` });
  for (const l of levels) {
    for (const s of subjects.slice(1)) {
      comparisons.push({ group: 'baseline', level: l.level, ...compare('model', l.results['model']!, s.name, l.results[s.name]!, `baseline/${l.level}/${s.name}`) });
    }
  }
  for (const l of levels.slice(1)) {
    comparisons.push({ group: 'level', level: l.level, ...compare(`model@${l.level}`, l.results['model']!, 'model@none', none['model']!, `level/${l.level}`) });
  }
  for (const { kind, points } of robustness) {
    const base = points.find((p) => p.relative === 0);
    if (base === undefined) continue;
    for (const p of points) {
      if (p === base) continue;
      comparisons.push({ group: 'robustness', kind, relative: p.relative, ...compare(`${kind}@${p.relative}`, p.result, `${kind}@0`, base.result, `robustness/${kind}/${p.relative}`) });
    }
  }

  const sections: Record<string, SectionOutput> = {};
  for (const section of options.sections ?? []) {
    if (!section.appliesTo(model)) continue;
    options.onPoint?.(`section ${section.name}`);
    sections[section.name] = section.run({ model, plan, env, metrics: options.metrics ?? [], evaluate: (actor, uncertainty) => runEpisodes(actor, pointEnv(env, uncertainty), seeds) });
  }

  return {
    suite: plan.suite,
    env,
    episodes: plan.episodes,
    seed: plan.seed,
    episodeSeeds: seeds,
    deterministic: true,
    bootstrap: { resamples, confidence: 0.95, method: 'percentile' },
    subjects: names,
    levels,
    robustness,
    comparisons,
    sections,
  };
}
