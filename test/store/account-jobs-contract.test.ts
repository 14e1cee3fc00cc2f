import type { JobKind } from '../../src/jobs/job-types.ts';
import { describe, expect, it } from 'vitest';
import { withStoreAndClient } from './postgres-fixtures.ts';
import { storeEngines } from './store-engines.ts';

const T = 1_700_000_000_000;
const aJob = (portalId: number, kind: JobKind, now: number) => ({
  portalId,
  kind,
  startedBy: 'cli',
  now,
});
const recalculationResult = {
  modelVersion: 3,
  read: 10,
  changed: 4,
  written: 4,
  tierMoves: [],
  requests: 2,
  leastRequests: 2,
  seconds: 1.5,
};

describe.each(storeEngines)('the account job store ($engine)', ({ open }) => {
  it('creates a queued job and gives it back as stored', async () => {
    const jobs = (await open()).accountJobs();
    const created = await jobs.create({
      portalId: 11,
      kind: 'preview',
      startedBy: '4711',
      input: { draft: 'name: x', locale: 'nl' },
      now: T,
    });
    expect(created).toEqual({
      id: expect.any(String),
      portalId: 11,
      kind: 'preview',
      status: 'queued',
      startedBy: '4711',
      createdAt: T,
      updatedAt: T,
      progress: { done: 0 },
      input: { draft: 'name: x', locale: 'nl' },
    });
    expect(await jobs.get(created.id)).toEqual(created);
    expect(await jobs.get('no-such-job')).toBeUndefined();
    expect(await jobs.create({ ...aJob(11, 'recalculation', T), modelVersion: 3 })).toMatchObject({
      modelVersion: 3,
      input: {},
    });
  });

  it('updates only what a change names, and says when the job is gone', async () => {
    const jobs = (await open()).accountJobs();
    const job = await jobs.create(aJob(11, 'recalculation', T));
    const running = await jobs.update(job.id, {
      status: 'running',
      progress: { done: 5, total: 10 },
      now: T + 1,
    });
    expect(running).toMatchObject({
      status: 'running',
      progress: { done: 5, total: 10 },
      updatedAt: T + 1,
      createdAt: T,
    });
    const finished = await jobs.update(job.id, {
      status: 'finished',
      result: recalculationResult,
      now: T + 2,
    });
    expect(finished).toMatchObject({ status: 'finished', progress: { done: 5, total: 10 } });
    expect(finished?.result).toEqual(recalculationResult);
    const failed = await jobs.update(job.id, {
      status: 'failed',
      error: 'HubSpot down',
      now: T + 3,
    });
    expect(failed).toMatchObject({ status: 'failed', error: 'HubSpot down' });
    expect(await jobs.update(job.id, { error: undefined, now: T + 4 })).not.toHaveProperty('error');
    await expect(jobs.update(job.id, { progress: { done: -1 }, now: T + 5 })).rejects.toThrow();
    expect((await jobs.get(job.id))?.updatedAt).toBe(T + 4);
    expect(await jobs.update('no-such-job', { status: 'running', now: T })).toBeUndefined();
  });

  it('finds the latest job of an account and kind, and jobs by status oldest first', async () => {
    const jobs = (await open()).accountJobs();
    const make = (portalId: number, kind: JobKind, now: number) =>
      jobs.create(aJob(portalId, kind, now));
    const first = await make(1, 'preview', T);
    // Created in the same millisecond: the later one is the latest.
    const second = await make(1, 'preview', T);
    const recalculation = await make(1, 'recalculation', T - 10);
    const otherAccount = await make(2, 'preview', T + 50);
    expect((await jobs.latest(1, 'preview'))?.id).toBe(second.id);
    expect((await jobs.latest(1, 'recalculation'))?.id).toBe(recalculation.id);
    expect(await jobs.latest(3, 'preview')).toBeUndefined();

    await jobs.update(second.id, { status: 'running', now: T + 60 });
    await jobs.update(otherAccount.id, { status: 'finished', now: T + 60 });
    expect((await jobs.withStatus(['queued'])).map((j) => j.id)).toEqual([
      recalculation.id,
      first.id,
    ]);
    expect((await jobs.withStatus(['queued', 'running'], 'preview')).map((j) => j.id)).toEqual([
      first.id,
      second.id,
    ]);
    expect(await jobs.withStatus(['cancelled'])).toEqual([]);

    expect(await jobs.forget(1)).toBe(3);
    expect(await jobs.get(first.id)).toBeUndefined();
    expect((await jobs.get(otherAccount.id))?.status).toBe('finished');
    expect(await jobs.forget(1)).toBe(0);
  });
});

describe('the account job store in PostgreSQL, with a row it cannot read', () => {
  it('reads the job as failed, asking for a new start, never as a crash', async () => {
    await withStoreAndClient(async (store, client) => {
      const jobs = store.accountJobs();
      const job = await jobs.create(aJob(5, 'preview', T));
      await client.query(
        `UPDATE account_jobs SET progress_json = '{"done": -4' WHERE job_id = $1`,
        [job.id],
      );
      expect(await jobs.get(job.id)).toMatchObject({
        status: 'failed',
        progress: { done: 0 },
        error: expect.stringMatching(/unreadable/),
      });
    });
  });
});
