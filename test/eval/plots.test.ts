// Chart specs render to well-formed SVG holding the expected series and points.
import { describe, expect, it } from 'vitest';
import {
  episodicReturnChart,
  heatmapChart,
  intervalChart,
  learningCurveBand,
  learningCurveChart,
  lineChart,
  MAX_POINTS,
  renderSvg,
  robustnessChart,
  robustnessOverviewChart,
  trailingMean,
  bucketMeans,
  evenIndices,
} from '../../src/eval/index.js';
import { expectWellFormedSvg, linePaths, markLabels, vertexCount } from './svg.js';

describe('downsampling', () => {
  it('trailing mean, even indices, bucket means', () => {
    expect(Array.from(trailingMean([1, 2, 3, 4], 2))).toEqual([1, 1.5, 2.5, 3.5]);
    expect(Array.from(trailingMean([1, NaN, 3], 2))).toEqual([1, 1, 3]); // NaN skipped, not spread
    expect(evenIndices(10, 3)).toEqual([0, 5, 9]);
    expect(evenIndices(3, 10)).toEqual([0, 1, 2]);
    expect(bucketMeans([0, 1, 2, 3], [1, 3, 5, 7], 2)).toEqual({ steps: [0.5, 2.5], values: [2, 6] });
  });
});

describe('charts render to SVG', () => {
  it('episodic return: one faint point per episode and a smoothed line', async () => {
    const spec = episodicReturnChart({ steps: [10, 20, 30, 40], values: [1, 5, 3, 7] }, { window: 2 });
    const svg = await renderSvg(spec);
    expectWellFormedSvg(svg);
    expect(markLabels(svg, 'point')).toEqual(['step: 10; return: 1', 'step: 20; return: 5', 'step: 30; return: 3', 'step: 40; return: 7']);
    const lines = linePaths(svg);
    expect(lines).toHaveLength(1);
    expect(vertexCount(lines[0]!)).toBe(4);
    expect(svg).toContain('Episodic return');
    expect(svg).toContain('mean of the last 2 episodes');
  });

  it('episodic return caps the faint points on long runs', async () => {
    const n = 20_000;
    const steps = Array.from({ length: n }, (_, i) => i * 10);
    const values = steps.map((s) => Math.sin(s / 1000) * 100 + 200);
    const svg = await renderSvg(episodicReturnChart({ steps, values }));
    expect(markLabels(svg, 'point')).toHaveLength(MAX_POINTS);
    expect(svg).toContain(`${MAX_POINTS} of ${n} episodes shown as points`);
  });

  it('line chart: one line per series, a legend naming them', async () => {
    const svg = await renderSvg(
      lineChart(
        [
          { name: 'losses/clipfrac', steps: [1, 2, 3], values: [0.1, 0.2, 0.15] },
          { name: 'losses/clipfrac_low', steps: [1, 2, 3], values: [0.05, 0.1, 0.07] },
        ],
        { title: 'Clip fractions' },
      ),
    );
    expectWellFormedSvg(svg);
    const lines = linePaths(svg);
    expect(lines).toHaveLength(2);
    expect(lines.map(vertexCount)).toEqual([3, 3]);
    expect(svg).toContain('>losses/clipfrac</text>');
    expect(svg).toContain('>losses/clipfrac_low</text>');
  });

  it('heatmap: one cell per iteration and group', async () => {
    const svg = await renderSvg(heatmapChart({ steps: [10, 20, 30], values: [[1, 2], [3, 4], [5, 6]] }));
    expectWellFormedSvg(svg);
    const cells = markLabels(svg, 'rect mark');
    expect(cells).toHaveLength(6);
    expect(cells).toContain('step: 30; group: 1; end: 40; return: 6');
  });

  it('heatmap averages iterations into at most maxColumns columns', async () => {
    const values = Array.from({ length: 10 }, (_, i) => [i, 2 * i]);
    const spec = heatmapChart({ steps: values.map((_, i) => i), values }, { maxColumns: 5 });
    const cells = markLabels(await renderSvg(spec), 'rect mark');
    expect(cells).toHaveLength(10); // 5 columns x 2 groups
    expect(cells).toContain('step: 0; group: 0; end: 2; return: 0.5'); // mean of iterations 0 and 1
  });

  it('robustness sweep: a band and a line through every magnitude', async () => {
    const points = [0, 0.5, 1, 1.5, 2, 2.5].map((m) => ({ magnitude: m, mean: 500 - 100 * m, low: 480 - 100 * m, high: 510 - 100 * m }));
    const svg = await renderSvg(robustnessChart('observation_noise', points));
    expectWellFormedSvg(svg);
    expect(svg).toContain('Robustness: observation_noise');
    expect(svg).toContain('aria-roledescription="area mark"');
    expect(markLabels(svg, 'point')).toHaveLength(6);
    expect(vertexCount(linePaths(svg)[0]!)).toBe(6);
  });

  it('robustness overview: one line per kind', async () => {
    const kinds = ['mass', 'length', 'noise'];
    const points = kinds.flatMap((kind, k) => [0, 1, 2].map((m) => ({ kind, relativeMagnitude: m, normalisedReturn: 1 - 0.1 * m * (k + 1) })));
    const svg = await renderSvg(robustnessOverviewChart(points));
    expectWellFormedSvg(svg);
    expect(linePaths(svg)).toHaveLength(3);
    for (const kind of kinds) expect(svg).toContain(`>${kind}</text>`);
  });

  it('interval chart: a point and a rule per label', async () => {
    const svg = await renderSvg(
      intervalChart([
        { label: 'grpo', estimate: 480, low: 460, high: 495 },
        { label: 'ppo', estimate: 450, low: 400, high: 490 },
      ]),
    );
    expectWellFormedSvg(svg);
    expect(markLabels(svg, 'point')).toEqual(['estimate: 480; label: grpo', 'estimate: 450; label: ppo']);
    expect((svg.match(/aria-roledescription="rule mark"/g) ?? []).length).toBe(2);
    expect(svg).toContain('>grpo</text>');
  });

  it('learning curves: a band and a mean line per group, on a common grid', async () => {
    const run = (offset: number) => ({ steps: [0, 100, 200, 300], values: [10 + offset, 50 + offset, 90 + offset, 120 + offset] });
    const band = learningCurveBand('grpo', [run(0), run(5), run(-5)], { seed: 0, points: 4, window: 1 });
    expect(band.steps).toEqual([0, 100, 200, 300]);
    expect(Array.from(band.mean)).toEqual([10, 50, 90, 120]);
    expect(band.low[0]).toBeLessThan(10);
    expect(band.high[0]).toBeGreaterThan(10);
    expect(learningCurveBand('grpo', [run(0), run(5), run(-5)], { seed: 0, points: 4, window: 1 })).toEqual(band);
    const svg = await renderSvg(learningCurveChart([band, { ...band, label: 'ppo', mean: Array.from(band.mean, (m) => m - 20) }]));
    expectWellFormedSvg(svg);
    expect(linePaths(svg)).toHaveLength(2);
    expect((svg.match(/aria-roledescription="area mark"/g) ?? []).length).toBe(2);
  });

  it('missing values (NaN) do not break a chart', async () => {
    const svg = await renderSvg(lineChart([{ name: 'losses/clipfrac', steps: [1, 2, 3], values: [NaN, 0.2, 0.1] }]));
    expectWellFormedSvg(svg);
    expect(svg).not.toContain('NaN');
  });

  it('refuses series of unequal lengths', () => {
    expect(() => lineChart([{ name: 'a', steps: [1, 2], values: [1] }])).toThrow('lineChart: series "a" must have as many steps as values, received 2 steps and 1 values');
  });
});
