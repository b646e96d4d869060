// Kill tests: the trainer process itself (`node dist/cli.js train`, not npx) is SIGKILLed at
// seeded random points; the run is then resumed, and must end bit-identical to a run that was
// never stopped (weights, metrics without wall-clock tags, evaluation). A torn last metrics line
// is the only damage a kill may leave. 5 points in `npm test`; `npm run test:kill` runs 50
// (GRPO_KILL_POINTS=N for another number).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/io.js';
import { loadModel, readMetrics, Rng } from '../../src/index.js';
import { runCli } from '../cli/helpers.js';
import { deterministicMetrics, weightsOf } from '../train/helpers.js';
import { ensureBuilt, grpoSpawn } from './built_cli.js';
import { removeTmp, tmp } from './fuzz_helpers.js';

/** The algorithms under test, one line each (policy groups joins with its own line). */
const CASES: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }> = [
  { name: 'grpo', args: ['--algo', 'grpo', '--groups', '2', '--group-size', '4', '--total-steps', '4000', '--beta', '0.02'] },
  { name: 'ppo', args: ['--algo', 'ppo', '--num-steps', '128', '--total-steps', '4096'] },
  { name: 'reinforce', args: ['--algo', 'reinforce', '--episodes-per-batch', '8', '--total-steps', '4000'] },
  { name: 'policy-groups', args: ['--algo', 'policy-groups', '--groups', '2', '--group-size', '4', '--total-steps', '4000', '--evolve-every', '2'] },
];
const COMMON = ['--checkpoint-every', '1', '--eval-episodes', '3', '--seed', '7'];
const POINTS = Number(process.env['GRPO_KILL_POINTS'] ?? 5);

/** The never-stopped run of each case (in-process: the same code as the child), and how long its training took. */
const reference = new Map<string, { runDir: string; ms: number }>();

beforeAll(async () => {
  ensureBuilt();
  for (const c of CASES) {
    const logDir = tmp('kill-ref');
    const started = Date.now();
    const run = await runCli(['train', ...c.args, ...COMMON, '--log-dir', logDir, '--run-name', 'r']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    reference.set(c.name, { runDir: join(logDir, 'r'), ms: Date.now() - started });
  }
}, 180_000);
afterAll(() => removeTmp());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`SIGKILL at ${POINTS} seeded random points, then --resume`, () => {
  const rng = new Rng(2026).fork('kill-points');
  const points = Array.from({ length: POINTS }, (_, i) => ({ c: CASES[i % CASES.length]!, at: rng.uniform() }));
  it.each(points.map((p, i) => [i, p.c.name, p.at, p] as const))('point %i: %s killed at %f of its run', async (_, __, ___, { c, at }) => {
    const ref = reference.get(c.name)!;
    const logDir = tmp('kill');
    const runDir = join(logDir, 'r');
    const child = grpoSpawn(['train', ...c.args, ...COMMON, '--log-dir', logDir, '--run-name', 'r']);
    // Once the first checkpoint exists (a run killed before it has nothing to resume), wait a
    // seeded fraction of a whole run, then kill the trainer itself.
    while (!existsSync(join(runDir, 'models', 'checkpoint-1.safetensors')) && child.child.exitCode === null) await sleep(2);
    await sleep(at * ref.ms);
    child.child.kill('SIGKILL');
    const end = await child.done;
    expect(end.signal === 'SIGKILL' || end.code === EXIT.ok, child.stderr()).toBe(true);

    // What a kill leaves is readable: metrics (a torn last line skipped) and every checkpoint.
    expect(() => readMetrics(runDir)).not.toThrow();
    await expect(loadModel(join(runDir, 'models', 'checkpoint-1.safetensors'))).resolves.toBeDefined();
    const resumed = await runCli(['train', '--resume', runDir]);
    expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
    // A resume after the kill took over the dead trainer's lock, and released its own.
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
    expect(weightsOf(join(runDir, 'models', 'final_model.safetensors'))).toEqual(weightsOf(join(ref.runDir, 'models', 'final_model.safetensors')));
    expect(deterministicMetrics(runDir)).toBe(deterministicMetrics(ref.runDir));
    const summary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['iterations', 'env_steps', 'episodes', 'interrupted', 'evaluation']) expect(summary(runDir)[key], key).toEqual(summary(ref.runDir)[key]);
  }, 120_000);
});
