// The behaviour guard: fixed runs of every algorithm, pinned by the SHA-256 of their metrics.jsonl
// (wall-clock tags aside) and of their final weights. A change that alters one of these hashes
// changes what training does: it must be one an issue asks for, and its commit must say so.
// The hashes were recorded before the src/grpo -> algos/train/eval restructure and held after it.
// Each run is pinned to a backend: the JS hashes are the recorded ones (the reference kernels);
// the wasm backend's hashes sit beside them (results differ across backends in the last bits).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { train } from '../src/index.js';
import { deterministicMetrics, tmpDir, weightsOf } from './train/helpers.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Every config the guard runs: each algorithm, its variants that take other code paths. */
const RUNS: Record<string, Record<string, unknown>> = {
  'grpo outcome': { algo: 'grpo', seed: 11, totalSteps: 2500, advantage: 'outcome', evalEpisodes: 2 },
  'grpo process': { algo: 'grpo', seed: 12, totalSteps: 2500, advantage: 'process', processBaseline: 'per-step', evalEpisodes: 2 },
  'grpo pooled process, kl penalty, adaptive beta, ref refresh': {
    algo: 'grpo', seed: 13, totalSteps: 2500, advantage: 'process', processBaseline: 'pooled', beta: 0.04, targetKl: 0.01, refRefreshEvery: 2, entCoef: 0.01, lossType: 'dr_grpo', evalEpisodes: 2,
  },
  'grpo high uncertainty, linear anneal': { algo: 'grpo', seed: 14, totalSteps: 2500, uncertainty: 'high', anneal: 'linear', lossType: 'grpo', evalEpisodes: 2 },
  'grpo continuous (Pendulum)': { algo: 'grpo', env: 'Pendulum-v1', seed: 15, totalSteps: 3200, groups: 2, groupSize: 4, evalEpisodes: 1 },
  'ppo discrete': { algo: 'ppo', seed: 21, totalSteps: 2048, evalEpisodes: 2 },
  'ppo continuous (Pendulum), medium uncertainty': { algo: 'ppo', env: 'Pendulum-v1', uncertainty: 'medium', seed: 22, totalSteps: 2048, evalEpisodes: 1 },
  'reinforce': { algo: 'reinforce', seed: 31, totalSteps: 2500, entCoef: 0.01, evalEpisodes: 2 },
};

/** metrics hash, weights hash, final evaluation hash: recorded at commit 6832c81 (before the restructure). */
const EXPECTED: Record<string, readonly [string, string, string]> = {
  "grpo outcome": ["753f8ce1bce83376","c94a673d9d9a261c","8c342c48fb888330"],
  "grpo process": ["69e5b9e2439244ae","650fd658e46d1e5b","d019acf7972a3556"],
  "grpo pooled process, kl penalty, adaptive beta, ref refresh": ["c2a907739b64eaf9","28f1c03cdf8443e9","898fc2b9f0536a98"],
  "grpo high uncertainty, linear anneal": ["7f6b2d259ec63923","4438e77eaad70fad","d4aa4592baf6d614"],
  "grpo continuous (Pendulum)": ["2ddefaa96e24ad07","9abdd79505627466","0fb7630e41484ed0"],
  "ppo discrete": ["1c9a09e3c92a2b28","4ec1a569b65ed6dc","43b8cffdb8143781"],
  "ppo continuous (Pendulum), medium uncertainty": ["b34ba873852bb533","e8982c84251a35aa","22f56be96474801d"],
  "reinforce": ["61e0dcfeb8c2a10f","7cc5313080cd4f08","64c76197596c21c4"],
};

/** The same runs on the wasm backend: recorded when it was added (issue 14), with the 2x16 micro-kernel. */
const EXPECTED_WASM: Record<string, readonly [string, string, string]> = {
  "grpo outcome": ["b9693633d6401bcd","c926bd6483936cfc","8c342c48fb888330"],
  "grpo process": ["080882765866360c","12addcf65f91f035","d019acf7972a3556"],
  "grpo pooled process, kl penalty, adaptive beta, ref refresh": ["a503d8d1bd1a94c2","9e569fa586fcf82f","898fc2b9f0536a98"],
  "grpo high uncertainty, linear anneal": ["647f65f74b95afdb","2c0fd0b4e0e63796","d4aa4592baf6d614"],
  "grpo continuous (Pendulum)": ["d34e547b060e5a29","282e7a41f0ff2c27","6b3253868dc23eff"],
  "ppo discrete": ["7a2901a1457259aa","2a1b1f1e0725ec3e","43b8cffdb8143781"],
  "ppo continuous (Pendulum), medium uncertainty": ["a5eafa88a186b397","59b1f830f543280c","c24f0cb2da0bebf8"],
  "reinforce": ["02a57063667a3951","2f27eb373b972158","64c76197596c21c4"],
};

describe('behaviour guard', () => {
  for (const [backend, expected] of [['js', EXPECTED], ['wasm', EXPECTED_WASM]] as const) {
    for (const [name, config] of Object.entries(RUNS)) {
      it(`${name} (${backend} backend): metrics and final weights hash as recorded`, async () => {
        const result = await train({ ...config, backend, checkpointEvery: 0, logDir: tmpDir('guard') });
        const got = [
          sha(deterministicMetrics(result.runDir)),
          sha(JSON.stringify(weightsOf(result.finalModelPath))),
          sha(JSON.stringify(result.summary['evaluation'])),
        ] as const;
        if (process.env['GRPO_GUARD_PRINT']) console.log(`  ${backend} ${JSON.stringify(name)}: ${JSON.stringify(got)},`);
        expect(got).toEqual(expected[name]);
      });
    }
  }
});
