import type { Workload } from './harness.js';

/** Benchmark workloads of src/envs/ (see the README's benchmark section). */
export const envWorkloads: Workload[] = [];
