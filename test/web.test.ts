// The teaching page in headless Chromium: it loads without a console error, trains GRPO in its
// worker with a rising return, gives the same metrics and weights as Node's trainer for the same
// config and seed, shows bad hyperparameters as a form error, steps one update at a time with its
// tape, and its download is a model `grpo evaluate` reads. A screenshot goes to test-artifacts/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, train } from '../src/index.js';
import { startWebServer, webRoot } from '../src/cli/web_server.js';
import { launchChromium } from './browser.js';
import { runCli } from './cli/helpers.js';
import { deterministicMetrics, tmpDir, weightsOf } from './train/helpers.js';

const ROOT = resolve(__dirname, '..');
const WALL_CLOCK = /"tag":"(charts\/SPS|time\/elapsed_s)"/;
let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build_web.mjs'], { cwd: ROOT });
  ({ server, url } = await startWebServer(webRoot(), 0));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** A page with its console errors and uncaught exceptions collected. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    if (name === 'backend') await page.selectOption(`select[name=${name}]`, value);
    else await page.fill(`input[name=${name}]`, value);
  }
}

const CONFIG = { backend: 'js', seed: '4', learningRate: '0.01', groups: '4', groupSize: '8', numIterations: '4', numMinibatches: '16', totalSteps: '12000', iterations: '0' };

describe('teaching page', () => {
  it('trains in the browser: the return rises, and metrics and weights equal Node\'s bit for bit', async () => {
    const { page, errors } = await openPage();
    await fill(page, CONFIG);
    await page.click('#train');
    await page.waitForFunction(() => (globalThis as unknown as { grpoPage: { done: boolean; error: string | null } }).grpoPage.done || (globalThis as unknown as { grpoPage: { error: string | null } }).grpoPage.error !== null, null, { timeout: 90_000 });
    const got = await page.evaluate(() => {
      const s = (globalThis as unknown as { grpoPage: { metrics: string; model: Uint8Array; returns: number[]; error: string | null } }).grpoPage;
      return { metrics: s.metrics, model: Array.from(s.model), returns: s.returns, error: s.error };
    });
    expect(got.error).toBeNull();
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'web-page.png'), fullPage: true });
    expect(errors).toEqual([]);

    // The return rises: the last three iterations beat the first three (seen: ~22 -> ~60).
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(avg(got.returns.slice(-3))).toBeGreaterThan(avg(got.returns.slice(0, 3)) + 10);
    expect(Number(await page.textContent('#return'))).toBeCloseTo(got.returns[got.returns.length - 1]!, 1);

    // Node's trainer, same config and seed.
    const node = await train({ algo: 'grpo', env: 'CartPole-v1', backend: 'js', evalEpisodes: 0, checkpointEvery: 0, seed: 4, learningRate: 0.01, groups: 4, groupSize: 8, numIterations: 4, numMinibatches: 16, totalSteps: 12000, logDir: tmpDir('web') });
    const browserMetrics = got.metrics.split('\n').filter((l) => l.length > 0 && !WALL_CLOCK.test(l)).join('\n');
    expect(browserMetrics).toBe(deterministicMetrics(node.runDir));
    const dir = tmpDir('web-model');
    const modelPath = join(dir, 'final_model.safetensors');
    writeFileSync(modelPath, Uint8Array.from(got.model));
    const nodeWeights = weightsOf(node.finalModelPath);
    const pageWeights = weightsOf(modelPath);
    for (const name of Object.keys(nodeWeights).filter((n) => n.startsWith('policy.') || n.startsWith('reference.'))) expect(pageWeights[name], name).toBe(nodeWeights[name]);
    expect(Object.keys(decodeSafetensors(Uint8Array.from(got.model)).tensors).some((n) => n.startsWith('policy.'))).toBe(true);

    // The downloaded model is one grpo evaluate reads.
    const evaluated = await runCli(['evaluate', '--model-path', modelPath, '--episodes', '2', '--json']);
    expect(evaluated.code).toBe(0);
    await page.close();
  }, 180_000);

  it("on the wasm backend too, the page's metrics and weights equal Node's bit for bit", async () => {
    const { page, errors } = await openPage();
    await fill(page, { ...CONFIG, backend: 'wasm', totalSteps: '3000' });
    await page.click('#train');
    await page.waitForFunction(() => (globalThis as unknown as { grpoPage: { done: boolean; error: string | null } }).grpoPage.done || (globalThis as unknown as { grpoPage: { error: string | null } }).grpoPage.error !== null, null, { timeout: 90_000 });
    const got = await page.evaluate(() => {
      const s = (globalThis as unknown as { grpoPage: { metrics: string; model: Uint8Array; error: string | null } }).grpoPage;
      return { metrics: s.metrics, model: Array.from(s.model), error: s.error };
    });
    expect(got.error).toBeNull();
    expect(errors).toEqual([]);
    const node = await train({ algo: 'grpo', env: 'CartPole-v1', backend: 'wasm', evalEpisodes: 0, checkpointEvery: 0, seed: 4, learningRate: 0.01, groups: 4, groupSize: 8, numIterations: 4, numMinibatches: 16, totalSteps: 3000, logDir: tmpDir('web-wasm') });
    expect(got.metrics.split('\n').filter((l) => l.length > 0 && !WALL_CLOCK.test(l)).join('\n')).toBe(deterministicMetrics(node.runDir));
    const dir = tmpDir('web-wasm-model');
    writeFileSync(join(dir, 'final_model.safetensors'), Uint8Array.from(got.model));
    const nodeWeights = weightsOf(node.finalModelPath);
    const pageWeights = weightsOf(join(dir, 'final_model.safetensors'));
    for (const name of Object.keys(nodeWeights).filter((n) => n.startsWith('policy.'))) expect(pageWeights[name], name).toBe(nodeWeights[name]);
    await page.close();
  }, 180_000);

  it('shows invalid hyperparameters as a form error and keeps working', async () => {
    const { page, errors } = await openPage();
    await fill(page, { ...CONFIG, groups: '0' });
    await page.click('#train');
    expect(await page.textContent('#error')).toMatch(/groups must be >= 1, received 0/);
    await fill(page, { ...CONFIG, learningRate: 'abc' });
    await page.click('#train');
    expect(await page.textContent('#error')).toMatch(/learningRate must be a finite number/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('step mode: one update at a time, with its tape', async () => {
    const { page, errors } = await openPage();
    await fill(page, { ...CONFIG, iterations: '1' });
    await page.check('input[name=step]');
    await page.click('#train');
    await page.waitForFunction("(document.getElementById('tape')?.textContent ?? '').startsWith('iteration 1, pass 0, minibatch 0')", null, { timeout: 30_000 });
    const tape = (await page.textContent('#tape')) ?? '';
    expect(tape).toMatch(/policy\.net\.layers\.0\.weight -> \[64,4\]  value mean \S+ \[\S+, \S+\]  grad mean/);
    expect(tape).toMatch(/minimum\(#\d+, #\d+\)/);
    // The worker waits: no second update until "next update".
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as unknown as { grpoPage: { updates: number } }).grpoPage.updates)).toBe(1);
    await page.click('#next');
    await page.waitForFunction("(document.getElementById('tape')?.textContent ?? '').startsWith('iteration 1, pass 0, minibatch 1')", null, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
