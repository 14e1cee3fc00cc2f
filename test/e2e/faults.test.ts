import { afterEach, describe, expect, it } from 'vitest';
import { contactsPerRead, HUBSPOT_BATCH_SIZE } from '../../src/pipeline/rescore-contacts.ts';
import { defaultModel } from '../helpers/scoring-fixtures.ts';
import { READ_PATH } from './e2e-harness.ts';
import { startFaultHarness, type FaultHarness } from './fault-harness.ts';

/**
 * HubSpot misbehaving against the sandbox: a request that never answers, a 207 with errors for
 * some ids, a 429 storm with Retry-After, a 5xx burst. In every case every contact ends up
 * scored, and the calls stay close to the least possible (one write per 100, and one read per 50:
 * the shipped model reads property history, which HubSpot serves 50 contacts a batch).
 */

const CONTACTS = 500;
const PER_READ = contactsPerRead(defaultModel);
const LEAST = { reads: CONTACTS / PER_READ, writes: CONTACTS / HUBSPOT_BATCH_SIZE };
const harnesses: FaultHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(options: Parameters<typeof startFaultHarness>[0] = { contacts: CONTACTS }) {
  const h = await startFaultHarness(options);
  harnesses.push(h);
  return h;
}

async function scoreAll(h: FaultHarness, what: string) {
  const ids = [...h.sandbox.account.contacts.keys()];
  h.queueChanges(ids);
  await h.server.drained({ timeoutMs: 20_000 });
  expect(h.unscored(ids)).toEqual([]);
  const calls = h.calls();
  // The figures for the closing note: calls made against the least possible.
  process.stdout.write(
    `${what}: ${calls.reads} reads + ${calls.writes} writes (least possible ` +
      `${LEAST.reads} + ${LEAST.writes}), ${calls.failed} failed or hung\n`,
  );
  const ready = await fetch(`${h.server.localUrl}/readyz`);
  expect(ready.status).toBe(200);
  return { ids, calls, readiness: (await ready.json()) as Record<string, unknown> };
}

describe('HubSpot faults, end to end against the sandbox', () => {
  it('keeps the other batches flowing while a read never answers, and retries it after its deadline', async () => {
    // A deadline no normal read reaches even on a busy machine: only the hung one times out.
    const h = await harness({ contacts: CONTACTS, requestTimeoutMs: 3_000 });
    h.sandbox.account.hang({ path: READ_PATH, times: 1 });
    const { calls } = await scoreAll(h, 'one read hangs');
    // The hung read (status 0), then its retry after the 3 s deadline.
    expect(calls).toEqual({ reads: LEAST.reads + 1, writes: LEAST.writes, failed: 1 });
    const requests = h.sandbox.account.requests;
    const hung = requests.findIndex((r) => r.status === 0);
    // Logged when the client gave up on it: the other four batches were written meanwhile.
    expect(requests.slice(0, hung).filter((r) => r.path !== READ_PATH)).toHaveLength(4);
    expect(requests.filter((r) => r.status === 0)).toHaveLength(1);
  });

  it('keeps the good results of a 207 and asks again only for the failed ids', async () => {
    const h = await harness();
    const [bad, worse] = [...h.sandbox.account.contacts.keys()].slice(150, 152);
    // Longer than the adapter's own retry of the failed ids: the worker retries them alone.
    h.sandbox.account.partialBatchRead({ ids: [bad!, worse!], times: 3 });
    const { calls } = await scoreAll(h, '207 for two ids, three times');
    const reads = h.sandbox.account.requests.filter((r) => r.path === READ_PATH);
    const retried = reads
      .map((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id))
      .filter((ids) => ids.length < PER_READ);
    expect(retried.every((ids) => ids.every((id) => id === bad || id === worse))).toBe(true);
    // 10 reads, then the two ids alone: at most 3 more reads and 1 more write, not ~100x.
    expect(calls.reads).toBeLessThanOrEqual(LEAST.reads + 3);
    expect(calls.writes).toBeLessThanOrEqual(LEAST.writes + 1);
  });

  it('waits out a 429 storm as HubSpot asks (Retry-After) and loses nothing', async () => {
    const h = await harness();
    h.sandbox.account.fail({ path: READ_PATH, status: 429, times: 8, retryAfterSeconds: 0.05 });
    const { calls } = await scoreAll(h, '429 storm (8, Retry-After 50 ms)');
    expect(calls.failed).toBe(8);
    expect(calls).toMatchObject({ reads: LEAST.reads + 8, writes: LEAST.writes });
  });

  it('rides out a burst of 5xx answers', async () => {
    const h = await harness();
    h.sandbox.account.fail({ status: 502, times: 6 });
    const { calls, readiness } = await scoreAll(h, '5xx burst (6 x 502)');
    expect(calls.failed).toBe(6);
    expect(calls.reads + calls.writes).toBe(LEAST.reads + LEAST.writes + 6);
    expect(readiness).toMatchObject({
      status: 'ready',
      queued: { contacts: 0, engagements: 0 },
      deadLetters: { contacts: 0, engagements: 0 },
    });
  });
});
