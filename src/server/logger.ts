import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream } from 'pino';
import { ConfigError } from './config-error.ts';
import { cleanFields, cleanLogText, secretRedactor } from './log-values.ts';

/**
 * One JSON line per event on stderr, through pino:
 * `{"level":"info","time":"2026-03-01T09:00:00.000Z","msg":"rescored contacts","requestId":"…","portalId":1}`.
 * Every field passes through log-values.ts (secrets by key and by value, control characters,
 * length), so a token or the client secret cannot reach a log even inside an error message.
 * The interface stays the small one the rest of the code was written against; pino is the
 * writer behind it (levels, fast JSON, synchronous writes so nothing is lost at exit).
 */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export interface LoggerOptions {
  /** Values that must never appear in a log line (access token, client secret, key). */
  secrets?: readonly (string | undefined)[];
  /** Receives each line without its newline (tests); stderr by default. */
  write?: (line: string) => void;
  now?: () => number;
  /** Lines below this level are dropped; LOG_LEVEL, default info. */
  level?: LogLevel;
}

/**
 * Fields every line written inside `withLogContext` carries, the request id above all: the
 * request-log middleware opens one per request, and whatever a handler logs, however deep,
 * names its request without being handed anything.
 */
interface LogScope {
  fields: Readonly<Record<string, unknown>>;
  /** Told of every warn or error line written in the scope (the request log's "already said"). */
  onWarning?: (() => void) | undefined;
}

const logContext = new AsyncLocalStorage<LogScope>();

export function withLogContext<T>(
  fields: Readonly<Record<string, unknown>>,
  run: () => T,
  options: { onWarning?: () => void } = {},
): T {
  const outer = logContext.getStore();
  return logContext.run(
    { fields: { ...outer?.fields, ...fields }, onWarning: options.onWarning ?? outer?.onWarning },
    run,
  );
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const redact = secretRedactor(options.secrets ?? []);
  const now = options.now ?? Date.now;
  const { write } = options;
  const destination: DestinationStream = write
    ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) }
    : pino.destination({ fd: 2, sync: true });
  const writer = pino(
    {
      level: options.level ?? DEFAULT_LOG_LEVEL,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // pino's own `err` serializer would re-shape the error we already made safe.
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );
  const log =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, details?: Record<string, unknown>) => {
      const scope = logContext.getStore();
      if (level === 'warn' || level === 'error') scope?.onWarning?.();
      if (!writer.isLevelEnabled(level)) return;
      const fields = cleanFields({ ...scope?.fields, ...details }, redact);
      writer[level](fields, cleanLogText(message, redact));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** LOG_LEVEL as the entry point reads it; unset or empty means info. */
export function logLevelFrom(value: string | undefined): LogLevel {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return DEFAULT_LOG_LEVEL;
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as LogLevel;
  throw new ConfigError([`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (default info)`]);
}

/** For tests and embedding: a logger that says nothing. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
