import type { HandlerRequest } from '../server/http-types.ts';
import { INSTALL_STATE_TTL_MS } from './install-state.ts';

/**
 * The browser half of the install state. `__Host-` (https only) pins the cookie to our exact
 * host and path `/`, so a sibling subdomain cannot plant a session nonce of its own. SameSite=Lax
 * still sends it on HubSpot's top-level redirect back to the callback.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-recruitment_install' : 'recruitment_install';
}

export function sessionCookie(nonce: string, secure: boolean): string {
  const maxAge = Math.floor(INSTALL_STATE_TTL_MS / 1000);
  return `${sessionCookieName(secure)}=${nonce}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function readSessionNonce(
  headers: HandlerRequest['headers'],
  secure: boolean,
): string | undefined {
  const wanted = sessionCookieName(secure);
  const raw = Object.entries(headers).find(([k]) => k.toLowerCase() === 'cookie')?.[1];
  const lines = typeof raw === 'string' ? [raw] : (raw ?? []);
  for (const line of lines) {
    for (const pair of line.split(';')) {
      const at = pair.indexOf('=');
      if (at < 0 || pair.slice(0, at).trim() !== wanted) continue;
      const value = pair.slice(at + 1).trim();
      if (/^[A-Za-z0-9_-]{16,128}$/.test(value)) return value;
    }
  }
  return undefined;
}
