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
}

/** The key of one account's task, e.g. `sweep:12345`. */
export const taskKey = (task: string, portalId: number | undefined) => `${task}:${portalId ?? 0}`;

/** The embedded store's: one instance per SQLite file, so a lock in this process is enough. */
export function createProcessTaskLocks(): TaskLocks {
  const held = new Set<string>();
  return {
    async runExclusive(key, task) {
      if (held.has(key)) return { ran: false };
      held.add(key);
      try {
        return { ran: true, value: await task() };
      } finally {
        held.delete(key);
      }
    },
  };
}
