import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore } from '../../src/store/store.ts';
import { freshPostgresUrl, storeEngines } from './store-engines.ts';

describe.each(storeEngines)('task locks ($engine)', ({ open }) => {
  it('runs a task once while it is held, and again once it is free', async () => {
    const locks = (await open()).taskLocks();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = locks.runExclusive('sweep:1', async () => {
      await held;
      return 'first';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await locks.runExclusive('sweep:1', async () => 'second')).toEqual({ ran: false });
    expect(await locks.runExclusive('sweep:2', async () => 'other account')).toEqual({
      ran: true,
      value: 'other account',
    });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await locks.runExclusive('sweep:1', async () => 'again')).toEqual({
      ran: true,
      value: 'again',
    });
  });

  it('frees the lock when the task throws', async () => {
    const locks = (await open()).taskLocks();
    await expect(
      locks.runExclusive('job:x', async () => {
        throw new Error('HubSpot down');
      }),
    ).rejects.toThrow('HubSpot down');
    expect(await locks.runExclusive('job:x', async () => 1)).toEqual({ ran: true, value: 1 });
  });
});

describe.each(storeEngines)('periodic tasks ($engine)', ({ open }) => {
  it('run at most once per period, whoever asks, and again once the period is over', async () => {
    const locks = (await open()).taskLocks();
    const T = 1_800_000_000_000;
    const run = (at: number) => locks.runAtMostEvery('sweep:5', 60_000, at, async () => at);
    expect(await run(T)).toEqual({ ran: true, value: T });
    expect(await run(T + 59_999)).toEqual({ ran: false });
    expect(await locks.runAtMostEvery('sweep:6', 60_000, T + 1, async () => 'other')).toEqual({
      ran: true,
      value: 'other',
    });
    expect(await run(T + 60_000)).toEqual({ ran: true, value: T + 60_000 });
    expect(await run(T + 60_001)).toEqual({ ran: false });
  });
});

describe('periodic tasks across instances (postgres)', () => {
  it('are skipped by the second instance within the period the first one started', async () => {
    const url = await freshPostgresUrl();
    const [one, two] = [await openStore(url), await openStore(url)];
    try {
      const T = 1_800_000_000_000;
      expect(await one.taskLocks().runAtMostEvery('sweep:9', 60_000, T, async () => 'one')).toEqual(
        { ran: true, value: 'one' },
      );
      expect(
        await two.taskLocks().runAtMostEvery('sweep:9', 60_000, T + 30_000, async () => 'two'),
      ).toEqual({ ran: false });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('task locks across instances (postgres)', () => {
  it('go with the holder: once its connections end, another instance takes the task', async () => {
    const url = await freshPostgresUrl();
    const holder = await openStore(`${url}?application_name=holder`);
    const other = await openStore(url);
    try {
      void holder.taskLocks().runExclusive('recalculation:7', () => new Promise(() => {}));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await other.taskLocks().runExclusive('recalculation:7', async () => 1)).toEqual({
        ran: false,
      });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'holder'",
      );
      await admin.end();
      expect(await other.taskLocks().runExclusive('recalculation:7', async () => 2)).toEqual({
        ran: true,
        value: 2,
      });
    } finally {
      await other.close();
    }
  });
});
