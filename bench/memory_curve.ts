// Resident memory over a long training run: sampled each time the run passes another tenth of its
// step budget, after a full garbage collection, so what is measured is what the run keeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { train } from '../src/index.js';

/** One sample: the fraction of the budget done, RSS and V8 heap in MiB. */
export interface MemorySample {
  readonly fraction: number;
  readonly step: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
}

/** A full GC when the process allows it (node --expose-gc, or the v8 flag set at run time). */
function collect(): void {
  setFlagsFromString('--expose_gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

/**
 * Trains `config` (its totalSteps is the budget) in a temporary log dir and samples memory after
 * the first iteration and at every further tenth of the budget.
 */
export async function memoryCurve(config: Readonly<Record<string, unknown>> & { totalSteps: number }): Promise<MemorySample[]> {
  const logDir = mkdtempSync(join(tmpdir(), 'grpo-memory-'));
  const samples: MemorySample[] = [];
  let next = 0.1;
  const sample = (step: number) => {
    collect();
    const m = process.memoryUsage();
    samples.push({ fraction: step / config.totalSteps, step, rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20 });
  };
  try {
    await train({ ...config, evalEpisodes: 0, checkpointEvery: 0, logDir }, {
      onIteration: (r) => {
        if (samples.length === 0 || r.globalStep >= next * config.totalSteps) {
          sample(r.globalStep);
          while (next * config.totalSteps <= r.globalStep) next += 0.1;
        }
      },
    });
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
  return samples;
}

/** Growth of `key` after the first tenth: (max of the later samples - the first tenth's) / the first tenth's. */
export function growthAfterFirstTenth(samples: readonly MemorySample[], key: 'rssMiB' | 'heapMiB'): number {
  const base = samples.find((s) => s.fraction >= 0.1) ?? samples[0];
  if (base === undefined) return NaN;
  const later = samples.filter((s) => s.fraction > base.fraction);
  return later.length === 0 ? 0 : (Math.max(...later.map((s) => s[key])) - base[key]) / base[key];
}
