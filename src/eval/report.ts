// One self-contained HTML page for a run, an evaluation or a comparison: inline SVG plots, tables,
// the config and the summary. No script, no stylesheet or image from elsewhere.
import { escapeHtml, formatNumber } from './html.js';

/** A rendered plot of a report. */
export interface ReportPlot {
  readonly title: string;
  /** An SVG document from `renderSvg` (inlined as is: it must come from our renderer, not from a user). */
  readonly svg: string;
  readonly caption?: string;
}

/** A table cell: text, a number (formatted to 4 significant digits), or null for an empty cell. */
export type Cell = string | number | null;

/** A table of a report, e.g. the evaluation table. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  /** Rows of `columns.length` cells. */
  readonly rows: readonly (readonly Cell[])[];
  readonly note?: string;
}

/** Everything a report shows. */
export interface ReportInput {
  readonly title: string;
  /** The run's full config (shown as indented JSON). */
  readonly config: unknown;
  /** Summary numbers and facts (nested objects are flattened to dotted keys). */
  readonly summary: Readonly<Record<string, unknown>>;
  readonly plots: readonly ReportPlot[];
  readonly tables?: readonly ReportTable[];
  /** A line under the title, e.g. the run directory and the time the report was built. */
  readonly subtitle?: string;
}

/**
 * Builds the report page: title, summary table, every table, every plot (inline SVG) and the
 * config. All text is escaped; the SVGs are inlined after checking each is one `<svg>` element.
 * @example buildReport({ title: 'run', config: {}, summary: { mean: 1 }, plots: [] }).startsWith('<!DOCTYPE html>')
 */
export function buildReport(input: ReportInput): string {
  input.tables?.forEach((t, i) => {
    t.rows.forEach((row, r) => {
      if (row.length !== t.columns.length) {
        throw new RangeError(`buildReport: tables[${i}] (${JSON.stringify(t.title)}) row ${r} must have ${t.columns.length} cells (one per column), received ${row.length}`);
      }
    });
  });
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    input.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(input.subtitle)}</p>`,
    '<h2>Summary</h2>',
    table({ title: '', columns: ['', ''], rows: flattenSummary(input.summary) }, false),
    ...(input.tables ?? []).map((t) => `<h2>${escapeHtml(t.title)}</h2>\n${table(t, true)}${t.note === undefined ? '' : `<p class="note">${escapeHtml(t.note)}</p>`}`),
    input.plots.length > 0 ? '<h2>Plots</h2>' : '',
    ...input.plots.map((p, i) => figure(p, i)),
    '<h2>Config</h2>',
    `<pre>${escapeHtml(JSON.stringify(input.config, null, 2) ?? 'null')}</pre>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((p) => p !== '').join('\n');
}

function figure(plot: ReportPlot, index: number): string {
  const svg = plot.svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!svg.startsWith('<svg') || !svg.endsWith('</svg>')) {
    throw new RangeError(`buildReport: plots[${index}] (${JSON.stringify(plot.title)}) must be one <svg>...</svg> document, received ${JSON.stringify(svg.slice(0, 40))}...`);
  }
  const caption = plot.caption === undefined ? '' : `<p class="note">${escapeHtml(plot.caption)}</p>`;
  return `<figure><figcaption>${escapeHtml(plot.title)}</figcaption>\n${scopeIds(svg, `plot${index}-`)}\n${caption}</figure>`;
}

/**
 * Prefixes every id of an SVG, and every reference to one (`url(#id)`, `href="#id"`), with `prefix`.
 * Each vega SVG numbers its ids from 0 (`gradient_0`, `clip1`); inlined together in one page they
 * would collide, and a heatmap's legend would paint with another chart's gradient.
 */
export function scopeIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`);
}

function table(t: ReportTable, header: boolean): string {
  const head = header ? `<thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>` : '';
  const body = t.rows.map((row) => `<tr>${row.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

function cell(c: Cell): string {
  if (c === null) return '';
  return escapeHtml(typeof c === 'number' ? formatNumber(c) : c);
}

/** Summary entries as [key, value] rows, nested objects as dotted keys, arrays of numbers inline. */
function flattenSummary(summary: Readonly<Record<string, unknown>>, prefix = ''): Cell[][] {
  const rows: Cell[][] = [];
  for (const [key, value] of Object.entries(summary)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      rows.push(...flattenSummary(Object.fromEntries(Object.entries(value)), name));
    } else if (typeof value === 'number' || typeof value === 'string') {
      rows.push([name, value]);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      rows.push([name, value.map((v: number) => formatNumber(v)).join(', ')]);
    } else {
      rows.push([name, JSON.stringify(value) ?? String(value)]);
    }
  }
  return rows;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}',
  'h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}',
  '.subtitle,.note{color:#666;font-size:.9em}',
  'table{border-collapse:collapse;font-size:.9em}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}',
  'td.num{text-align:right;font-variant-numeric:tabular-nums}',
  'figure{margin:1.5em 0}figcaption{font-weight:600;margin-bottom:.4em}svg{max-width:100%;height:auto}',
  'pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.85em}',
].join('');
