import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs with our exit-code contract: every mistake becomes a UsageError whose
 * message names the command, so the user sees `score: unknown option --inptu`.
 */
export function parseCommandLine<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${command}: ${describeParseError(error as NodeJS.ErrnoException)}`);
  }
}

function describeParseError(error: NodeJS.ErrnoException): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? error.message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `option ${option} needs a value` : error.message;
    default:
      return error.message;
  }
}

/** One of a fixed set of words, or a usage error listing them. */
export function parseChoice<T extends string>(
  command: string,
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: ${flag} must be one of ${choices.join(', ')} (got "${value}")`);
}

/** A date (UTC midnight) or a date and time with "Z" or an offset; a local time would be ambiguous. */
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** `--now` as epoch ms; scores depend on it through decay, so a typo must not pass silently. */
export function parseNow(command: string, value: string | undefined, clock: () => number): number {
  if (value === undefined) return clock();
  const time = ISO_8601.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(time)) {
    throw new UsageError(
      `${command}: --now must be an ISO-8601 date or time with a zone, such as 2026-11-25 or ` +
        `2026-11-25T09:00:00Z (got "${value}")`,
    );
  }
  return time;
}
