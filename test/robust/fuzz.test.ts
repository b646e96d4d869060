// Fuzzing with fast-check (fixed seeds; FUZZ_RUNS cases per target, GRPO_FUZZ_RUNS for more):
// random argument vectors for every command, random and mutated config files, mutated
// checkpoints, mutated run directories. Every case ends in success, or exit 1 or 2 with one line
// on stderr and no stack trace; a failed command leaves a run directory's files unchanged, and
// evaluate never changes them. Commands run in-process through main() with tiny budgets.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/cli.js';
import { configFlags } from '../../src/cli/config_flags.js';
import { runCli } from '../cli/helpers.js';
import { baseRuns, copyRun, expectCleanEnd, FUZZ_RUNS, removeTmp, snapshotDir, tmp, TINY } from './fuzz_helpers.js';

let bases: string[] = [];
beforeAll(async () => {
  bases = await baseRuns();
}, 60_000);
afterAll(() => removeTmp());

const NUMBERS = ['0', '1', '2', '3', '-1', '0.5', '1e-3', '1e300', '-1e300', 'NaN', 'Infinity', '-Infinity', '1e309', '', 'abc', '0x10', ' 4', '4,4', '1_000', '-0', '4294967296', '9007199254740993', '2.5e1'];
const WORDS = ['true', 'false', 'yes', 'grpo', 'ppo', 'reinforce', 'sarsa', 'CartPole-v1', 'Pendulum-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Nope-v0', 'none', 'low', 'medium', 'high', 'extreme', 'linear', 'cosine', 'constant', 'outcome', 'process', 'group', 'batch', 'bnpo', 'dr_grpo', 'tanh', 'relu', 'per-step', 'pooled', '.', '..', '/', '../x', 'a/b', 'é', '\u0000', ' ', '--', '-'];
/** Every flag any command knows, plus near misses. */
const FLAGS = [...new Set([...configFlags().keys(), 'algo', 'config', 'resume', 'json', 'help', 'model-path', 'episodes', 'uncertainty-level', 'seed', 'log-dir', 'train-episodes', 'eval-episodes', 'groups', 'env', 'run-name', 'version', 'group-sise', 'totalSteps'])];

/** Path-like values: a run directory (RUN stands for a fresh copy of a stopped run), a model, a file that is not one, nothing. */
const PATHS = ['RUN', 'RUN/models/final_model.safetensors', 'RUN/models/checkpoint-1.safetensors', 'RUN/config.json', 'RUN/models', '/nonexistent/x', '', '/dev/null', '/'];

