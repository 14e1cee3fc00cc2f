import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOAuthMode,
  createTokenCipher,
  createTokenStore,
  OAuthError,
  type AccountTokens,
} from '../../src/oauth/index.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { withStoreAndClient } from '../store/postgres-fixtures.ts';
import { storeEngines } from '../store/store-engines.ts';
import {
  ACCESS_TOKEN,
  anOAuthConfig,
  capturedLogger,
  KEY_HEX,
  memoryDb,
  OTHER_KEY_HEX,
  PORTAL_ID,
  REFRESH_TOKEN,
  T0,
} from './helpers.ts';

const key = Buffer.from(KEY_HEX, 'hex');
const otherKey = Buffer.from(OTHER_KEY_HEX, 'hex');

const someTokens = (overrides: Partial<AccountTokens> = {}): AccountTokens => ({
  accessToken: ACCESS_TOKEN,
  refreshToken: REFRESH_TOKEN,
  expiresAt: T0 + 1_800_000,
  scopes: ['oauth', 'crm.objects.contacts.read'],
  hubDomain: 'acme-recruiting.com',
  ...overrides,
});

async function undecryptable(action: () => unknown): Promise<OAuthError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected an OAuthError');
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(storeEngines)('the token store ($engine)', ({ open }) => {
  it('gives back what it stored, per account', async () => {
    const store = (await open()).tokens(createTokenCipher(key), () => T0);
    await store.save(PORTAL_ID, someTokens());
    await store.save(7, someTokens({ accessToken: 'other-access', refreshToken: 'other-refresh' }));
    expect(await store.load(PORTAL_ID)).toEqual(someTokens());
    expect(await store.load(7)).toMatchObject({ accessToken: 'other-access' });
    expect(await store.load(8)).toBeUndefined();
    expect(await store.portals()).toEqual([7, PORTAL_ID]);
    expect(await store.expiresAt(PORTAL_ID)).toBe(T0 + 1_800_000);
    expect(await store.expiresAt(8)).toBeUndefined();
    expect(await store.load(7)).toMatchObject({ scopes: ['oauth', 'crm.objects.contacts.read'] });
  });

  it('replaces the tokens on refresh and forgets an account on removal', async () => {
    const store = (await open()).tokens(createTokenCipher(key));
    await store.save(PORTAL_ID, someTokens());
    await store.save(PORTAL_ID, someTokens({ accessToken: 'refreshed', hubDomain: undefined }));
    expect(await store.load(PORTAL_ID)).toMatchObject({
      accessToken: 'refreshed',
      hubDomain: 'acme-recruiting.com',
    });
    expect(await store.remove(PORTAL_ID)).toBe(true);
    expect(await store.remove(PORTAL_ID)).toBe(false);
    expect(await store.load(PORTAL_ID)).toBeUndefined();
  });

  it('names the wrong TOKEN_ENCRYPTION_KEY instead of handing out garbage', async () => {
    const opened = await open();
    await opened.tokens(createTokenCipher(key)).save(PORTAL_ID, someTokens());
    await opened.tokens(createTokenCipher(key)).save(7, someTokens());
    const withOtherKey = opened.tokens(createTokenCipher(otherKey));
    await withOtherKey.save(9, someTokens({ scopes: [] }));
    const error = await undecryptable(async () => await withOtherKey.load(PORTAL_ID));
    expect(error.reason).toBe('undecryptable');
    expect(error.message).toMatch(
      new RegExp(
        `tokens of HubSpot account ${PORTAL_ID} were encrypted with another TOKEN_ENCRYPTION_KEY`,
      ),
    );
    expect(await withOtherKey.portalsSealedWithOtherKey()).toEqual([7, PORTAL_ID]);
    expect(await withOtherKey.load(9)).toMatchObject({ scopes: [] });
  });
});

