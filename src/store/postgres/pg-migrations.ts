/**
 * The PostgreSQL store's schema, version by version (the same tables as the SQLite store's,
 * see ../database.ts, plus what several instances need: who holds a lease, and the shared rate
 * windows). Applied at start-up under an advisory lock (pg-database.ts), so two instances that
 * start at once never apply a version twice. Never edit a version that has shipped: add one.
 *
 * Times are epoch milliseconds (BIGINT, read back as numbers), portal ids BIGINT.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE pending_contacts (
     portal_id BIGINT NOT NULL,
     contact_id TEXT NOT NULL,
     -- bumped by every new event, so a batch that read older data never deletes newer work
     version INTEGER NOT NULL DEFAULT 1,
     -- the order work is served in (SQLite's rowid): the first event's
     seq BIGSERIAL NOT NULL,
     queued_at BIGINT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at BIGINT NOT NULL DEFAULT 0,
     leased_until BIGINT NOT NULL DEFAULT 0,
     -- the instance holding the lease (its leases are released when it stops cleanly)
     leased_by TEXT,
     alone BOOLEAN NOT NULL DEFAULT FALSE,
     last_error TEXT,
     failed_at BIGINT,
     PRIMARY KEY (portal_id, contact_id)
   );
   CREATE INDEX pending_contacts_due ON pending_contacts (next_attempt_at, leased_until);
   CREATE INDEX pending_contacts_seq ON pending_contacts (seq);
   CREATE INDEX pending_contacts_alone ON pending_contacts (alone) WHERE alone;
   CREATE TABLE pending_engagements (
     portal_id BIGINT NOT NULL,
     object_type_id TEXT NOT NULL,
     object_id TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1,
     seq BIGSERIAL NOT NULL,
     queued_at BIGINT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at BIGINT NOT NULL DEFAULT 0,
     leased_until BIGINT NOT NULL DEFAULT 0,
     leased_by TEXT,
     last_error TEXT,
     failed_at BIGINT,
     PRIMARY KEY (portal_id, object_type_id, object_id)
   );
   CREATE INDEX pending_engagements_due ON pending_engagements (next_attempt_at, leased_until);
   CREATE TABLE dead_letters (
     portal_id BIGINT NOT NULL,
     -- '0-1' for a contact, else the engagement's object type ('0-48' a call, ...)
     object_type_id TEXT NOT NULL,
     object_id TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     first_queued_at BIGINT NOT NULL,
     failed_at BIGINT NOT NULL,
     last_error TEXT NOT NULL,
     PRIMARY KEY (portal_id, object_type_id, object_id)
   );
   CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at);
   CREATE TABLE changed_since_watermarks (
     portal_id BIGINT PRIMARY KEY,
     watermark_ms BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE account_model_versions (
     portal_id BIGINT NOT NULL,
     version INTEGER NOT NULL,
     model_yaml TEXT NOT NULL,
     published_by TEXT NOT NULL,
     published_at BIGINT NOT NULL,
     note TEXT,
     PRIMARY KEY (portal_id, version)
   );
   CREATE TABLE account_models (
     portal_id BIGINT PRIMARY KEY,
     published_version INTEGER,
     draft_yaml TEXT,
     draft_saved_by TEXT,
     draft_saved_at BIGINT
   );
   CREATE TABLE account_jobs (
     job_id TEXT PRIMARY KEY,
     portal_id BIGINT NOT NULL,
     kind TEXT NOT NULL,
     status TEXT NOT NULL,
     started_by TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     model_version INTEGER,
     input_json TEXT,
     progress_json TEXT NOT NULL,
     result_json TEXT,
     error TEXT,
     seq BIGSERIAL NOT NULL
   );
   CREATE INDEX account_jobs_portal_kind ON account_jobs (portal_id, kind, created_at);
   CREATE INDEX account_jobs_status ON account_jobs (status);
   CREATE TABLE settings_audit (
     portal_id BIGINT NOT NULL,
     at BIGINT NOT NULL,
     user_id TEXT NOT NULL,
     action TEXT NOT NULL,
     model_version INTEGER,
     details TEXT,
     seq BIGSERIAL NOT NULL
   );
   CREATE INDEX settings_audit_portal ON settings_audit (portal_id, at);
   CREATE TABLE recalculation_runs (
     run_id TEXT PRIMARY KEY,
     account_key TEXT NOT NULL,
     model_hash TEXT NOT NULL,
     dry_run BOOLEAN NOT NULL,
     status TEXT NOT NULL,
     started_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     last_contact_id TEXT NOT NULL,
     tally TEXT NOT NULL,
     seq BIGSERIAL NOT NULL
   );
   CREATE INDEX recalculation_runs_account ON recalculation_runs (account_key, dry_run, status);
   CREATE TABLE oauth_accounts (
     portal_id BIGINT PRIMARY KEY,
     key_id TEXT NOT NULL,
     sealed_tokens BYTEA NOT NULL,
     access_expires_at BIGINT NOT NULL,
     scopes TEXT NOT NULL,
     hub_domain TEXT,
     installed_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE oauth_used_states (
     state_hash TEXT PRIMARY KEY,
     expires_at BIGINT NOT NULL
   );`,
  // The rate budget every instance shares (rate-windows): each HubSpot request one row, so
  // "requests of this account in the last 10 s" is a count over all instances.
  `CREATE TABLE rate_requests (
     portal_id BIGINT NOT NULL,
     -- 'requests' (the account's limit) or 'searches' (the search endpoints' own limit)
     budget TEXT NOT NULL,
     at BIGINT NOT NULL
   );
   CREATE INDEX rate_requests_window ON rate_requests (portal_id, budget, at);`,
  // When each periodic task of an account (the sweep) last started on any instance, so that
  // N instances sweep an account once per interval, not N times (task-locks.ts).
  `CREATE TABLE task_starts (
     task_key TEXT PRIMARY KEY,
     started_at BIGINT NOT NULL
   );`,
];