const token = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FLAGS).map((f) => `--${f}`) },
    { weight: 1, arbitrary: fc.constantFrom(...FLAGS).map((f) => `-${f[0]}`) },
    { weight: 4, arbitrary: fc.constantFrom(...NUMBERS, ...WORDS) },
    { weight: 1, arbitrary: fc.constantFrom(...FLAGS).chain((f) => fc.constantFrom(...NUMBERS, ...WORDS).map((v) => `--${f}=${v}`)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

/** Caps every budget (appended last: the last occurrence of a flag wins), so a valid command finishes in milliseconds. */
function capped(command: string, argv: string[], logDir: string): string[] {
  if (command === 'train') return [...argv, '--log-dir', logDir, '--total-steps', '64', '--eval-episodes', '1'];
  if (command === 'evaluate') return [...argv, '--episodes', '2'];
  if (command === 'demo') return [...argv, '--log-dir', logDir, '--episodes', '2'];
  if (command === 'pipeline') return [...argv, '--log-dir', logDir, '--train-episodes', '2', '--eval-episodes', '1', '--groups', '1'];
  return argv;
}

describe('fuzz', () => {
  it(`random argument vectors for every command (${FUZZ_RUNS} cases)`, async () => {
    const arbitrary = fc.tuple(
      // Every command; demo (a fixed 100-episode evaluation) is the slowest, so it is drawn least.
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('train') },
        { weight: 4, arbitrary: fc.constant('evaluate') },
        { weight: 2, arbitrary: fc.constant('pipeline') },
        // Not `grpo web`: it serves until stopped, so a case that picks it never ends.
        { weight: 1, arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name).filter((name) => name !== 'web')) },
        { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
      ),
      fc.array(fc.oneof({ weight: 6, arbitrary: token() }, { weight: 1, arbitrary: fc.constantFrom(...PATHS) }), { maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([command, args]) => {
        const run = args.some((a) => a.startsWith('RUN')) ? copyRun(bases[1]!) : '';
        const argv = capped(command, [command, ...args.map((a) => (a.startsWith('RUN') ? run + a.slice(3) : a))], tmp('argv'));
        expectCleanEnd(await runCli(argv), argv);
      }),
      { seed: 1301, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 600_000);

  it(`random and mutated config files (${FUZZ_RUNS} cases)`, async () => {
    const fields = [...new Set(Object.values(TINY).flatMap((c) => Object.keys(c)).concat([...configFlags().values()].map((f) => f.key)))];
    const fieldValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(0, 1, 2, -1, 0.5, 1e300, 'grpo', 'ppo', 'reinforce', 'CartPole-v1', 'Pendulum-v1', [4], [4, 4], [], [0], true, false, null, '', '..', 'a/b'),
    );
    const object = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), fieldValue, { maxKeys: 6 });
    const text = fc.oneof(
      { weight: 6, arbitrary: object.map((o) => JSON.stringify(o)) },
      // A valid tiny config, then cut or spliced: broken JSON.
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...Object.values(TINY)), fc.nat(), fc.string({ maxLength: 4 })).map(([c, at, junk]) => { const s = JSON.stringify(c); const k = at % (s.length + 1); return s.slice(0, k) + junk + s.slice(k); }) },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    );
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (content, viaFlags) => {
        const dir = tmp('config');
        const file = join(dir, 'c.json');
        writeFileSync(file, content);
        const argv = ['train', '--config', file, ...(viaFlags ? ['--seed', '1'] : []), '--log-dir', dir, '--total-steps', '64', '--eval-episodes', '1'];
        const run = await runCli(argv);
        expectCleanEnd(run, argv);
        // Nothing is ever written outside the log dir (a run name is one directory name).
        expect(existsSync(join(dir, '..', 'config.json')) || existsSync(join(dir, '..', 'metrics.jsonl')), argv.join(' ')).toBe(false);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: 1302, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 600_000);

  it(`mutated checkpoints: flipped bytes, truncation, edited headers (${FUZZ_RUNS} cases)`, async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), bits: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('header' as const), key: fc.oneof(fc.constantFrom('dtype', 'shape', 'data_offsets', '__metadata__', 'format', 'config', 'trainer', 'optimizers', 'rngs'), fc.string({ maxLength: 6 })), value: fc.jsonValue({ maxDepth: 2 }), pick: fc.nat() }),
      fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.nat(), fc.constantFrom(0, 7, 2 ** 31, 2 ** 53)) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, fc.constantFrom('evaluate', 'resume', 'resume-budget'), async (which, m, command) => {
        const dir = copyRun(bases[which % bases.length]!);
        const models = join(dir, 'models');
        // The newest state: what both commands read.
        const target = existsSync(join(models, 'final_model.safetensors')) ? join(models, 'final_model.safetensors') : join(models, readdirSync(models).sort().at(-1)!);
        writeFileSync(target, mutate(readFileSync(target), m));
        const before = snapshotDir(dir);
        const argv = command === 'evaluate' ? ['evaluate', '--model-path', target, '--episodes', '1'] : ['train', '--resume', dir, ...(command === 'resume-budget' ? ['--total-steps', '90'] : [])];
        const run = await runCli(argv);
        expectCleanEnd(run, argv);
        // evaluate never writes; a resume refused before it started wrote nothing (one that started
        // and then failed, e.g. on a weight the flip made NaN, logged that in training.log: its job).
        if (command === 'evaluate' || (run.code !== 0 && !run.stderr.includes('resuming: '))) expect(snapshotDir(dir), argv.join(' ')).toEqual(before);
      }),
      { seed: 1303, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 600_000);

  it(`mutated run directories: missing files, truncated metrics, config.json disagreeing with the checkpoint (${FUZZ_RUNS} cases)`, async () => {
    const FILES = ['config.json', 'metrics.jsonl', 'training.log', 'summary.json', 'models/final_model.safetensors', 'models/checkpoint-1.safetensors', 'models', '.lock'];
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), file: fc.constantFrom(...FILES) }),
      fc.record({ kind: fc.constant('truncate' as const), file: fc.constantFrom('metrics.jsonl', 'training.log', 'config.json', 'summary.json'), at: fc.nat(), fromEnd: fc.boolean() }),
      fc.record({ kind: fc.constant('append' as const), file: fc.constantFrom('metrics.jsonl', 'training.log', 'config.json'), text: fc.string({ maxLength: 20 }) }),
      fc.record({ kind: fc.constant('config' as const), key: fc.constantFrom('algo', 'seed', 'learningRate', 'hiddenSizes', 'totalSteps', 'env', 'extra'), value: fc.jsonValue({ maxDepth: 1 }) }),
      fc.record({ kind: fc.constant('lock' as const), text: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(JSON.stringify({ pid: process.pid, host: 'elsewhere', started: 'x' })), fc.constant(JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), started: 'x' }))) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom('evaluate', 'resume', 'resume-budget'), async (which, ms, command) => {
        const dir = copyRun(bases[which % bases.length]!);
        for (const m of ms) mutateDir(dir, m);
        const before = snapshotDir(dir);
        const argv = command === 'evaluate' ? ['evaluate', '--model-path', dir, '--episodes', '1'] : ['train', '--resume', dir, ...(command === 'resume-budget' ? ['--total-steps', '90'] : [])];
        const run = await runCli(argv);
        expectCleanEnd(run, argv);
        if (command === 'evaluate' || (run.code !== 0 && !run.stderr.includes('resuming: '))) expect(snapshotDir(dir), `${argv.join(' ')}\n${run.stderr}`).toEqual(before);
        // A run that trained released its lock (a finished run's 'complete' answer takes none).
        if (run.code === 0 && run.stderr.includes('resuming: ')) expect(existsSync(join(dir, '.lock'))).toBe(false);
      }),
      { seed: 1304, numRuns: FUZZ_RUNS, endOnFailure: true },
    );
  }, 600_000);
});

