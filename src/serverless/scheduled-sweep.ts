import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { INSTALL_CHECK_INTERVAL_MS } from '../oauth/install-check.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { SHARED_PERIOD_SHARE, taskKey } from '../store/task-locks.ts';
import type { ServerlessRuntime } from './serverless-runtime.ts';

/**
 * The scheduled invocation (EventBridge on AWS): decay moves scores while no webhook arrives,
 * and an uninstall must not leave tokens behind. Every account the function serves gets a
 * turn, one after another, each under its task lock (the servers' keys, so functions and
 * servers on one store share the turns):
 * - the marketplace app: is it still installed there (install-check.ts, at most every 30 min
 *   per account)? A removed account's tokens and data go, and it is not swept;
 * - the sweep of its due contacts (src/recalculation's `runDueSweep`), at most once per
 *   SWEEP_INTERVAL_MINUTES by any instance.
 * Meanwhile the settings page's jobs waiting in the store run (a function answers a request
 * before anything else may run): a publish's recalculation, a preview. A schedule of one
 * minute therefore starts a preview within a minute; the turns above keep their own periods.
 * A function is killed at its timeout: near the deadline the sweep in flight stops after its
 * page, no new turn starts, and the next scheduled run finds what is still due (accounts done
 * lately are skipped at once, so it goes on where this one stopped).
 */

/** `runDueSweep`'s shape (src/recalculation), injected so this file does not pin its module. */
export type DueSweep<Summary extends { stopped: boolean }> = (options: {
  port: HubSpotPort;
  compiled: CompiledModel;
  now: number;
  signal?: AbortSignal;
}) => Promise<Summary>;

export interface ScheduledSweepOptions<Summary extends { stopped: boolean }> {
  sweep: DueSweep<Summary>;
  /** When the function will be stopped (epoch ms), e.g. now + Lambda's remaining time. */
  deadlineMs: number;
  /** Stop starting pages this long before the deadline: a page takes a few seconds. */
  stopMarginMs?: number;
}

/** What one scheduled run did, per account. */
export interface ScheduledRunSummary<Summary> {
  /** Accounts served when the run began. */
  accounts: number;
  /** Accounts swept by this run, with their sweep's summary. */
  swept: Array<{ portalId: number } & Summary>;
  /** Accounts another instance sweeps now or swept within the period: left to it. */
  sweptElsewhere: number;
  /** The time ran out before their turn (or in it): the next run goes on. */
  notReached: number[];
  /** No longer installed: removed with their data, not swept. */
  removed: number[];
  /** Their turn failed (logged); the next run tries again. */
  failed: number[];
  /** Background jobs (recalculations, previews) this run took up. */
  jobs: number;
  /** True when the time ran out before every account had its turn. */
  stopped: boolean;
}

export const DEFAULT_SWEEP_STOP_MARGIN_MS = 20_000;

/** Per function instance and account: the fallback model's output properties, once. */
const propertiesReady = new WeakMap<ServerlessRuntime, Map<number, Promise<void>>>();

