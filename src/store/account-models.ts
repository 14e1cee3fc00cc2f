import { parseModel } from '../model/load-model.ts';
import type { StoreDatabase } from './database.ts';

/**
 * Each HubSpot account's own scoring model: a version history (what was published, by whom,
 * when, why), which version is published, and one draft. A publish is validated with the model
 * loader first and then stored in one transaction, so a refused model stores nothing and a
 * reader never sees a published version without its text. Versions are never changed: a
 * rollback publishes a copy of an earlier one as a new version, so the history shows it.
 */

/** Who published: a HubSpot user id (the settings page) or 'cli' (the command line). */
export type PublishedBy = string;

export interface ModelVersion {
  portalId: number;
  version: number;
  modelYaml: string;
  publishedBy: PublishedBy;
  /** Epoch ms. */
  publishedAt: number;
  note: string | undefined;
}

export interface ModelDraft {
  modelYaml: string;
  savedBy: PublishedBy;
  savedAt: number;
}

export interface PublishOptions {
  by: PublishedBy;
  note?: string | undefined;
}

export interface AccountModels {
  /**
   * Validates the text (ModelError with every problem by path; nothing stored then) and stores
   * it as the account's next version, published.
   */
  publish(portalId: number, modelYaml: string, options: PublishOptions): Promise<ModelVersion>;
  /** Publishes a copy of an earlier version as a new one; UnknownModelVersionError if none. */
  rollback(portalId: number, version: number, options: PublishOptions): Promise<ModelVersion>;
  /** Newest first. */
  history(portalId: number): Promise<ModelVersion[]>;
  published(portalId: number): Promise<ModelVersion | undefined>;
  /** Only the number: the cheap look the server takes to notice a publish by another process. */
  publishedVersion(portalId: number): Promise<number | undefined>;
  /** A draft may be unfinished: it is not validated until it is published. */
  saveDraft(portalId: number, modelYaml: string, options: { by: PublishedBy }): Promise<void>;
  draft(portalId: number): Promise<ModelDraft | undefined>;
  /** An account removed (uninstall): its versions and draft go, like the rest of its data. */
  forget(portalId: number): Promise<{ versions: number }>;
}

export class UnknownModelVersionError extends Error {
  constructor(
    readonly portalId: number,
    readonly version: number,
  ) {
    super(`account ${portalId} has no published model version ${version}`);
    this.name = 'UnknownModelVersionError';
  }
}

/** A row of account_model_versions, as both engines read it. */
export interface VersionRow {
  portal_id: number;
  version: number;
  model_yaml: string;
  published_by: string;
  published_at: number;
  note: string | null;
}

export interface DraftRow {
  draft_yaml: string | null;
  draft_saved_by: string | null;
  draft_saved_at: number | null;
}

/** What one engine does in SQL for the account models; the rules are `accountModelsOver`'s. */
export interface AccountModelRows {
  /**
   * Stores the text as the account's next version (one more than its latest, 1 for the first)
   * and points the account at it, as one step: two publishers at once (two servers, the
   * server and the CLI) never take the same number nor leave the pointer on the other's.
   */
  publishNext(
    portalId: number,
    modelYaml: string,
    by: string,
    note: string | null,
    at: number,
  ): Promise<VersionRow>;
  version(portalId: number, version: number): Promise<VersionRow | undefined>;
  /** Newest first. */
  history(portalId: number): Promise<VersionRow[]>;
  publishedVersion(portalId: number): Promise<number | null | undefined>;
  saveDraft(portalId: number, modelYaml: string, by: string, at: number): Promise<void>;
  draft(portalId: number): Promise<DraftRow | undefined>;
  /** Deletes the account's versions and its row; how many versions went. */
  forget(portalId: number): Promise<number>;
}

/** The account models over one engine's rows: validation, rollback and reading, engine-free. */
export function accountModelsOver(
  rows: AccountModelRows,
  clock: () => number = Date.now,
): AccountModels {
  const publishedVersion = async (portalId: number) =>
    (await rows.publishedVersion(checkPortal(portalId))) ?? undefined;

  async function publish(portalId: number, modelYaml: string, publishOptions: PublishOptions) {
    checkPortal(portalId);
    const by = checkBy(publishOptions.by);
    // Throws ModelError with every problem before anything is written.
    parseModel(modelYaml, `account ${portalId}'s model`);
    return toVersion(
      await rows.publishNext(portalId, modelYaml, by, publishOptions.note ?? null, clock()),
    );
  }

  return {
    forget: async (portalId) => ({ versions: await rows.forget(portalId) }),
    publish,
    async rollback(portalId, version, publishOptions) {
      const earlier = await rows.version(checkPortal(portalId), version);
      if (!earlier) throw new UnknownModelVersionError(portalId, version);
      return publish(portalId, earlier.model_yaml, {
        by: publishOptions.by,
        note: publishOptions.note ?? `rollback to version ${version}`,
      });
    },
    history: async (portalId) => (await rows.history(checkPortal(portalId))).map(toVersion),
    async published(portalId) {
      const version = await publishedVersion(portalId);
      if (version === undefined) return undefined;
      const row = await rows.version(portalId, version);
      return row ? toVersion(row) : undefined;
    },
    publishedVersion,
    async saveDraft(portalId, modelYaml, draftOptions) {
      await rows.saveDraft(checkPortal(portalId), modelYaml, checkBy(draftOptions.by), clock());
    },
    async draft(portalId) {
      const row = await rows.draft(checkPortal(portalId));
      if (!row || row.draft_yaml === null) return undefined;
      return {
        modelYaml: row.draft_yaml,
        savedBy: row.draft_saved_by!,
        savedAt: row.draft_saved_at!,
      };
    },
  };
}

