// The kernel backend of a run: learning on each backend, the backend recorded in config.json and
// checkpoints, bit-identical resume on the wasm backend, and the refusals of a resume that would
// change backends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALGOS, fastestBackend, getBackend, loadCheckpoint, loadWasmBackend, readMetrics, resume, setBackend, setBackendNotice, train } from '../../src/index.js';
import { hostWebAssembly } from '../../src/tensor/wasm/runtime.js';
import { deterministicMetrics, mean, numbersOf, tmpDir, weightsOf } from './helpers.js';

const SHORT = { algo: 'ppo', seed: 3, numEnvs: 2, numSteps: 64, totalSteps: 512, evalEpisodes: 0, checkpointEvery: 2 } as const;
const configOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as Record<string, unknown>;

afterEach(() => {
  setBackend('js');
});

describe('run backends', () => {
  it.each(['js', 'wasm'] as const)('PPO learns CartPole on the %s backend: seed 1, 25k steps', async (backend) => {
    // The same bar as the PPO learning test (test/train/ppo.test.ts): from ~22 (random) to a
    // mean of the last 20 training episodes >= 75.
    const result = await train({ algo: 'ppo', backend, seed: 1, totalSteps: 25_000, evalEpisodes: 0, checkpointEvery: 0, logDir: tmpDir('backend-learn') });
    expect(configOf(result.runDir)['backend']).toBe(backend);
    const returns = numbersOf(readMetrics(result.runDir), 'charts/episodic_return');
    expect(mean(returns.slice(0, 20))).toBeLessThan(40);
    expect(mean(returns.slice(-20))).toBeGreaterThanOrEqual(75);
  }, 90_000);

  it("'auto' records the measured backend (never 'auto') in config.json and the checkpoints", async () => {
    const result = await train({ ...SHORT, logDir: tmpDir('backend-auto') });
    const chosen = fastestBackend().backend;
    expect(configOf(result.runDir)['backend']).toBe(chosen);
    const checkpoint = loadCheckpoint(join(result.runDir, 'models', 'checkpoint-2.safetensors'));
    expect(JSON.parse(checkpoint.metadata['config']!)['backend']).toBe(chosen);
  }, 60_000);

  it('every algorithm selects and records its backend (a trainer that forgot would run on whatever a previous run left set)', async () => {
    for (const algo of ALGOS) {
      for (const backend of ['js', 'wasm'] as const) {
        // Leave the other backend set, as a previous run in the same process would.
        setBackend(backend === 'js' ? 'wasm' : 'js');
        const result = await train({ algo, backend, totalSteps: 600, evalEpisodes: 0, checkpointEvery: 0, logDir: tmpDir('backend-algo') });
        expect(configOf(result.runDir)['backend'], `${algo} ${backend}`).toBe(backend);
        expect(getBackend(), `${algo} ${backend}`).toBe(backend);
      }
    }
  }, 120_000);

  it('a wasm run stopped and resumed ends bit-identical to one that never stopped', async () => {
    const config = { ...SHORT, backend: 'wasm' } as const;
    const straight = await train({ ...config, logDir: tmpDir('backend-straight') });
    let done = 0;
    const first = await train({ ...config, logDir: tmpDir('backend-first') }, { onIteration: () => done++, shouldStop: () => done >= 2 });
    expect(first.interrupted).toBe(true);
    setBackend('js'); // resume must restore the run's backend itself
    const resumed = await resume(first.runDir);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(straight.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
  }, 60_000);

  it('refuses to resume on another backend, or on wasm where wasm SIMD is missing, naming both', async () => {
    const first = await train({ ...SHORT, backend: 'wasm', logDir: tmpDir('backend-refuse') }, { shouldStop: () => true });
    const checkpoint = join(first.runDir, 'models', 'checkpoint-1.safetensors');
    await expect(train({ ...SHORT, backend: 'js' }, { resumeFrom: checkpoint, runDir: first.runDir }))
      .rejects.toThrow("ppo: this run started on the 'wasm' backend and cannot resume on 'js' (results differ across backends); resume with backend 'wasm'");

    const host = hostWebAssembly()!;
    const notices: string[] = [];
    setBackendNotice((m) => notices.push(m));
    try {
      loadWasmBackend({ wasm: { validate: () => false, Module: host.Module, Instance: host.Instance, Memory: host.Memory } });
      await expect(resume(first.runDir)).rejects.toThrow(/this run started on the 'wasm' backend, which is unavailable here \(this runtime has WebAssembly but not its SIMD instructions\)/);
      expect(notices).toHaveLength(1);
    } finally {
      setBackendNotice((m) => console.warn(m));
      loadWasmBackend();
    }
  }, 60_000);
});
