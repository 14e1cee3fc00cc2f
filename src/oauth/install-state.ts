import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoreDatabase } from '../store/database.ts';

/**
 * The OAuth `state`, bound to the browser that started the install: `/oauth/install` hands the
 * browser a random session nonce (cookie) and HubSpot a random state; the callback must bring
 * both back, once, before they expire. Only hashes are stored, so a copy of the database cannot
 * complete anyone's install. This stops login CSRF: an attacker's own callback link fails in a
 * victim's browser because the victim's cookie does not match the attacker's state.
 */
export const INSTALL_STATE_TTL_MS = 10 * 60 * 1000;
/** Bounds the table if someone keeps opening /oauth/install without finishing. */
const MAX_PENDING_INSTALLS = 10_000;

export type StateCheck =
  { ok: true } | { ok: false; problem: 'unknown-state' | 'other-browser' | 'expired' };

export interface InstallStates {
  begin(nowMs: number): { state: string; sessionNonce: string };
  /** Succeeds once per state; a failed check does not consume it (the owner may still finish). */
  consume(state: string, sessionNonce: string, nowMs: number): StateCheck;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS oauth_install_states (
  state_hash TEXT PRIMARY KEY,
  nonce_hash BLOB NOT NULL,
  expires_at INTEGER NOT NULL
)`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const randomToken = () => randomBytes(32).toString('base64url');

export function createInstallStates(db: StoreDatabase): InstallStates {
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO oauth_install_states (state_hash, nonce_hash, expires_at) VALUES (?, ?, ?)',
  );
  const pruneExpired = db.prepare('DELETE FROM oauth_install_states WHERE expires_at <= ?');
  const pruneOldest = db.prepare(
    `DELETE FROM oauth_install_states WHERE state_hash IN (
       SELECT state_hash FROM oauth_install_states ORDER BY expires_at DESC LIMIT -1 OFFSET ?)`,
  );
  const select = db.prepare<[string], { nonce_hash: Buffer; expires_at: number }>(
    'SELECT nonce_hash, expires_at FROM oauth_install_states WHERE state_hash = ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM oauth_install_states WHERE state_hash = ?');

  const begin = db.transaction((nowMs: number) => {
    pruneExpired.run(nowMs);
    pruneOldest.run(MAX_PENDING_INSTALLS - 1);
    const state = randomToken();
    const sessionNonce = randomToken();
    insert.run(sha256(state).toString('hex'), sha256(sessionNonce), nowMs + INSTALL_STATE_TTL_MS);
    return { state, sessionNonce };
  });

  const consume = db.transaction((state: string, sessionNonce: string, nowMs: number) => {
    const key = sha256(state).toString('hex');
    const row = select.get(key);
    if (row === undefined) return { ok: false, problem: 'unknown-state' } as const;
    if (!timingSafeEqual(row.nonce_hash, sha256(sessionNonce))) {
      return { ok: false, problem: 'other-browser' } as const;
    }
    remove.run(key);
    if (row.expires_at <= nowMs) return { ok: false, problem: 'expired' } as const;
    return { ok: true } as const;
  });

  return {
    begin: (nowMs) => begin(nowMs),
    consume: (state, sessionNonce, nowMs): StateCheck => consume(state, sessionNonce, nowMs),
  };
}
