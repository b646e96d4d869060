// The one place charts become pictures: vega-lite -> vega -> SVG, headless (no canvas, no DOM).
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from './spec.js';

/**
 * Renders a vega-lite spec to an SVG document string. Runs in Node and in a browser alike:
 * vega's `renderer: 'none'` builds the scenegraph without drawing, and `toSVG` serialises it
 * (text widths are estimated, since there is no canvas to measure them).
 * @example const svg = await renderSvg(lineChart([{ name: 'loss', steps: [0, 1], values: [1, 0.5] }]));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
