import { performance } from 'node:perf_hooks';

/** One benchmark workload: `setup` builds the work and returns a function doing one unit of it. */
export interface Workload {
  readonly name: string;
  readonly setup: () => () => void;
  /** Floating-point operations in one call, to report GFLOP/s. */
  readonly flops?: number;
  /** Items (env steps, samples) in one call, to report items per second. */
  readonly items?: number;
  /** What the figure should reach, as text for the table (e.g. ">= 3 GFLOP/s"). */
  readonly target?: string;
}

/** The measured result of a workload, as written to `bench/results/latest.json`. */
export interface Result {
  readonly name: string;
  /** Median wall time of one call, in microseconds. */
  readonly median_us: number;
  /** Timed runs the median is taken over (each run averages a batch of calls). */
  readonly runs: number;
  readonly calls_per_run: number;
  readonly min_us: number;
  readonly max_us: number;
  readonly gflops?: number;
  readonly items_per_s?: number;
  readonly target?: string;
}

export interface MeasureOptions {
  /** Warm-up time before timing, ms (lets the JIT settle). */
  readonly warmupMs: number;
  /** Target duration of one timed run, ms. */
  readonly runMs: number;
  /** Number of timed runs. */
  readonly runs: number;
}

export const defaultMeasureOptions: MeasureOptions = { warmupMs: 300, runMs: 20, runs: 25 };

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times a workload: warm-up, calibrate a batch that lasts `runMs`, then `runs` timed batches. */
export function measure(workload: Workload, options: MeasureOptions = defaultMeasureOptions): Result {
  const call = workload.setup();
  const warmupEnd = performance.now() + options.warmupMs;
  let warmCalls = 0;
  while (performance.now() < warmupEnd) {
    call();
    warmCalls++;
  }
  const perCallMs = options.warmupMs / Math.max(1, warmCalls);
  const callsPerRun = Math.max(1, Math.round(options.runMs / perCallMs));
  const samples: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const start = performance.now();
    for (let i = 0; i < callsPerRun; i++) call();
    samples.push(((performance.now() - start) * 1000) / callsPerRun);
  }
  samples.sort((a, b) => a - b);
  const med = median(samples);
  return {
    name: workload.name,
    median_us: Number(med.toFixed(3)),
    runs: options.runs,
    calls_per_run: callsPerRun,
    min_us: Number(samples[0]!.toFixed(3)),
    max_us: Number(samples[samples.length - 1]!.toFixed(3)),
    ...(workload.flops !== undefined ? { gflops: Number((workload.flops / (med * 1000)).toFixed(3)) } : {}),
    ...(workload.items !== undefined ? { items_per_s: Math.round((workload.items * 1e6) / med) } : {}),
    ...(workload.target !== undefined ? { target: workload.target } : {}),
  };
}

/** One core's peak here, GFLOP/s, with AVX2 FMA (the figure); the table shows each GFLOP/s as a share of it. */
export const PEAK_GFLOPS = 132;

/** Formats results as an aligned text table: the js backend's, and beside them the wasm backend's (same workloads, same order). */
export function formatTable(js: readonly Result[], wasm: readonly Result[] = []): string {
  const both = wasm.length > 0;
  const head = ['workload', 'js_us', 'js_min', 'js GFLOP/s'];
  if (both) head.push('wasm_us', 'wasm_min', 'wasm GFLOP/s', '% peak', 'speedup');
  head.push('items/s', 'target');
  const rows = [head];
  js.forEach((r, i) => {
    const w = wasm[i];
    const row = [r.name, r.median_us.toFixed(2), r.min_us.toFixed(2), r.gflops?.toFixed(2) ?? ''];
    if (both && w !== undefined) {
      row.push(w.median_us.toFixed(2), w.min_us.toFixed(2), w.gflops?.toFixed(2) ?? '', w.gflops !== undefined ? `${((100 * w.gflops) / PEAK_GFLOPS).toFixed(1)}%` : '', `${(r.median_us / w.median_us).toFixed(2)}x`);
    }
    row.push((w ?? r).items_per_s?.toLocaleString('en-US') ?? '', r.target ?? '');
    rows.push(row);
  });
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}
