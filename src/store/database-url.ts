/**
 * `DATABASE_URL` as the server and every command read it, so the operator commands (`status`,
 * `retry-failed`) find the server's store without any HubSpot setting: `sqlite:PATH` (the
 * embedded default) or `postgres://...` / `postgresql://...` (several instances on one store).
 */

/** The server's and the commands' default: a file under ./data. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/recruitment-scoring.db';

export type StoreLocation =
  | { engine: 'sqlite'; /** A file, or ':memory:'. */ path: string }
  | { engine: 'postgres'; url: string };

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

export const DATABASE_URL_FORMS = `sqlite:PATH (for example ${DEFAULT_DATABASE_URL}) or postgres://USER:PASSWORD@HOST:PORT/DATABASE`;

/** Where the store is (empty counts as unset, like the server's settings). */
export function storeLocationOf(databaseUrl: string | undefined): StoreLocation {
  const url =
    databaseUrl === undefined || databaseUrl.trim() === ''
      ? DEFAULT_DATABASE_URL
      : databaseUrl.trim();
  if (/^sqlite:.+/.test(url)) return { engine: 'sqlite', path: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\/.+/.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL: not a valid postgres:// address`);
    }
    return { engine: 'postgres', url };
  }
  // The value may hold a password: name only its scheme.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new DatabaseUrlError(
    `DATABASE_URL: must have the form ${DATABASE_URL_FORMS}, not ${scheme ? `a ${scheme}: address` : `"${url}"`}`,
  );
}

/** How the store is named in logs and command output: never with its password. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.engine === 'sqlite') return `sqlite:${location.path}`;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}
