import type { HandlerRequest } from '../server/http-types.ts';
import { INSTALL_STATE_TTL_MS } from './install-state.ts';

/**
 * The browser half of the install state: the nonce the state's HMAC covers. HttpOnly (no script
 * reads it), SameSite=Lax (still sent on HubSpot's top-level redirect back to the callback),
 * Path=/oauth (sent to the install flow only, never to the webhook or card API), and Secure
 * with the `__Secure-` prefix on https, so a plain-http page cannot overwrite it. (`__Host-`
 * would also pin the host, but demands Path=/.)
 */
export const SESSION_COOKIE_PATH = '/oauth';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-recruitment_install' : 'recruitment_install';
}

function attributes(maxAgeSeconds: number, secure: boolean): string {
  return `Path=${SESSION_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function sessionCookie(nonce: string, secure: boolean): string {
  const maxAge = Math.floor(INSTALL_STATE_TTL_MS / 1000);
  return `${sessionCookieName(secure)}=${nonce}; ${attributes(maxAge, secure)}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; ${attributes(0, secure)}`;
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
