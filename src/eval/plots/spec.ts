// The shared parts of every chart: the spec type, sizes, and data rows vega-lite can read.
import type { TopLevelSpec } from 'vega-lite';

/** A vega-lite specification: what every chart function returns and `renderSvg` draws. */
export type ChartSpec = TopLevelSpec;

/** A data row of a chart: numbers (null where the value is missing or not finite) and labels. */
export type Datum = Record<string, number | string | null>;

/** Options every chart takes. */
export interface ChartOptions {
  readonly title?: string;
  /** Plot area width in pixels (default 560). */
  readonly width?: number;
  /** Plot area height in pixels (default 260). */
  readonly height?: number;
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** A named series of (step, value) pairs, one line of a multi-line chart. */
export interface NamedSeries {
  readonly name: string;
  readonly steps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** The top-level fields shared by every chart: size, title, white background, fixed fonts. */
export function frame(options: ChartOptions, defaults: { title: string; subtitle?: string }): {
  $schema: string;
  width: number;
  height: number;
  title: { text: string; subtitle?: string };
  background: string;
  config: { font: string; view: { stroke: string } };
} {
  const title = options.title ?? defaults.title;
  return {
    // The schema URL identifies the spec's version for tools; nothing fetches it when rendering.
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 560,
    height: options.height ?? 260,
    title: defaults.subtitle === undefined ? { text: title } : { text: title, subtitle: defaults.subtitle },
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
  };
}

/** A number as chart data: non-finite values become null, which vega-lite leaves out of lines and points. */
export function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Throws unless the arrays of a series have one length. */
export function checkSeries(fn: string, name: string, steps: ArrayLike<number>, values: ArrayLike<number>): void {
  if (steps.length !== values.length) {
    throw new RangeError(`${fn}: series ${JSON.stringify(name)} must have as many steps as values, received ${steps.length} steps and ${values.length} values`);
  }
}