type FileMutation =
  | { kind: 'flip'; at: number[]; bits: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'header'; key: string; value: unknown; pick: number }
  | { kind: 'length'; value: number };

/** A safetensors file with one mutation. */
function mutate(bytes: Buffer, m: FileMutation): Buffer {
  const out = Buffer.from(bytes);
  if (m.kind === 'flip') {
    for (const at of m.at) out[at % out.length] = (out[at % out.length]! ^ m.bits) & 0xff;
    return out;
  }
  if (m.kind === 'truncate') return out.subarray(0, m.at % out.length);
  if (m.kind === 'length') {
    out.writeBigUInt64LE(BigInt(m.value), 0);
    return out;
  }
  // Edit the JSON header: one tensor's entry, or one metadata value, then re-frame it.
  const n = Number(out.readBigUInt64LE(0));
  const header = JSON.parse(out.subarray(8, 8 + n).toString('utf8')) as Record<string, Record<string, unknown>>;
  const keys = Object.keys(header);
  const entry = header[keys[m.pick % keys.length]!]!;
  if (m.key in entry || keys[m.pick % keys.length] === '__metadata__') entry[m.key] = typeof m.value === 'string' || keys[m.pick % keys.length] !== '__metadata__' ? m.value : JSON.stringify(m.value);
  else header[m.key] = m.value as Record<string, unknown>;
  const text = Buffer.from(JSON.stringify(header), 'utf8');
  const frame = Buffer.alloc(8);
  frame.writeBigUInt64LE(BigInt(text.length), 0);
  return Buffer.concat([frame, text, out.subarray(8 + n)]);
}

type DirMutation =
  | { kind: 'delete'; file: string }
  | { kind: 'truncate'; file: string; at: number; fromEnd: boolean }
  | { kind: 'append'; file: string; text: string }
  | { kind: 'config'; key: string; value: unknown }
  | { kind: 'lock'; text: string };

function mutateDir(dir: string, m: DirMutation): void {
  if (m.kind === 'lock') {
    writeFileSync(join(dir, '.lock'), m.text);
    return;
  }
  if (m.kind === 'config') {
    const path = join(dir, 'config.json');
    if (!existsSync(path)) return;
    let config: Record<string, unknown> = {};
    try {
      config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch {
      // already broken: overwrite
    }
    config[m.key] = m.value;
    writeFileSync(path, JSON.stringify(config));
    return;
  }
  const path = join(dir, m.file);
  if (!existsSync(path)) return;
  if (m.kind === 'delete') rmSync(path, { recursive: true, force: true });
  else if (m.kind === 'append') appendFileSync(path, m.text);
  else {
    const size = readFileSync(path).length;
    // fromEnd: cut a few bytes off the end (a torn last line); otherwise anywhere.
    const keep = m.fromEnd ? Math.max(0, size - 1 - (m.at % 40)) : m.at % (size + 1);
    truncateSync(path, keep);
  }
}
