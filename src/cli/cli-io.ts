import type { Writable } from 'node:stream';

/**
 * Where a command writes and what it may know about the terminal. Passing these in (instead of
 * touching `process`) lets the tests run every command in-process and read what it printed.
 */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** Progress lines are only worth drawing for a person watching a terminal. */
  stderrIsTTY: boolean;
  /** The clock, for `--now`'s default and progress timing. */
  clock: () => number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    clock: Date.now,
  };
}

/** Exit codes, the same for every command. */
export const EXIT = {
  ok: 0,
  /** The input or the model cannot be read. */
  failed: 1,
  /** The command line itself is wrong. */
  usage: 2,
} as const;

/** The command line is wrong: the message says what to type instead. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A subcommand: takes the arguments after its name, returns the exit code. */
export interface Command {
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
