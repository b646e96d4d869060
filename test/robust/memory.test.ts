// The short version of `npm run bench:memory`: 8k-step GRPO and PPO runs keep the memory they hold
// (V8 heap after a full GC, sampled every 10%) flat after the first tenth. RSS, noisier over so short
// a run, is measured over 1M steps by the benchmark.
import { describe, expect, it } from 'vitest';
import { growthAfterFirstTenth, memoryCurve } from '../../bench/memory_curve.js';

describe('memory over a run', () => {
  it.each([
    ['grpo', { algo: 'grpo', seed: 0, groups: 2, groupSize: 4, totalSteps: 8_000 }],
    ['ppo', { algo: 'ppo', seed: 0, numSteps: 64, totalSteps: 8_000 }],
  ] as const)('%s: the heap after GC grows < 10% after the first tenth', async (_, config) => {
    const samples = await memoryCurve(config);
    expect(samples.length).toBeGreaterThanOrEqual(8);
    expect(growthAfterFirstTenth(samples, 'heapMiB'), JSON.stringify(samples)).toBeLessThan(0.1);
  }, 120_000);
});
