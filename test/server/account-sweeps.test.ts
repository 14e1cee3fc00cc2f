import { afterEach, describe, expect, it } from 'vitest';
import type { ContactSearch, HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { createStaticAccountAccess, type AccountAccess } from '../../src/oauth/index.ts';
import type { DueSweepSummary } from '../../src/recalculation/index.ts';
import {
  startAccountSweeps,
  sweepTargetsOf,
  type AccountSweeps,
} from '../../src/server/account-sweeps.ts';
import { createLogger } from '../../src/server/logger.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { waitFor } from '../pipeline/wait-for.ts';

const running: AccountSweeps[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** An account with no contacts due; its searches can be held open to see overlap. */
function anAccount(options: { fails?: boolean } = {}) {
  const searches: ContactSearch[] = [];
  let open = 0;
  let mostOpen = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const port: HubSpotPort = {
    ...fakeHubSpot().port,
    async searchContacts(search) {
      searches.push(search);
      open++;
      mostOpen = Math.max(mostOpen, open);
      try {
        if (options.fails) throw new Error('HubSpot answered 500');
        if (hold) await new Promise<void>((resolve) => (release = resolve));
        return { total: 0, results: [] };
      } finally {
        open--;
      }
    },
  };
  return {
    port,
    searches,
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
    portals: () => Object.keys(ports).map(Number),
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
