// Public API of src/eval/: policies' returns, statistics, metrics reading, charts, rendering and the
// HTML report. Pure and browser-safe: nothing here touches files; src/train and src/cli write them.
export * from './stats/index.js';
export * from './plots/index.js';
export { type MetricRecord, type ParsedMetrics, type MetricSeries, type VectorSeries, type GroupedMetrics, parseMetricsJsonl, groupByTag } from './metrics.js';
export { type RunCurve, type LearningCurveOptions, commonGrid, interpolate, learningCurveBand } from './curves.js';
export { type NamedChart, trainingCharts, renderCharts } from './training_charts.js';
export { type ReportPlot, type ReportTable, type ReportInput, type Cell, buildReport } from './report.js';
export { escapeHtml, formatNumber } from './html.js';
export { returnStats, type ReturnStats } from './return_stats.js';
export { evaluatePolicy, evaluateEpisodes, evalSeedOf, makeEnv, type EvaluateOptions, type PolicyEvaluation } from './evaluate_policy.js';
export { evaluateEnsemble } from './ensemble.js';
export { populationOf, populationFromCheckpoint, type PopulationState, type Population } from './population.js';
export { randomPolicyReturns } from './random_policy.js';
export { modelFromCheckpoint, modelFromBytes, prepareModelEnv, modelSpecOf, type LoadedModel, type ModelSpec } from './model.js';
export {
  UpdateAuditor, summarize, l2, relativeError, finiteDifferenceCheck, encodeAuditRecord, firstMismatch,
  type AuditRecord, type AuditWhere, type AuditorOptions, type Summary, type ParamAudit, type FdEntry, type FdCheck, type UpdateCapture,
} from './audit.js';
export { recordTape, summarizeTensor, type Tape, type TapeNode, type TapeRecorder, type ValueSummary } from './explain.js';
export {
  visitedStates, pairwiseKl, specialisation, populationTimeline, diversitySection, populationCharts,
  type Condition, type MetricLike, type GroupPoint, type EvolutionEvent, type DiversitySection,
} from './diversity.js';
export * from './suite/index.js';
export { type RunContents, runCharts, runReportInput } from './run_report.js';
export {
  type CompareInput, type FinalSource, type ComparedRun, type GroupResult, type PairResult, type CompareResult, type CompareRunsOptions,
  LAST_EPISODES_FRACTION, finalPerformance, groupOf, compareRuns, compareCharts, compareTables,
} from './compare_runs.js';
