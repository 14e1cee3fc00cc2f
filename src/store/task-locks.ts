/**
 * Work that must run once per account however many instances share the store: the sweep of
 * due contacts, the "changed since" pass, a recalculation or preview job. An instance that
 * finds the task's lock held skips it; the holder's lock ends with it (PostgreSQL: with its
 * session, so a killed instance's tasks are taken up at the next turn).
 */

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

export interface TaskLocks {
  /** Runs `task` unless another holder runs the task of the same key now; never waits. */
  runExclusive<T>(key: string, task: () => Promise<T>): Promise<Exclusive<T>>;
  /**
   * The same, and skipped when any holder started this task less than `everyMs` before
   * `nowMs`: a periodic task of several instances runs once per period, not once per instance.
   */
  runAtMostEvery<T>(
    key: string,
    everyMs: number,
    nowMs: number,
    task: () => Promise<T>,
  ): Promise<Exclusive<T>>;
}

/** When each periodic task last started, as the engine keeps it. */
export interface TaskStarts {
  last(key: string): Promise<number | undefined>;
  record(key: string, startedAtMs: number): Promise<void>;
}

/** `runAtMostEvery` over an engine's lock and its record of starts (read under the lock). */
export function withTaskStarts(
  runExclusive: TaskLocks['runExclusive'],
  starts: TaskStarts,
): TaskLocks {
  return {
    runExclusive,
    async runAtMostEvery(key, everyMs, nowMs, task) {
      let skipped = false;
      const outcome = await runExclusive(key, async () => {
        const last = await starts.last(key);
        if (last !== undefined && nowMs - last < everyMs && nowMs >= last) {
          skipped = true;
          return undefined;
        }
        await starts.record(key, nowMs);
        return task();
      });
      if (!outcome.ran || skipped) return { ran: false };
      return outcome as Exclusive<Awaited<ReturnType<typeof task>>>;
    },
  };
}

/**
 * A periodic task is skipped when any holder started it less than this share of its period
 * ago: the instances' timers drift, and a strict whole period would let one skip a due turn.
 */
export const SHARED_PERIOD_SHARE = 0.9;

/** The key of one account's task, e.g. `sweep:12345`. */
export const taskKey = (task: string, portalId: number | undefined) => `${task}:${portalId ?? 0}`;

/** The embedded store's: one instance per SQLite file, so a lock in this process is enough. */
export function createProcessTaskLocks(): TaskLocks {
  const held = new Set<string>();
  const started = new Map<string, number>();
  return withTaskStarts(
    async (key, task) => {
      if (held.has(key)) return { ran: false };
      held.add(key);
      try {
        return { ran: true, value: await task() };
      } finally {
        held.delete(key);
      }
    },
    {
      last: async (key) => started.get(key),
      record: async (key, at) => void started.set(key, at),
    },
  );
}
