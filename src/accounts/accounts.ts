import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { parseModel } from '../model/load-model.ts';
import type { AccountAccess } from '../oauth/account-access.ts';
import { compileModel, type CompiledModel } from '../scoring/index.ts';
import type { AccountModels } from '../store/account-models.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';

/**
 * The one home of "the account": its HubSpot port (token, rate budget) and its published
 * scoring model. The worker, the webhook triage, the card and the sweeps ask it per portal
 * instead of holding one global model; static mode is a registry with one account.
 *
 * A published model is compiled once per version and cached. A new version is compiled first
 * and then swapped in with one assignment, so a caller gets either the old or the new model,
 * never a half-loaded one; a batch that took a model keeps it to its end.
 *
 * A publish may come from another process (`recruitment-score model publish`, or another
 * instance on the same database). Each account's published version is looked up in the store
 * at most once every `refreshMs` (2 s by default):
 * the look-up is a primary-key read of one row, but the webhook triage asks for every
 * delivery and the card for every request, and a bound keeps that hot path in memory. A
 * publish therefore reaches new events within `refreshMs`; a publish in this process can
 * call `refresh(portalId)` to be seen at once.
 */

export interface Account {
  portalId: number;
  hubspot: HubSpotPort;
  model: CompiledModel;
  /** The published version scoring this account; undefined while the fallback model does. */
  modelVersion: number | undefined;
}

export interface Accounts {
  /** The account's published model, or the fallback while it has none. Cached. */
  modelFor(portalId: number): Promise<CompiledModel>;
  /** The version `modelFor` gives (undefined: the fallback). */
  modelVersionFor(portalId: number): Promise<number | undefined>;
  /**
   * `modelFor`, once the account's HubSpot output properties fit this model (its tiers and
   * profiles): the worker awaits this so a new tier is an option before a score uses it.
   */
  preparedModelFor(portalId: number): Promise<CompiledModel>;
  /** The account's port and model together; undefined when the app does not serve it. */
  get(portalId: number): Promise<Account | undefined>;
  /** Look at the store now (after a publish in this process). */
  refresh(portalId: number): void;
  /**
   * Where the account's models are kept in the store: its portal id, or 0 for a private app
   * whose portal id is not configured (it serves whatever portal a webhook names).
   */
  modelKeyFor(portalId: number): number;
  readonly access: AccountAccess;
}

export interface AccountsOptions {
  access: AccountAccess;
  models: Pick<AccountModels, 'published' | 'publishedVersion'>;
  /** The SCORING_MODEL file, or the shipped model: what an account with nothing published uses. */
  fallbackModel: CompiledModel;
  /** At most one store look-up per account this often (ms); 0 looks every time. */
  refreshMs?: number;
  clock?: () => number;
  /**
   * An account's published model changed (or was first loaded) in this process: make its output
   * properties fit (ensureScoreProperties with the model's tiers and profiles).
   */
  onModelChanged?: (portalId: number, model: CompiledModel, version: number) => Promise<void>;
  logger?: {
    warn(message: string, details?: Record<string, unknown>): void;
    error(message: string, details?: Record<string, unknown>): void;
  };
}

interface CachedModel {
  version: number | undefined;
  model: CompiledModel;
  checkedAt: number;
  /** The output properties for this version; undefined until asked, retried after a failure. */
  prepared: Promise<void> | undefined;
}

export const DEFAULT_MODEL_REFRESH_MS = 2_000;

