import type { TokenCipher } from '../../oauth/token-cipher.ts';
import { tokenStoreOver, type AccountRow, type TokenStore } from '../../oauth/token-store.ts';
import type { PgDatabase } from './pg-database.ts';

/** The installed accounts' OAuth tokens in PostgreSQL, sealed with `cipher` (BYTEA). */
export function createPgTokenStore(
  db: PgDatabase,
  cipher: TokenCipher,
  now?: () => number,
): TokenStore {
  const portalIds = async (text: string, values: readonly unknown[] = []) =>
    (await db.query<{ portal_id: number }>(text, values)).rows.map((r) => r.portal_id);
  return tokenStoreOver(
    {
      async upsert(account) {
        await db.query(
          `INSERT INTO oauth_accounts (portal_id, key_id, sealed_tokens, access_expires_at,
             scopes, hub_domain, installed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
           ON CONFLICT (portal_id) DO UPDATE SET
             key_id = excluded.key_id, sealed_tokens = excluded.sealed_tokens,
             access_expires_at = excluded.access_expires_at, scopes = excluded.scopes,
             hub_domain = COALESCE(excluded.hub_domain, oauth_accounts.hub_domain),
             updated_at = excluded.updated_at`,
          [
            account.portal_id,
            account.key_id,
            Buffer.from(account.sealed_tokens),
            account.access_expires_at,
            account.scopes,
            account.hub_domain,
            account.now,
          ],
        );
      },
      async get(portalId) {
        const { rows } = await db.query<AccountRow>(
          `SELECT key_id, sealed_tokens, access_expires_at, scopes, hub_domain
           FROM oauth_accounts WHERE portal_id = $1`,
          [portalId],
        );
        return rows[0];
      },
      async expiresAt(portalId) {
        const { rows } = await db.query<{ access_expires_at: number }>(
          'SELECT access_expires_at FROM oauth_accounts WHERE portal_id = $1',
          [portalId],
        );
        return rows[0]?.access_expires_at;
      },
      async remove(portalId) {
        const { rowCount } = await db.query('DELETE FROM oauth_accounts WHERE portal_id = $1', [
          portalId,
        ]);
        return (rowCount ?? 0) > 0;
      },
      portals: () => portalIds('SELECT portal_id FROM oauth_accounts ORDER BY portal_id'),
      portalsWithKeyOtherThan: (keyId) =>
        portalIds('SELECT portal_id FROM oauth_accounts WHERE key_id <> $1 ORDER BY portal_id', [
          keyId,
        ]),
    },
    cipher,
    now,
  );
}
