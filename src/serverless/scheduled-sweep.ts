import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { ServerlessRuntime } from './serverless-runtime.ts';

/**
 * The rescoring sweep as a scheduled invocation (EventBridge on AWS): decay moves scores while
 * no webhook arrives. The sweep itself is src/recalculation's `runDueSweep`; here it gets a
 * deadline, because a function is killed at its timeout: it stops after the page in flight
 * when the time is nearly up, and the next scheduled run picks up the contacts still due.
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

export const DEFAULT_SWEEP_STOP_MARGIN_MS = 20_000;

/** Output properties are created once per function instance, off the webhook's 5 s path. */
const propertiesReady = new WeakMap<ServerlessRuntime, Promise<void>>();

export async function runScheduledSweep<Summary extends { stopped: boolean }>(
  runtime: ServerlessRuntime,
  options: ScheduledSweepOptions<Summary>,
): Promise<Summary> {
  const margin = options.stopMarginMs ?? DEFAULT_SWEEP_STOP_MARGIN_MS;
  const startedAt = runtime.now();
  // Retries must not sleep into the last seconds either: leave half the margin to answer.
  const port = runtime.hubspotUntil(options.deadlineMs - margin / 2);
  let ready = propertiesReady.get(runtime);
  if (!ready) {
    ready = port.ensureScoreProperties(runtime.compiled.tierNames, runtime.compiled.profiles);
    propertiesReady.set(runtime, ready);
    // A failed attempt is tried again by the next invocation.
    ready.catch(() => propertiesReady.delete(runtime));
  }
  await ready;

  const stop = new AbortController();
  const timer = setTimeout(
    () => stop.abort(),
    Math.max(0, options.deadlineMs - margin - startedAt),
  );
  try {
    const summary = await options.sweep({
      port,
      compiled: runtime.compiled,
      now: runtime.scoringClock(),
      signal: stop.signal,
    });
    runtime.logger.info(
      summary.stopped ? 'due sweep stopped before its deadline' : 'due sweep done',
      { ...(summary as Record<string, unknown>) },
    );
    return summary;
  } finally {
    clearTimeout(timer);
  }
}
