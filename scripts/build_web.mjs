// Builds the teaching page (web/) into dist/web/: index.html, main.js (the page) and worker.js
// (the Web Worker that trains), bundled for browsers with esbuild from the library's browser code.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

/** Builds dist/web. */
export async function buildWeb() {
  mkdirSync('dist/web', { recursive: true });
  await build({
    entryPoints: { main: 'web/main.ts', worker: 'web/worker.ts' },
    outdir: 'dist/web',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    // mujoco-js's Emscripten loader imports Node's 'module' only on its Node branch (as the browser
    // entry's bundle test leaves it external); the page never loads MuJoCo.
    external: ['module'],
    sourcemap: true,
    logLevel: 'warning',
  });
  copyFileSync('web/index.html', 'dist/web/index.html');
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWeb();
