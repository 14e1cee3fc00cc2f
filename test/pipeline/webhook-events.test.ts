import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDelivery } from '../../src/pipeline/webhook-events.ts';

const examples = new URL('../server/fixtures/', import.meta.url);

describe('parsing a webhook delivery', () => {
  it("reads HubSpot's documented example (subscriptionType)", () => {
    const raw = readFileSync(new URL('contact.creation.signature-doc-example.raw.json', examples));
    const parsed = parseDelivery(raw);
    expect(parsed).toEqual({
      ok: true,
      events: [
        expect.objectContaining({
          type: 'contact.creation',
          portalId: 62515,
          appId: 54321,
          objectId: '123',
          changeSource: 'CRM',
        }),
      ],
    });
  });

  it('reads the older eventType name and keeps unknown fields out of the way', () => {
    const parsed = parseDelivery(
      JSON.stringify([
        {
          objectId: 1246965,
          propertyName: 'lifecyclestage',
          propertyValue: 'subscriber',
          changeSource: 'ACADEMY',
          eventId: 3816279340,
          subscriptionId: 25,
          portalId: 33,
          appId: 1160452,
          occurredAt: 1462216307945,
          eventType: 'contact.propertyChange',
          attemptNumber: 0,
          someNewField: { nested: true },
        },
      ]),
    );
    expect(parsed.ok && parsed.events[0]).toMatchObject({
      type: 'contact.propertyChange',
      objectId: '1246965',
      propertyName: 'lifecyclestage',
    });
  });

  it('reads merge fields', () => {
    const parsed = parseDelivery(
      '[{"subscriptionType":"contact.merge","portalId":1,"objectId":5,"primaryObjectId":5,"mergedObjectIds":[6,7],"newObjectId":8}]',
    );
    expect(parsed.ok && parsed.events[0]).toMatchObject({
      primaryObjectId: '5',
      mergedObjectIds: ['6', '7'],
      newObjectId: '8',
    });
  });

  it('reads association changes from either side, numeric or string ids', () => {
    const parsed = parseDelivery(
      JSON.stringify([
        {
          subscriptionType: 'contact.associationChange',
          portalId: 1,
          associationType: 'CONTACT_TO_MEETING_EVENT',
          fromObjectId: 101,
          toObjectId: '9001',
          associationRemoved: false,
          isPrimaryAssociation: false,
        },
        {
          subscriptionType: 'object.associationChange',
          portalId: 1,
          fromObjectTypeId: '0-48',
          toObjectTypeId: '0-1',
          fromObjectId: 77,
          toObjectId: 102,
          associationRemoved: true,
        },
        { subscriptionType: 'contact.creation', portalId: 1, objectId: 5 },
      ]),
    );
    expect(parsed.ok && parsed.events.map((e) => e.association)).toEqual([
      {
        associationType: 'CONTACT_TO_MEETING_EVENT',
        fromObjectId: '101',
        toObjectId: '9001',
        fromObjectTypeId: undefined,
        toObjectTypeId: undefined,
        removed: false,
      },
      {
        associationType: undefined,
        fromObjectId: '77',
        toObjectId: '102',
        fromObjectTypeId: '0-48',
        toObjectTypeId: '0-1',
        removed: true,
      },
      undefined,
    ]);
  });

  it('says why a body is refused', () => {
    expect(parseDelivery('{"not":"json"')).toEqual({
      ok: false,
      reason: 'the body is not valid JSON',
    });
    expect(parseDelivery('{"subscriptionType":"contact.creation"}')).toEqual({
      ok: false,
      reason: 'the body must be a JSON array of webhook events',
    });
    const missingType = parseDelivery('[{"portalId":1,"objectId":2}]');
    expect(missingType).toEqual({
      ok: false,
      reason: expect.stringContaining('event 0, subscriptionType: missing'),
    });
    const badPortal = parseDelivery('[{"subscriptionType":"contact.creation","portalId":"x"}]');
    expect(badPortal).toEqual({ ok: false, reason: expect.stringContaining('event 0, portalId') });
    const notAnObject = parseDelivery('[1]');
    expect(notAnObject.ok).toBe(false);
  });

  it('accepts an empty delivery', () => {
    expect(parseDelivery('[]')).toEqual({ ok: true, events: [] });
  });
});
