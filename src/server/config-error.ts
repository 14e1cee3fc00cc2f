import { DEFAULT_DATABASE_URL, describeStoreLocation } from '../store/database-url.ts';

/** Start-up refused: one line per missing or invalid variable, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** SQLite's codes for a file that is there but cannot serve as our store. */
const UNREADABLE_DATABASE = /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|READONLY|PERM|IOERR|AUTH|FULL)/;

/**
 * The failures an operator causes and can fix, in one sentence naming the setting, instead of a
 * stack trace: the port taken by another process, and a database file that is not a readable
 * SQLite database (corrupt, another kind of file, no permission). Undefined for anything else,
 * which is a bug and keeps its stack.
 */
export function startupFailureSentence(
  error: unknown,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const e = error as { code?: unknown; message?: unknown; syscall?: unknown; port?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? e.port : env.PORT?.trim() || '3000';
    return `PORT ${port} is already in use: stop the other process or set PORT to a free port`;
  }
  if (code === 'EACCES' && e.syscall === 'listen') {
    const port = typeof e.port === 'number' ? e.port : env.PORT?.trim() || '3000';
    return `PORT ${port} may not be used by this user (ports below 1024 need privileges): set PORT to 1024 or above`;
  }
  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return postgresFailureSentence(code, message, databaseUrl);
  }
  if (UNREADABLE_DATABASE.test(code)) {
    return (
      `DATABASE_URL ${databaseUrl} is not a readable SQLite database: ${message}; ` +
      'restore the file from a backup or fix its permissions, or point DATABASE_URL at a new file ' +
      '(the work queued in the old one is then not scored)'
    );
  }
  if ((code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') && e.syscall === 'mkdir') {
    return `DATABASE_URL ${databaseUrl}: its folder cannot be created (${code}); choose a path this user may write to`;
  }
  return undefined;
}

/** PostgreSQL's codes an operator fixes (wrong password, no such database, no server there). */
const POSTGRES_SETUP = /^(28P01|28000|3D000|42501|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)$/;

function postgresFailureSentence(code: string, message: string, url: string): string | undefined {
  if (!POSTGRES_SETUP.test(code) && !/timeout exceeded when trying to connect/.test(message)) {
    return undefined;
  }
  let where: string;
  try {
    where = describeStoreLocation({ engine: 'postgres', url });
  } catch {
    where = 'postgres://...';
  }
  return `DATABASE_URL ${where}: the PostgreSQL store cannot be used (${code || 'no connection'}: ${message}); check the host, port, user, password and database name, and that the server runs`;
}
