// `npm run bench:rl [-- filter [seeds]]`: the learning targets. Trains every suite (the one named `filter`,
// or those whose name contains it) on seeds 0-4 (or the given comma-separated seeds), evaluates each final
// policy over 100 deterministic episodes (MuJoCo: 20), prints a table and writes bench/results/rl-latest.json.
// Runs are sequential: one core each; wall and CPU time per run. GRPO_BENCH_LOG_DIR=DIR keeps the run directories.
// The tables come from `grpo compare`'s library calls (compareRunDirs: per suite the median, mean
// and IQM over seeds with stratified bootstrap CIs; per task each pair of methods); the comparison's
// files (compare.json, plots, report.html) go to bench/results/rl-compare/.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  compareRunDirs, differenceOfMeans, evalSeedOf, getBackend, evaluateEnsemble, evaluatePolicy, loadModel, makeEnv, mannWhitneyU, returnStats, train, welchTTest, writeComparison,
  type ReturnStats,
} from '../src/index.js';

interface Suite {
  readonly name: string;
  /** Config fields over the algorithm's defaults. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly target: string;
  /** Whether one seed's evaluation mean meets the target. */
  readonly passes: (evalMean: number) => boolean;
  /** Score the final model at every uncertainty level too (a policy-groups model: its ensemble). */
  readonly robustness?: boolean;
  /** Final evaluation episodes (default EVAL_EPISODES). */
  readonly evalEpisodes?: number;
}

const LEVELS = ['none', 'low', 'medium', 'high'] as const;

/** The deterministic evaluation of a final model at every uncertainty level (the ensemble for a population), on the run's evaluation start states. */
async function robustnessOf(modelPath: string, seed: number): Promise<Record<string, number>> {
  const model = await loadModel(modelPath);
  const out: Record<string, number> = {};
  for (const level of LEVELS) {
    const env = makeEnv({ env: model.spec.env, uncertainty: level });
    const options = { episodes: EVAL_EPISODES, seed: evalSeedOf(seed) };
    const stats: ReturnStats = model.population === null
      ? evaluatePolicy(model.policy, env, options).stats
      : evaluateEnsemble(model.population.policies, model.population.probabilities, env, options).stats;
    out[level] = stats.mean;
  }
  return out;
}

/** Seeds 0-4, or the comma-separated list of the second argument (`npm run bench:rl -- cartpole-medium 0,1`). */
const SEEDS = process.argv[3] === undefined ? [0, 1, 2, 3, 4] : process.argv[3].split(',').map(Number);
const EVAL_EPISODES = 100;

/** Pendulum settings for GRPO: process supervision with a discounted reward-to-go (README: tuning). */
const PENDULUM_GRPO = { advantage: 'process', processBaseline: 'pooled', processGamma: 0.98, learningRate: 0.01, numIterations: 8 };
/** ppo_continuous_action.py's settings without its normalisation wrappers (the earlier baseline). */
const PENDULUM_PPO = { learningRate: 3e-4, numEnvs: 1, numSteps: 2048, numMinibatches: 32, updateEpochs: 10, entCoef: 0, gamma: 0.99, gaeLambda: 0.95 };
/** ppo_continuous_action.py's settings in full: observations and rewards normalised, clipped to 10. */
const PENDULUM_PPO_NORM = { ...PENDULUM_PPO, normalizeObservation: true, normalizeReward: true };
/** MuJoCo episodes are 1,000 steps with small start noise: 20 deterministic evaluation episodes per seed. */
const MUJOCO_EVAL_EPISODES = 20;

