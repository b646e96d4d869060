// src/eval must run in a browser: esbuild bundles it for the browser platform, vega included, with
// no Node module pulled in through a package (test/layering.test.ts checks its own imports).
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const EVAL = resolve(__dirname, '../../src/eval');

describe('src/eval in the browser', () => {
  it('bundles with esbuild for the browser platform, vega included', async () => {
    const result = await build({
      entryPoints: [join(EVAL, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      // mujoco-js (Emscripten) imports Node's 'module' only on its Node branch (see browser_bundle.test.ts).
      external: ['module'],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('node_modules/vega-lite/'))).toBe(true);
    // seedrandom (under src/tensor's Rng) maps 'crypto' to false in its package.json "browser" field;
    // it only autoseeds from it, and every Rng here is seeded explicitly.
    expect(inputs.filter((p) => p.startsWith('node:') || (p.includes('(disabled)') && p !== '(disabled):crypto'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["'](?:node:)?(?:fs|path|os|child_process)["']\)/);
  }, 30_000);
});
