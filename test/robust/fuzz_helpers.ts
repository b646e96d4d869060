// What the fuzz targets share: tiny finished and stopped runs to mutate, a run-directory snapshot,
// and the one check every case must pass.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, rmSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { train } from '../../src/index.js';
import type { CliRun } from '../cli/helpers.js';

/** Cases per fuzz target: 1,000 by default, GRPO_FUZZ_RUNS for more. */
export const FUZZ_RUNS = Number(process.env['GRPO_FUZZ_RUNS'] ?? 1000);

/** Tiny configs (a handful of env steps per iteration) of every algorithm. */
export const TINY: Record<string, Record<string, unknown>> = {
  grpo: { algo: 'grpo', groups: 1, groupSize: 2, hiddenSizes: [4], numIterations: 1, numMinibatches: 1, totalSteps: 60, evalEpisodes: 1, checkpointEvery: 1 },
  ppo: { algo: 'ppo', numEnvs: 1, numSteps: 8, numMinibatches: 1, updateEpochs: 1, hiddenSizes: [4], totalSteps: 32, evalEpisodes: 1, checkpointEvery: 1 },
  reinforce: { algo: 'reinforce', episodesPerBatch: 2, hiddenSizes: [4], totalSteps: 60, evalEpisodes: 1, checkpointEvery: 1 },
};

/** Memory-backed /dev/shm when there is one: thousands of small runs, each fsyncing its files, are bound by the disk otherwise. */
const TMP_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const made: string[] = [];
export const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(TMP_ROOT, `grpo-fuzz-${prefix}-`));
  made.push(dir);
  return dir;
};

/** Removes every directory `tmp` made. */
export function removeTmp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A finished and a stopped (after one iteration) tiny run of each algorithm, to copy and mutate. */
export async function baseRuns(): Promise<string[]> {
  const dirs: string[] = [];
  for (const config of Object.values(TINY)) {
    dirs.push((await train({ ...config, logDir: tmp('base') })).runDir);
    let n = 0;
    dirs.push((await train({ ...config, logDir: tmp('base') }, { onIteration: () => n++, shouldStop: () => n >= 1 })).runDir);
  }
  return dirs;
}

/** A fresh copy of a run directory. */
export function copyRun(dir: string): string {
  const to = join(tmp('case'), 'run');
  cpSync(dir, to, { recursive: true });
  return to;
}

/**
 * Every file under `dir` with a hash of its bytes, for "unchanged" checks. The lock file is left
 * out: taking over a stale one is a resume's first act, before it may still refuse the run.
 */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.lock') out[path] = createHash('sha1').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * The check of every case: success, or exit 1 or 2 with exactly one error line on stderr (after
 * the config header and progress of a run that had started) and no stack trace or internal error.
 */
export function expectCleanEnd(run: CliRun, argv: readonly string[]): void {
  const context = `argv ${JSON.stringify(argv)}\nstderr:\n${run.stderr}`;
  expect([0, 1, 2], context).toContain(run.code);
  expect(run.stderr, context).not.toMatch(/^\s+at /m);
  expect(run.stderr, context).not.toContain('internal error');
  if (run.code === 0) return;
  let lines = run.stderr.split('\n').filter((l) => l.length > 0);
  const started = lines.findIndex((l) => l.startsWith('run directory: ') || l.startsWith('resuming: '));
  if (started >= 0) lines = lines.slice(started + 1).filter((l) => !l.startsWith('progress ') && !l.startsWith('evaluating at uncertainty'));
  expect(lines.length, context).toBe(1);
}
