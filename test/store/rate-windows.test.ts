import { describe, expect, it } from 'vitest';
import { storeEngines } from './store-engines.ts';

const LIMIT = { requests: 3, perMilliseconds: 10_000 };
const T = 1_700_000_000_000;

describe.each(storeEngines)('the shared rate windows ($engine)', ({ open }) => {
  it('takes up to the limit in a window, then says when the oldest request leaves it', async () => {
    const windows = (await open()).rateWindows();
    expect(await windows.take(1, 'requests', LIMIT, T)).toEqual({ taken: true, atMs: T });
    expect(await windows.take(1, 'requests', LIMIT, T + 100)).toEqual({
      taken: true,
      atMs: T + 100,
    });
    expect(await windows.take(1, 'requests', LIMIT, T + 200)).toEqual({
      taken: true,
      atMs: T + 200,
    });
    expect(await windows.take(1, 'requests', LIMIT, T + 300)).toEqual({
      taken: false,
      retryAtMs: T + 10_000,
    });
    // At the moment the first request is 10 s old it has left the window.
    expect(await windows.take(1, 'requests', LIMIT, T + 10_000)).toEqual({
      taken: true,
      atMs: T + 10_000,
    });
    expect(await windows.take(1, 'requests', LIMIT, T + 10_001)).toEqual({
      taken: false,
      retryAtMs: T + 10_100,
    });
  });

  it('counts a request whose clock reading went stale at the window’s newest time', async () => {
    const windows = (await open()).rateWindows();
    await windows.take(1, 'requests', LIMIT, T + 20_000);
    // Asked with an older reading (it waited for the store): counted at T + 20 s, not before.
    expect(await windows.take(1, 'requests', LIMIT, T)).toEqual({ taken: true, atMs: T + 20_000 });
    await windows.take(1, 'requests', LIMIT, T + 5);
    expect((await windows.take(1, 'requests', LIMIT, T + 6)).taken).toBe(false);
  });

  it('keeps each account and each budget apart, and forgets an account', async () => {
    const windows = (await open()).rateWindows();
    for (let i = 0; i < 3; i++) await windows.take(1, 'requests', LIMIT, T + i);
    expect((await windows.take(1, 'requests', LIMIT, T + 5)).taken).toBe(false);
    expect((await windows.take(2, 'requests', LIMIT, T + 5)).taken).toBe(true);
    expect((await windows.take(1, 'searches', LIMIT, T + 5)).taken).toBe(true);
    await windows.forget(1);
    expect((await windows.take(1, 'requests', LIMIT, T + 6)).taken).toBe(true);
  });

  it('a lower limit than the requests already in the window waits for the surplus', async () => {
    const windows = (await open()).rateWindows();
    for (let i = 0; i < 3; i++) await windows.take(1, 'requests', LIMIT, T + i * 1000);
    const lower = { requests: 1, perMilliseconds: 10_000 };
    expect(await windows.take(1, 'requests', lower, T + 2500)).toEqual({
      taken: false,
      retryAtMs: T + 2000 + 10_000,
    });
  });

  it('never grants more than the limit to many callers at once', async () => {
    const store = await open();
    const windows = store.rateWindows();
    const takes = await Promise.all(
      Array.from({ length: 20 }, () => windows.take(7, 'requests', LIMIT, T)),
    );
    expect(takes.filter((take) => take.taken)).toHaveLength(3);
  });
});
