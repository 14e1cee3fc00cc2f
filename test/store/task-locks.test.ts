import { describe, expect, it } from 'vitest';
import { storeEngines } from './store-engines.ts';

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