const SUITES: Suite[] = [
  { name: 'cartpole-grpo', config: { algo: 'grpo', env: 'CartPole-v1', totalSteps: 100_000 }, target: 'eval >= 475 on 5/5 seeds, <= 15 s/seed', passes: (m) => m >= 475 },
  { name: 'cartpole-ppo', config: { algo: 'ppo', env: 'CartPole-v1', totalSteps: 100_000 }, target: 'baseline, same budget', passes: (m) => m >= 475 },
  { name: 'pendulum-grpo', config: { algo: 'grpo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_GRPO }, target: 'median eval >= -200 (first-rate -170)', passes: (m) => m >= -200 },
  // The best of this project's sweep (README: GRPO on Pendulum, the sweep): 16 passes over each batch instead of 8.
  { name: 'pendulum-grpo-16passes', config: { algo: 'grpo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_GRPO, numIterations: 16 }, target: 'median eval >= -200', passes: (m) => m >= -200 },
  // Seed 001's policy on Pendulum: a state-dependent log-std head, observation normalisation, the relative trust region.
  { name: 'pendulum-grpo-head', config: { algo: 'grpo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_GRPO, logStdMode: 'head' }, target: 'median eval >= -200', passes: (m) => m >= -200 },
  { name: 'pendulum-grpo-norm', config: { algo: 'grpo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_GRPO, normalizeObservation: true }, target: 'median eval >= -200', passes: (m) => m >= -200 },
  { name: 'pendulum-grpo-tr', config: { algo: 'grpo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_GRPO, logStdMode: 'head', preset: 'trust-region' }, target: 'median eval >= -200', passes: (m) => m >= -200 },
  { name: 'pendulum-ppo', config: { algo: 'ppo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_PPO }, target: 'baseline, same budget', passes: (m) => m >= -200 },
  { name: 'pendulum-ppo-norm', config: { algo: 'ppo', env: 'Pendulum-v1', totalSteps: 200_000, ...PENDULUM_PPO_NORM }, target: 'baseline, same budget', passes: (m) => m >= -200 },
  // HalfCheetah-v5: PPO on CleanRL's ppo_continuous_action.py defaults (the MuJoCo preset), GRPO on its MuJoCo preset.
  { name: 'halfcheetah-ppo', config: { algo: 'ppo', env: 'HalfCheetah-v5', totalSteps: 1_000_000 }, target: 'median eval >= 2500, <= 480 s per 1M steps', passes: (m) => m >= 2500, evalEpisodes: MUJOCO_EVAL_EPISODES },
  { name: 'halfcheetah-ppo-256relu', config: { algo: 'ppo', env: 'HalfCheetah-v5', totalSteps: 1_000_000, hiddenSizes: [256, 256], activation: 'relu' }, target: 'wall time of the larger network', passes: (m) => m >= 2500, evalEpisodes: MUJOCO_EVAL_EPISODES },
  // Network size: 10 PPO iterations (20,480 steps) of each network, for the CPU and wall time per step.
  { name: 'halfcheetah-ppo-time-64tanh', config: { algo: 'ppo', env: 'HalfCheetah-v5', totalSteps: 20_480 }, target: 'time per step, 2 x 64 tanh', passes: () => true, evalEpisodes: MUJOCO_EVAL_EPISODES },
  { name: 'halfcheetah-ppo-time-256relu', config: { algo: 'ppo', env: 'HalfCheetah-v5', totalSteps: 20_480, hiddenSizes: [256, 256], activation: 'relu' }, target: 'time per step, 2 x 256 relu', passes: () => true, evalEpisodes: MUJOCO_EVAL_EPISODES },
  { name: 'halfcheetah-grpo', config: { algo: 'grpo', env: 'HalfCheetah-v5', totalSteps: 1_000_000 }, target: 'median eval >= 3000 (seed 001)', passes: (m) => m >= 3000, evalEpisodes: MUJOCO_EVAL_EPISODES },
  // Seed 001's recipe: the relative trust region (KL to the previous policy, adaptive beta) and a state-dependent log-std head.
  { name: 'halfcheetah-grpo-tr', config: { algo: 'grpo', env: 'HalfCheetah-v5', totalSteps: 1_000_000, preset: 'trust-region', logStdMode: 'head' }, target: 'median eval >= 3000 (seed 001)', passes: (m) => m >= 3000, evalEpisodes: MUJOCO_EVAL_EPISODES },
  // Seed 000's policy groups (defaults: 4 groups x 4 episodes) against single-policy GRPO and PPO
  // (their defaults), one budget of 200k env steps in total for every method.
  { name: 'cartpole-medium-groups', config: { algo: 'policy-groups', env: 'CartPole-v1', uncertainty: 'medium', totalSteps: 200_000 }, target: 'best group eval >= 475 on 5/5 seeds', passes: (m) => m >= 475, robustness: true },
  { name: 'cartpole-medium-grpo', config: { algo: 'grpo', env: 'CartPole-v1', uncertainty: 'medium', totalSteps: 200_000 }, target: 'baseline, same budget', passes: (m) => m >= 475, robustness: true },
  { name: 'cartpole-medium-ppo', config: { algo: 'ppo', env: 'CartPole-v1', uncertainty: 'medium', totalSteps: 200_000 }, target: 'baseline, same budget', passes: (m) => m >= 475, robustness: true },
];

const filter = process.argv[2] ?? '';
const logRoot = process.env['GRPO_BENCH_LOG_DIR'] ?? mkdtempSync(join(tmpdir(), 'grpo-ts-bench-rl-'));
const report: Record<string, unknown>[] = [];
const selected = SUITES.some((s) => s.name === filter) ? SUITES.filter((s) => s.name === filter) : SUITES.filter((s) => s.name.includes(filter));
const suiteOfDir = new Map<string, string>();
for (const suite of selected) {
  const runs: { seed: number; backend: string; eval_mean: number; eval_ci95: readonly [number, number]; env_steps: number; wall_s: number; cpu_s: number; by_level?: Record<string, number> }[] = [];
  for (const seed of SEEDS) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = await train({ ...suite.config, seed, evalEpisodes: suite.evalEpisodes ?? EVAL_EPISODES, checkpointEvery: 0, logDir: logRoot, runName: `${suite.name}-${seed}` }, { report: false });
    const wall = (performance.now() - started) / 1000;
    suiteOfDir.set(result.runDir, suite.name);
    // On a shared machine wall time measures the load as much as the code: CPU time (user + system) beside it.
    const cpuUsed = process.cpuUsage(cpuStarted);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
    const evaluation = result.summary['evaluation'];
    if (evaluation === null || typeof evaluation !== 'object' || Array.isArray(evaluation) || typeof evaluation['mean'] !== 'number') {
      throw new Error(`${suite.name} seed ${seed}: no evaluation in the summary`);
    }
    const ci = evaluation['ci95'];
    const ci95: [number, number] = Array.isArray(ci) && typeof ci[0] === 'number' && typeof ci[1] === 'number' ? [ci[0], ci[1]] : [NaN, NaN];
    const byLevel = suite.robustness ? await robustnessOf(result.finalModelPath, seed) : undefined;
    // The kernels the run chose (config 'auto': the faster here); results differ across backends.
    runs.push({ seed, backend: getBackend(), eval_mean: evaluation['mean'], eval_ci95: ci95, env_steps: result.counters.globalStep, wall_s: Number(wall.toFixed(2)), cpu_s: Number(cpu.toFixed(2)), ...(byLevel ? { by_level: byLevel } : {}) });
    const levels = byLevel ? `; by level ${LEVELS.map((l) => `${l} ${byLevel[l]!.toFixed(1)}`).join(', ')}` : '';
    process.stdout.write(`  ${suite.name} seed ${seed}: eval ${evaluation['mean'].toFixed(1)} (95% CI ${ci95[0].toFixed(1)} to ${ci95[1].toFixed(1)}), ${result.counters.globalStep} steps, ${wall.toFixed(1)} s wall / ${cpu.toFixed(1)} s CPU (final evaluation included)${levels}\n`);
  }
  report.push({ name: suite.name, config: suite.config, target: suite.target, seeds_passing: runs.filter((r) => suite.passes(r.eval_mean)).length, seeds: runs.length, max_wall_s: Math.max(...runs.map((r) => r.wall_s)), runs });
}

// The tables, from grpo compare's statistics: a group per suite (its seeds), final performance =
// each run's evaluation mean.
const { result: comparison } = compareRunDirs([...suiteOfDir.keys()], { groupOf: (r) => suiteOfDir.get(r.dir) ?? r.dir });
const dir = new URL('./results/', import.meta.url.replace('/dist/bench/', '/bench/'));
mkdirSync(dir, { recursive: true });
const written = await writeComparison(join(fileURLToPath(dir), 'rl-compare'), comparison);
if (process.env['GRPO_BENCH_LOG_DIR'] === undefined) rmSync(logRoot, { recursive: true, force: true });

const f1 = (x: number): string => x.toFixed(1);
const printTable = (table: string[][]): void => {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(`\n${table.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n')}`);
};
const rows = [['suite', 'passing', 'median [95% CI]', 'mean [95% CI]', 'IQM [95% CI]', 'per seed', 'max s', 'target']];
for (const r of report) {
  const g = comparison.groups.find((x) => x.group === r['name'])!;
  Object.assign(r, { median_eval: g.median, mean_eval: g.mean, iqm_eval: g.iqm });
  rows.push([
    String(r['name']),
    `${r['seeds_passing']}/${r['seeds']}`,
    ...[g.median, g.mean, g.iqm].map((i) => `${f1(i.estimate)} [${f1(i.low)}, ${f1(i.high)}]`),
    g.finals.map((x) => x.toFixed(0)).join(' '),
    (r['max_wall_s'] as number).toFixed(1),
    String(r['target']),
  ]);
}
printTable(rows);
console.log(`(95% stratified bootstrap CIs over seeds, ${comparison.bootstrap.resamples} resamples)`);
// Methods on the same task against each other (suites named <task>-<method>).
const taskOf = (name: string): string => name.slice(0, name.lastIndexOf('-'));
const pairs = comparison.pairs.filter((p) => taskOf(p.a) === taskOf(p.b));
if (pairs.length > 0) {
  printTable([['a', 'b', 'P(a > b)', 'a - b [95% CI]', 'Welch p', 'Mann-Whitney p'], ...pairs.map((p) => [
    p.a, p.b, p.probability_of_improvement.toFixed(2), `${f1(p.difference.estimate)} [${f1(p.difference.low)}, ${f1(p.difference.high)}]`, p.welch_p.toPrecision(3), p.mann_whitney_p.toPrecision(3),
  ])]);
}
console.log(`\ncomparison report: ${written.report}\n`);

// Robustness: the policy groups' ensemble against single-policy GRPO and PPO at every uncertainty
// level: each method's mean over seeds (95% CI over the seed means), the difference of means
// (ensemble - baseline) with a seeded percentile-bootstrap 95% CI, Welch's t-test and the
// Mann-Whitney U test (two-sided p-values), all over the per-seed means.
const byLevelOf = (name: string) => (report.find((r) => r['name'] === name)?.['runs'] as { by_level?: Record<string, number> }[] | undefined)?.map((r) => r.by_level);
const ensemble = byLevelOf('cartpole-medium-groups');
const robustness: Record<string, unknown>[] = [];
if (ensemble !== undefined) {
  const table = [['level', 'ensemble (groups)', 'grpo', 'ens - grpo [95% CI]', 'p welch / mwu', 'ppo', 'ens - ppo [95% CI]', 'p welch / mwu']];
  for (const level of LEVELS) {
    const column = (runs: (Record<string, number> | undefined)[] | undefined) => (runs ?? []).map((r) => r?.[level]).filter((v): v is number => v !== undefined);
    const ens = column(ensemble);
    const entry: Record<string, unknown> = { level, ensemble: { means: ens, ...ciOf(ens) } };
    const row = [level, showCi(ens)];
    for (const other of ['grpo', 'ppo']) {
      const values = column(byLevelOf(`cartpole-medium-${other}`));
      const comparable = ens.length >= 2 && values.length >= 2;
      const welch = comparable ? welchTTest(ens, values) : null;
      const mwu = comparable ? mannWhitneyU(ens, values) : null;
      const difference = comparable ? differenceOfMeans(ens, values, { seed: `robustness-${level}-${other}` }) : null;
      entry[other] = { means: values, ...ciOf(values), welch_vs_ensemble: welch, mann_whitney_vs_ensemble: mwu, ensemble_minus: difference };
      row.push(
        showCi(values),
        difference === null ? '-' : `${difference.estimate.toFixed(1)} [${difference.low.toFixed(1)}, ${difference.high.toFixed(1)}]`,
        welch === null || mwu === null ? '-' : `${welch.pValue.toPrecision(2)} / ${mwu.pValue.toPrecision(2)}`,
      );
    }
    robustness.push(entry);
    table.push(row);
  }
  const w = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(`robustness (mean eval over seeds [95% CI], ${EVAL_EPISODES} episodes per seed and level; difference of means with a bootstrap CI; Welch's t-test / Mann-Whitney U p-values):\n${table.map((row) => row.map((cell, c) => cell.padEnd(w[c]!)).join('  ')).join('\n')}\n`);
}

function ciOf(values: number[]): { mean: number; ci95: readonly [number, number] } | Record<string, never> {
  if (values.length === 0) return {};
  const s = returnStats(values);
  return { mean: s.mean, ci95: s.ci95 };
}

function showCi(values: number[]): string {
  if (values.length === 0) return '-';
  const s = returnStats(values);
  return `${s.mean.toFixed(1)} [${s.ci95[0].toFixed(1)}, ${s.ci95[1].toFixed(1)}]`;
}

const tmp = new URL(`rl-latest.json.${process.pid}.tmp`, dir);
writeFileSync(tmp, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', eval_episodes: EVAL_EPISODES, suites: report, pairs, robustness }, null, 2)}\n`);
renameSync(tmp, new URL('rl-latest.json', dir));
console.log(`wrote ${new URL('rl-latest.json', dir).pathname}`);
