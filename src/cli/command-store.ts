import { existsSync } from 'node:fs';
import { DatabaseUrlError, storeLocationOf } from '../store/database-url.ts';
import { openStore, type Store } from '../store/store.ts';

/**
 * The store DATABASE_URL names, as the operator commands open it: never an in-memory store
 * (only its own process sees it), and a SQLite file only if the server made one, unless the
 * command creates what it needs (`model publish`). PostgreSQL is opened (and migrated) as the
 * server would.
 */

export const STORE_TEXTS = {
  memoryStore: 'DATABASE_URL points at an in-memory store, which only its own process can see.',
  noStore: (path: string) =>
    `No store at ${path}: the server has not run with this DATABASE_URL (set it to the server's).`,
};

export type CommandStore = { store: Store } | { problem: string };

export async function openCommandStore(
  databaseUrl: string | undefined,
  options: { create?: boolean } = {},
): Promise<CommandStore> {
  let location;
  try {
    location = storeLocationOf(databaseUrl);
  } catch (error) {
    if (error instanceof DatabaseUrlError) return { problem: error.message };
    throw error;
  }
  if (location.engine === 'sqlite') {
    const { path } = location;
    if (path === ':memory:') return { problem: STORE_TEXTS.memoryStore };
    if (!options.create && !path.startsWith('file:') && !existsSync(path)) {
      return { problem: STORE_TEXTS.noStore(path) };
    }
  }
  try {
    return { store: await openStore(location) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problem: `DATABASE_URL: the store could not be opened: ${message}` };
  }
}

/** Opens the command's store, runs `use`, closes it; a problem is written and fails the command. */
export async function withCommandStore(
  databaseUrl: string | undefined,
  options: { create?: boolean; stderr: { write(text: string): unknown } },
  use: (store: Store) => Promise<number>,
  failed: number,
): Promise<number> {
  const opened = await openCommandStore(databaseUrl, options);
  if ('problem' in opened) {
    options.stderr.write(`${opened.problem}\n`);
    return failed;
  }
  try {
    return await use(opened.store);
  } finally {
    await opened.store.close();
  }
}
