// Evaluation: statistics, metrics reading, charts, rendering and the HTML report. Pure and
// browser-safe: nothing here touches files (no node:* import); src/train and src/cli write them.
export * from './stats/index.js';
export * from './plots/index.js';
export { type MetricRecord, type ParsedMetrics, type MetricSeries, type VectorSeries, type GroupedMetrics, parseMetricsJsonl, groupByTag } from './metrics.js';
export { type RunCurve, type LearningCurveOptions, commonGrid, interpolate, learningCurveBand } from './curves.js';
export { type NamedChart, trainingCharts, renderCharts } from './training_charts.js';
export { type ReportPlot, type ReportTable, type ReportInput, type Cell, buildReport } from './report.js';
export { escapeHtml, formatNumber } from './html.js';
