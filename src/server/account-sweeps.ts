import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { AccountAccess } from '../oauth/account-access.ts';
import {
  describeChangedSince,
  describeSweep,
  runChangedSincePass,
  runDueSweep,
  type ChangedSinceSummary,
  type DueSweepSummary,
} from '../recalculation/index.ts';
import type { CompiledModel } from '../scoring/index.ts';
import {
  createMemoryWatermarks,
  type ChangedSinceWatermarks,
} from '../store/changed-since-watermarks.ts';
import { SHARED_PERIOD_SHARE, taskKey, type TaskLocks } from '../store/task-locks.ts';
import type { Logger } from './logger.ts';

/**
 * The rescoring sweep on a timer inside the server, for every account it serves: decay moves
 * scores while no webhook arrives. Each run asks which accounts there are (an OAuth install
 * between runs is swept by the next one) and sweeps them one after another with
 * src/recalculation's `runDueSweep`, then its "changed since" pass (`runChangedSincePass`:
 * contacts modified since the account's watermark, for properties no webhook announces). The
 * next run is planned when the previous one ends, so two never overlap however long one takes;
 * a failing account is logged and the others go on.
 */

/** One account to sweep: its id when known (a static token may not say) and its adapter. */
export interface SweepTarget {
  portalId: number | undefined;
  port: HubSpotPort;
}

export interface AccountSweepsOptions {
  /** The accounts of this run; asked afresh every run. */
  targets: () => Promise<SweepTarget[]>;
  /** One model for every account (tests); give this or `modelFor`. */
  compiled?: CompiledModel | undefined;
  /**
   * The account's published model (`accounts.preparedModelFor`; a static token of unknown portal
   * gets undefined), asked once per account and run: its due sweep and changed-since pass
   * score with the same model even if a publish lands meanwhile.
   */
  modelFor?: ((portalId: number | undefined) => CompiledModel | Promise<CompiledModel>) | undefined;
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** Wait before the first run; 0 catches up at once on what fell due while the server was down. */
  firstSweepInMs?: number;
  /** The moment each account's sweep scores at; the real clock unless a test fixes it. */
  clock?: () => number;
  logger: Logger;
  /** After each account's sweep (tests, metrics). */
  onSweep?: (portalId: number | undefined, summary: DueSweepSummary) => void;
  /**
   * Where each account's "changed since" pass stands. In memory unless the server passes the
   * store's (src/store/changed-since-watermarks.ts): then a restart resumes where it stood.
   */
  watermarks?: ChangedSinceWatermarks;
  /** The pass's tuning for tests (page size, index lag, own-write window); false turns it off. */
  changedSince?:
    { pageSize?: number; indexLagMs?: number; ownWriteWindowMs?: number } | false | undefined;
  /** After each account's "changed since" pass. */
  onChangedSince?: (portalId: number | undefined, summary: ChangedSinceSummary) => void;
  /**
   * Several instances on one store: an account's sweep and pass run under its task lock, and
   * not again within (most of) an interval of the last run by any instance, so N instances
   * sweep each account once per interval between them.
   */
  locks?: TaskLocks | undefined;
  /** Wall clock of that check (the real one unless a test fixes it). */
  now?: () => number;
}

export interface AccountSweeps {
  /** No new run starts; the sweep running stops after its page in flight. */
  stop(): Promise<void>;
}

