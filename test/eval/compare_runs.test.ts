// Comparisons across runs: final performance (evaluation, else the last 10% of training),
// groups with rliable's aggregates and stratified bootstrap CIs, pairwise statistics, curves.
import { describe, expect, it } from 'vitest';
import {
  aggregateIqm, compareCharts, compareRuns, compareTables, finalPerformance, groupOf, probabilityOfImprovement, renderSvg, stratifiedBootstrapCI, type CompareInput, type MetricRecord,
} from '../../src/eval/index.js';
import { expectWellFormedSvg, linePaths } from './svg.js';

/** A run with `n` training episodes of return `base + k` at steps 100 k, and an optional evaluation mean. */
function run(dir: string, algo: string, seed: number, base: number, n: number, evaluation: number | null): CompareInput {
  const records: MetricRecord[] = Array.from({ length: n }, (_, k) => ({ step: 100 * (k + 1), tag: 'charts/episodic_return', value: base + k }));
  return { dir, config: { algo, seed, env: 'CartPole-v1' }, summary: evaluation === null ? null : { evaluation: { mean: evaluation, episodes: 10 } }, records };
}

describe('finalPerformance', () => {
  it('is the evaluation mean when the summary has one, else the mean of the last 10% of training episodes (at least 1)', () => {
    expect(finalPerformance({ evaluation: { mean: 480, episodes: 100 } }, [1, 2, 3])).toEqual({ final: 480, source: 'evaluation', episodes: 100 });
    expect(finalPerformance({ evaluation: null }, Array.from({ length: 20 }, (_, i) => i))).toEqual({ final: 18.5, source: 'last 10% of training episodes', episodes: 2 });
    expect(finalPerformance(null, [4, 8])).toEqual({ final: 8, source: 'last 10% of training episodes', episodes: 1 });
    expect(finalPerformance(null, [])).toBeNull();
  });

  it('groups by config fields', () => {
    expect(groupOf({ algo: 'ppo', env: 'Acrobot-v1' }, ['env', 'algo'])).toBe('Acrobot-v1/ppo');
    expect(groupOf({ groupSize: 8 }, ['groupSize'])).toBe('groupSize=8');
    expect(groupOf({}, ['groupSize'])).toBe('groupSize=(unset)');
  });
});

describe('compareRuns', () => {
  const inputs = [
    run('g0', 'grpo', 0, 100, 30, 500), run('g1', 'grpo', 1, 100, 30, 480), run('g2', 'grpo', 2, 100, 30, 490),
    run('p0', 'ppo', 0, 50, 20, null), run('p1', 'ppo', 1, 60, 20, null), run('p2', 'ppo', 2, 70, 20, null),
  ];
  const result = compareRuns(inputs, { resamples: 300, seed: 1, points: 20 });

  it('takes each run\'s final performance and says where it came from', () => {
    expect(result.runs.map((r) => [r.dir, r.group, r.final, r.source])).toEqual([
      ['g0', 'grpo', 500, 'evaluation'], ['g1', 'grpo', 480, 'evaluation'], ['g2', 'grpo', 490, 'evaluation'],
      ['p0', 'ppo', 68.5, 'last 10% of training episodes'], ['p1', 'ppo', 78.5, 'last 10% of training episodes'], ['p2', 'ppo', 88.5, 'last 10% of training episodes'],
    ]);
  });

  it('per group: mean, median and IQM with stratified bootstrap CIs over runs', () => {
    const [grpo, ppo] = result.groups;
    expect(grpo!.finals).toEqual([500, 480, 490]);
    expect(grpo!.mean.estimate).toBeCloseTo(490, 12);
    expect(grpo!.median.estimate).toBe(490);
    expect(grpo!.iqm).toEqual(stratifiedBootstrapCI([[500], [480], [490]], aggregateIqm, { resamples: 300, seed: '1/group/0' }));
    for (const g of result.groups) for (const i of [g.mean, g.median, g.iqm]) {
      expect(i.low).toBeLessThanOrEqual(i.estimate);
      expect(i.high).toBeGreaterThanOrEqual(i.estimate);
      expect(i.resamples).toBe(300);
    }
    expect(ppo!.mean.estimate).toBeCloseTo(78.5, 12);
  });

  it('pairwise: probability of improvement, difference of means, Welch and Mann-Whitney p', () => {
    expect(result.pairs).toHaveLength(1);
    const p = result.pairs[0]!;
    expect([p.a, p.b]).toEqual(['grpo', 'ppo']);
    expect(p.probability_of_improvement).toBe(1);
    expect(p.probability_of_improvement).toBe(probabilityOfImprovement([[500], [480], [490]], [[68.5], [78.5], [88.5]]));
    expect(p.difference.estimate).toBeCloseTo(490 - 78.5, 9);
    expect(p.welch_p).toBeLessThan(1e-4);
    expect(p.mann_whitney_p).toBeCloseTo(0.1, 12); // exact: 2 / C(6, 3)
  });

  it('learning curves on the steps every run of a group covers, with a band', async () => {
    expect(result.curves.map((c) => c.group)).toEqual(['grpo', 'ppo']);
    const ppo = result.curves[1]!;
    expect(ppo.steps[0]).toBe(100);
    expect(ppo.steps.at(-1)).toBe(2000);
    expect(ppo.steps).toHaveLength(20);
    ppo.mean.forEach((m, i) => {
      expect(ppo.low[i]!).toBeLessThanOrEqual(m + 1e-9);
      expect(ppo.high[i]!).toBeGreaterThanOrEqual(m - 1e-9);
    });
    const charts = compareCharts(result);
    expect(charts.map((c) => c.name)).toEqual(['learning_curves', 'final_mean', 'final_iqm']);
    const svg = await renderSvg(charts[0]!.spec);
    expectWellFormedSvg(svg);
    expect(linePaths(svg)).toHaveLength(2);
    expect(compareTables(result).map((t) => t.rows.length)).toEqual([6, 2, 1]);
  });

  it('refuses a run with neither an evaluation nor a training episode, naming it', () => {
    expect(() => compareRuns([run('empty', 'grpo', 0, 0, 0, null)])).toThrow('compareRuns: empty has no evaluation in summary.json and no training episode in metrics.jsonl');
  });
});
