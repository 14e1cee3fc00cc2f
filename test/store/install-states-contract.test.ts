import { describe, expect, it } from 'vitest';
import { INSTALL_STATE_TTL_MS, installStateKey } from '../../src/oauth/install-state.ts';
import { withStoreAndClient, withTwoInstances } from './postgres-fixtures.ts';
import { storeEngines } from './store-engines.ts';

const KEY = installStateKey(Buffer.alloc(32, 7));
const OTHER_KEY = installStateKey(Buffer.alloc(32, 8));
const NOW = Date.UTC(2026, 2, 2, 9, 0, 0);

describe.each(storeEngines)('the install states ($engine)', ({ open }) => {
  it('accepts a state once, with its browser’s nonce, within its lifetime', async () => {
    const states = (await open()).installStates(KEY);
    const { state, sessionNonce } = states.begin(NOW);
    const other = states.begin(NOW);
    expect(await states.consume(state, other.sessionNonce, NOW + 1)).toEqual({
      ok: false,
      problem: 'forged-or-other-browser',
    });
    expect(await states.consume('not-a-state', sessionNonce, NOW + 1)).toEqual({
      ok: false,
      problem: 'forged-or-other-browser',
    });
    expect(await states.consume(state, sessionNonce, NOW + 1)).toEqual({ ok: true });
    expect(await states.consume(state, sessionNonce, NOW + 2)).toEqual({
      ok: false,
      problem: 'replayed',
    });
    expect(
      await states.consume(other.state, other.sessionNonce, NOW + INSTALL_STATE_TTL_MS),
    ).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a state made with another key, and a key too short', async () => {
    const store = await open();
    const theirs = store.installStates(OTHER_KEY).begin(NOW);
    expect(await store.installStates(KEY).consume(theirs.state, theirs.sessionNonce, NOW)).toEqual({
      ok: false,
      problem: 'forged-or-other-browser',
    });
    expect(() => store.installStates(new Uint8Array(16))).toThrow(/32 bytes/);
  });

  it('still refuses a replay after older used states were pruned', async () => {
    const states = (await open()).installStates(KEY);
    const early = states.begin(NOW);
    expect(await states.consume(early.state, early.sessionNonce, NOW)).toEqual({ ok: true });
    // Past the first state's expiry, its record may go; a later state stays single use.
    const later = states.begin(NOW + INSTALL_STATE_TTL_MS);
    const at = NOW + INSTALL_STATE_TTL_MS + 1;
    expect(await states.consume(later.state, later.sessionNonce, at)).toEqual({ ok: true });
    expect(await states.consume(later.state, later.sessionNonce, at + 1)).toEqual({
      ok: false,
      problem: 'replayed',
    });
  });
});

describe('the install states on one PostgreSQL, from two instances', () => {
  it('accept a state consumed by both at once exactly once', async () => {
    await withTwoInstances(async (first, second) => {
      const a = first.installStates(KEY);
      const b = second.installStates(KEY);
      for (let round = 0; round < 10; round++) {
        const { state, sessionNonce } = a.begin(NOW);
        const checks = await Promise.all(
          [a, b, a, b].map((states) => states.consume(state, sessionNonce, NOW + 1)),
        );
        expect(checks.filter((check) => check.ok)).toHaveLength(1);
        expect(checks.filter((check) => !check.ok)).toEqual(
          Array.from({ length: 3 }, () => ({ ok: false, problem: 'replayed' })),
        );
      }
    });
  });
});

describe('the install states in PostgreSQL, read from the database itself', () => {
  it('keeps one hash per used state until it expires, then lets it go', async () => {
    await withStoreAndClient(async (store, client) => {
      const states = store.installStates(KEY);
      const used = async () =>
        (await client.query<{ expires_at: number }>('SELECT expires_at FROM oauth_used_states'))
          .rows;
      const early = states.begin(NOW);
      await states.consume(early.state, early.sessionNonce, NOW);
      expect(await used()).toHaveLength(1);
      const later = states.begin(NOW + INSTALL_STATE_TTL_MS);
      await states.consume(later.state, later.sessionNonce, NOW + INSTALL_STATE_TTL_MS + 1);
      // The early state's hash expired and went; only the later one's is kept.
      expect((await used()).map((row) => Number(row.expires_at))).toEqual([
        NOW + 2 * INSTALL_STATE_TTL_MS,
      ]);
    });
  });
});
