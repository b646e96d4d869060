// `npm run bench [-- filter]`: times every workload (or those whose name contains `filter`) on
// both kernel backends, js then wasm back to back per workload, prints a side-by-side table and
// writes bench/results/latest.json.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { getBackend, setBackend, wasmAvailable, type BackendName } from '../src/index.js';
import { auditWorkloads } from './audit.js';
import { coreWorkloads } from './core.js';
import { envWorkloads } from './envs.js';
import { nnWorkloads } from './nn.js';
import { formatTable, measure, PEAK_GFLOPS, type Result } from './harness.js';

const filter = process.argv[2] ?? '';
const workloads = [...coreWorkloads, ...nnWorkloads, ...envWorkloads, ...auditWorkloads].filter((w) => w.name.includes(filter));
const backends: BackendName[] = wasmAvailable() ? ['js', 'wasm'] : ['js'];
const results: Record<BackendName, Result[]> = { js: [], wasm: [] };
for (const w of workloads) {
  for (const backend of backends) {
    setBackend(backend);
    if (getBackend() !== backend) throw new Error(`bench: could not select the ${backend} backend`);
    const r = measure(w);
    results[backend].push(r);
    process.stdout.write(`  ${w.name} [${backend}]: ${r.median_us.toFixed(2)} us\n`);
  }
}
setBackend('js');
console.log(`\n${formatTable(results.js, results.wasm)}\n`);
console.log(`peak: ${PEAK_GFLOPS} GFLOP/s per core (AVX2 FMA, 2 x 8 lanes x 2 flops at ~4.1 GHz, from the issue); wasm SIMD has 4 lanes and no FMA.`);

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  peak_gflops_per_core: PEAK_GFLOPS,
  results: results.js,
  wasm: results.wasm,
};
const dir = new URL('./results/', import.meta.url.replace('/dist/bench/', '/bench/'));
mkdirSync(dir, { recursive: true });
const path = new URL('latest.json', dir);
const tmp = new URL(`latest.json.${process.pid}.tmp`, dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, path);
console.log(`wrote ${path.pathname}`);
