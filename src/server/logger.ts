/**
 * One line per event on stderr: `2026-03-01T09:00:00.000Z info rescored contacts portalId=1`.
 * Every line passes through a redactor that knows the configured secrets, so a token or the
 * client secret cannot reach a log even by way of an error message.
 */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Values that must never appear in a log line (access token, client secret). */
  secrets?: readonly (string | undefined)[];
  write?: (line: string) => void;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => !!s && s.length >= 4);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const redact = (text: string) =>
    secrets
      .reduce((t, secret) => t.split(secret).join('[redacted]'), text)
      .replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer [redacted]')
      .replace(/\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g, 'pat-[redacted]');
  const log = (level: string) => (message: string, details?: Record<string, unknown>) => {
    const fields = Object.entries(details ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    write(
      redact(`${new Date(now()).toISOString()} ${level} ${message}${fields ? ` ${fields}` : ''}`),
    );
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** For tests and embedding: a logger that says nothing. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
