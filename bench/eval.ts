// `npm run bench:eval [-- js]`: the full evaluation suite on CartPole-v1 at 100 episodes per point (the
// issue's target: under 60 s). Trains a GRPO policy first (defaults, 100k steps: it balances to
// 500, the most expensive case), then times planning, the episodes and the statistics, and the
// files (plots, report) apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getBackend, loadModel, planSuite, runSuite, SUITE_SECTIONS, train, writeEvaluation } from '../src/index.js';

const logRoot = mkdtempSync(join(tmpdir(), 'grpo-ts-bench-eval-'));
// `npm run bench:eval -- js` forces the JS kernels; by default ('auto') the trainer picks the faster
// kernels here and leaves them set, as `grpo evaluate --suite` sets the model's.
const backend = process.argv[2] === 'js' ? 'js' : 'auto';
const trained = await train({ algo: 'grpo', env: 'CartPole-v1', totalSteps: 100_000, seed: 0, evalEpisodes: 0, checkpointEvery: 0, backend, logDir: logRoot, runName: 'model' }, { report: false });
const model = await loadModel(trained.finalModelPath);
const plan = planSuite('full', { seed: 1_000_003, episodes: 100 });
const points = plan.levels.length + plan.sweeps.reduce((n, s) => n + s.points.filter((p) => p.relative !== 0).length, 0);
const t0 = performance.now();
const result = runSuite(model, plan, { sections: SUITE_SECTIONS });
const t1 = performance.now();
const written = await writeEvaluation(join(logRoot, 'evaluation'), { path: model.path, algo: model.spec.algo, env: model.spec.env, trainedUncertainty: model.spec.uncertainty, seed: model.spec.seed, backend: getBackend(), config: model.config, baselines: [] }, result);
const t2 = performance.now();
const steps = result.levels.reduce((n, l) => n + l.results['model']!.lengths.reduce((a, b) => a + b, 0), 0)
  + result.robustness.reduce((n, s) => n + s.points.filter((p) => p.relative !== 0).reduce((m, p) => m + p.result.lengths.reduce((a, b) => a + b, 0), 0), 0);
console.log(`kernels: ${getBackend()}`);
console.log(`full suite on CartPole-v1: ${points} model points x ${plan.episodes} episodes (+ the random baseline at 4 levels), ${steps.toLocaleString('en-US')} model env steps; model mean at none ${result.levels[0]!.results['model']!.stats.mean.toFixed(1)}`);
console.log(`  episodes and statistics: ${((t1 - t0) / 1000).toFixed(1)} s`);
console.log(`  files (${written.plots.length} plots, ${written.results.length} results, report): ${((t2 - t1) / 1000).toFixed(1)} s`);
console.log(`  total: ${((t2 - t0) / 1000).toFixed(1)} s   target: < 60 s`);
rmSync(logRoot, { recursive: true, force: true });
