// The evaluation suite: plan (episodes, perturbations), lockstep episodes, the run, the statistics
// of each comparison, the charts and tables, and the extension point for algorithms' sections.
export { UNCERTAINTY_KINDS, KIND_FIELDS, kindConfig, kindMagnitude, type UncertaintyKind } from './kinds.js';
export { type Actor, policyActor, randomActor, randomActorFor, episodeSeeds, runEpisodes } from './lockstep.js';
export { SUITE_NAMES, SUITES, LEVELS, planSuite, isNoUncertainty, type SuiteName, type SuiteSettings, type SuitePlan, type SweepPlanPoint } from './plan.js';
export { compareSamples, type Comparison, type CompareOptions } from './comparison.js';
export {
  RANDOM_BASELINE, runSuite, pointEnv,
  type Subject, type PointResult, type LevelResult, type SweepResult, type SuiteComparison, type SuiteResult, type RunSuiteOptions,
} from './run_suite.js';
export { type SuiteSection, type SectionContext, type SectionOutput } from './sections.js';
export { SUITE_SECTIONS } from './registry.js';
export { diversitySuiteSection, DIVERSITY_STATE_EPISODES } from './diversity_section.js';
export { suiteCharts, suiteTables } from './report.js';
