// Running the CLI in-process with captured output, and temporary log directories.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/cli.js';
import type { Io } from '../../src/cli/io.js';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Codes passed to io.exit (the second Ctrl-C). */
  readonly exits: readonly number[];
}

/** Options of {@link runCli}. */
export interface RunOptions {
  /** Pretend stderr is a terminal (progress bar). */
  readonly isTTY?: boolean;
  /** Called with each stderr write and the signal source (to send SIGINT at a chosen moment). */
  readonly onStderr?: (text: string, signals: EventEmitter) => void;
}

/** Runs `grpo <argv>` in-process. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exits: number[] = [];
  const signals = new EventEmitter();
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      isTTY: options.isTTY ?? false,
      write: (text: string) => {
        stderr += text;
        options.onStderr?.(text, signals);
        return true;
      },
    },
    signals,
    now: () => Date.now(),
    exit: (code) => void exits.push(code),
    debug: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, exits };
}

/** A fresh temporary directory for run directories. */
export function tmpLogDir(): string {
  return mkdtempSync(join(tmpdir(), 'grpo-cli-'));
}

/** Parses a JSON object file. */
export function readJson(path: string): Record<string, unknown> {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${path}: not a JSON object`);
  return Object.fromEntries(Object.entries(value));
}

/** Parses stdout of a --json run: it must be exactly one JSON object. */
export function parseJsonOutput(stdout: string): Record<string, unknown> {
  const value: unknown = JSON.parse(stdout);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`stdout is not one JSON object: ${stdout.slice(0, 200)}`);
  return Object.fromEntries(Object.entries(value));
}

/** A one-line error without a stack trace. */
export function expectOneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.length > 0);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  if (/^\s+at /m.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
  return lines[0]!;
}
