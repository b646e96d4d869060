// Human-readable results: evaluation statistics as aligned lines or as a table row per level.
import type { ReturnStats } from '../index.js';

/** A return with two decimals (returns of continuous-control envs are not integers). */
export function fmt(value: number): string {
  return value.toFixed(2);
}

/** `[lo, hi]` of a 95% confidence interval. */
export function fmtInterval(ci: readonly [number, number]): string {
  return `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

/** Aligned `label  value` lines. */
export function keyValues(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** The statistics as aligned lines (mean, std, 95% CI, min, max). */
export function statsBlock(s: ReturnStats): Array<readonly [string, string]> {
  return [
    ['mean', fmt(s.mean)],
    ['std', fmt(s.std)],
    ['95% CI', fmtInterval(s.ci95)],
    ['min', fmt(s.min)],
    ['max', fmt(s.max)],
  ];
}

/** A table with a header row; columns right-aligned except the first. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The statistics as a table row after `label`. */
export function statsRow(label: string, s: ReturnStats): string[] {
  return [label, String(s.episodes), fmt(s.mean), fmt(s.std), fmtInterval(s.ci95), fmt(s.min), fmt(s.max)];
}

/** The header matching {@link statsRow}. */
export const STATS_HEADER = ['episodes', 'mean', 'std', '95% CI', 'min', 'max'] as const;

/** ReturnStats as plain JSON (the interval as a two-element array). */
export function statsJson(s: ReturnStats): { episodes: number; mean: number; std: number; ci95: [number, number]; min: number; max: number } {
  return { episodes: s.episodes, mean: s.mean, std: s.std, ci95: [s.ci95[0], s.ci95[1]], min: s.min, max: s.max };
}

/**
 * A learning curve on one line, `1: 19.7  2: 24.3 ...`, at most `points` iterations evenly spaced
 * (always the first and the last).
 */
export function curveLine(points: ReadonlyArray<{ readonly iteration: number; readonly meanReturn: number }>, max = 10): string {
  const n = points.length;
  const picked = n <= max ? points : Array.from({ length: max }, (_, k) => points[Math.round((k * (n - 1)) / (max - 1))]!);
  return picked.map((p) => `${p.iteration}: ${Number.isNaN(p.meanReturn) ? '-' : p.meanReturn.toFixed(1)}`).join('  ');
}
