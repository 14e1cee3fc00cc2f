import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';

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
export async function freshPostgresUrl(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function keep(store: Promise<Store>): Promise<Store> {
  const ready = await store;
  opened.push(ready);
  return ready;
}

export const storeEngines: StoreEngine[] = [
  { engine: 'sqlite', open: () => keep(openStore('sqlite::memory:')) },
  { engine: 'postgres', open: async () => keep(openStore(await freshPostgresUrl())) },
];
