// `npm run bench:report`: time to build a run's report from ~100k metric records (the issue's
// "1M-step run"): parse metrics.jsonl text, group by tag, make the chart specs, render every SVG,
// build the HTML. Target: well under 5 s. Rendering is async, so this has its own loop rather than
// harness.measure (which times synchronous calls).
import { performance } from 'node:perf_hooks';
import { buildReport, groupByTag, parseMetricsJsonl, renderCharts, trainingCharts } from '../src/eval/index.js';
import { syntheticMetricsText } from './synthetic_metrics.js';

// 8 groups: 2 x 8 episode records + 17 per-iteration records = 33 per iteration.
const ITERATIONS = 3031;
const text = syntheticMetricsText({ iterations: ITERATIONS, groups: 8, seed: 0 });

async function once(): Promise<{ total: number; phases: Record<string, number>; records: number; bytes: number }> {
  const t0 = performance.now();
  const { records } = parseMetricsJsonl(text);
  const t1 = performance.now();
  const charts = trainingCharts(groupByTag(records));
  const t2 = performance.now();
  const plots = await renderCharts(charts);
  const t3 = performance.now();
  const html = buildReport({ title: 'bench', config: { iterations: ITERATIONS }, summary: { records: records.length }, plots });
  const t4 = performance.now();
  return { total: t4 - t0, phases: { parse: t1 - t0, specs: t2 - t1, render: t3 - t2, html: t4 - t3 }, records: records.length, bytes: html.length };
}

const runs = [];
for (let i = 0; i < 4; i++) runs.push(await once());
const cold = runs[0]!;
const warm = runs.slice(1).map((r) => r.total).sort((a, b) => a - b);
const median = warm[1]!;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
console.log(`report from ${cold.records.toLocaleString('en-US')} metric records (${(text.length / 1e6).toFixed(1)} MB of metrics.jsonl), ${(cold.bytes / 1e6).toFixed(2)} MB of HTML`);
console.log(`  first run (cold JIT): ${fmt(cold.total)}  [${Object.entries(cold.phases).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}]`);
console.log(`  median of 3 warm runs: ${fmt(median)}   target: < 5 s`);
