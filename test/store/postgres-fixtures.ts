import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.ts';
import { freshPostgresUrl } from './store-engines.ts';

/**
 * PostgreSQL-only test setups: a store with a client of its own on its database (to read or
 * spoil rows behind the store's back), and two instances' stores on one database.
 */

export async function withStoreAndClient(
  test: (store: Store, client: pg.Client) => Promise<void>,
): Promise<void> {
  const url = await freshPostgresUrl();
  const store = await openStore(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await test(store, client);
  } finally {
    await client.end();
    await store.close();
  }
}

export async function withTwoInstances(test: (first: Store, second: Store) => Promise<void>) {
  const url = await freshPostgresUrl();
  const [first, second] = await Promise.all([openStore(url), openStore(url)]);
  try {
    await test(first, second);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
}
