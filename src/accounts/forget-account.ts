import type { Store } from '../store/store.ts';
import type { WorkQueue } from '../store/work-queue.ts';

/** What an account's removal dropped, for the log. */
export interface ForgottenAccount {
  contacts: number;
  engagements: number;
  modelVersions: number;
}

/**
 * Everything the store keeps for an account the app was removed from (uninstall, revoked
 * access), except its tokens, which the token store drops first: its queued work and dead
 * letters, its models, its "changed since" watermark, its rate windows and (when no job runner
 * does it, as in a serverless function) its job records. The server and the serverless
 * functions both call this, so an uninstall leaves the same nothing behind wherever it is seen.
 */
export async function forgetAccountData(
  store: Store,
  portalId: number,
  options: {
    /** The server's queue; the store's by default. */
    queue?: Pick<WorkQueue, 'forgetPortal'>;
    /** The job runner's forget (it stops the account's running job first); the rows by default. */
    forgetJobs?: ((portalId: number) => Promise<unknown>) | undefined;
  } = {},
): Promise<ForgottenAccount> {
  const dropped = await (options.queue ?? store.workQueue()).forgetPortal(portalId);
  const models = await store.accountModels().forget(portalId);
  await store.watermarks().forget(portalId);
  await store.rateWindows().forget(portalId);
  await (options.forgetJobs ?? ((id: number) => store.accountJobs().forget(id)))(portalId);
  return { ...dropped, modelVersions: models.versions };
}
