// The wasm backend in a real browser (Debian's chromium): the kernels our assembler emits compile
// there, and a policy update on the wasm backend gives the same bits as in Node.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import * as grpo from '../src/browser.js';

/** A few Adam steps of a 4-64-64-2 policy on fixed data; returns the backend used and every parameter value. */
function policyUpdate(lib: typeof grpo): { backend: string; values: number[] } {
  const backend = lib.setBackend('wasm');
  const rng = new lib.Rng('browser-wasm');
  const policy = new lib.MLP([4, 64, 64, 2], { rng: rng.fork('init'), outputGain: 0.01 });
  const opt = new lib.Adam(policy.namedParameters(), { lr: 1e-3 });
  const obs = lib.randn([100, 4], rng);
  const actions = lib.tensor(Float32Array.from({ length: 100 }, () => rng.int(2)), { shape: [100] });
  const adv = lib.randn([100], rng);
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    new lib.Categorical(policy.forward(obs)).logProb(actions).mul(adv).mean().neg().backward();
    opt.step();
  }
  const values = policy.parameters().flatMap((p) => Array.from(p.toTypedArray()));
  lib.setBackend('js');
  return { backend, values };
}

describe('the wasm backend in a browser', () => {
  it('loads in chromium and matches Node bit for bit', async () => {
    const bundle = await build({
      entryPoints: [resolve(__dirname, '../src/browser.ts')],
      // As in browser_bundle.test.ts: the IIFE leaves mujoco-js (a lazy import with top-level await) out.
      bundle: true, platform: 'browser', format: 'iife', globalName: 'grpo', write: false, logLevel: 'silent', external: ['mujoco-js'],
    });
    const inNode = policyUpdate(grpo);
    expect(inNode.backend).toBe('wasm');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
      // The same function, run in the page against the bundled library.
      const inBrowser = await page.evaluate(`(${policyUpdate.toString()})(grpo)`);
      expect(inBrowser).toEqual(inNode);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
