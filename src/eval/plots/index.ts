// The chart vocabulary shared by reports, `grpo compare` and the browser: results -> vega-lite spec,
// and the one renderer, spec -> SVG.
export { type ChartSpec, type ChartOptions, type Datum, type NamedSeries } from './spec.js';
export { MAX_POINTS, MAX_LINE_POINTS, trailingMean, defaultWindow, evenIndices, bucketMeans } from './downsample.js';
export { type ReturnChartOptions, type LineChartOptions, type HeatmapOptions, episodicReturnChart, lineChart, heatmapChart } from './training.js';
export { type SweepPoint, type OverviewPoint, robustnessChart, robustnessOverviewChart } from './robustness.js';
export { type IntervalRow, type CurveBand, intervalChart, learningCurveChart } from './compare.js';
export { renderSvg } from './render.js';
