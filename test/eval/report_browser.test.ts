// Generated reports in a real browser (Debian's chromium, headless, via test/browser.ts): every
// inline SVG is laid out with a non-zero size, the console shows no error, nothing is fetched.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionSpecOf, Policy } from '../../src/algos/policy.js';
import { make } from '../../src/envs/index.js';
import { planSuite, runSuite } from '../../src/eval/index.js';
import { Rng } from '../../src/tensor/rng.js';
import { writeEvaluation, writeRunReport } from '../../src/train/index.js';
import { syntheticMetricsText } from '../../bench/synthetic_metrics.js';
import { launchChromium } from '../browser.js';

/** A run report (training charts, GRPO heatmap included) and a suite report, written as the CLI writes them. */
async function generatedReports(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'grpo-report-browser-'));
  const run = join(root, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'config.json'), JSON.stringify({ algo: 'grpo', env: 'CartPole-v1', seed: 0, uncertainty: 'none' }));
  writeFileSync(join(run, 'metrics.jsonl'), syntheticMetricsText({ iterations: 30, groups: 4, seed: 2 }));
  const runReport = await writeRunReport(run);

  const env = make('CartPole-v1');
  const policy = new Policy(4, actionSpecOf(env.actionSpace), { rng: new Rng(0), hiddenSizes: [8], activation: 'tanh', outputGain: 1 });
  const model = { path: '<tiny>', spec: { algo: 'grpo', env: 'CartPole-v1', uncertainty: 'none' as const, seed: 0, hiddenSizes: [8], activation: 'tanh' as const, logStdInit: 0, logStdMode: 'parameter' as const, normalizeObservation: false, obsClip: 10 }, config: {}, policy, population: null };
  const result = runSuite(model, planSuite('quick', { seed: 1, episodes: 4 }), { resamples: 200 });
  const suite = await writeEvaluation(join(root, 'suite'), { path: '<tiny>', algo: 'grpo', env: 'CartPole-v1', trainedUncertainty: 'none', seed: 0, backend: 'js', config: {}, baselines: [] }, result);
  return [runReport.report, suite.report];
}

describe('reports in headless Chromium', () => {
  it('every SVG has a non-zero size, the console shows no error and no request leaves the page', async () => {
    const reports = await generatedReports();
    const browser = await launchChromium();
    try {
      for (const report of reports) {
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('request', (r) => requests.push(r.url()));
        const url = pathToFileURL(report).href;
        await page.goto(url, { waitUntil: 'load' });
        const sizes = await page.$$eval('svg', (svgs) => svgs.map((s) => {
          const box = s.getBoundingClientRect();
          return [box.width, box.height];
        }));
        expect(sizes.length).toBeGreaterThanOrEqual(9);
        for (const [w, h] of sizes) {
          expect(w).toBeGreaterThan(0);
          expect(h).toBeGreaterThan(0);
        }
        expect(problems).toEqual([]);
        expect(requests).toEqual([url]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