/** The SQLite store's account models. */
export function createAccountModels(
  db: StoreDatabase,
  options: { clock?: () => number } = {},
): AccountModels {
  const selectVersion = db.prepare<[number, number], VersionRow>(
    'SELECT * FROM account_model_versions WHERE portal_id = ? AND version = ?',
  );
  const selectHistory = db.prepare<[number], VersionRow>(
    'SELECT * FROM account_model_versions WHERE portal_id = ? ORDER BY version DESC',
  );
  const selectLatest = db.prepare<[number], { latest: number | null }>(
    'SELECT MAX(version) AS latest FROM account_model_versions WHERE portal_id = ?',
  );
  const selectPublished = db.prepare<[number], { published_version: number | null }>(
    'SELECT published_version FROM account_models WHERE portal_id = ?',
  );
  const insertVersion = db.prepare<[number, number, string, string, number, string | null]>(
    `INSERT INTO account_model_versions
       (portal_id, version, model_yaml, published_by, published_at, note)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const upsertPublished = db.prepare<[number, number]>(
    `INSERT INTO account_models (portal_id, published_version) VALUES (?, ?)
     ON CONFLICT (portal_id) DO UPDATE SET published_version = excluded.published_version`,
  );
  const upsertDraft = db.prepare<[number, string, string, number]>(
    `INSERT INTO account_models (portal_id, draft_yaml, draft_saved_by, draft_saved_at)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (portal_id) DO UPDATE SET draft_yaml = excluded.draft_yaml,
       draft_saved_by = excluded.draft_saved_by, draft_saved_at = excluded.draft_saved_at`,
  );
  const selectDraft = db.prepare<[number], DraftRow>(
    'SELECT draft_yaml, draft_saved_by, draft_saved_at FROM account_models WHERE portal_id = ?',
  );

  // better-sqlite3 is synchronous and the transaction IMMEDIATE: the next version number and
  // the pointer move together however the caller awaits, and another process waits.
  const store = db.transaction(
    (portalId: number, modelYaml: string, by: string, note: string | null, at: number) => {
      const version = (selectLatest.get(portalId)?.latest ?? 0) + 1;
      insertVersion.run(portalId, version, modelYaml, by, at, note);
      upsertPublished.run(portalId, version);
      return selectVersion.get(portalId, version)!;
    },
  );

  const deleteVersions = db.prepare<[number]>(
    'DELETE FROM account_model_versions WHERE portal_id = ?',
  );
  const deleteAccount = db.prepare<[number]>('DELETE FROM account_models WHERE portal_id = ?');
  const forget = db.transaction((portalId: number) => {
    const versions = deleteVersions.run(portalId).changes;
    deleteAccount.run(portalId);
    return versions;
  });

  return accountModelsOver(
    {
      publishNext: async (portalId, modelYaml, by, note, at) =>
        store.immediate(portalId, modelYaml, by, note, at),
      version: async (portalId, version) => selectVersion.get(portalId, version),
      history: async (portalId) => selectHistory.all(portalId),
      publishedVersion: async (portalId) => selectPublished.get(portalId)?.published_version,
      async saveDraft(portalId, modelYaml, by, at) {
        upsertDraft.run(portalId, modelYaml, by, at);
      },
      draft: async (portalId) => selectDraft.get(portalId),
      forget: async (portalId) => forget(portalId),
    },
    options.clock,
  );
}

function toVersion(row: VersionRow): ModelVersion {
  return {
    portalId: row.portal_id,
    version: row.version,
    modelYaml: row.model_yaml,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    note: row.note ?? undefined,
  };
}

/** 0 is the static account whose portal id is unknown (see changed-since-watermarks.ts). */
function checkPortal(portalId: number): number {
  if (!Number.isSafeInteger(portalId) || portalId < 0) {
    throw new RangeError(`a HubSpot account id is a whole number, not ${portalId}`);
  }
  return portalId;
}

function checkBy(by: string): string {
  if (by.trim() === '') throw new RangeError('a publish must say who made it (a user id or "cli")');
  return by;
}
