// The HTML report: every plot inline, text escaped, and no URL a browser would fetch.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { scopeIds } from '../../src/eval/report.js';
import { buildReport, escapeHtml, formatNumber, groupByTag, parseMetricsJsonl, renderCharts, trainingCharts } from '../../src/eval/index.js';
import { syntheticMetricsText } from '../../bench/synthetic_metrics.js';

/** Namespace names are identifiers that no browser fetches; they are the only URLs allowed. */
const NAMESPACE_ATTRIBUTES = ['xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"'];

function externalUrls(html: string): string[] {
  let rest = html;
  for (const ns of NAMESPACE_ATTRIBUTES) rest = rest.split(ns).join('');
  return [...rest.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi)].map((m) => m[0]);
}

describe('buildReport', () => {
  it('holds every training plot of a run, inline, with no external URL', async () => {
    const { records } = parseMetricsJsonl(syntheticMetricsText({ iterations: 40, groups: 6, seed: 1 }));
    const charts = trainingCharts(groupByTag(records));
    expect(charts.map((c) => c.name)).toEqual([
      'episodic_return',
      'episodic_length',
      'losses_policy_loss',
      'losses_entropy',
      'losses_approx_kl',
      'grpo_kl_ref',
      'clip_fractions',
      'learning_rate',
      'grad_norm',
      'group_returns_heatmap',
      'frac_zero_spread_groups',
    ]);
    const plots = await renderCharts(charts);
    const html = buildReport({
      title: 'Run grpo-cartpole-0',
      subtitle: 'runs/grpo-cartpole-0',
      config: { algo: 'grpo', env: 'CartPole-v1', seed: 0 },
      summary: { final: { mean: 487.5, ci95: [470.1, 500] }, episodes: 120 },
      plots,
      tables: [{ title: 'Evaluation', columns: ['level', 'mean', 'p'], rows: [['none', 500, null], ['high', 257.25, 0.000012]] }],
    });
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBe(plots.length);
    plots.forEach((p, i) => {
      expect(html).toContain(`<figcaption>${escapeHtml(p.title)}</figcaption>`);
      expect(html).toContain(scopeIds(p.svg, `plot${i}-`));
    });
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref);
    expect(externalUrls(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    // CSS url() only for references inside the page (vega's gradients and clip paths: url(#id)).
    expect([...html.matchAll(/url\(([^)]*)\)/g)].filter((m) => !m[1]!.startsWith('#'))).toEqual([]);
    expect([...html.matchAll(/(?:xlink:)?href="([^"]*)"/g)].filter((m) => !m[1]!.startsWith('#'))).toEqual([]);
    // Both namespaces really are there (vega writes them), so the allow-list above is exercised.
    expect(html).toContain(NAMESPACE_ATTRIBUTES[0]);
    expect(html).toContain('<td>final.ci95</td><td>470.1, 500</td>');
    expect(html).toContain('<td class="num">1.200e-5</td>');
    // The page as a whole is well-formed XML too (every tag closed), apart from the doctype and void <meta>.
    const body = html.slice(html.indexOf('<body>'), html.indexOf('</body>') + '</body>'.length);
    expect(XMLValidator.validate(body)).toBe(true);
  });

  it('escapes every text it shows', () => {
    const html = buildReport({
      title: '<script>alert(1)</script>',
      config: { note: '</pre><script>x</script>' },
      summary: { 'a<b': 'c & d' },
      plots: [],
      tables: [{ title: 'T "quoted"', columns: ['<th>'], rows: [["it's"]] }],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<td>a&lt;b</td><td>c &amp; d</td>');
    expect(html).toContain('<th>&lt;th&gt;</th>');
    expect(html).toContain('it&#39;s');
  });

  it('refuses a plot that is not an SVG document and a row of the wrong width', () => {
    expect(() => buildReport({ title: 't', config: {}, summary: {}, plots: [{ title: 'p', svg: '<div></div>' }] })).toThrow(
      'buildReport: plots[0] ("p") must be one <svg>...</svg> document',
    );
    expect(() => buildReport({ title: 't', config: {}, summary: {}, plots: [], tables: [{ title: 'x', columns: ['a', 'b'], rows: [[1]] }] })).toThrow(
      'buildReport: tables[0] ("x") row 0 must have 2 cells (one per column), received 1',
    );
  });

  it('keeps the ids of two SVGs apart', () => {
    const svg = '<svg><defs><linearGradient id="gradient_0"/></defs><rect fill="url(#gradient_0)"/><use href="#gradient_0"/></svg>';
    const html = buildReport({ title: 't', config: {}, summary: {}, plots: [{ title: 'a', svg }, { title: 'b', svg }] });
    expect(html).toContain('id="plot0-gradient_0"');
    expect(html).toContain('fill="url(#plot1-gradient_0)"');
    expect(html).toContain('href="#plot1-gradient_0"');
    expect(html).not.toContain('"gradient_0"');
  });

  it('formats numbers for tables', () => {
    expect([formatNumber(3), formatNumber(0.123456), formatNumber(NaN), formatNumber(-Infinity), formatNumber(12345678.9), formatNumber(2.5e7)]).toEqual(['3', '0.1235', 'n/a', '-∞', '1.235e+7', '25000000']);
  });
});