export function startAccountSweeps(options: AccountSweepsOptions): AccountSweeps {
  if (!(options.intervalMs > 0)) throw new RangeError('the sweep interval must be above 0 ms');
  const clock = options.clock ?? Date.now;
  const { logger } = options;
  const watermarks = options.watermarks ?? createMemoryWatermarks();
  const { compiled } = options;
  if (!options.modelFor && !compiled) {
    throw new TypeError('startAccountSweeps needs `compiled` or `modelFor`');
  }
  const modelFor = options.modelFor ?? (() => compiled!);
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const plan = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = runOnce().finally(() => {
        running = undefined;
        plan(options.intervalMs);
      });
    }, delayMs);
    // The schedule alone must not keep a process alive.
    timer.unref();
  };

  const runOnce = async () => {
    let targets: SweepTarget[];
    try {
      targets = await options.targets();
    } catch (error) {
      logger.error('rescoring sweep: could not list the accounts; the next run retries', { error });
      return;
    }
    for (const target of targets) {
      if (stopping.signal.aborted) return;
      if (!options.locks) {
        await sweepAccount(target);
        continue;
      }
      const turn = await options.locks
        .runAtMostEvery(
          taskKey('sweep', target.portalId),
          options.intervalMs * SHARED_PERIOD_SHARE,
          (options.now ?? Date.now)(),
          () => sweepAccount(target),
        )
        .catch((error: unknown) => {
          logger.error('rescoring sweep: could not take the account’s task lock', {
            portalId: target.portalId,
            error,
          });
          return { ran: true } as const;
        });
      if (!turn.ran) {
        logger.debug('rescoring sweep: another instance sweeps this account (now or lately)', {
          portalId: target.portalId,
        });
      }
    }
  };

  const sweepAccount = async ({ portalId, port }: SweepTarget): Promise<void> => {
    const startedAt = clock();
    let model: CompiledModel;
    try {
      model = await modelFor(portalId);
    } catch (error) {
      logger.error('rescoring sweep: no model for an account this run', { portalId, error });
      return;
    }
    try {
      const summary = await runDueSweep({
        port,
        compiled: model,
        now: startedAt,
        signal: stopping.signal,
      });
      if (summary.due > 0 || summary.stopped) {
        logger.info(`rescoring sweep: ${describeSweep(summary)}`, {
          portalId,
          tookMs: clock() - startedAt,
        });
      }
      options.onSweep?.(portalId, summary);
    } catch (error) {
      // Contacts it missed are still due next run; an uninstalled account is not listed then.
      logger.error('rescoring sweep failed for an account; the next run retries', {
        portalId,
        error,
      });
    }
    if (options.changedSince !== false && !stopping.signal.aborted) {
      await changedSincePass(portalId, port, model);
    }
  };

  const changedSincePass = async (
    portalId: number | undefined,
    port: HubSpotPort,
    model: CompiledModel,
  ) => {
    const startedAt = clock();
    try {
      const summary = await runChangedSincePass({
        port,
        compiled: model,
        portalId,
        watermarks,
        clock,
        firstLookBackMs: options.intervalMs,
        ...(options.changedSince || {}),
        signal: stopping.signal,
      });
      // One line per pass, even when nothing changed: it shows the pass runs.
      logger.info(`changed-since pass: ${describeChangedSince(summary)}`, {
        portalId,
        since: new Date(summary.sinceMs).toISOString(),
        until: new Date(summary.untilMs).toISOString(),
        found: summary.found,
        rescored: summary.read,
        written: summary.written,
        skippedOwnWrites: summary.skippedOwnWrites,
        calls: summary.requests,
        tookMs: clock() - startedAt,
      });
      options.onChangedSince?.(portalId, summary);
    } catch (error) {
      // The watermark stayed where the last rescored page left it: the next run goes on there.
      const watermark = await watermarks.get(portalId).catch(() => undefined);
      logger.error('changed-since pass failed for an account; the next run retries its window', {
        portalId,
        since: watermark === undefined ? undefined : new Date(watermark).toISOString(),
        error,
      });
    }
  };

  plan(options.firstSweepInMs ?? 0);
  return {
    async stop() {
      stopping.abort();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

/**
 * The accounts to sweep: with a static token the one adapter (`staticPort`, whether or not its
 * portal id is known); in OAuth mode every installed account, with a fresh token, skipping any
 * removed meanwhile.
 */
export function sweepTargetsOf(
  accounts: AccountAccess,
  staticPort: { portalId: number | undefined; port: HubSpotPort } | undefined,
  logger: Logger,
): () => Promise<SweepTarget[]> {
  if (staticPort) return async () => [staticPort];
  return async () => {
    const targets: SweepTarget[] = [];
    for (const portalId of await accounts.portals()) {
      try {
        const port = await accounts.hubspotForPortal(portalId);
        if (port) targets.push({ portalId, port });
      } catch (error) {
        logger.error('rescoring sweep: no access to an account this run', { portalId, error });
      }
    }
    return targets;
  };
}
