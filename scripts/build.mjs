// Builds the library (and the benchmark, with --bench) into dist/ with esbuild.
// Type declarations come from tsc so that users importing the package get full types.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';

const withBench = process.argv.includes('--bench');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist' });
// The browser entry (package.json "./browser"): bundled for browsers, so a Node builtin fails the build.
await build({ ...common, platform: 'browser', target: 'es2022', entryPoints: { browser: 'src/browser.ts' }, outdir: 'dist' });
if (existsSync('src/cli/main.ts')) {
  // The `grpo` executable (package.json "bin"): its own build so only it gets the shebang.
  await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } });
  chmodSync('dist/cli.js', 0o755);
}

// The teaching page (web/ -> dist/web/), served by `grpo web`.
if (existsSync('web/main.ts')) await (await import('./build_web.mjs')).buildWeb();

if (withBench) {
  await build({ ...common, entryPoints: { run: 'bench/run.ts', rl: 'bench/rl.ts', report: 'bench/report.ts', memory: 'bench/memory.ts', eval: 'bench/eval.ts', worker_split: 'bench/worker_split.ts', worker_split_worker: 'bench/worker_split_worker.ts' }, outdir: 'dist/bench' });
} else {
  // Declarations only for the library build; the benchmark needs none.
  const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
  // A fresh declaration tree, so a removed or renamed module leaves no stale .d.ts in the package.
  rmSync('dist/types', { recursive: true, force: true });
  if (existsSync(tsc)) execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
