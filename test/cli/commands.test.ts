// Every command in-process (main(argv, io) with captured output): help, errors and exit codes,
// train smoke runs of every algorithm, evaluate --json, demo, pipeline, Ctrl-C and resume.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/cli.js';
import { configFlags } from '../../src/cli/config_flags.js';
import { EXIT } from '../../src/cli/io.js';
import { runTraining } from '../../src/cli/training.js';
import { GRPO_FIELDS, resolveConfig, TrainingError } from '../../src/index.js';
import { expectOneLine, parseJsonOutput, readJson, runCli, tmpLogDir } from './helpers.js';

/** A small, fast training budget (a few iterations). */
const TINY = ['--total-steps', '2000', '--eval-episodes', '3'];

describe('help', () => {
  it.each([[[]], [['--help']], [['-h']]])('grpo %j prints the command list', async (argv) => {
    const run = await runCli(argv);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toBe('');
    for (const c of COMMANDS) expect(run.stdout).toContain(`  ${c.name}`);
    expect(run.stdout).toContain('Exit codes');
  });

  it.each([['--version'], ['-V']])('grpo %s prints the package version', async (flag) => {
    const run = await runCli([flag]);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(`grpo-ts ${pkg.version}\n`);
  });

  it.each(COMMANDS.map((c) => c.name))('grpo %s --help lists its flags', async (name) => {
    const run = await runCli([name, '--help']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(new RegExp(`^Usage: grpo ${name}`));
    expect(run.stdout).toContain('--help');
    expect(run.stderr).toBe('');
  });

  it('grpo train --help documents every config flag', async () => {
    const { stdout } = await runCli(['train', '-h']);
    for (const name of configFlags().keys()) expect(stdout).toContain(`--${name} `);
  });
});

describe('errors: one line on stderr, no stack trace', () => {
  it.each([
    [['frob'], EXIT.usage, /^grpo: unknown command "frob"; expected one of train, evaluate, demo, pipeline/],
    [['train', '--group-sise', '3'], EXIT.usage, /^grpo train: unknown flag --group-sise \(did you mean --group-size\?\)/],
    [['train', '--groups', '0'], EXIT.usage, /^grpo train: --groups must be >= 1, received 0$/],
    [['train', '--env', 'Nope-v0'], EXIT.usage, /^grpo train: --env must be one of CartPole-v1, .*, received "Nope-v0"$/],
    [['train', '--algo', 'ppo', '--groups', '2'], EXIT.usage, /^grpo train: --groups does not apply to --algo ppo/],
    [['train', '--algo', 'sarsa'], EXIT.usage, /^grpo train: --algo must be one of grpo, ppo, reinforce, policy-groups, received "sarsa"$/],
    [['train', '--resume', '/nonexistent/run'], EXIT.usage, /^grpo train: --resume: no run directory "\/nonexistent\/run"$/],
    [['train', '--config', '/nonexistent.json'], EXIT.usage, /^grpo train: --config: cannot read "\/nonexistent\.json"/],
    [['evaluate'], EXIT.usage, /^grpo evaluate: --model-path PATH is required$/],
    [['evaluate', '--model-path', '/nonexistent.safetensors'], EXIT.usage, /^grpo evaluate: --model-path: no such file or directory/],
    [['evaluate', '--model-path', 'x', '--episodes', '0'], EXIT.usage, /^grpo evaluate: --episodes must be >= 1, received 0$/],
    [['demo', '--uncertainty-level', 'extreme'], EXIT.usage, /^grpo demo: --uncertainty-level must be one of none, low, medium, high, received "extreme"$/],
    [['pipeline', '--train-episodes', 'many'], EXIT.usage, /^grpo pipeline: --train-episodes must be a number, received "many"$/],
  ])('grpo %j -> exit %i', async (argv, code, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(code);
    expect(expectOneLine(run.stderr)).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a config file with a bad field names the file; the trainer\'s own config checks exit 2', async () => {
    const dir = tmpLogDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, '{"groups": 2, "grups": 3}');
    const bad = await runCli(['train', '--config', file, '--log-dir', dir]);
    expect(bad.code).toBe(EXIT.usage);
    expect(expectOneLine(bad.stderr)).toMatch(new RegExp(`^grpo train: --config ${file}: unknown field 'grups'`));
    writeFileSync(file, '[1, 2]');
    expect(expectOneLine((await runCli(['train', '--config', file])).stderr)).toMatch(/must hold a JSON object of config fields, received an array$/);
    const noBudget = await runCli(['train', '--episodes', '0', '--total-steps', '0', '--log-dir', dir]);
    expect(noBudget.code).toBe(EXIT.usage);
    expect(noBudget.stderr.trim().split('\n').at(-1)).toBe('grpo train: grpo config: set totalSteps or episodes (both are 0: no budget)');
  });

  it('a TrainingError prints one line and exits 1', async () => {
    const config = resolveConfig(GRPO_FIELDS, { logDir: tmpLogDir() }, 'test');
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, signals: { on: () => {}, off: () => {} }, now: () => 0, exit: () => {}, debug: false };
    const failing = { train: () => Promise.reject(new TrainingError('iteration 3: the loss is NaN; the update was not applied')), resume: () => Promise.reject(new Error('unused')) };
    const outcome = await runTraining({ kind: 'fresh', config }, io, 'grpo train', failing);
    expect(outcome).toEqual({ ok: false, code: EXIT.failure });
    expect(stderr.trim().split('\n').at(-1)).toBe('grpo train: training stopped: iteration 3: the loss is NaN; the update was not applied');
  });

  it('an unreadable model exits 1 with one line', async () => {
    const file = join(tmpLogDir(), 'broken.safetensors');
    writeFileSync(file, 'not a safetensors file');
    const run = await runCli(['evaluate', '--model-path', file]);
    expect(run.code).toBe(EXIT.failure);
    expect(expectOneLine(run.stderr)).toMatch(/^grpo evaluate: .*broken\.safetensors/);
  });
});

