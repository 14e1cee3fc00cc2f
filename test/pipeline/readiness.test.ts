import { describe, expect, it } from 'vitest';
import { judgeReadiness, type ReadinessInput } from '../../src/pipeline/readiness.ts';
import type { QueueStatus } from '../../src/store/queue-status.ts';

const T = 1_700_000_000_000;
const MINUTE = 60_000;

const queue = (overrides: Partial<QueueStatus> = {}): QueueStatus => ({
  queued: { contacts: 0, engagements: 0 },
  oldestQueuedAt: undefined,
  retrying: 0,
  due: { rows: 0, since: undefined },
  deadLetters: { contacts: 0, engagements: 0 },
  failingAccounts: [],
  ...overrides,
});

const input = (overrides: Partial<ReadinessInput> = {}): ReadinessInput => ({
  queue: queue(),
  progress: {
    running: true,
    startedAt: T - 60 * MINUTE,
    lastBatchFinishedAt: T - 30 * MINUTE,
    batchesInFlight: 0,
    parkedPortals: new Map(),
  },
  phase: 'serving',
  nowMs: T,
  stalledAfterMs: 5 * MINUTE,
  ...overrides,
});

const busy = queue({
  queued: { contacts: 120, engagements: 3 },
  oldestQueuedAt: T - 8 * MINUTE,
  due: { rows: 100, since: T - 6 * MINUTE },
});

describe('readiness', () => {
  it('is ready when nothing is due, however long ago the last batch finished', () => {
    expect(judgeReadiness(input())).toEqual({
      ready: true,
      body: {
        status: 'ready',
        queued: { contacts: 0, engagements: 0 },
        oldestQueuedSeconds: null,
        retrying: 0,
        deadLetters: { contacts: 0, engagements: 0 },
        failingAccounts: [],
        batchesInFlight: 0,
        lastBatchFinishedSecondsAgo: 1800,
      },
    });
  });

  it('is stalled when work has been due for the window and no batch finished in it', () => {
    const stalled = judgeReadiness(input({ queue: busy }));
    expect(stalled.ready).toBe(false);
    expect(stalled.body).toMatchObject({
      status: 'stalled',
      reason: '100 queued rows have been due for 360 s and no batch finished in the last 300 s',
      queued: { contacts: 120, engagements: 3 },
      oldestQueuedSeconds: 480,
    });
  });

  it('is ready while batches keep finishing, or while work has only just fallen due', () => {
    const progress = { ...input().progress, lastBatchFinishedAt: T - 4 * MINUTE };
    expect(judgeReadiness(input({ queue: busy, progress })).ready).toBe(true);
    const justDue = queue({ ...busy, due: { rows: 100, since: T - 4 * MINUTE } });
    expect(judgeReadiness(input({ queue: justDue })).ready).toBe(true);
  });

  it('is not ready when the store does not answer, while starting, or while stopping', () => {
    expect(judgeReadiness(input({ queue: new Error('database is locked') }))).toEqual({
      ready: false,
      body: { status: 'store-unavailable', reason: 'the store did not answer: database is locked' },
    });
    expect(judgeReadiness(input({ phase: 'starting' })).body.status).toBe('starting');
    expect(judgeReadiness(input({ phase: 'stopping' })).body.status).toBe('stopping');
  });

  it('lists failing accounts from the store and parked ones from the worker', () => {
    const failing = queue({
      failingAccounts: [
        { portalId: 7, lastError: 'HTTP 503', failedAt: T - MINUTE, rows: 3, deadLetters: 0 },
      ],
    });
    const progress = { ...input().progress, parkedPortals: new Map([[9, 'tokens unreadable']]) };
    expect(judgeReadiness(input({ queue: failing, progress })).body.failingAccounts).toEqual([
      { portalId: 7, lastError: 'HTTP 503', failedAt: new Date(T - MINUTE).toISOString() },
      { portalId: 9, lastError: 'tokens unreadable', failedAt: null },
    ]);
  });
});
