// The suite's extension point: an algorithm adds sections to `grpo evaluate --suite` (the
// policy-groups issue adds group diversity this way). A section gets the model, the plan and a
// way to run episodes on the plan's start states; it returns JSON, tables and charts, which land
// in evaluation_summary.json (under sections.<name>), results/section_<name>.json, plots/ and
// report.html. The list of sections is SUITE_SECTIONS in registry.ts.
import type { UncertaintyConfig } from '../../envs/index.js';
import type { MetricRecord } from '../metrics.js';
import type { LoadedModel } from '../model.js';
import type { ReportTable } from '../report.js';
import type { NamedChart } from '../training_charts.js';
import type { Actor } from './lockstep.js';
import type { SuitePlan } from './plan.js';

/** What a section sees. */
export interface SectionContext {
  readonly model: LoadedModel;
  readonly plan: SuitePlan;
  readonly env: string;
  /** The model's run's metrics.jsonl records (empty when the model is not inside a run directory). */
  readonly metrics: readonly MetricRecord[];
  /** Runs `actor` over the plan's episode seeds under `uncertainty` (deterministic start states and noise). */
  readonly evaluate: (actor: Actor, uncertainty: UncertaintyConfig) => { returns: number[]; lengths: number[] };
}

/** What a section adds: every number as JSON, and what the report shows. */
export interface SectionOutput {
  readonly title: string;
  /** Plain JSON (numbers, strings, arrays, objects). */
  readonly json: unknown;
  readonly tables: readonly ReportTable[];
  /** Saved as plots/<section>_<chart name>.svg. */
  readonly charts: readonly NamedChart[];
}

/** A section of the suite. */
export interface SuiteSection {
  /** A file-name-safe name: [a-z0-9_]+. */
  readonly name: string;
  /** Whether the section applies to this model (e.g. by `model.spec.algo`). */
  appliesTo(model: LoadedModel): boolean;
  /** Computes the section for the model of `context` (synchronous, deterministic for one plan). */
  run(context: SectionContext): SectionOutput;
}
