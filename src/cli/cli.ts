// `grpo <command> [flags]`: dispatch, top-level help, and the one place errors become exit codes.
// Every failure prints one line on stderr (no stack trace unless GRPO_DEBUG=1).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckpointError, InputError, TrainingError } from '../index.js';
import { describeFsError, errnoOf } from '../train/disk_error.js';
import type { Command } from './command.js';
import { auditCommand } from './commands/audit.js';
import { demoCommand } from './commands/demo.js';
import { explainCommand } from './commands/explain.js';
import { evaluateCommand } from './commands/evaluate.js';
import { compareCommand } from './commands/compare.js';
import { pipelineCommand } from './commands/pipeline.js';
import { reportCommand } from './commands/report.js';
import { trainCommand } from './commands/train.js';
import { webCommand } from './commands/web.js';
import { EXIT, processIo, UsageError, type Io } from './io.js';
import { oneLine } from './training.js';

/** Every command, in help order. */
export const COMMANDS: readonly Command[] = [trainCommand, evaluateCommand, demoCommand, pipelineCommand, reportCommand, compareCommand, auditCommand, explainCommand, webCommand];

/**
 * The package version, read from the nearest package.json named grpo-ts above this module (the
 * same code runs from src/ in tests and from dist/ when installed).
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'grpo-ts' && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** `grpo --help`. */
export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: grpo <command> [flags]',
    '',
    'Train and evaluate reinforcement-learning policies with GRPO, PPO or REINFORCE (grpo-ts).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'grpo <command> --help' for a command's flags. Results go to stdout (one JSON object with",
    '--json); progress and messages to stderr.',
    '',
    'Exit codes: 0 success, 1 training or evaluation failed, 2 bad command line, config or input files,',
    '130 stopped by Ctrl-C (a checkpoint was saved; resume with grpo train --resume DIR).',
    '',
    'grpo --version prints the version.',
    '',
    'Start with: grpo demo',
  ].join('\n');
}

/**
 * Runs the CLI on `argv` (the arguments after `grpo`) and resolves to the exit code. Never throws.
 * @example await main(['evaluate', '--model-path', 'logs/run', '--json'])
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${topHelp()}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`grpo-ts ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`grpo: unknown command ${JSON.stringify(name)}; expected one of ${COMMANDS.map((c) => c.name).join(', ')} (see grpo --help)\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(error, io, `grpo ${command.name}`);
  }
}

/** Prints an error as one line and returns its exit code. */
function report(error: unknown, io: Io, who: string): number {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError) {
    // Usage messages already start with the command.
    io.stderr.write(`${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof InputError) {
    // Files that cannot be used (not a run, empty metrics, a model for another env): bad input.
    io.stderr.write(`${who}: ${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof TrainingError || error instanceof CheckpointError) {
    io.stderr.write(`${who}: ${message}\n`);
    return EXIT.failure;
  }
  if (errnoOf(error) !== undefined) {
    // A file a command reads or writes outside training (a full disk, no permission).
    io.stderr.write(`${who}: ${oneLine(describeFsError(error))}: ${message}\n`);
    return EXIT.failure;
  }
  io.stderr.write(`${who}: internal error: ${message}${io.debug ? '' : ' (set GRPO_DEBUG=1 for the stack trace)'}\n`);
  if (io.debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}
