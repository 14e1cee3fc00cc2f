import { afterEach, describe, expect, it } from 'vitest';
import { READ_PATH } from './e2e-harness.ts';
import { startFaultHarness, type FaultHarness } from './fault-harness.ts';

const harnesses: FaultHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

describe('shutting down while HubSpot hangs', () => {
  it('closes after the grace period without waiting for the hung request, and the next start scores what was left', async () => {
    const h = await startFaultHarness({
      contacts: 200,
      // The request deadline is far away: only the shutdown's own bound can end close().
      requestTimeoutMs: 60_000,
      server: { shutdownGraceMs: 100, closeTimeoutMs: 1_000 },
    });
    harnesses.push(h);
    const ids = [...h.sandbox.account.contacts.keys()];
    h.sandbox.account.hang({ path: READ_PATH, times: 1 });
    h.queueChanges(ids);
    // The other batch is written; one of the first batch's two reads (50 each) hangs, so none
    // of its 100 is written.
    await waitUntil(() => h.unscored(ids).length === 100);
    expect(h.unscored(ids)).toHaveLength(100);

    await h.server.close();
    // close() returned while the hung request was still open at the sandbox (never logged).
    expect(h.sandbox.account.requests.filter((r) => r.status === 0)).toEqual([]);

    const restarted = await h.restart();
    await restarted.drained({ timeoutMs: 10_000 });
    expect(h.unscored(ids)).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