export async function runScheduledSweep<Summary extends { stopped: boolean }>(
  runtime: ServerlessRuntime,
  options: ScheduledSweepOptions<Summary>,
): Promise<ScheduledRunSummary<Summary>> {
  const margin = options.stopMarginMs ?? DEFAULT_SWEEP_STOP_MARGIN_MS;
  const stopAt = options.deadlineMs - margin;
  const intervalMs = runtime.config.sweepIntervalMinutes * 60_000;
  const portals = await runtime.sweepPortals();
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, stopAt - runtime.now()));
  const summary: ScheduledRunSummary<Summary> = {
    accounts: portals.length,
    swept: [],
    sweptElsewhere: 0,
    notReached: [],
    removed: [],
    failed: [],
    jobs: 0,
    stopped: false,
  };
  const { locks, logger } = runtime;
  // Retries must not sleep into the last seconds either: leave half the margin to answer.
  await runtime
    .within(options.deadlineMs - margin / 2, async () => {
      // The settings page's jobs (a publish's recalculation, a preview) meanwhile: each stops
      // after its page at the deadline, and a recalculation goes on from there next run.
      const jobs = runtime.jobs?.runWaiting(stop.signal).catch((error: unknown) => {
        logger.error('scheduled run: could not run the waiting jobs; the next run tries', {
          error,
        });
        return { ran: 0 };
      });
      for (const portalId of portals) {
        if (stop.signal.aborted || runtime.now() >= stopAt) {
          summary.notReached.push(portalId);
          continue;
        }
        try {
          if (runtime.checkInstalled) {
            const check = await locks.runAtMostEvery(
              taskKey('install-check', portalId),
              INSTALL_CHECK_INTERVAL_MS * SHARED_PERIOD_SHARE,
              runtime.now(),
              () => runtime.checkInstalled!(portalId),
            );
            if (check.ran && check.value === 'removed') {
              summary.removed.push(portalId);
              continue;
            }
          }
          if (intervalMs === 0) continue;
          const turn = await locks.runAtMostEvery(
            taskKey('sweep', portalId),
            intervalMs * SHARED_PERIOD_SHARE,
            runtime.now(),
            () => sweepAccount(runtime, portalId, options.sweep, stop.signal),
          );
          if (!turn.ran) summary.sweptElsewhere++;
          else if (turn.value === undefined) summary.removed.push(portalId);
          else {
            summary.swept.push({ portalId, ...turn.value });
            if (turn.value.stopped) summary.notReached.push(portalId);
          }
        } catch (error) {
          // Contacts it missed are still due next run; the other accounts go on.
          logger.error('scheduled run: an account’s turn failed; the next run tries again', {
            portalId,
            error,
          });
          summary.failed.push(portalId);
        }
      }
      summary.jobs = (await jobs)?.ran ?? 0;
    })
    .finally(() => clearTimeout(timer));
  summary.stopped = summary.notReached.length > 0;
  logger.info(
    summary.stopped ? 'scheduled run stopped before its deadline' : 'scheduled run done',
    {
      accounts: summary.accounts,
      swept: summary.swept.length,
      sweptElsewhere: summary.sweptElsewhere,
      notReached: summary.notReached.length,
      removed: summary.removed,
      failed: summary.failed,
      jobs: summary.jobs,
      due: summary.swept.reduce((sum, s) => sum + ((s as { due?: number }).due ?? 0), 0),
    },
  );
  return summary;
}

/** One account's sweep with its published model; undefined when the app no longer serves it. */
async function sweepAccount<Summary extends { stopped: boolean }>(
  runtime: ServerlessRuntime,
  portalId: number,
  sweep: DueSweep<Summary>,
  signal: AbortSignal,
): Promise<Summary | undefined> {
  const account = await runtime.accounts.get(portalId);
  if (!account) return undefined;
  const model = await runtime.accounts.preparedModelFor(portalId);
  if (account.modelVersion === undefined) await fallbackPropertiesOf(runtime, portalId, account);
  return sweep({ port: account.hubspot, compiled: model, now: runtime.scoringClock(), signal });
}

/**
 * A published model's output properties are fitted when it is first used (src/accounts); the
 * fallback model's once per warm instance here, off the webhook's 5 s path.
 */
function fallbackPropertiesOf(
  runtime: ServerlessRuntime,
  portalId: number,
  account: { hubspot: HubSpotPort; model: CompiledModel },
): Promise<void> {
  let ready = propertiesReady.get(runtime);
  if (!ready) propertiesReady.set(runtime, (ready = new Map()));
  let done = ready.get(portalId);
  if (!done) {
    done = account.hubspot.ensureScoreProperties(account.model.tierNames, account.model.profiles);
    ready.set(portalId, done);
    // A failed attempt is tried again by the next run.
    done.catch(() => ready.delete(portalId));
  }
  return done;
}
