// The import rules of the style guide, checked on the sources: cli -> grpo -> nn -> autograd ->
// tensor, and grpo -> envs -> tensor; nothing imports upward, and there are no import cycles.
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
  eval: ['envs', 'tensor'],
  grpo: ['nn', 'envs', 'autograd', 'tensor'],
  cli: ['grpo', 'nn', 'envs', 'autograd', 'tensor', 'index.ts'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;
const files = sources(SRC);

describe('layering', () => {
  it('every import points down the layers', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === 'index.ts') continue;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
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
