// The import rules of the style guide, checked on the sources: cli -> train -> eval -> algos ->
// nn -> autograd -> tensor, with algos, eval -> envs -> tensor; nothing imports upward, there are
// no import cycles, and nothing below train/ imports node:* (the library runs in a browser).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

/** The layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  tensor: [],
  autograd: ['tensor'],
  nn: ['autograd', 'tensor'],
  envs: ['tensor'],
  algos: ['nn', 'envs', 'autograd', 'tensor'],
  // Evaluation runs the algorithms' policies: eval sits above algos, never the other way.
  eval: ['algos', 'nn', 'envs', 'autograd', 'tensor'],
  train: ['eval', 'algos', 'nn', 'envs', 'autograd', 'tensor'],
  cli: ['train', 'eval', 'algos', 'nn', 'envs', 'autograd', 'tensor', 'index.ts'],
  'index.ts': ['browser.ts', 'train'],
  'browser.ts': ['eval', 'algos', 'nn', 'envs', 'autograd', 'tensor'],
};

/** The layers that may use Node's APIs (node:* and Node-only globals): the ones that own files and processes. */
const NODE_LAYERS = ['train', 'cli'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);
}

function importsOf(file: string): string[] {
  return specifiersOf(file).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;
const files = sources(SRC);

describe('layering', () => {
  it('every import points down the layers', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (ALLOWED[from] === undefined) violations.push(`${relative(SRC, file)} is in no layer (add it to ALLOWED)`);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('nothing below train/ uses Node: no node:* or Node builtin import, no process, Buffer or setImmediate', () => {
    const builtins = /^(node:|fs$|path$|os$|crypto$|child_process$|worker_threads$|perf_hooks$|url$|util$|stream$)/;
    const nodeGlobals = /\b(process\.|Buffer\.|setImmediate\(|__dirname|require\()/;
    const violations: string[] = [];
    for (const file of files) {
      if (NODE_LAYERS.includes(layerOf(file)) || layerOf(file) === 'index.ts') continue;
      for (const spec of specifiersOf(file)) if (builtins.test(spec)) violations.push(`${relative(SRC, file)} imports ${spec}`);
      const code = readFileSync(file, 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');
      const m = nodeGlobals.exec(code);
      if (m) violations.push(`${relative(SRC, file)} uses ${m[1]}`);
    }
    expect(violations).toEqual([]);
  });

  it('the teaching page (web/) imports the browser entry and only the pure config tables of train/', () => {
    // The config tables are plain data with validation (no files): the page validates its form with
    // them, so both runtimes resolve a config the same way.
    const pure = ['train/config.ts', 'train/config_fields.ts'];
    const WEB = resolve(__dirname, '../web');
    const violations: string[] = [];
    for (const file of sources(WEB)) {
      for (const target of importsOf(file)) {
        const inSrc = relative(SRC, target);
        if (inSrc !== 'browser.ts' && !pure.includes(inSrc) && inSrc.startsWith('..')) continue; // web's own files
        if (inSrc !== 'browser.ts' && !pure.includes(inSrc)) violations.push(`web/${relative(WEB, file)} imports src/${inSrc}`);
      }
    }
    for (const file of pure) {
      const deps = importsOf(join(SRC, file)).map((t) => relative(SRC, t)).filter((t) => !t.startsWith('envs/') && !pure.includes(t));
      if (deps.length > 0 || specifiersOf(join(SRC, file)).some((s) => s.startsWith('node:'))) violations.push(`src/${file} is no longer pure: ${deps.join(', ')}`);
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    // Iterative DFS with an explicit stack of [file, next import index].
    for (const start of files) {
      if (state.has(start)) continue;
      const stack: [string, number][] = [[start, 0]];
      state.set(start, 'visiting');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const deps = graph.get(frame[0]) ?? [];
        if (frame[1] < deps.length) {
          const next = deps[frame[1]++]!;
          if (state.get(next) === 'visiting') cycles.push([...stack.map(([f]) => relative(SRC, f)), relative(SRC, next)].join(' -> '));
          else if (!state.has(next) && graph.has(next)) {
            state.set(next, 'visiting');
            stack.push([next, 0]);
          }
        } else {
          state.set(frame[0], 'done');
          stack.pop();
        }
      }
    }
    expect(cycles).toEqual([]);
  });

  it('uses no Math.random in src/ (every draw comes from a seeded Rng)', () => {
    expect(files.filter((f) => readFileSync(f, 'utf8').includes('Math.random')).map((f) => relative(SRC, f))).toEqual([]);
  });
});
