import { afterEach, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { contactsPerRead, readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, postDelivery, WEBHOOK_PATH } from '../server/signed-delivery.ts';
import { contactIds, READ_PATH, startHarness, UPDATE_PATH, type Harness } from './e2e-harness.ts';

const SCORED_AT = new Date(NOW).toISOString();
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(options?: { contacts?: number }) {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

const change = (objectId: string, extra: Record<string, unknown> = {}) =>
  anEvent({ objectId: Number(objectId), propertyName: 'jobtitle', ...extra });

const readBody = (ids: string[]) => ({
  inputs: ids.map((id) => ({ id })),
  properties: readProperties(defaultModel),
  // The shipped model's history touchpoints (content downloads, pages visited) read these.
  propertiesWithHistory: [...defaultModel.historyProperties],
});
/** HubSpot takes 50 ids a batch read when history is asked. */
const PER_READ = contactsPerRead(defaultModel);
const readIds = (h: Harness) =>
  h
    .requests(READ_PATH)
    .map((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));

describe('webhooks in, scores out (sandbox end to end)', () => {
  it('scores one changed contact with exactly one batch read and one batch update', async () => {
    const h = await harness();
    const [id] = contactIds(h);
    const answer = await postDelivery(h.server.localUrl, [change(id!)]);
    expect(answer.status).toBe(200);
    await h.server.drained();

    expect(h.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${READ_PATH} 200`,
      `POST ${UPDATE_PATH} 200`,
    ]);
    expect(h.requests(READ_PATH)[0]!.body).toEqual(readBody([id!]));
    expect(h.requests(UPDATE_PATH)[0]!.body).toEqual({
      inputs: [
        { id, properties: { ...h.expectedOutputs(id!), [SCORE_PROPERTIES.scoredAt]: SCORED_AT } },
      ],
    });
    expect(h.sandbox.account.contacts.get(id!)).toMatchObject(h.expectedOutputs(id!));
  });

  it('scores a delivery of 100 events about 70 contacts (duplicates, out of order, mixed types) with two reads and one write', async () => {
    const h = await harness();
    const ids = contactIds(h).slice(0, 70);
    const events = [
      ...ids.slice(0, 40).map((id) =>
        anEvent({
          subscriptionType: 'contact.creation',
          objectId: Number(id),
          occurredAt: NOW - 5_000,
        }),
      ),
      ...ids.slice(40).map((id) => change(id, { occurredAt: NOW - 1_000 })),
      // 30 more about contacts already named, older than the events above: duplicates out of order
      ...ids
        .slice(10, 40)
        .map((id) => change(id, { occurredAt: NOW - 9_000, propertyName: 'country' })),
    ];
    expect(events).toHaveLength(100);
    await postDelivery(h.server.localUrl, events.reverse());
    await h.server.drained();

    // 70 contacts: a read of 50 and one of 20 (history asked), then one write of all 70.
    // The two reads run side by side, so either may be answered (and logged) first.
    expect(h.requests().map((r) => r.path)).toEqual([READ_PATH, READ_PATH, UPDATE_PATH]);
    const reads = readIds(h);
    expect(reads.map((read) => read.length).sort((a, b) => b - a)).toEqual([
      PER_READ,
      70 - PER_READ,
    ]);
    expect(new Set(reads.flat())).toEqual(new Set(ids));
    for (const [index, read] of reads.entries()) {
      expect(h.requests(READ_PATH)[index]!.body).toEqual(readBody(read));
    }
    const update = h.requests(UPDATE_PATH)[0]!.body as {
      inputs: { id: string; properties: Record<string, string> }[];
    };
    expect(update.inputs).toHaveLength(70);
    for (const { id, properties } of update.inputs) {
      expect(properties).toEqual({
        ...h.expectedOutputs(id),
        [SCORE_PROPERTIES.scoredAt]: SCORED_AT,
      });
    }
  });

  it('scores 100 contacts named in 100 events with two reads of 50 and one write of 100', async () => {
    const h = await harness();
    const ids = contactIds(h).slice(0, 100);
    await postDelivery(
      h.server.localUrl,
      ids.map((id) => change(id)),
    );
    await h.server.drained();
    const reads = readIds(h);
    expect(reads.map((read) => read.length)).toEqual([PER_READ, PER_READ]);
    expect(new Set(reads.flat())).toEqual(new Set(ids));
    expect(
      h.requests(UPDATE_PATH).map((r) => (r.body as { inputs: unknown[] }).inputs.length),
    ).toEqual([100]);
  });

  it('keeps a whitepaper download after a later newsletter sign-up (property history)', async () => {
    const h = await harness({ contacts: 0 });
    const account = h.sandbox.account;
    const DAY = 86_400_000;
    const profile = {
      jobtitle: 'Java developer',
      country: 'Netherlands',
      years_of_experience: '5',
      createdate: new Date(NOW - 60 * DAY).toISOString(),
    };
    const withWhitepaper = account.createContact(profile, { at: NOW - 60 * DAY });
    account.setProperty(
      withWhitepaper,
      'recent_conversion_event_name',
      'Whitepaper: cloud careers',
      {
        at: NOW - 10 * DAY,
      },
    );
    const newsletterOnly = account.createContact(profile, { at: NOW - 60 * DAY });
    for (const id of [withWhitepaper, newsletterOnly]) {
      account.setProperty(id, 'recent_conversion_event_name', 'Newsletter sign-up', {
        at: NOW - DAY,
      });
      account.setProperty(id, 'recent_conversion_date', new Date(NOW - DAY).toISOString());
    }
    const events = [withWhitepaper, newsletterOnly].map((id) =>
      change(id, {
        propertyName: 'recent_conversion_event_name',
        propertyValue: 'Newsletter sign-up',
      }),
    );
    expect((await postDelivery(h.server.localUrl, events)).status).toBe(200);
    await h.server.drained();

    const engagement = (id: string) =>
      Number(account.contacts.get(id)![SCORE_PROPERTIES.engagement]);
    // The whitepaper (20 points, halves every 30 days) ten days ago: 20 x 0.5^(10/30) = 15.87.
    expect(engagement(withWhitepaper) - engagement(newsletterOnly)).toBeCloseTo(15.87, 1);
    expect(account.contacts.get(withWhitepaper)![SCORE_PROPERTIES.summary]).toContain('Whitepaper');
    // Both contacts in one read of 50 that asked for the history, one write.
    expect(h.requests(READ_PATH)).toHaveLength(1);
    expect(h.requests(READ_PATH)[0]!.body).toMatchObject({
      propertiesWithHistory: [...defaultModel.historyProperties],
    });
    expect(h.requests(UPDATE_PATH)).toHaveLength(1);
  });

  it('writes nothing when the same delivery comes again', async () => {
    const h = await harness();
    const events = contactIds(h)
      .slice(0, 20)
      .map((id) => change(id));
    await postDelivery(h.server.localUrl, events);
    await h.server.drained();
    h.clearRequests();

    expect((await postDelivery(h.server.localUrl, events)).status).toBe(200);
    await h.server.drained();
    expect(h.requests().map((r) => r.path)).toEqual([READ_PATH]);
  });

  it('ends with the score of the latest data whatever order the changes arrive in', async () => {
    const h = await harness();
    const [id] = contactIds(h);
    // The recruiter set the title twice; HubSpot delivers the later change first.
    h.sandbox.account.setProperty(id!, 'jobtitle', 'Accountant');
    h.sandbox.account.setProperty(id!, 'jobtitle', 'Senior Java Developer');
    await postDelivery(h.server.localUrl, [
      change(id!, { propertyValue: 'Senior Java Developer', occurredAt: NOW }),
    ]);
    await postDelivery(h.server.localUrl, [
      change(id!, { propertyValue: 'Accountant', occurredAt: NOW - 60_000 }),
    ]);
    await h.server.drained();
    expect(h.sandbox.account.contacts.get(id!)).toMatchObject(h.expectedOutputs(id!));
    expect(h.expectedOutputs(id!).recruitment_score_summary).toContain('software development');
  });

  it('rides out a storm of 429s and loses nothing', async () => {
    const h = await harness();
    const ids = contactIds(h).slice(0, 50);
    h.sandbox.account.failNext(429, 6, undefined, { 'Retry-After': '0' });
    await postDelivery(
      h.server.localUrl,
      ids.map((id) => change(id)),
    );
    await h.server.drained();

    const statuses = h.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    expect(statuses.slice(-2)).toEqual([200, 200]);
    for (const id of ids) {
      expect(h.sandbox.account.contacts.get(id)).toMatchObject(h.expectedOutputs(id));
    }
  });

  it('retries HubSpot 5xx answers and loses nothing', async () => {
    const h = await harness();
    const ids = contactIds(h).slice(0, 10);
    h.sandbox.account.failNext(503, 3);
    await postDelivery(
      h.server.localUrl,
      ids.map((id) => change(id)),
    );
    await h.server.drained();
    expect(h.requests().filter((r) => r.status === 503)).toHaveLength(3);
    for (const id of ids) {
      expect(h.sandbox.account.contacts.get(id)).toMatchObject(h.expectedOutputs(id));
    }
    expect(await h.server.queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
  });

  it('traces a booked meeting to its contact and scores it', async () => {
    const h = await harness();
    const [id] = contactIds(h);
    h.sandbox.account.associate('meetings', '9001', id!);
    h.sandbox.account.setProperty(
      id!,
      'engagements_last_meeting_booked',
      new Date(NOW - 3_600_000).toISOString(),
    );
    await postDelivery(h.server.localUrl, [
      anEvent({ subscriptionType: 'object.creation', objectTypeId: '0-47', objectId: 9001 }),
    ]);
    await h.server.drained();
    expect(h.requests().map((r) => r.path)).toEqual([
      '/crm/associations/2026-03/meetings/contacts/batch/read',
      READ_PATH,
      UPDATE_PATH,
    ]);
    expect(h.sandbox.account.contacts.get(id!)!.recruitment_score_summary).toContain(
      'Meeting booked',
    );
  });

  it('forgets a deleted contact and does not score stale changes of it', async () => {
    const h = await harness();
    const [gone, kept] = contactIds(h);
    await h.server.worker.stop(); // hold the queue to watch the purge
    await postDelivery(h.server.localUrl, [change(gone!), change(kept!)]);
    expect((await h.server.queue.counts()).contacts).toBe(2);
    h.sandbox.account.deleteContact(gone!);
    await postDelivery(h.server.localUrl, [
      anEvent({ subscriptionType: 'contact.deletion', objectId: Number(gone) }),
    ]);
    expect((await h.server.queue.counts()).contacts).toBe(1);

    // A stale change arriving after the deletion is read, found missing and dropped.
    await postDelivery(h.server.localUrl, [change(gone!)]);
    await h.server.worker.start();
    await h.server.drained();
    const update = h.requests(UPDATE_PATH)[0]!.body as { inputs: { id: string }[] };
    expect(update.inputs.map((i) => i.id)).toEqual([kept]);
    expect((await h.server.queue.counts()).contacts).toBe(0);
  });

  it('keeps answered deliveries across a crash and scores them after the restart', async () => {
    const h = await harness();
    const ids = contactIds(h).slice(0, 5);
    await h.server.worker.stop(); // the process "dies" before the worker gets to them
    expect(
      (
        await postDelivery(
          h.server.localUrl,
          ids.map((id) => change(id)),
        )
      ).status,
    ).toBe(200);
    await h.server.close();

    const restarted = await h.restart();
    await restarted.drained();
    for (const id of ids) {
      expect(h.sandbox.account.contacts.get(id)).toMatchObject(h.expectedOutputs(id));
    }
  });

  it('answers bad input with a clear 4xx and calls HubSpot for nothing', async () => {
    const h = await harness();
    const unsigned = await fetch(`${h.server.localUrl}${WEBHOOK_PATH}`, {
      method: 'POST',
      body: '[]',
    });
    const malformed = await postDelivery(h.server.localUrl, '[{"subscriptionType":');
    const invalid = await postDelivery(h.server.localUrl, [
      { subscriptionType: 'contact.creation' },
    ]);
    expect([unsigned.status, malformed.status, invalid.status]).toEqual([401, 400, 400]);
    expect(invalid.body.error).toContain('portalId');
    await h.server.drained();
    expect(h.requests()).toEqual([]);
  });
});
