// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { CheckpointStore } from '../../recalculation/checkpoint-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgCheckpointStore(_db: PgDatabase): CheckpointStore {
  throw new Error('PostgreSQL CheckpointStore: not built yet');
}