describe('the token store in PostgreSQL, read from the database itself', () => {
  it('keeps only sealed bytes, bound to their account', async () => {
    await withStoreAndClient(async (opened, client) => {
      const store = opened.tokens(createTokenCipher(key));
      await store.save(PORTAL_ID, someTokens());
      await store.save(7, someTokens({ accessToken: 'seven' }));
      const { rows } = await client.query<{ sealed_tokens: Buffer; hub_domain: string }>(
        'SELECT sealed_tokens, hub_domain FROM oauth_accounts WHERE portal_id = $1',
        [PORTAL_ID],
      );
      expect(rows[0]!.hub_domain).toBe('acme-recruiting.com');
      for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN]) {
        expect(rows[0]!.sealed_tokens.includes(secret.slice(0, 16))).toBe(false);
      }
      await client.query(
        'UPDATE oauth_accounts SET sealed_tokens = (SELECT sealed_tokens FROM oauth_accounts WHERE portal_id = $1) WHERE portal_id = $2',
        [PORTAL_ID, 7],
      );
      expect((await undecryptable(async () => await store.load(7))).reason).toBe('undecryptable');
      expect(await store.load(PORTAL_ID)).toEqual(someTokens());
    });
  });
});

describe('the token store', () => {
  it('seals each record with a fresh IV: the same tokens never give the same bytes', () => {
    const cipher = createTokenCipher(key);
    const a = cipher.seal('same text', PORTAL_ID);
    const b = cipher.seal('same text', PORTAL_ID);
    expect(a.equals(b)).toBe(false);
    expect(cipher.open(a, PORTAL_ID)).toBe('same text');
  });

  it('warns at start-up and refuses the account when the key was changed', async () => {
    const db = memoryDb();
    await createTokenStore(db, createTokenCipher(key)).save(PORTAL_ID, someTokens());
    const { logger, lines } = capturedLogger();
    const mode = await createOAuthMode({
      config: anOAuthConfig({ tokenEncryptionKey: otherKey }),
      store: sqliteStoreOf(db),
      logger,
      onInstalled: async () => {},
    });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'stored tokens were encrypted with another TOKEN_ENCRYPTION_KEY',
        portalIds: [48807704],
      }),
    );
    await expect(mode.accounts.hubspotForPortal(PORTAL_ID)).rejects.toThrow(
      /encrypted with another TOKEN_ENCRYPTION_KEY/,
    );
    expect(await mode.tokens.portals()).toEqual([PORTAL_ID]); // kept: the right key may come back
  });

  it('cannot be opened with another key even when the key id is not consulted', async () => {
    const sealed = createTokenCipher(key).seal(ACCESS_TOKEN, PORTAL_ID);
    const error = await undecryptable(() => createTokenCipher(otherKey).open(sealed, PORTAL_ID));
    expect(error.message).toMatch(/could not be decrypted/);
  });

  it("will not decrypt one account's tokens copied onto another account's row", async () => {
    const db = memoryDb();
    const store = createTokenStore(db, createTokenCipher(key));
    await store.save(PORTAL_ID, someTokens());
    await store.save(7, someTokens({ accessToken: 'seven' }));
    db.prepare(
      'UPDATE oauth_accounts SET sealed_tokens = (SELECT sealed_tokens FROM oauth_accounts WHERE portal_id = ?) WHERE portal_id = ?',
    ).run(PORTAL_ID, 7);
    expect((await undecryptable(async () => await store.load(7))).reason).toBe('undecryptable');
  });

  it('notices a single altered byte', async () => {
    const cipher = createTokenCipher(key);
    const sealed = cipher.seal(ACCESS_TOKEN, PORTAL_ID);
    sealed[sealed.length - 1]! ^= 0x01;
    expect((await undecryptable(() => cipher.open(sealed, PORTAL_ID))).reason).toBe(
      'undecryptable',
    );
  });

  it('keeps the token text out of the database file and its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-store-'));
    dirs.push(dir);
    const path = join(dir, 'scoring.db');
    const db = openStoreDatabase(path);
    const store = createTokenStore(db, createTokenCipher(key));
    await store.save(PORTAL_ID, someTokens());
    await store.save(PORTAL_ID, someTokens());

    // Before any checkpoint the rows live in the -wal file; read both as they are on disk.
    const onDisk = Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`)]);
    expect(onDisk.includes('acme-recruiting.com')).toBe(true); // proves the rows are in what we read
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN]) {
      expect(onDisk.includes(secret)).toBe(false);
      expect(onDisk.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      expect(onDisk.includes(secret.slice(0, 16))).toBe(false);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const afterCheckpoint = readFileSync(path);
    expect(afterCheckpoint.includes('acme-recruiting.com')).toBe(true);
    expect(afterCheckpoint.includes(ACCESS_TOKEN.slice(0, 16))).toBe(false);
    expect(afterCheckpoint.includes(REFRESH_TOKEN.slice(0, 16))).toBe(false);
  });
});
