import type { Workload } from './harness.js';

/** Benchmark workloads of src/nn/ (see the README's benchmark section). */
export const nnWorkloads: Workload[] = [];
