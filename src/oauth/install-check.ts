import type { Logger } from '../server/logger.ts';
import { taskKey, type TaskLocks } from '../store/task-locks.ts';
import type { InstallCheckResult, OAuthAccountAccess } from './oauth-account-access.ts';

/**
 * Uninstall within the hour: every INSTALL_CHECK_INTERVAL_MS each installed account's refresh
 * token is introspected (`POST /oauth/2026-03/token/introspect`); one HubSpot no longer accepts is
 * confirmed by a refresh, and a refused refresh removes the account: its tokens, its queued
 * work and its dead letters (onAccountRemoved). Before this, an uninstalled account kept its
 * tokens and queue until its next refresh, which an idle account might never need.
 *
 * Why a periodic check rather than HubSpot's app lifecycle events (Webhooks Journal API,
 * install 4-1909196 / uninstall 4-1916193): the journal is read with a developer-account token
 * and the developer.webhooks_journal scopes, a second credential this server does not hold,
 * polled all the same; and a missed or late journal entry would leave tokens behind. The check
 * needs only what the app already has, costs one small request per account per half hour, and
 * also notices access revoked without an uninstall. The interval keeps the worst case (the
 * uninstall right after a check, plus one check's run) within an hour.
 */
export const INSTALL_CHECK_INTERVAL_MS = 30 * 60_000;

export interface InstallCheckSummary {
  checked: number;
  removed: number[];
  unknown: number[];
}

export interface InstallChecksOptions {
  accounts: Pick<OAuthAccountAccess, 'portals' | 'checkInstalled'>;
  logger: Logger;
  intervalMs?: number;
  /** Checked before each run: once the store is closed the checks stop (no error at exit). */
  isOpen?: () => boolean;
  onChecked?: (summary: InstallCheckSummary) => void;
  /** Several instances on one store: the timer's run is skipped while another instance runs one. */
  locks?: TaskLocks | undefined;
}

export interface InstallChecks {
  /** One pass over every account (also what the timer runs). */
  runOnce(): Promise<InstallCheckSummary>;
  stop(): Promise<void>;
}

export async function checkEveryInstall(
  accounts: InstallChecksOptions['accounts'],
  logger: Logger,
): Promise<InstallCheckSummary> {
  const summary: InstallCheckSummary = { checked: 0, removed: [], unknown: [] };
  for (const portalId of await accounts.portals()) {
    let result: InstallCheckResult;
    try {
      result = await accounts.checkInstalled(portalId);
    } catch (error) {
      logger.error('install check failed for an account; the next check retries', {
        portalId,
        error,
      });
      result = 'unknown';
    }
    summary.checked++;
    if (result === 'removed') summary.removed.push(portalId);
    if (result === 'unknown') summary.unknown.push(portalId);
  }
  if (summary.removed.length > 0 || summary.unknown.length > 0) {
    logger.info('install check', { ...summary });
  }
  return summary;
}

/** The check on a timer; the next run is planned when one ends, so two never overlap. */
export function startInstallChecks(options: InstallChecksOptions): InstallChecks {
  const intervalMs = options.intervalMs ?? INSTALL_CHECK_INTERVAL_MS;
  if (!(intervalMs > 0)) throw new RangeError('the install check interval must be above 0 ms');
  const isOpen = options.isOpen ?? (() => true);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const runOnce = async () => {
    const summary = await checkEveryInstall(options.accounts, options.logger);
    options.onChecked?.(summary);
    return summary;
  };
  const plan = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped || !isOpen()) return;
      const { locks } = options;
      running = (
        locks ? locks.runExclusive(taskKey('install-check', undefined), runOnce) : runOnce()
      )
        .catch((error: unknown) => {
          options.logger.error('install check failed; the next check retries', { error });
        })
        .finally(() => {
          running = undefined;
          plan();
        });
    }, intervalMs);
    // The schedule alone must not keep a process alive.
    timer.unref();
  };
  plan();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