export function createAccounts(options: AccountsOptions): Accounts {
  const { access, models, fallbackModel, logger } = options;
  const refreshMs = options.refreshMs ?? DEFAULT_MODEL_REFRESH_MS;
  const clock = options.clock ?? Date.now;
  // A private app's token whose portal id is unknown serves whatever portal a webhook names;
  // its model is kept under 0, where `model publish` without --portal puts it.
  const oneUnknownAccount = access.mode === 'static' && access.servesAnyPortal === true;
  const keyOf = (portalId: number) => (oneUnknownAccount ? UNKNOWN_PORTAL : portalId);
  const cache = new Map<number, CachedModel>();
  /** Per account, a published version that did not compile: not retried (nor logged) again. */
  const unloadable = new Map<number, number>();

  /** Per account, the store look-up under way: concurrent asks share it. */
  const lookups = new Map<number, Promise<CachedModel>>();
  /** Bumped by `refresh`: a look-up begun before it must not overwrite a newer one's answer. */
  const generations = new Map<number, number>();

  function current(portalId: number): Promise<CachedModel> {
    const key = keyOf(portalId);
    const cached = cache.get(key);
    const now = clock();
    if (cached && now - cached.checkedAt < refreshMs) return Promise.resolve(cached);
    const pending = lookups.get(key);
    if (pending) return pending;
    const lookup = lookUp(key, cached, now).finally(() => {
      if (lookups.get(key) === lookup) lookups.delete(key);
    });
    lookups.set(key, lookup);
    return lookup;
  }

  async function lookUp(
    key: number,
    cached: CachedModel | undefined,
    now: number,
  ): Promise<CachedModel> {
    const generation = generations.get(key) ?? 0;
    const version = await models.publishedVersion(key);
    if (cached && (cached.version === version || unloadable.get(key) === version)) {
      cached.checkedAt = now;
      return cached;
    }
    const loaded =
      (await load(key, version, now)) ?? (cached ? { ...cached, checkedAt: now } : undefined);
    const next = loaded ?? {
      version: undefined,
      model: fallbackModel,
      checkedAt: now,
      prepared: undefined,
    };
    // Compiled above; this assignment is the swap.
    if ((generations.get(key) ?? 0) === generation) cache.set(key, next);
    return next;
  }

  /** The published version compiled, or undefined (logged) when it does not compile. */
  async function load(
    key: number,
    version: number | undefined,
    now: number,
  ): Promise<CachedModel | undefined> {
    if (version === undefined) {
      return {
        version: undefined,
        model: fallbackModel,
        checkedAt: now,
        prepared: Promise.resolve(),
      };
    }
    const published = await models.published(key);
    if (!published) return undefined;
    try {
      const model = compileModel(parseModel(published.modelYaml, `account ${key}'s model`));
      return { version: published.version, model, checkedAt: now, prepared: undefined };
    } catch (error) {
      // Validated at publish; a stricter loader since then must not stop the account's scoring.
      unloadable.set(key, published.version);
      logger?.error('an account’s published model no longer loads; it keeps the model it had', {
        portalId: key,
        version: published.version,
        error,
      });
      return undefined;
    }
  }

  function prepare(portalId: number, entry: CachedModel): Promise<void> {
    if (entry.prepared) return entry.prepared;
    const { version, model } = entry;
    if (version === undefined || !options.onModelChanged) return Promise.resolve();
    entry.prepared = options.onModelChanged(portalId, model, version).catch((error: unknown) => {
      // Scoring goes on; a write with a new tier may fail and be retried, and the next ask
      // tries the properties again.
      entry.prepared = undefined;
      logger?.warn('could not fit an account’s output properties to its new model', {
        portalId,
        version,
        error,
      });
    });
    return entry.prepared;
  }

  return {
    access,
    modelFor: async (portalId) => (await current(portalId)).model,
    modelVersionFor: async (portalId) => (await current(portalId)).version,
    async preparedModelFor(portalId) {
      const entry = await current(portalId);
      await prepare(portalId, entry);
      return entry.model;
    },
    async get(portalId) {
      const hubspot = await access.hubspotForPortal(portalId);
      if (!hubspot) return undefined;
      const entry = await current(portalId);
      return { portalId, hubspot, model: entry.model, modelVersion: entry.version };
    },
    modelKeyFor: keyOf,
    refresh(portalId) {
      const key = keyOf(portalId);
      const cached = cache.get(key);
      if (cached) cached.checkedAt = Number.NEGATIVE_INFINITY;
      // A look-up that started before this process's publish may have read the older version.
      lookups.delete(key);
      generations.set(key, (generations.get(key) ?? 0) + 1);
    },
  };
}
