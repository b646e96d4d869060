// Resume edge cases: a finished run says it is complete; a larger budget continues a stopped or
// finished run, and with a constant learning rate equals a run started with that budget, bit for bit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetrics, resume, runStatus, train, TrainingError } from '../../src/index.js';
import { EXIT } from '../../src/cli/io.js';
import { expectOneLine, parseJsonOutput, runCli, tmpLogDir } from '../cli/helpers.js';
import { deterministicMetrics, weightsOf } from '../train/helpers.js';

describe('resume a finished run', () => {
  it('--resume says it is complete (steps, final model) and exits 0, changing nothing', async () => {
    const logDir = tmpLogDir();
    expect((await runCli(['train', '--algo', 'reinforce', '--total-steps', '1500', '--eval-episodes', '1', '--checkpoint-every', '0', '--log-dir', logDir, '--run-name', 'r'])).code).toBe(EXIT.ok);
    const runDir = join(logDir, 'r');
    const before = readFileSync(join(runDir, 'metrics.jsonl'));
    const run = await runCli(['train', '--resume', runDir]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^run ${runDir} is complete: \\d+ iterations, \\d+ env steps, \\d+ episodes; final model ${join(runDir, 'models', 'final_model.safetensors')}\\n`));
    const json = parseJsonOutput((await runCli(['train', '--resume', runDir, '--json'])).stdout);
    expect(json).toMatchObject({ complete: true, totalSteps: 1500 });
    expect(readFileSync(join(runDir, 'metrics.jsonl')).equals(before)).toBe(true);
    await expect(resume(runDir)).rejects.toThrow(TrainingError);
    // A smaller budget than what was done is a usage error; other config flags are refused.
    const smaller = await runCli(['train', '--resume', runDir, '--total-steps', '10']);
    expect(smaller.code).toBe(EXIT.usage);
    expect(expectOneLine(smaller.stderr)).toMatch(/--total-steps must be 0 or at least the \d+ env steps the run has taken, received 10$/);
    const other = await runCli(['train', '--resume', runDir, '--learning-rate', '0.1']);
    expect(other.code).toBe(EXIT.usage);
    expect(expectOneLine(other.stderr)).toMatch(/only --total-steps and --episodes may change\); remove --learning-rate$/);
  });
});

/** A run with `small`, continued to `large`, against a run started with `large`. */
async function continued(config: Record<string, unknown>, small: Record<string, number>, large: Record<string, number>, stopAfter: number | null) {
  const straight = await train({ ...config, ...large, logDir: tmpLogDir() });
  const logDir = tmpLogDir();
  let iterations = 0;
  const first = await train({ ...config, ...small, logDir }, stopAfter === null ? {} : { onIteration: () => iterations++, shouldStop: () => iterations >= stopAfter });
  expect(first.interrupted).toBe(stopAfter !== null);
  const resumed = await resume(first.runDir, { budget: large });
  return { straight, first, resumed };
}

describe('continue with a larger budget (constant learning rate: equals the longer run)', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, number>, Record<string, number>]> = [
    ['ppo (steps)', { algo: 'ppo', seed: 3, anneal: 'constant', numSteps: 64, evalEpisodes: 2, checkpointEvery: 0 }, { totalSteps: 600 }, { totalSteps: 1300 }],
    ['reinforce (steps)', { algo: 'reinforce', seed: 4, episodesPerBatch: 8, evalEpisodes: 2, checkpointEvery: 0 }, { totalSteps: 500 }, { totalSteps: 1500 }],
    ['grpo (episodes)', { algo: 'grpo', seed: 5, groups: 2, groupSize: 4, totalSteps: 0, evalEpisodes: 2, checkpointEvery: 0, beta: 0.02 }, { episodes: 16 }, { episodes: 40 }],
  ];
  it.each(cases)('%s: a finished run continued', async (_, config, small, large) => {
    const { straight, first, resumed } = await continued(config, small, large, null);
    expect(first.counters.iteration).toBeLessThan(straight.counters.iteration);
    expect(resumed.counters).toEqual(straight.counters);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(straight.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
    expect(resumed.summary.evaluation).toEqual(straight.summary.evaluation);
    expect(JSON.parse(readFileSync(join(resumed.runDir, 'config.json'), 'utf8'))).toMatchObject(large);
    expect(runStatus(resumed.runDir).complete).toBe(true);
  });

  it('a stopped (Ctrl-C) PPO run continued with a larger budget equals the longer run', async () => {
    const [, config, small, large] = cases[0]!;
    const { straight, resumed } = await continued(config, small, large, 1);
    expect(weightsOf(resumed.finalModelPath)).toEqual(weightsOf(straight.finalModelPath));
    expect(deterministicMetrics(resumed.runDir)).toBe(deterministicMetrics(straight.runDir));
    expect(readMetrics(resumed.runDir).length).toBe(readMetrics(straight.runDir).length);
  });

  it('the CLI continues a finished run with --total-steps and notes the change in training.log', async () => {
    const logDir = tmpLogDir();
    const args = ['--algo', 'reinforce', '--eval-episodes', '1', '--log-dir', logDir, '--run-name', 'r'];
    expect((await runCli(['train', ...args, '--total-steps', '500'])).code).toBe(EXIT.ok);
    const runDir = join(logDir, 'r');
    const run = await runCli(['train', '--resume', runDir, '--total-steps', '1500', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stderr).toMatch(/totalSteps += 1500/);
    expect(parseJsonOutput(run.stdout)['counters']).toMatchObject({ globalStep: expect.any(Number) });
    expect(readFileSync(join(runDir, 'training.log'), 'utf8')).toContain('budget changed: totalSteps 500 -> 1500');
  });
});
