import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/store/postgres/pg-migrations.ts';
import { openStore } from '../../src/store/store.ts';
import { freshPostgresUrl } from './store-engines.ts';

async function appliedVersions(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return rows.map((row) => row.version);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL store’s migrations', () => {
  it('are applied once when several instances start on a new database at the same moment', async () => {
    const url = await freshPostgresUrl();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(url)));
    try {
      expect(await appliedVersions(url)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
      // Every instance works on the one schema.
      await stores[0]!.settingsAudit().record({
        portalId: 1,
        at: 1,
        userId: 'cli',
        action: 'publish',
        modelVersion: 1,
        details: undefined,
      });
      expect(await stores[3]!.settingsAudit().list(1)).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    // A restart applies nothing again.
    const again = await openStore(url);
    await again.close();
    expect(await appliedVersions(url)).toHaveLength(PG_MIGRATIONS.length);
  });

  it('refuses a store a newer version of the app has migrated, naming both versions', async () => {
    const url = await freshPostgresUrl();
    await (await openStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [
      PG_MIGRATIONS.length + 1,
    ]);
    await client.end();
    await expect(openStore(url)).rejects.toThrow(
      `the PostgreSQL store is at schema version ${PG_MIGRATIONS.length + 1}, newer than this app knows (${PG_MIGRATIONS.length})`,
    );
  });
});
