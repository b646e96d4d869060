// The flag layer: conversion and validation errors, config flags generated from the field tables,
// config precedence (defaults < --config file < flags), progress rendering.
import { describe, expect, it } from 'vitest';
import { flag, nearest, parseFlags, switchFlag } from '../../src/cli/args.js';
import { buildConfig, configFlags, flagNameOf, formatConfigFlags } from '../../src/cli/config_flags.js';
import { UsageError } from '../../src/cli/io.js';
import { createProgress, fractionDone } from '../../src/cli/progress.js';
import { ALGOS, fieldsOf, GRPO_FIELDS, PPO_FIELDS, resolveConfig, type FieldTable, type IterationReport } from '../../src/index.js';

const FLAGS = {
  seed: flag(GRPO_FIELDS.seed, 'N'),
  groups: flag(GRPO_FIELDS.groups, 'N'),
  'learning-rate': flag(GRPO_FIELDS.learningRate, 'X'),
  'hidden-sizes': flag(GRPO_FIELDS.hiddenSizes, 'N,N'),
  'dynamic-sampling': flag(GRPO_FIELDS.dynamicSampling, 'true|false'),
  env: flag(GRPO_FIELDS.env, 'ID'),
  json: switchFlag('json'),
};

/** The UsageError message of parsing `argv`. */
function usageError(argv: string[]): string {
  try {
    parseFlags(FLAGS, argv, 'grpo t');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error instanceof Error ? error.message : '';
  }
  throw new Error(`parsing ${argv.join(' ')} did not throw`);
}

describe('parseFlags', () => {
  it('converts values to the field types and fills defaults from the fields', () => {
    const { values, given } = parseFlags(FLAGS, ['--seed', '3', '--learning-rate', '3e-4', '--hidden-sizes', '32,16', '--dynamic-sampling', 'false', '--json'], 'grpo t');
    expect(values).toEqual({ seed: 3, groups: GRPO_FIELDS.groups.default, 'learning-rate': 3e-4, 'hidden-sizes': [32, 16], 'dynamic-sampling': false, env: 'CartPole-v1', json: true });
    expect([...given.keys()].sort()).toEqual(['dynamic-sampling', 'hidden-sizes', 'json', 'learning-rate', 'seed']);
    expect(parseFlags(FLAGS, ['--seed=7'], 'grpo t').values.seed).toBe(7);
  });

  it.each([
    [['--groups', '0'], 'grpo t: --groups must be >= 1, received 0'],
    [['--seed', '1.5'], 'grpo t: --seed must be an integer, received 1.5'],
    [['--seed', 'abc'], 'grpo t: --seed must be a number, received "abc"'],
    [['--seed', ''], 'grpo t: --seed must be a number, received ""'],
    [['--seed', ' 1'], 'grpo t: --seed must be a number, received " 1"'],
    [['--learning-rate', '-1'], "grpo t: --learning-rate needs a value; for a value starting with '-' write --learning-rate=-1"],
    [['--learning-rate=-1'], 'grpo t: --learning-rate must be >= 0, received -1'],
    [['--hidden-sizes', '64,x'], 'grpo t: --hidden-sizes[1] must be a number, received "x"'],
    [['--hidden-sizes', '64,0'], 'grpo t: --hidden-sizes[1] must be >= 1, received 0'],
    [['--dynamic-sampling', 'yes'], 'grpo t: --dynamic-sampling must be true or false, received "yes"'],
    [['--env', 'Nope-v0'], 'grpo t: --env must be one of CartPole-v1, Pendulum-v1, Acrobot-v1, MountainCar-v0, MountainCarContinuous-v0, HalfCheetah-v5, Hopper-v5, InvertedPendulum-v5, received "Nope-v0"'],
    [['--seed'], 'grpo t: --seed needs a value'],
    [['--json=yes'], 'grpo t: --json takes no value'],
    [['--group'], 'grpo t: unknown flag --group (did you mean --groups?); see --help'],
    [['--frobnicate', '1'], 'grpo t: unknown flag --frobnicate; see --help'],
    [['stray'], 'grpo t: unexpected argument "stray"; flags look like --name value; see --help'],
  ])('%j -> %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('suggests only near misses', () => {
    expect(nearest('group-sise', ['groups', 'group-size'])).toBe('group-size');
    expect(nearest('xyz', ['groups', 'group-size'])).toBeNull();
  });
});

