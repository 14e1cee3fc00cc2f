import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { describeSweep, runDueSweep, type DueSweepSummary } from './due-sweep.ts';

export interface SweepLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface SweepScheduleOptions {
  port: HubSpotPort;
  compiled: CompiledModel;
  /** Time between the end of one sweep and the start of the next. */
  intervalMs: number;
  /** Wait before the first sweep; 0 (default) catches up at once on what fell due while down. */
  firstSweepInMs?: number;
  /** The sweep's moment; the real clock unless a test fixes it. */
  clock?: () => number;
  logger?: SweepLogger;
  /** After each sweep that finished (for tests and metrics). */
  onSweep?: (summary: DueSweepSummary) => void;
}

export interface SweepSchedule {
  /** No new sweep starts; the one running stops after its page in flight. */
  stop(): Promise<void>;
}

/**
 * The sweep on a timer inside the server. The next sweep is planned when the previous one
 * ends, so two never overlap however long one takes; a failed sweep is logged and the
 * schedule goes on (the contacts it missed are still due next time).
 */
export function startSweepSchedule(options: SweepScheduleOptions): SweepSchedule {
  if (!(options.intervalMs > 0)) throw new RangeError('the sweep interval must be above 0 ms');
  const clock = options.clock ?? Date.now;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const plan = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = sweepOnce().finally(() => {
        running = undefined;
        plan(options.intervalMs);
      });
    }, delayMs);
    // The schedule alone must not keep a process alive (tests, a server shutting down).
    timer.unref();
  };

  const sweepOnce = async () => {
    const startedAt = clock();
    try {
      const summary = await runDueSweep({
        port: options.port,
        compiled: options.compiled,
        now: startedAt,
        signal: stopping.signal,
      });
      if (summary.due > 0 || summary.stopped) {
        options.logger?.info(describeSweep(summary), { tookMs: clock() - startedAt });
      }
      options.onSweep?.(summary);
    } catch (error) {
      options.logger?.error('rescoring sweep failed; the next one retries', {
        error: error instanceof Error ? error.message : String(error),
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
