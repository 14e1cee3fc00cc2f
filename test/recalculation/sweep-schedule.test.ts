import { describe, expect, it } from 'vitest';
import type { ContactSearchPage, HubSpotPort } from '../../src/hubspot/index.ts';
import { startSweepSchedule, type DueSweepSummary } from '../../src/recalculation/index.ts';
import { waitFor } from '../pipeline/wait-for.ts';
import { defaultModel, NOW } from './recalculation-fixtures.ts';

const NOTHING_DUE: ContactSearchPage = { total: 0, results: [] };

/** A port whose searches the test answers one by one. */
function portWithSearches(answer: (call: number) => Promise<ContactSearchPage>) {
  let calls = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const port: HubSpotPort = {
    async searchContacts() {
      calls++;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await answer(calls);
      } finally {
        inFlight--;
      }
    },
    readContacts: async () => [],
    updateContacts: async () => undefined,
    contactsOfEngagements: async () => new Map(),
    propertyHistory: async () => [],
    ensureScoreProperties: async () => undefined,
  };
  return {
    port,
    calls: () => calls,
    mostInFlight: () => mostInFlight,
  };
}

function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    info: (message: string) => lines.push(`info ${message}`),
    error: (message: string, details?: Record<string, unknown>) =>
      lines.push(`error ${message} ${JSON.stringify(details)}`),
  };
}

describe('the sweep on a schedule', () => {
  it('starts the next sweep only after the previous one ended, however long it takes', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const account = portWithSearches(async (call) => {
      if (call === 1) await slow;
      return NOTHING_DUE;
    });
    const sweeps: DueSweepSummary[] = [];
    const schedule = startSweepSchedule({
      port: account.port,
      compiled: defaultModel,
      intervalMs: 1,
      clock: () => NOW,
      onSweep: (summary) => sweeps.push(summary),
    });
    await waitFor(() => account.calls() === 1, 'the first sweep');
    // Many intervals pass while the first sweep hangs: no second one starts beside it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(account.calls()).toBe(1);
    release();
    await waitFor(() => sweeps.length >= 3, 'three sweeps');
    await schedule.stop();
    expect(account.mostInFlight()).toBe(1);
  });

  it('logs a failed sweep and goes on with the next one', async () => {
    const account = portWithSearches(async (call) => {
      if (call === 1) throw new Error('HubSpot is down');
      return NOTHING_DUE;
    });
    const logger = recordingLogger();
    const sweeps: DueSweepSummary[] = [];
    const schedule = startSweepSchedule({
      port: account.port,
      compiled: defaultModel,
      intervalMs: 1,
      clock: () => NOW,
      logger,
      onSweep: (summary) => sweeps.push(summary),
    });
    await waitFor(() => sweeps.length >= 1, 'a sweep after the failure');
    await schedule.stop();
    expect(logger.lines[0]).toBe(
      'error rescoring sweep failed; the next one retries {"error":"HubSpot is down"}',
    );
    expect(sweeps[0]).toMatchObject({ due: 0, stopped: false });
  });

  it('stops: waits for the sweep in flight and starts no other', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const account = portWithSearches(async () => {
      await slow;
      return NOTHING_DUE;
    });
    const schedule = startSweepSchedule({
      port: account.port,
      compiled: defaultModel,
      intervalMs: 1,
      clock: () => NOW,
    });
    await waitFor(() => account.calls() === 1, 'the first sweep');
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(account.calls()).toBe(1);
  });

  it('refuses an interval of 0', () => {
    expect(() =>
      startSweepSchedule({
        port: portWithSearches(async () => NOTHING_DUE).port,
        compiled: defaultModel,
        intervalMs: 0,
      }),
    ).toThrow(RangeError);
  });
});
