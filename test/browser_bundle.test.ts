// The browser entry bundles for the browser: esbuild with --platform=browser resolves every import
// of src/browser.ts without a Node builtin, and the bundle runs without Node's globals.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';

describe('browser entry', () => {
  it('bundles with esbuild --platform=browser and no Node builtin', async () => {
    const result = await build({
      entryPoints: [resolve(__dirname, '../src/browser.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
      // NOTE: mujoco-js (Emscripten) imports Node's 'module' only on its Node branch, behind a
      // runtime check; a browser bundle leaves that import out, as every web bundler is told to.
      external: ['module'],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('node_modules/mujoco-js/'))).toBe(true);
    // The charts come along: src/eval renders with vega in the browser as in Node.
    expect(inputs.some((p) => p.includes('node_modules/vega-lite/'))).toBe(true);
    // seedrandom maps 'crypto' to false for browsers (it only autoseeds from it; every Rng here is seeded).
    expect(inputs.filter((p) => p.includes('(disabled)') && p !== '(disabled):crypto')).toEqual([]);
    expect(inputs.filter((p) => p.startsWith('node:') || /(^|\/)src\/(train|cli)\//.test(p))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:|require\(["'](fs|path|os|node:)/);
  });

  it('runs in a context with only browser globals: an env steps, a policy acts, a model round-trips as bytes', async () => {
    const result = await build({
      entryPoints: [resolve(__dirname, '../src/browser.ts')],
      // The IIFE has no top-level await, which mujoco-js's module uses: it stays a lazy import here.
      bundle: true, platform: 'browser', format: 'iife', globalName: 'grpo', write: false, logLevel: 'silent', external: ['mujoco-js'],
    });
    const script = `${result.outputFiles[0]!.text}
      const env = grpo.make('CartPole-v1');
      const first = env.reset({ seed: 1 }).observation;
      const rng = new grpo.Rng(0);
      const policy = new grpo.Policy(4, grpo.actionSpecOf(env.actionSpace), { rng: rng.fork('init'), hiddenSizes: [8], activation: 'tanh' });
      const action = policy.act(grpo.tensor(first, { shape: [1, 4] }), [rng.fork('act')], true);
      const step = env.step(policy.envAction(action, 0));
      const stats = grpo.evaluatePolicy(policy, env, { episodes: 2, seed: 3 }).stats;
      const config = { algo: 'grpo', env: 'CartPole-v1', uncertainty: 'none', seed: 0, hiddenSizes: [8], activation: 'tanh' };
      const bytes = grpo.encodeSafetensors(grpo.packTrainingState({ modules: { policy } }, config));
      const loaded = grpo.modelFromBytes(bytes);
      const again = grpo.evaluatePolicy(loaded.policy, env, { episodes: 2, seed: 3 }).stats;
      ({ reward: step.reward, episodes: stats.episodes, same: again.mean === stats.mean, env: loaded.spec.env });`;
    // Only what a browser has (the host APIs; the language's own built-ins come with the context):
    // no process, Buffer, require or setImmediate.
    const context = { performance, console, TextEncoder, TextDecoder, structuredClone, setTimeout, clearTimeout, queueMicrotask, URL };
    expect(runInNewContext(script, context)).toEqual({ reward: 1, episodes: 2, same: true, env: 'CartPole-v1' });
  });

  it('fails on a Node builtin (the check can fail)', async () => {
    await expect(build({
      stdin: { contents: "import { readFileSync } from 'node:fs'; export const f = readFileSync;", resolveDir: __dirname },
      bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
    })).rejects.toThrow(/node:fs/);
  });
});
