import { afterEach, describe, expect, it } from 'vitest';
import type { ContactSearch, HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { createStaticAccountAccess, type AccountAccess } from '../../src/oauth/index.ts';
import type { ChangedSinceSummary, DueSweepSummary } from '../../src/recalculation/index.ts';
import {
  startAccountSweeps,
  sweepTargetsOf,
  type AccountSweeps,
} from '../../src/server/account-sweeps.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createProcessTaskLocks, taskKey } from '../../src/store/task-locks.ts';
import { createChangedSinceWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import type { CompiledModel } from '../../src/scoring/index.ts';
import { modelText } from '../accounts/account-fixtures.ts';
import { defaultModel, modelFrom, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { waitFor } from '../pipeline/wait-for.ts';

const running: AccountSweeps[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A changed-since search (the due sweep filters on the review time instead). */
const isChangedSince = (search: ContactSearch) =>
  search.filterGroups[0]?.filters[0]?.propertyName === 'lastmodifieddate';

/**
 * An account with no contacts due; its searches can be held open to see overlap. `modified`:
 * contacts its changed-since search finds (all in one page), held by its fake HubSpot.
 */
function anAccount(
  options: {
    fails?: boolean;
    modified?: Record<string, Record<string, string>>;
    changedSinceFails?: () => boolean;
  } = {},
) {
  const searches: ContactSearch[] = [];
  const hubspot = fakeHubSpot(options.modified ?? {});
  let open = 0;
  let mostOpen = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const port: HubSpotPort = {
    ...hubspot.port,
    async searchContacts(search) {
      searches.push(search);
      open++;
      mostOpen = Math.max(mostOpen, open);
      try {
        if (options.fails) throw new Error('HubSpot answered 500');
        if (hold) await new Promise<void>((resolve) => (release = resolve));
        if (isChangedSince(search) && search.filterGroups[0]!.filters[0]!.operator === 'GT') {
          if (options.changedSinceFails?.()) throw new Error('HubSpot answered 502');
          const results = Object.entries(options.modified ?? {}).map(([id, properties]) => ({
            id,
            properties: { ...properties },
          }));
          return { total: results.length, results };
        }
        return { total: 0, results: [] };
      } finally {
        open--;
      }
    },
  };
  return {
    port,
    searches,
    calls: hubspot.calls,
    mostOpen: () => mostOpen,
    hold: () => void (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ write: (l) => lines.push(l), now: () => NOW }) };
}

function oauthLike(ports: Record<number, HubSpotPort>): AccountAccess {
  return {
    mode: 'oauth',
    hubspotForPortal: async (portalId) => ports[portalId],
    removeAccount: async () => false,
    portals: async () => Object.keys(ports).map(Number),
  };
}

describe('the rescoring sweep of every account', () => {
  it('sweeps every installed account each run, at the scoring clock', async () => {
    const a = anAccount();
    const b = anAccount();
    const swept: (number | undefined)[] = [];
    const { logger } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(oauthLike({ 101: a.port, 202: b.port }), undefined, logger),
        compiled: defaultModel,
        intervalMs: 1,
        clock: () => NOW,
        logger,
        onSweep: (portalId) => swept.push(portalId),
      }),
    );
    await waitFor(() => swept.length >= 4, 'two runs');
    expect(swept.slice(0, 4)).toEqual([101, 202, 101, 202]);
    expect(a.searches[0]!.filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'recruitment_next_review_at', operator: 'LTE', value: String(NOW) },
        ],
      },
    ]);
  });

  it('skips an account another instance is sweeping (its task lock is held), and sweeps it once free', async () => {
    const a = anAccount();
    const b = anAccount();
    const swept: (number | undefined)[] = [];
    const { logger } = capture();
    const locks = createProcessTaskLocks();
    let free!: () => void;
    const otherInstance = locks.runExclusive(
      taskKey('sweep', 101),
      () => new Promise<void>((resolve) => (free = resolve)),
    );
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(oauthLike({ 101: a.port, 202: b.port }), undefined, logger),
        compiled: defaultModel,
        intervalMs: 1,
        clock: () => NOW,
        logger,
        locks,
        onSweep: (portalId) => swept.push(portalId),
      }),
    );
    await waitFor(() => swept.length >= 3, 'three sweeps of the free account');
    expect(swept.slice(0, 3)).toEqual([202, 202, 202]);
    expect(a.searches).toEqual([]);
    free();
    await otherInstance;
    await waitFor(() => swept.includes(101), 'the account once its lock is free');
  });

  it('with two instances on one store, sweeps each account once per interval between them', async () => {
    const a = anAccount();
    const swept: string[] = [];
    let runs = 0;
    const locks = createProcessTaskLocks();
    for (const instance of ['one', 'two']) {
      const { logger } = capture();
      running.push(
        startAccountSweeps({
          targets: async () => {
            runs++;
            return [{ portalId: 101, port: a.port }];
          },
          compiled: defaultModel,
          intervalMs: 1,
          clock: () => NOW,
          // The wall clock stands still: every later run is within the interval of the first.
          now: () => NOW,
          logger,
          locks,
          changedSince: false,
          onSweep: () => swept.push(instance),
        }),
      );
    }
    await waitFor(() => runs >= 10, 'ten runs of the two instances');
    expect(swept).toHaveLength(1);
  });

  it('goes on with the other accounts when one fails, and logs it', async () => {
    const broken = anAccount({ fails: true });
    const fine = anAccount();
    const swept: number[] = [];
    const { logger, lines } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(oauthLike({ 1: broken.port, 2: fine.port }), undefined, logger),
        compiled: defaultModel,
        intervalMs: 1_000_000,
        logger,
        onSweep: (portalId) => swept.push(portalId!),
      }),
    );
    await waitFor(() => swept.length === 1, 'the healthy account’s sweep');
    expect(swept).toEqual([2]);
    expect(lines.map((l) => JSON.parse(l) as { msg: string; portalId?: number })).toContainEqual(
      expect.objectContaining({
        msg: 'rescoring sweep failed for an account; the next run retries',
        portalId: 1,
      }),
    );
  });

  it('never starts a run while the previous one is still going, and stop waits for it', async () => {
    const slow = anAccount();
    slow.hold();
    const { logger } = capture();
    const sweeps = startAccountSweeps({
      targets: sweepTargetsOf(
        createStaticAccountAccess({ port: slow.port }),
        {
          portalId: undefined,
          port: slow.port,
        },
        logger,
      ),
      compiled: defaultModel,
      intervalMs: 1,
      logger,
    });
    await waitFor(() => slow.searches.length === 1, 'the first search');
    let stopped = false;
    const stopping = sweeps.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    slow.release();
    await stopping;
    expect(slow.mostOpen()).toBe(1);
    expect(slow.searches).toHaveLength(1);
  });

  it('sweeps the one static account even when its portal id is unknown', async () => {
    const only = anAccount();
    const swept: [number | undefined, DueSweepSummary][] = [];
    const { logger } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(
          createStaticAccountAccess({ port: only.port }),
          { portalId: undefined, port: only.port },
          logger,
        ),
        compiled: defaultModel,
        intervalMs: 1_000_000,
        logger,
        onSweep: (portalId, summary) => swept.push([portalId, summary]),
      }),
    );
    await waitFor(() => swept.length === 1, 'the sweep');
    expect(swept[0]).toEqual([undefined, expect.objectContaining({ due: 0, stopped: false })]);
  });

  it('runs each account’s changed-since pass after its due sweep, from its own watermark, one log line each', async () => {
    const a = anAccount({
      modified: {
        '7': {
          lastmodifieddate: new Date(NOW - 5 * 60_000).toISOString(),
          jobtitle: 'Java Developer',
          country: 'Netherlands',
        },
      },
    });
    const b = anAccount();
    const watermarks = createChangedSinceWatermarks(openStoreDatabase(':memory:'));
    await watermarks.save(101, NOW - 15 * 60_000, NOW);
    const passes: [number | undefined, ChangedSinceSummary][] = [];
    const { logger, lines } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(oauthLike({ 101: a.port, 202: b.port }), undefined, logger),
        compiled: defaultModel,
        intervalMs: 1,
        clock: () => NOW,
        logger,
        watermarks,
        changedSince: { indexLagMs: 0 },
        onChangedSince: (portalId, summary) => passes.push([portalId, summary]),
      }),
    );
    await waitFor(() => passes.length >= 2, 'both accounts’ passes');
    expect(isChangedSince(a.searches[0]!)).toBe(false);
    expect(a.searches[1]!.filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'lastmodifieddate', operator: 'GT', value: String(NOW - 15 * 60_000) },
          { propertyName: 'lastmodifieddate', operator: 'LTE', value: String(NOW) },
        ],
      },
    ]);
    // A new account looks back one interval (1 ms here), not to the beginning of time.
    expect(b.searches[1]!.filterGroups[0]!.filters[0]!.value).toBe(String(NOW - 1));
    expect(passes.slice(0, 2)).toEqual([
      [101, expect.objectContaining({ found: 1, read: 1, written: 1, skippedOwnWrites: 0 })],
      [202, expect.objectContaining({ found: 0, read: 0 })],
    ]);
    expect(a.calls.filter((call) => call.kind === 'update')).toHaveLength(1);
    expect(await watermarks.get(101)).toBe(NOW);
    expect(await watermarks.get(202)).toBe(NOW);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg:
          'changed-since pass: found 1 modified contact(s): 1 rescored, 1 written, ' +
          '0 skipped as our own writes (1 searches, 1 reads, 1 writes)',
        portalId: 101,
        found: 1,
        rescored: 1,
        written: 1,
        skippedOwnWrites: 0,
        calls: { searches: 1, reads: 1, writes: 1 },
      }),
    );
  });

  it('sweeps each account with its own model, asked once per account and run', async () => {
    const modified = {
      '7': {
        lastmodifieddate: new Date(NOW - 5 * 60_000).toISOString(),
        jobtitle: 'Nurse',
        city: 'Venlo',
      },
    };
    const care = anAccount({ modified });
    const logistics = anAccount({ modified });
    const models: Record<number, CompiledModel> = {
      101: modelFrom(modelText('Healthcare', { property: 'jobtitle', points: 10 })),
      202: modelFrom(modelText('Logistics', { property: 'city', points: 30 })),
    };
    const asked: (number | undefined)[] = [];
    const passes: (number | undefined)[] = [];
    const { logger } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(
          oauthLike({ 101: care.port, 202: logistics.port }),
          undefined,
          logger,
        ),
        modelFor: async (portalId) => {
          asked.push(portalId);
          return models[portalId!]!;
        },
        intervalMs: 60_000,
        clock: () => NOW,
        logger,
        changedSince: { indexLagMs: 0 },
        onChangedSince: (portalId) => passes.push(portalId),
      }),
    );
    await waitFor(() => passes.length >= 2, 'both accounts’ passes');
    expect(asked).toEqual([101, 202]);
    const scoreWritten = (account: ReturnType<typeof anAccount>) =>
      account.calls.flatMap((call) =>
        call.kind === 'update' ? call.updates.map((u) => u.properties.recruitment_score) : [],
      );
    expect(scoreWritten(care)).toEqual(['10']);
    expect(scoreWritten(logistics)).toEqual(['30']);
  });

  it('logs a failed changed-since pass, and the next run retries the same window', async () => {
    let failures = 1;
    const a = anAccount({ changedSinceFails: () => failures-- > 0 });
    const watermarks = createChangedSinceWatermarks(openStoreDatabase(':memory:'));
    await watermarks.save(101, NOW - 15 * 60_000, NOW);
    const passes: ChangedSinceSummary[] = [];
    const { logger, lines } = capture();
    running.push(
      startAccountSweeps({
        targets: sweepTargetsOf(oauthLike({ 101: a.port }), undefined, logger),
        compiled: defaultModel,
        intervalMs: 1,
        clock: () => NOW,
        logger,
        watermarks,
        changedSince: { indexLagMs: 0 },
        onChangedSince: (_, summary) => passes.push(summary),
      }),
    );
    await waitFor(() => passes.length >= 1, 'the retried pass');
    const windows = a.searches.filter(isChangedSince).map((s) => s.filterGroups[0]!.filters);
    expect(windows.slice(0, 2)).toEqual([windows[0], windows[0]]);
    expect(passes[0]!.sinceMs).toBe(NOW - 15 * 60_000);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        msg: 'changed-since pass failed for an account; the next run retries its window',
        portalId: 101,
        since: new Date(NOW - 15 * 60_000).toISOString(),
      }),
    );
  });

  it('refuses an interval of 0 (0 in the environment means no schedule at all)', () => {
    const { logger } = capture();
    expect(() =>
      startAccountSweeps({
        targets: async () => [],
        compiled: defaultModel,
        intervalMs: 0,
        logger,
      }),
    ).toThrow(RangeError);
  });
});
