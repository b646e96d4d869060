// The CLI's contact with the outside world, injected so tests can run commands in-process:
// two output streams, the Ctrl-C signal, the clock and process exit. Exit codes live here too.

/** A writable text stream (process.stdout / process.stderr, or a test's buffer). */
export interface Output {
  write(text: string): unknown;
  /** True on a terminal: progress is drawn as a bar, otherwise printed as plain lines. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, when known. */
  readonly columns?: number;
}

/** Where SIGINT (Ctrl-C) comes from: `process`, or a test's EventEmitter. */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

/** Everything a command may touch besides the file system. */
export interface Io {
  /** Results only: the human summary, or exactly one JSON object with --json. */
  readonly stdout: Output;
  /** Progress, the config header, messages and errors. */
  readonly stderr: Output;
  readonly signals: SignalSource;
  /** Milliseconds, for elapsed times. */
  readonly now: () => number;
  /** Ends the process at once (the second Ctrl-C). */
  readonly exit: (code: number) => void;
  /** Print stack traces of unexpected errors (GRPO_DEBUG=1). */
  readonly debug: boolean;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    now: () => Date.now(),
    exit: (code) => process.exit(code),
    debug: process.env['GRPO_DEBUG'] !== undefined && process.env['GRPO_DEBUG'] !== '' && process.env['GRPO_DEBUG'] !== '0',
  };
}

/** Exit codes of every command (documented in the README). */
export const EXIT = {
  ok: 0,
  /** Training or evaluation failed (TrainingError, unreadable checkpoint, internal error). */
  failure: 1,
  /** Bad command line: unknown flag or command, bad value, invalid config. */
  usage: 2,
  /** Stopped by Ctrl-C after saving a checkpoint (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/** A bad command line; the message names the flag, what it accepts and what it got. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