describe('train', () => {
  it.each(['grpo', 'ppo', 'reinforce'])('--algo %s: a smoke run writes the run directory and prints the config', async (algo) => {
    const logDir = tmpLogDir();
    const run = await runCli(['train', '--algo', algo, ...TINY, '--log-dir', logDir, '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const out = parseJsonOutput(run.stdout);
    const runDir = join(logDir, `CartPole-v1__${algo}__0`);
    expect(out['runDir']).toBe(runDir);
    expect(run.stderr).toMatch(new RegExp(`^config \\(${algo}\\):\\n  algo += "${algo}"`));
    expect(run.stderr).toMatch(/totalSteps += 2000/);
    expect(run.stderr).toMatch(/^progress +\d+%  iteration 1 /m);
    for (const f of ['config.json', 'metrics.jsonl', 'training.log', 'summary.json', 'models/final_model.safetensors']) expect(existsSync(join(runDir, f)), f).toBe(true);
    expect(readJson(join(runDir, 'summary.json'))['algo']).toBe(algo);
    // A second run into the same directory would append to its metrics: refused.
    const again = await runCli(['train', '--algo', algo, ...TINY, '--log-dir', logDir]);
    expect(again.code).toBe(EXIT.usage);
    expect(expectOneLine(again.stderr)).toMatch(/already holds a run; pass --run-name NEW/);
  });

  it('draws a progress bar on a terminal; the human summary goes to stdout', async () => {
    const run = await runCli(['train', ...TINY, '--log-dir', tmpLogDir()], { isTTY: true });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toMatch(/\r\x1b\[K\[#+-*\] +\d+%  iteration 1 /);
    expect(run.stdout).toMatch(/^run directory  .*\nfinal model    .*final_model\.safetensors\ntrained        \d+ iterations, \d+ env steps/);
    expect(run.stdout).toMatch(/\nevaluation     mean \d+\.\d\d, std /);
  });

  it('Ctrl-C stops after the current update and saves; --resume finishes the run as if never stopped', async () => {
    const logDir = tmpLogDir();
    const common = ['--total-steps', '3000', '--eval-episodes', '5', '--checkpoint-every', '0', '--log-dir', logDir];
    const straight = await runCli(['train', ...common, '--run-name', 'straight']);
    expect(straight.code).toBe(EXIT.ok);

    let sent = false;
    const stopped = await runCli(['train', ...common, '--run-name', 'stopped'], {
      onStderr: (text, signals) => {
        if (!sent && text.startsWith('progress')) {
          sent = true;
          signals.emit('SIGINT');
        }
      },
    });
    const runDir = join(logDir, 'stopped');
    expect(stopped.code).toBe(EXIT.interrupted);
    expect(stopped.stderr).toContain(`resume with: grpo train --resume ${runDir}`);
    expect(stopped.stdout).toMatch(/\(stopped early by Ctrl-C\)/);
    expect(existsSync(join(runDir, 'models', 'checkpoint-1.safetensors'))).toBe(true);

    const resumed = await runCli(['train', '--resume', runDir, '--json']);
    expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
    expect(resumed.stderr).toMatch(/^config \(grpo\):/);
    const a = readJson(join(logDir, 'straight', 'summary.json'));
    const b = readJson(join(runDir, 'summary.json'));
    for (const key of ['iterations', 'env_steps', 'episodes', 'evaluation', 'interrupted']) expect(b[key], key).toEqual(a[key]);
    expect(parseJsonOutput(resumed.stdout)['counters']).toEqual({ iteration: a['iterations'], globalStep: a['env_steps'], episodes: a['episodes'] });
  });

  it('a second Ctrl-C exits at once with 130', async () => {
    let sent = false;
    const run = await runCli(['train', ...TINY, '--log-dir', tmpLogDir()], {
      onStderr: (text, signals) => {
        if (!sent && text.startsWith('progress')) {
          sent = true;
          signals.emit('SIGINT');
          signals.emit('SIGINT');
        }
      },
    });
    expect(run.exits).toEqual([EXIT.interrupted]);
    expect(run.stderr).toContain('grpo train: second Ctrl-C, exiting without saving');
  });

  it('--resume takes no config flags', async () => {
    const run = await runCli(['train', '--resume', 'somewhere', '--groups', '3', '--algo', 'grpo']);
    expect(run.code).toBe(EXIT.usage);
    expect(expectOneLine(run.stderr)).toBe("grpo train: --resume continues with the run's saved config (only --total-steps and --episodes may change); remove --groups, --algo");
  });
});

describe('evaluate', () => {
  it('--json prints consistent statistics; the default seed repeats the trainer\'s evaluation', async () => {
    const logDir = tmpLogDir();
    expect((await runCli(['train', '--total-steps', '2000', '--eval-episodes', '6', '--log-dir', logDir])).code).toBe(EXIT.ok);
    const runDir = join(logDir, 'CartPole-v1__grpo__0');
    const run = await runCli(['evaluate', '--model-path', join(runDir, 'models', 'final_model.safetensors'), '--episodes', '6', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stderr).toBe('');
    const r = parseJsonOutput(run.stdout);
    const returns = r['returns'];
    const [mean, std, min, max, ci95] = [r['mean'], r['std'], r['min'], r['max'], r['ci95']];
    if (!Array.isArray(returns) || !Array.isArray(ci95) || typeof mean !== 'number' || typeof std !== 'number' || typeof min !== 'number' || typeof max !== 'number') {
      throw new Error(`missing statistics: ${run.stdout}`);
    }
    const values = returns.map(Number);
    expect(values).toHaveLength(6);
    expect(mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 6, 9);
    expect(min).toBe(Math.min(...values));
    expect(max).toBe(Math.max(...values));
    expect(std).toBeGreaterThanOrEqual(0);
    expect(ci95[0]).toBeLessThanOrEqual(mean);
    expect(ci95[1]).toBeGreaterThanOrEqual(mean);
    expect(r).toMatchObject({ env: 'CartPole-v1', algo: 'grpo', episodes: 6, uncertainty: 'none', deterministic: true });
    const trainerEval = readJson(join(runDir, 'summary.json'))['evaluation'];
    expect(trainerEval).toMatchObject({ mean, std, min, max });

    // A run directory works as --model-path; the human output has every statistic.
    const human = await runCli(['evaluate', '--model-path', runDir, '--episodes', '3', '--uncertainty-level', 'high', '--seed', '7']);
    expect(human.code).toBe(EXIT.ok);
    expect(human.stdout).toMatch(/evaluation +3 episodes, uncertainty high, seed 7, deterministic actions\nmean +-?\d+\.\d\d\nstd .*\n95% CI +\[.*\]\nmin .*\nmax .*\n$/);
  });
});

describe('evaluate models of every algorithm', () => {
  it.each(['ppo', 'reinforce'])('%s: the policy rebuilt from the checkpoint repeats the trainer\'s evaluation', async (algo) => {
    const logDir = tmpLogDir();
    expect((await runCli(['train', '--algo', algo, '--total-steps', '1500', '--eval-episodes', '4', '--log-dir', logDir])).code).toBe(EXIT.ok);
    const runDir = join(logDir, `CartPole-v1__${algo}__0`);
    const run = await runCli(['evaluate', '--model-path', runDir, '--episodes', '4', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const { mean, std, min, max } = parseJsonOutput(run.stdout);
    expect(readJson(join(runDir, 'summary.json'))['evaluation']).toMatchObject({ mean, std, min, max });
  });
});

describe('demo and pipeline', () => {
  it('demo trains, prints the learning curve and the evaluation', async () => {
    const logDir = tmpLogDir();
    const run = await runCli(['demo', '--episodes', '40', '--log-dir', logDir]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^GRPO on CartPole-v1 \(uncertainty medium\): 64 training episodes, \d+ env steps, 2 iterations in /);
    expect(run.stdout).toMatch(/mean training return by iteration +1: \d+\.\d  2: \d+\.\d\n/);
    expect(run.stdout).toMatch(/\nreturns +100 +\d+\.\d\d/);
    const json = parseJsonOutput((await runCli(['demo', '--episodes', '40', '--log-dir', logDir, '--json'])).stdout);
    expect(json['trainingReturns']).toHaveLength(2);
    expect(json['evaluation']).toMatchObject({ episodes: 100 });
    expect(json['runDir']).not.toBe(join(logDir, 'unused'));
  });

  it('pipeline evaluates at every uncertainty level and writes pipeline_summary.json', async () => {
    const logDir = tmpLogDir();
    const run = await runCli(['pipeline', '--train-episodes', '40', '--eval-episodes', '5', '--log-dir', logDir, '--run-name', 'p']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    for (const level of ['none', 'low', 'medium', 'high']) expect(run.stdout).toMatch(new RegExp(`\\n${level} +5 +-?\\d+\\.\\d\\d`));
    const summary = readJson(join(logDir, 'p', 'pipeline_summary.json'));
    expect(Object.keys(summary['levels'] ?? {})).toEqual(['none', 'low', 'medium', 'high']);
    expect(summary['training']).toMatchObject({ episodes: 64 });
    const json = await runCli(['pipeline', '--train-episodes', '40', '--eval-episodes', '5', '--log-dir', logDir, '--json']);
    expect(parseJsonOutput(json.stdout)['levels']).toBeDefined();
    expect(readFileSync(join(logDir, 'p', 'training.log'), 'utf8')).toMatch(/^config \(grpo\):/);
  });
});
