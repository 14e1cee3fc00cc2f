import { installStatesOver, type InstallStates } from '../../oauth/install-state.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * The install states with PostgreSQL's record of used states. A state is used once across all
 * instances: the insert of its hash either adds the row or finds it there (ON CONFLICT DO
 * NOTHING waits for a concurrent insert of the same hash to commit, then adds nothing).
 */
export function createPgInstallStates(db: PgDatabase, key: Uint8Array): InstallStates {
  return installStatesOver(key, async (stateHash, expiresAt, nowMs) => {
    // Expired hashes another instance is deleting right now are left to it (SKIP LOCKED).
    await db.query(
      `DELETE FROM oauth_used_states WHERE state_hash IN (
         SELECT state_hash FROM oauth_used_states WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED)`,
      [nowMs],
    );
    const { rowCount } = await db.query(
      `INSERT INTO oauth_used_states (state_hash, expires_at) VALUES ($1, $2)
       ON CONFLICT (state_hash) DO NOTHING`,
      [stateHash, expiresAt],
    );
    return rowCount === 1;
  });
}
