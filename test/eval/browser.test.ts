// src/eval must run in a browser: it imports no node:* module (directly or through a package), and
// esbuild bundles it for the browser platform.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const EVAL = resolve(__dirname, '../../src/eval');
const SRC = resolve(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/eval in the browser', () => {
  it('imports only npm packages, src/eval, src/tensor and src/envs, and nothing from node:', () => {
    const bad: string[] = [];
    for (const file of sources(EVAL)) {
      const specs = [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const spec of specs) {
        const layer = spec.startsWith('.') ? relative(SRC, resolve(file, '..', spec)).split('/')[0]! : null;
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process'].includes(spec)) bad.push(`${relative(SRC, file)} imports ${spec}`);
        else if (layer !== null && !['eval', 'tensor', 'envs'].includes(layer)) bad.push(`${relative(SRC, file)} imports ${spec} (layer ${layer})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('bundles with esbuild for the browser platform, vega included', async () => {
    const result = await build({
      entryPoints: [join(EVAL, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
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
