import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type StoreDatabase = Database.Database;

/**
 * Opens (and creates) the app's embedded SQLite store. WAL lets the webhook handler write
 * while the worker reads; `synchronous = FULL` because a 2xx to HubSpot is a promise that the
 * events survive a power cut, not only a process crash.
 */
export function openStoreDatabase(path: string): StoreDatabase {
  if (path !== ':memory:' && !path.startsWith('file:')) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Rows keep the rowid of their first event: `ORDER BY rowid` serves the oldest work first. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE pending_contacts (
     portal_id INTEGER NOT NULL,
     contact_id TEXT NOT NULL,
     -- bumped by every new event, so a batch that read older data never deletes newer work
     version INTEGER NOT NULL DEFAULT 1,
     queued_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     leased_until INTEGER NOT NULL DEFAULT 0,
     -- after a batch was refused (4xx), its contacts retry one by one to find the bad one
     alone INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     PRIMARY KEY (portal_id, contact_id)
   );
   CREATE INDEX pending_contacts_alone ON pending_contacts (alone) WHERE alone = 1;
   CREATE TABLE pending_engagements (
     portal_id INTEGER NOT NULL,
     object_type_id TEXT NOT NULL,
     object_id TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     queued_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     leased_until INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     PRIMARY KEY (portal_id, object_type_id, object_id)
   );`,
  // Bounded retries: a row that keeps failing moves to dead_letters (see dead-letters.ts), and
  // failed_at tells which accounts are failing right now (readiness, `recruitment-score status`).
  `ALTER TABLE pending_contacts ADD COLUMN failed_at INTEGER;
   ALTER TABLE pending_engagements ADD COLUMN failed_at INTEGER;
   CREATE TABLE dead_letters (
     portal_id INTEGER NOT NULL,
     -- '0-1' for a contact, else the engagement's object type ('0-48' a call, ...)
     object_type_id TEXT NOT NULL,
     object_id TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     first_queued_at INTEGER NOT NULL,
     failed_at INTEGER NOT NULL,
     last_error TEXT NOT NULL,
     PRIMARY KEY (portal_id, object_type_id, object_id)
   );
   CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at);`,
  // The "changed since" pass (src/recalculation/changed-since-pass.ts): per account, every
  // contact modified at or before `watermark_ms` has been rescored. 0 is the static account
  // whose portal id is unknown.
  `CREATE TABLE changed_since_watermarks (
     portal_id INTEGER PRIMARY KEY,
     watermark_ms INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // Every account its own scoring model (src/store/account-models.ts): each publish is a new
  // row of account_model_versions (never updated, so the history is what was really used);
  // account_models holds which version is published and the one draft an admin is editing.
  `CREATE TABLE account_model_versions (
     portal_id INTEGER NOT NULL,
     version INTEGER NOT NULL,
     model_yaml TEXT NOT NULL,
     -- a HubSpot user id, or 'cli' for the command line
     published_by TEXT NOT NULL,
     published_at INTEGER NOT NULL,
     note TEXT,
     PRIMARY KEY (portal_id, version)
   );
   CREATE TABLE account_models (
     portal_id INTEGER PRIMARY KEY,
     published_version INTEGER,
     draft_yaml TEXT,
     draft_saved_by TEXT,
     draft_saved_at INTEGER
   );`,
  // An account's background jobs (src/jobs): recalculation after a publish or rollback, preview
  // of a draft, calibration. progress_json and result_json follow the settings contract's
  // job schema; a 'running' job found at start-up was interrupted and is taken up again.
  `CREATE TABLE account_jobs (
     job_id TEXT PRIMARY KEY,
     portal_id INTEGER NOT NULL,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     started_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     model_version INTEGER,
     -- what the job needs to run again after a restart (a preview's draft text, ...)
     input_json TEXT,
     progress_json TEXT NOT NULL,
     result_json TEXT,
     error TEXT
   );
   CREATE INDEX account_jobs_portal_kind ON account_jobs (portal_id, kind, created_at);
   CREATE INDEX account_jobs_status ON account_jobs (status);`,
  // Who changed an account's settings, and who was refused (src/settings-api): never updated.
  `CREATE TABLE settings_audit (
     portal_id INTEGER NOT NULL,
     at INTEGER NOT NULL,
     -- the HubSpot user id from the signed request, or 'cli'
     user_id TEXT NOT NULL,
     -- 'publish', 'rollback', 'template', 'draft', 'refused'
     action TEXT NOT NULL,
     model_version INTEGER,
     details TEXT
   );
   CREATE INDEX settings_audit_portal ON settings_audit (portal_id, at);`,
];

function migrate(db: StoreDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
