import { randomBytes } from 'node:crypto';
import { templateText } from '../../src/model/templates.ts';
import { createTokenCipher } from '../../src/oauth/token-cipher.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * Marketplace accounts as an install leaves them in a shared store (tokens the account router
 * knows, encrypted; the general template published), and the OAuth-mode environment of every
 * instance serving them. For the multi-instance test and bench.
 */

export const OAUTH_CLIENT_SECRET = 'multi-instance-client-secret';
export const OAUTH_PUBLIC_URL = 'https://scoring.example.com';
const CLIENT_ID = '7f3c2a10-1111-4222-8333-944455566677';

export interface InstalledAccounts {
  /** The environment of each instance (`startServerProcess`). */
  env: Record<string, string>;
}

export async function installAccounts(
  store: Store,
  portals: readonly number[],
  options: { databaseUrl: string; apiBaseUrl: string; rateLimit: number },
): Promise<InstalledAccounts> {
  const key = randomBytes(32);
  const tokens = store.tokens(createTokenCipher(key));
  const model = await templateText('general');
  for (const portalId of portals) {
    await tokens.save(portalId, {
      accessToken: `${portalId}-access`,
      refreshToken: `${portalId}-refresh`,
      expiresAt: Date.now() + 6 * 60 * 60_000,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    });
    await store.accountModels().publish(portalId, model, { by: 'cli' });
  }
  return {
    env: {
      HUBSPOT_CLIENT_ID: CLIENT_ID,
      HUBSPOT_CLIENT_SECRET: OAUTH_CLIENT_SECRET,
      APP_BASE_URL: OAUTH_PUBLIC_URL,
      TOKEN_ENCRYPTION_KEY: key.toString('hex'),
      HUBSPOT_API_BASE_URL: options.apiBaseUrl,
      HUBSPOT_RATE_LIMIT: String(options.rateLimit),
      DATABASE_URL: options.databaseUrl,
    },
  };
}
