// `npm run bench [-- filter]`: times every workload (or those whose name contains `filter`),
// prints a table and writes bench/results/latest.json.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { auditWorkloads } from './audit.js';
import { coreWorkloads } from './core.js';
import { envWorkloads } from './envs.js';
import { nnWorkloads } from './nn.js';
import { formatTable, measure, type Result } from './harness.js';

const filter = process.argv[2] ?? '';
const workloads = [...coreWorkloads, ...nnWorkloads, ...envWorkloads, ...auditWorkloads].filter((w) => w.name.includes(filter));
const results: Result[] = [];
for (const w of workloads) {
  const r = measure(w);
  results.push(r);
  process.stdout.write(`  ${w.name}: ${r.median_us.toFixed(2)} us\n`);
}
console.log(`\n${formatTable(results)}\n`);

const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  results,
};
const dir = new URL('./results/', import.meta.url.replace('/dist/bench/', '/bench/'));
mkdirSync(dir, { recursive: true });
const path = new URL('latest.json', dir);
const tmp = new URL(`latest.json.${process.pid}.tmp`, dir);
writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
renameSync(tmp, path);
console.log(`wrote ${path.pathname}`);