describe('config flags', () => {
  it('every field of every algorithm has a flag that maps back to it (algo excepted: --algo)', () => {
    const flags = configFlags();
    for (const algo of ALGOS) {
      const table: FieldTable = fieldsOf(algo);
      for (const key of Object.keys(table)) {
        if (key === 'algo') continue;
        const c = flags.get(flagNameOf(key));
        expect(c?.key, `${algo}.${key}`).toBe(key);
        expect(c?.algos).toContain(algo);
      }
    }
    expect(flagNameOf('totalSteps')).toBe('total-steps');
    expect(flagNameOf('uncertainty')).toBe('uncertainty-level');
    expect(flagNameOf('learningRate')).toBe('learning-rate');
  });

  it('defaults come from the field tables, not the CLI', () => {
    for (const algo of ALGOS) expect(buildConfig(algo, null, new Map(), 'w')).toEqual(resolveConfig(fieldsOf(algo), {}, 'x'));
    expect(buildConfig('ppo', null, new Map(), 'w').learningRate).toBe(PPO_FIELDS.learningRate.default);
  });

  it('flags override the --config file, which overrides the defaults', () => {
    const file = { path: 'c.json', values: { groups: 8, groupSize: 4, seed: 5 } };
    const config = buildConfig('grpo', file, new Map<string, unknown>([['group-size', 2], ['total-steps', 2000]]), 'w');
    expect(config).toMatchObject({ groups: 8, groupSize: 2, seed: 5, totalSteps: 2000, learningRate: GRPO_FIELDS.learningRate.default });
  });

  it('rejects flags of another algorithm and bad file fields, naming them', () => {
    expect(() => buildConfig('ppo', null, new Map([['groups', 2]]), 'grpo train')).toThrow(new UsageError('grpo train: --groups does not apply to --algo ppo (it is a setting of grpo, policy-groups)'));
    expect(() => buildConfig('reinforce', null, new Map([['num-minibatches', 2]]), 'grpo train')).toThrow(/--num-minibatches does not apply to --algo reinforce \(it is a setting of grpo, ppo, policy-groups\)/);
    expect(() => buildConfig('grpo', { path: 'c.json', values: { grups: 2 } }, new Map(), 'grpo train')).toThrow(/^grpo train: --config c\.json: unknown field 'grups'/);
    expect(() => buildConfig('grpo', { path: 'c.json', values: { groups: 0 } }, new Map(), 'grpo train')).toThrow('grpo train: --config c.json: groups must be >= 1, received 0');
  });

  it('help lists shared settings once and each algorithm its own, with per-algorithm defaults', () => {
    const help = formatConfigFlags();
    expect(help).toMatch(/--learning-rate X +Adam learning rate .*\(default grpo 0\.01, ppo 0\.00025, reinforce 0\.01, policy-groups 0\.001\)/);
    expect(help).toMatch(/PPO settings \(--algo ppo\):[\s\S]*--target-kl X +stop the epochs early/);
    expect(help).toMatch(/GRPO settings \(--algo grpo\):[\s\S]*--target-kl X +target KL of the adaptive beta/);
    expect(help.match(/--env ID/g)).toHaveLength(1);
  });
});

describe('progress', () => {
  const report = (globalStep: number, episodes: number): IterationReport => ({ iteration: 1, globalStep, episodes, totalSteps: 1000, totalEpisodes: 0, meanReturn: 20 });

  it('measures the budget that runs out first', () => {
    expect(fractionDone(report(250, 5))).toBe(0.25);
    expect(fractionDone({ ...report(250, 30), totalEpisodes: 40 })).toBe(0.75);
    expect(fractionDone(report(2000, 0))).toBe(1);
  });

  it('draws a bar in place on a TTY and prints a line per tenth otherwise', () => {
    let tty = '';
    const bar = createProgress({ isTTY: true, write: (t: string) => (tty += t) }, () => 0);
    bar.update(report(500, 3));
    bar.done();
    expect(tty).toMatch(/^\r\x1b\[K\[#{12}-{12}\]  50%  iteration 1  steps 500\/1000  episodes 3  return 20\.0  0\.0 s\n$/);
    let plain = '';
    const lines = createProgress({ isTTY: false, write: (t: string) => (plain += t) }, () => 0);
    for (const step of [10, 20, 150, 160, 990, 995]) lines.update(report(step, 0));
    lines.done();
    // One line per tenth, then the last iteration (99%), which no tenth printed.
    expect(plain.split('\n').filter((l) => l !== '').map((l) => l.slice(0, 13))).toEqual(['progress   1%', 'progress  15%', 'progress  99%', 'progress  99%']);
  });
});
