// `npm run bench:memory [-- steps]`: resident memory over 1M-step GRPO (CartPole) and PPO runs,
// sampled every 10% of the budget; the goal is growth under 10% after the first tenth. Takes
// minutes (both runs train for real), so it is not part of `npm run bench`.
import { growthAfterFirstTenth, memoryCurve } from './memory_curve.js';

const steps = Number(process.argv[2] ?? 1_000_000);
const runs: Array<[string, Record<string, unknown>]> = [
  ['grpo CartPole-v1', { algo: 'grpo', env: 'CartPole-v1', seed: 0 }],
  ['ppo CartPole-v1', { algo: 'ppo', env: 'CartPole-v1', seed: 0 }],
];
for (const [name, config] of runs) {
  const started = Date.now();
  const samples = await memoryCurve({ ...config, totalSteps: steps });
  console.log(`\n${name}, ${steps} steps (${((Date.now() - started) / 1000).toFixed(0)} s):`);
  console.log('  done    step        RSS MiB   heap MiB');
  for (const s of samples) console.log(`  ${(s.fraction * 100).toFixed(0).padStart(3)}%  ${String(s.step).padStart(9)}  ${s.rssMiB.toFixed(1).padStart(9)}  ${s.heapMiB.toFixed(1).padStart(9)}`);
  const rss = growthAfterFirstTenth(samples, 'rssMiB');
  console.log(`  RSS growth after the first tenth: ${(rss * 100).toFixed(1)}% (goal < 10%: ${rss < 0.1 ? 'met' : 'NOT met'}); heap: ${(growthAfterFirstTenth(samples, 'heapMiB') * 100).toFixed(1)}%`);
}
