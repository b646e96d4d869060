// Checks on rendered SVG shared by the plot and report tests: well-formed XML (fast-xml-parser's
// validator, a real parser rather than a hand-rolled one), and the marks vega drew.
import { XMLValidator } from 'fast-xml-parser';

/** Throws with the parser's line and column unless `svg` is well-formed XML with an <svg> root. */
export function expectWellFormedSvg(svg: string): void {
  const result = XMLValidator.validate(svg);
  if (result !== true) throw new Error(`SVG is not well-formed XML: ${result.err.msg} at line ${result.err.line}, column ${result.err.col}`);
  if (!svg.startsWith('<svg')) throw new Error(`SVG must start with <svg, received ${svg.slice(0, 30)}`);
}

/** The aria-labels of the marks with `aria-roledescription` `role` (vega labels each datum, e.g. "step: 10; return: 21"). */
export function markLabels(svg: string, role: string): string[] {
  const re = new RegExp(`<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="${role}"`, 'g');
  return [...svg.matchAll(re)].map((m) => m[1]!);
}

/** The path data of every line mark, one string per drawn line. */
export function linePaths(svg: string): string[] {
  return [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)"/g)].map((m) => m[1]!);
}

/** The number of vertices of a path's data (M and L commands). */
export function vertexCount(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}
