import { z } from 'zod';
import type { StoreDatabase } from '../store/database.ts';
import { OAuthError } from './oauth-error.ts';
import type { TokenCipher } from './token-cipher.ts';

/** One installed HubSpot account's OAuth tokens, decrypted, in memory only. */
export interface AccountTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when HubSpot stops accepting the access token. */
  expiresAt: number;
  scopes: readonly string[];
  /** e.g. `acme.hubspot.com`, when HubSpot told us; shown on the success page. */
  hubDomain?: string | undefined;
}

export interface TokenStore {
  /** Stores (or replaces, on reinstall or refresh) an account's tokens, encrypted. */
  save(portalId: number, tokens: AccountTokens): Promise<void>;
  /** Throws OAuthError('undecryptable') when the row cannot be decrypted with our key. */
  load(portalId: number): Promise<AccountTokens | undefined>;
  /** When the stored access token expires, without decrypting anything. */
  expiresAt(portalId: number): Promise<number | undefined>;
  /** Forgets the account; true when it was there. */
  remove(portalId: number): Promise<boolean>;
  portals(): Promise<number[]>;
  /** Accounts whose tokens were stored under another TOKEN_ENCRYPTION_KEY (warn at start-up). */
  portalsSealedWithOtherKey(): Promise<number[]>;
}

/**
 * Own table in the app's SQLite file; created if missing, so it needs no slot in the store's
 * numbered migrations (`user_version` stays theirs). Only the secrets are encrypted: expiry and
 * scopes stay readable so refresh timing needs no decryption.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS oauth_accounts (
  portal_id INTEGER PRIMARY KEY,
  key_id TEXT NOT NULL,
  sealed_tokens BLOB NOT NULL,
  access_expires_at INTEGER NOT NULL,
  scopes TEXT NOT NULL,
  hub_domain TEXT,
  installed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)`;

const secretsSchema = z.object({ accessToken: z.string().min(1), refreshToken: z.string().min(1) });

/** An account's row as both engines read it (the secrets sealed). */
export interface AccountRow {
  key_id: string;
  sealed_tokens: Uint8Array;
  access_expires_at: number;
  scopes: string;
  hub_domain: string | null;
}

/** What a save writes: a reinstall or refresh keeps the known hub domain when none is given. */
export interface SealedAccount extends AccountRow {
  portal_id: number;
  /** Epoch ms: installed_at on the first save, updated_at on every one. */
  now: number;
}

/** What one engine does in SQL for the tokens; sealing and opening are `tokenStoreOver`'s. */
export interface TokenRows {
  upsert(account: SealedAccount): Promise<void>;
  get(portalId: number): Promise<AccountRow | undefined>;
  expiresAt(portalId: number): Promise<number | undefined>;
  remove(portalId: number): Promise<boolean>;
  /** In portal id order, like the two below. */
  portals(): Promise<number[]>;
  portalsWithKeyOtherThan(keyId: string): Promise<number[]>;
}

/** The token store over one engine's rows: the secrets sealed with `cipher` on the way in. */
export function tokenStoreOver(
  rows: TokenRows,
  cipher: TokenCipher,
  now: () => number = Date.now,
): TokenStore {
  return {
    async save(portalId, tokens) {
      const secrets = JSON.stringify({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
      });
      await rows.upsert({
        portal_id: portalId,
        key_id: cipher.keyId,
        sealed_tokens: cipher.seal(secrets, portalId),
        access_expires_at: tokens.expiresAt,
        scopes: tokens.scopes.join(' '),
        hub_domain: tokens.hubDomain ?? null,
        now: now(),
      });
    },
    async load(portalId) {
      const row = await rows.get(portalId);
      if (row === undefined) return undefined;
      const plaintext = cipher.open(row.sealed_tokens, portalId, row.key_id);
      let secrets: z.infer<typeof secretsSchema>;
      try {
        secrets = secretsSchema.parse(JSON.parse(plaintext));
      } catch (cause) {
        throw new OAuthError(
          'undecryptable',
          `the stored tokens of HubSpot account ${portalId} are not readable`,
          { cause },
        );
      }
      return {
        ...secrets,
        expiresAt: row.access_expires_at,
        scopes: row.scopes === '' ? [] : row.scopes.split(' '),
        hubDomain: row.hub_domain ?? undefined,
      };
    },
    expiresAt: (portalId) => rows.expiresAt(portalId),
    remove: (portalId) => rows.remove(portalId),
    portals: () => rows.portals(),
    portalsSealedWithOtherKey: () => rows.portalsWithKeyOtherThan(cipher.keyId),
  };
}

/** The SQLite store's tokens. */
export function createTokenStore(
  db: StoreDatabase,
  cipher: TokenCipher,
  now: () => number = Date.now,
): TokenStore {
  db.exec(SCHEMA);
  const upsert = db.prepare<[SealedAccount]>(
    `INSERT INTO oauth_accounts
       (portal_id, key_id, sealed_tokens, access_expires_at, scopes, hub_domain, installed_at, updated_at)
     VALUES (@portal_id, @key_id, @sealed_tokens, @access_expires_at, @scopes, @hub_domain, @now, @now)
     ON CONFLICT (portal_id) DO UPDATE SET
       key_id = excluded.key_id, sealed_tokens = excluded.sealed_tokens,
       access_expires_at = excluded.access_expires_at, scopes = excluded.scopes,
       hub_domain = COALESCE(excluded.hub_domain, oauth_accounts.hub_domain),
       updated_at = excluded.updated_at`,
  );
  const select = db.prepare<[number], AccountRow>(
    'SELECT key_id, sealed_tokens, access_expires_at, scopes, hub_domain FROM oauth_accounts WHERE portal_id = ?',
  );
  const selectExpiry = db.prepare<[number], { access_expires_at: number }>(
    'SELECT access_expires_at FROM oauth_accounts WHERE portal_id = ?',
  );
  const remove = db.prepare<[number]>('DELETE FROM oauth_accounts WHERE portal_id = ?');
  const all = db.prepare<[], { portal_id: number }>(
    'SELECT portal_id FROM oauth_accounts ORDER BY portal_id',
  );
  const otherKey = db.prepare<[string], { portal_id: number }>(
    'SELECT portal_id FROM oauth_accounts WHERE key_id <> ? ORDER BY portal_id',
  );

  return tokenStoreOver(
    {
      async upsert(account) {
        upsert.run(account);
      },
      get: async (portalId) => select.get(portalId),
      expiresAt: async (portalId) => selectExpiry.get(portalId)?.access_expires_at,
      remove: async (portalId) => remove.run(portalId).changes > 0,
      portals: async () => all.all().map((r) => r.portal_id),
      portalsWithKeyOtherThan: async (keyId) => otherKey.all(keyId).map((r) => r.portal_id),
    },
    cipher,
    now,
  );
}
