// The statistics of evaluations and comparisons: pure functions over arrays, shaped like rliable's.
export { type Sample, type ScoreMatrix, column, flatten } from './check.js';
// NOTE: `mean` is public as `sampleMean`: the autograd's `mean` (a tensor op) owns the plain name.
export { mean as sampleMean, variance, std, median, quantile, trimMean, iqm } from './descriptive.js';
export { taskMeans, aggregateMean, aggregateMedian, aggregateIqm, aggregateOptimalityGap } from './aggregate.js';
export {
  DEFAULT_RESAMPLES,
  type BootstrapOptions,
  type Interval,
  bootstrapCI,
  bootstrapTwoSampleCI,
  differenceOfMeans,
  stratifiedBootstrapCI,
} from './bootstrap.js';
export { type WelchResult, welchTTest } from './welch.js';
export { type MannWhitneyMethod, type MannWhitneyOptions, type MannWhitneyResult, mannWhitneyU } from './mann_whitney.js';
export { hedgesG, cliffsDelta } from './effect_size.js';
export { probabilityOfImprovement } from './improvement.js';
