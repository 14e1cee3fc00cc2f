/**
 * `DATABASE_URL` (`sqlite:PATH`) as the server and every command read it, so the operator
 * commands (`status`, `retry-failed`) find the server's store without any HubSpot setting.
 */

/** The server's and the commands' default: a file under ./data. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/recruitment-scoring.db';

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/** The SQLite path of `DATABASE_URL` (empty counts as unset, like the server's settings). */
export function databasePathOf(databaseUrl: string | undefined): string {
  const url =
    databaseUrl === undefined || databaseUrl.trim() === ''
      ? DEFAULT_DATABASE_URL
      : databaseUrl.trim();
  if (!/^sqlite:.+/.test(url)) {
    throw new DatabaseUrlError(
      `DATABASE_URL: must have the form sqlite:PATH (for example ${DEFAULT_DATABASE_URL}), not "${url}"`,
    );
  }
  return url.slice('sqlite:'.length);
}
