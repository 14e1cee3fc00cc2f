import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoreDatabase } from '../store/database.ts';

/**
 * The OAuth `state`, bound to the browser that started the install, with nothing stored before
 * the callback. `/oauth/install` makes a random nonce, puts it in the browser's cookie, and
 * sends HubSpot `state = expiry.HMAC(key, nonce.expiry)`. The callback recomputes the HMAC from
 * the cookie's nonce and the state's expiry and compares in constant time: a forged state, a
 * state from another browser (login CSRF: an attacker's callback link opened in a victim's
 * browser) and an expired one all fail, and neither half alone completes anything.
 *
 * Why stateless: the old table of pending installs was capped at 10,000 rows, so 10,000
 * anonymous calls to /oauth/install (24 s) evicted an admin's pending install and sent them a
 * misleading 403. Now a flood costs CPU for an HMAC and stores nothing.
 *
 * A state is still single use: the callback records the hash of each state it accepted, until
 * that state expires. Only the callback writes, and only for a valid HMAC, which only
 * /oauth/install hands out; the rate limit per client address bounds that too.
 */
export const INSTALL_STATE_TTL_MS = 10 * 60 * 1000;

export type StateProblem = 'forged-or-other-browser' | 'expired' | 'replayed';
export type StateCheck = { ok: true } | { ok: false; problem: StateProblem };

export interface InstallStates {
  begin(nowMs: number): { state: string; sessionNonce: string };
  /** Succeeds once per state, within its lifetime, with the nonce of the browser that began it. */
  consume(state: string, sessionNonce: string, nowMs: number): Promise<StateCheck>;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS oauth_used_states (
  state_hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
)`;

/** `expiry.mac`: epoch ms in base 10, then 32 bytes of HMAC-SHA256 in base64url. */
const STATE_SHAPE = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

/**
 * The HMAC key is derived from TOKEN_ENCRYPTION_KEY (32 random bytes) with a label of its own,
 * so the same key never serves two purposes. A new key makes pending installs (at most ten
 * minutes old) fail with a clear page; the admin starts again.
 */
export function installStateKey(tokenEncryptionKey: Uint8Array): Buffer {
  return createHmac('sha256', Buffer.from(tokenEncryptionKey))
    .update('recruitment-scoring oauth install state v1')
    .digest();
}

/**
 * Records that a state was used, once: true the first time for this hash, false after (also
 * when two instances record it at the same moment). May prune the hashes expired by `nowMs`.
 */
export type MarkStateUsed = (
  stateHash: string,
  expiresAt: number,
  nowMs: number,
) => Promise<boolean>;

/** The install states over one engine's record of used states: the HMAC and its checks. */
export function installStatesOver(key: Uint8Array, markUsed: MarkStateUsed): InstallStates {
  if (key.byteLength < 32) throw new RangeError('the install state key must be 32 bytes or more');
  const secret = Buffer.from(key);
  const mac = (nonce: string, expiresAt: number) =>
    createHmac('sha256', secret).update(`${nonce}.${expiresAt}`, 'utf8').digest();

  return {
    begin(nowMs) {
      const sessionNonce = randomBytes(32).toString('base64url');
      const expiresAt = nowMs + INSTALL_STATE_TTL_MS;
      return {
        state: `${expiresAt}.${mac(sessionNonce, expiresAt).toString('base64url')}`,
        sessionNonce,
      };
    },
    async consume(state, sessionNonce, nowMs) {
      const parts = STATE_SHAPE.exec(state);
      if (!parts) return { ok: false, problem: 'forged-or-other-browser' };
      const expiresAt = Number(parts[1]);
      const given = Buffer.from(parts[2]!, 'base64url');
      const expected = mac(sessionNonce, expiresAt);
      // Lengths are equal by STATE_SHAPE; timingSafeEqual gives nothing away byte by byte.
      if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) {
        return { ok: false, problem: 'forged-or-other-browser' };
      }
      // Only an authentic expiry is believed: a forged one never reads as "expired".
      if (expiresAt <= nowMs || expiresAt > nowMs + INSTALL_STATE_TTL_MS + 60_000) {
        return { ok: false, problem: 'expired' };
      }
      const stateHash = createHash('sha256').update(state, 'utf8').digest('hex');
      if (!(await markUsed(stateHash, expiresAt, nowMs))) return { ok: false, problem: 'replayed' };
      return { ok: true };
    },
  };
}

/** The SQLite store's install states. */
export function createInstallStates(db: StoreDatabase, key: Uint8Array): InstallStates {
  db.exec(SCHEMA);
  // The pending-install table of earlier versions held only hashes; nothing reads it any more.
  db.exec('DROP TABLE IF EXISTS oauth_install_states');
  const pruneExpired = db.prepare('DELETE FROM oauth_used_states WHERE expires_at <= ?');
  const markUsed = db.prepare(
    'INSERT OR IGNORE INTO oauth_used_states (state_hash, expires_at) VALUES (?, ?)',
  );
  const markOnce = db.transaction((stateHash: string, expiresAt: number, nowMs: number) => {
    pruneExpired.run(nowMs);
    return markUsed.run(stateHash, expiresAt).changes === 1;
  });
  return installStatesOver(key, async (stateHash, expiresAt, nowMs) =>
    markOnce(stateHash, expiresAt, nowMs),
  );
}
