import type { SharedBudgetWindows } from '../hubspot/hubspot-caller.ts';
import type { RateLimit } from '../hubspot/rate-budget.ts';
import type { StoreDatabase } from './database.ts';

/**
 * One account's HubSpot requests as all instances together spend them: the sliding window of
 * the rate budget (src/hubspot/rate-budget.ts) kept in the store, so that N servers on one
 * PostgreSQL stay under the account's limit together, not N times over it. Each request taken
 * is one row; rows older than the window are deleted as the window slides.
 */

/** 'requests': the account's limit; 'searches': the search endpoints' own, lower limit. */
export type RateBudgetName = 'requests' | 'searches';

/**
 * `atMs`: when the request is counted, never before the account's newest one: a caller whose
 * clock reading went stale while it waited for the store (another instance moved on meanwhile)
 * is counted at the window's newest time, so the window only ever moves forward.
 */
export type RateTake = { taken: true; atMs: number } | { taken: false; retryAtMs: number };

export interface RateWindows {
  /**
   * Takes one request if fewer than `limit.requests` were taken in the `limit.perMilliseconds`
   * before `nowMs`; otherwise tells when the oldest of them leaves the window.
   */
  take(
    portalId: number,
    budget: RateBudgetName,
    limit: RateLimit,
    nowMs: number,
  ): Promise<RateTake>;
  /** An account removed: its rows go. */
  forget(portalId: number): Promise<void>;
}

/** The windows of one account, as the HubSpot caller takes them (its `sharedBudget`). */
export function rateWindowsOfAccount(windows: RateWindows, portalId: number): SharedBudgetWindows {
  return { take: (budget, limit, nowMs) => windows.take(portalId, budget, limit, nowMs) };
}

/** The SQLite store's: one instance per file, so a transaction is lock enough. */
export function createSqliteRateWindows(db: StoreDatabase): RateWindows {
  db.exec(`CREATE TABLE IF NOT EXISTS rate_requests (
    portal_id INTEGER NOT NULL,
    budget TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS rate_requests_window ON rate_requests (portal_id, budget, at);`);
  const expire = db.prepare<[number, string, number]>(
    'DELETE FROM rate_requests WHERE portal_id = ? AND budget = ? AND at <= ?',
  );
  const window = db.prepare<[number, string], { taken: number; oldest: number | null }>(
    `SELECT count(*) AS taken, min(at) AS oldest FROM rate_requests
     WHERE portal_id = ? AND budget = ?`,
  );
  const oldestKept = db.prepare<[number, string, number], { at: number }>(
    `SELECT at FROM rate_requests WHERE portal_id = ? AND budget = ?
     ORDER BY at DESC LIMIT 1 OFFSET ?`,
  );
  const insert = db.prepare<[number, string, number]>(
    'INSERT INTO rate_requests (portal_id, budget, at) VALUES (?, ?, ?)',
  );
  const remove = db.prepare<[number]>('DELETE FROM rate_requests WHERE portal_id = ?');
  const newest = db.prepare<[number, string], { at: number | null }>(
    'SELECT max(at) AS at FROM rate_requests WHERE portal_id = ? AND budget = ?',
  );
  const take = db.transaction(
    (portalId: number, budget: string, limit: RateLimit, asked: number): RateTake => {
      const nowMs = Math.max(asked, newest.get(portalId, budget)?.at ?? asked);
      expire.run(portalId, budget, nowMs - limit.perMilliseconds);
      const { taken } = window.get(portalId, budget)!;
      if (taken < limit.requests) {
        insert.run(portalId, budget, nowMs);
        return { taken: true, atMs: nowMs };
      }
      // The request that must leave the window before one more fits.
      const blocking = oldestKept.get(portalId, budget, limit.requests - 1)!;
      return { taken: false, retryAtMs: blocking.at + limit.perMilliseconds };
    },
  );
  return {
    take: async (portalId, budget, limit, nowMs) => take(portalId, budget, limit, nowMs),
    async forget(portalId) {
      remove.run(portalId);
    },
  };
}
