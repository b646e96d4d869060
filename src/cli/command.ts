// What a subcommand is, and the printing every command shares.
import type { Io } from './io.js';

/** A subcommand of `grpo`. */
export interface Command {
  readonly name: string;
  /** One line for `grpo --help`. */
  readonly summary: string;
  /** The full `grpo <name> --help` text. */
  help(): string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[], io: Io): Promise<number>;
}

/** Prints `value` as the one JSON object of a --json run (the only thing on stdout). */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
