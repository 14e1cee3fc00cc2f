import {
  accountModelsOver,
  type AccountModels,
  type DraftRow,
  type VersionRow,
} from '../account-models.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * The account models in PostgreSQL. A publish takes the account's row in account_models FOR
 * UPDATE (creating it if need be) before it reads the latest version: publishes of one account
 * from several instances queue on that row lock, each numbering after the one before.
 */
export function createPgAccountModels(
  db: PgDatabase,
  options: { clock?: () => number } = {},
): AccountModels {
  return accountModelsOver(
    {
      publishNext: (portalId, modelYaml, by, note, at) =>
        db.transaction(async (client) => {
          // An upsert that always writes the row: it holds the row lock whether or not the row
          // was there, and a second publisher waits here until the first commits.
          await client.query(
            `INSERT INTO account_models (portal_id) VALUES ($1)
             ON CONFLICT (portal_id) DO UPDATE SET portal_id = excluded.portal_id`,
            [portalId],
          );
          const { rows } = await client.query<VersionRow>(
            `INSERT INTO account_model_versions
               (portal_id, version, model_yaml, published_by, published_at, note)
             SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5
             FROM account_model_versions WHERE portal_id = $1
             RETURNING *`,
            [portalId, modelYaml, by, at, note],
          );
          const published = rows[0]!;
          await client.query(
            'UPDATE account_models SET published_version = $2 WHERE portal_id = $1',
            [portalId, published.version],
          );
          return published;
        }),
      async version(portalId, version) {
        const { rows } = await db.query<VersionRow>(
          'SELECT * FROM account_model_versions WHERE portal_id = $1 AND version = $2',
          [portalId, version],
        );
        return rows[0];
      },
      async history(portalId) {
        const { rows } = await db.query<VersionRow>(
          'SELECT * FROM account_model_versions WHERE portal_id = $1 ORDER BY version DESC',
          [portalId],
        );
        return rows;
      },
      async publishedVersion(portalId) {
        const { rows } = await db.query<{ published_version: number | null }>(
          'SELECT published_version FROM account_models WHERE portal_id = $1',
          [portalId],
        );
        return rows[0]?.published_version;
      },
      async saveDraft(portalId, modelYaml, by, at) {
        await db.query(
          `INSERT INTO account_models (portal_id, draft_yaml, draft_saved_by, draft_saved_at)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (portal_id) DO UPDATE SET draft_yaml = excluded.draft_yaml,
             draft_saved_by = excluded.draft_saved_by, draft_saved_at = excluded.draft_saved_at`,
          [portalId, modelYaml, by, at],
        );
      },
      async draft(portalId) {
        const { rows } = await db.query<DraftRow>(
          `SELECT draft_yaml, draft_saved_by, draft_saved_at FROM account_models
           WHERE portal_id = $1`,
          [portalId],
        );
        return rows[0];
      },
      forget: (portalId) =>
        db.transaction(async (client) => {
          // The account's row first: a publish under way finishes before its versions go.
          await client.query('DELETE FROM account_models WHERE portal_id = $1', [portalId]);
          const { rowCount } = await client.query(
            'DELETE FROM account_model_versions WHERE portal_id = $1',
            [portalId],
          );
          return rowCount ?? 0;
        }),
    },
    options.clock,
  );
}
