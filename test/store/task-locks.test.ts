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
