import { afterEach, inject } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';
import { createDatabase } from '../support/postgres-server.ts';

/**
 * The store's engines, for contract tests that must hold on both: `describe.each(storeEngines)`.
 * Each `open()` is a new empty store (PostgreSQL: a new database on the run's server, see
 * test/support/postgres-server.ts), closed after the test.
 */

export interface StoreEngine {
  engine: 'sqlite' | 'postgres';
  open(): Promise<Store>;
}

const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** A new, empty database on the test run's PostgreSQL server; its URL. */
export const freshPostgresUrl = (): Promise<string> => createDatabase(inject('postgresUrl'));

async function keep(store: Promise<Store>): Promise<Store> {
  const ready = await store;
  opened.push(ready);
  return ready;
}

export const storeEngines: StoreEngine[] = [
  { engine: 'sqlite', open: () => keep(openStore('sqlite::memory:')) },
  { engine: 'postgres', open: async () => keep(openStore(await freshPostgresUrl())) },
];
