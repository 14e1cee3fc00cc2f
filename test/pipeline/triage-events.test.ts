import { describe, expect, it } from 'vitest';
import { triageDelivery } from '../../src/pipeline/triage-events.ts';
import type { WebhookEvent } from '../../src/pipeline/webhook-events.ts';

const options = { modelProperties: new Set(['jobtitle', 'country', 'num_conversion_events']) };

function event(overrides: Partial<WebhookEvent> & { type: string }): WebhookEvent {
  return {
    portalId: 62515,
    appId: 54321,
    occurredAt: 1_700_000_000_000,
    objectId: '101',
    objectTypeId: undefined,
    propertyName: undefined,
    changeSource: 'CRM_UI',
    sourceId: 'userId:1',
    primaryObjectId: undefined,
    newObjectId: undefined,
    mergedObjectIds: [],
    ...overrides,
  };
}

describe('triaging a delivery', () => {
  it('rescores a contact once however many of its events arrive', () => {
    const work = triageDelivery(
      [
        event({ type: 'contact.creation' }),
        event({ type: 'contact.propertyChange', propertyName: 'jobtitle' }),
        event({ type: 'contact.propertyChange', propertyName: 'country' }),
        event({ type: 'contact.propertyChange', propertyName: 'jobtitle' }),
        event({ type: 'contact.creation', objectId: '102' }),
      ],
      options,
    );
    expect(work.rescore).toEqual([
      { portalId: 62515, contactId: '101' },
      { portalId: 62515, contactId: '102' },
    ]);
  });

  it('keeps the same contact id of two accounts apart', () => {
    const work = triageDelivery(
      [event({ type: 'contact.creation' }), event({ type: 'contact.creation', portalId: 7 })],
      options,
    );
    expect(work.rescore).toEqual([
      { portalId: 62515, contactId: '101' },
      { portalId: 7, contactId: '101' },
    ]);
  });

  it('rescores restored contacts and generic object events about contacts (0-1)', () => {
    const work = triageDelivery(
      [
        event({ type: 'contact.restore', objectId: '1' }),
        event({ type: 'object.creation', objectTypeId: '0-1', objectId: '2' }),
        event({
          type: 'object.propertyChange',
          objectTypeId: '0-1',
          objectId: '3',
          propertyName: 'country',
        }),
      ],
      options,
    );
    expect(work.rescore.map((c) => c.contactId)).toEqual(['1', '2', '3']);
  });

  it('rescores the contact of an engagement linked or unlinked later, from either side', () => {
    const association = (
      type: string,
      associationType: string | undefined,
      fromObjectId: string,
      toObjectId: string,
      more: { fromObjectTypeId?: string; toObjectTypeId?: string; removed?: boolean } = {},
    ) =>
      event({
        type,
        objectId: fromObjectId,
        association: {
          associationType,
          fromObjectId,
          toObjectId,
          fromObjectTypeId: more.fromObjectTypeId,
          toObjectTypeId: more.toObjectTypeId,
          removed: more.removed ?? false,
        },
      });
    const work = triageDelivery(
      [
        // HubSpot sends both directions of one link: one rescore.
        association('contact.associationChange', 'CONTACT_TO_MEETING_EVENT', '101', '9001'),
        association('object.associationChange', 'MEETING_EVENT_TO_CONTACT', '9001', '101'),
        association('object.associationChange', 'CALL_TO_CONTACT', '9002', '102', {
          removed: true,
        }),
        association('object.associationChange', 'CONTACT_TO_NOTE', '103', '9003'),
        association('object.associationChange', 'EMAIL_TO_CONTACT', '9004', '104'),
        association('object.associationChange', 'CONTACT_TO_TASK', '105', '9005'),
        association('object.associationChange', 'COMMUNICATION_TO_CONTACT', '9006', '106'),
        // generic events that name the object types by id instead
        association('object.associationChange', undefined, '9007', '107', {
          fromObjectTypeId: '0-47',
          toObjectTypeId: '0-1',
        }),
      ],
      options,
    );
    expect(work.rescore.map((c) => c.contactId)).toEqual([
      '101',
      '102',
      '103',
      '104',
      '105',
      '106',
      '107',
    ]);
    expect(work.engagements).toEqual([]);
    expect(work.ignored).toEqual({});
  });

  it('ignores associations with companies, deals and other contacts', () => {
    const work = triageDelivery(
      ['CONTACT_TO_COMPANY', 'COMPANY_TO_CONTACT', 'CONTACT_TO_DEAL', 'CONTACT_TO_CONTACT'].map(
        (associationType) =>
          event({
            type: 'contact.associationChange',
            association: {
              associationType,
              fromObjectId: '101',
              toObjectId: '5',
              fromObjectTypeId: undefined,
              toObjectTypeId: undefined,
              removed: false,
            },
          }),
      ),
      options,
    );
    expect(work.rescore).toEqual([]);
    expect(work.ignored).toEqual({ 'association not between a contact and an engagement': 4 });
  });

  it('rescores the surviving contact of a merge and forgets the merged ones', () => {
    const merge = triageDelivery(
      [
        event({
          type: 'contact.merge',
          objectId: '500',
          primaryObjectId: '500',
          mergedObjectIds: ['500', '501'],
        }),
        event({
          type: 'contact.merge',
          objectId: '600',
          primaryObjectId: '600',
          newObjectId: '700',
          mergedObjectIds: ['600', '601'],
        }),
      ],
      options,
    );
    expect(merge.rescore.map((c) => c.contactId)).toEqual(['500', '700']);
    expect(merge.forget.map((c) => c.contactId)).toEqual(['501', '600', '601']);
  });

  it('forgets deleted contacts, and a deletion wins over stale changes in the same delivery', () => {
    const work = triageDelivery(
      [
        event({ type: 'contact.propertyChange', propertyName: 'jobtitle', objectId: '9' }),
        event({ type: 'contact.deletion', objectId: '9' }),
        event({ type: 'contact.privacyDeletion', objectId: '10' }),
        event({ type: 'object.deletion', objectTypeId: '0-1', objectId: '11' }),
      ],
      options,
    );
    expect(work.rescore).toEqual([]);
    expect(work.forget.map((c) => c.contactId)).toEqual(['9', '10', '11']);
  });

  it('rescores a contact deleted and restored in the same delivery', () => {
    const work = triageDelivery(
      [event({ type: 'contact.restore' }), event({ type: 'contact.deletion' })],
      options,
    );
    expect(work.rescore.map((c) => c.contactId)).toEqual(['101']);
    expect(work.forget.map((c) => c.contactId)).toEqual(['101']);
  });

  it('traces engagements of every kind to their contacts, once each', () => {
    const types = ['0-48', '0-49', '0-47', '0-46', '0-27', '0-18'];
    const work = triageDelivery(
      [
        ...types.map((objectTypeId) =>
          event({ type: 'object.creation', objectTypeId, objectId: '77' }),
        ),
        event({
          type: 'object.propertyChange',
          objectTypeId: '0-47',
          objectId: '77',
          propertyName: 'hs_meeting_outcome',
        }),
      ],
      options,
    );
    expect(work.rescore).toEqual([]);
    expect(work.engagements).toEqual(
      types.map((objectTypeId) => ({ portalId: 62515, objectTypeId, objectId: '77' })),
    );
  });

  it('ignores changes of its own output properties: no feedback loop', () => {
    const work = triageDelivery(
      [
        event({
          type: 'contact.propertyChange',
          propertyName: 'recruitment_score',
          changeSource: 'CRM_UI',
        }),
        event({ type: 'contact.propertyChange', propertyName: 'recruitment_scored_at' }),
      ],
      options,
    );
    expect(work.rescore).toEqual([]);
    expect(work.ignored).toEqual({ 'own output property': 2 });
  });

  it('ignores changes this app made, by its app id, whoever the event says sent it', () => {
    const ours = { changeSource: 'INTEGRATION', sourceId: '54321', propertyName: 'jobtitle' };
    const work = triageDelivery(
      [
        event({ type: 'contact.propertyChange', ...ours }),
        event({ type: 'contact.propertyChange', ...ours, changeSource: 'API' }),
        // Another integration changing the job title: the score may move.
        event({ type: 'contact.propertyChange', ...ours, sourceId: '999', objectId: '2' }),
      ],
      options,
    );
    expect(work.rescore.map((c) => c.contactId)).toEqual(['2']);
    expect(work.ignored).toEqual({ 'changed by this app': 2 });
  });

  it('recognises its own changes by a configured app id too', () => {
    const work = triageDelivery(
      [
        event({
          type: 'contact.propertyChange',
          propertyName: 'jobtitle',
          changeSource: 'INTEGRATION',
          sourceId: '42',
          appId: 1,
        }),
      ],
      { ...options, ownAppId: '42' },
    );
    expect(work.ignored).toEqual({ 'changed by this app': 1 });
  });

  it('ignores changes of properties the model does not read', () => {
    const work = triageDelivery(
      [event({ type: 'contact.propertyChange', propertyName: 'favourite_colour' })],
      options,
    );
    expect(work.rescore).toEqual([]);
    expect(work.ignored).toEqual({ 'property the model does not read': 1 });
  });

  it('ignores unknown types and other objects without failing the delivery', () => {
    const work = triageDelivery(
      [
        event({ type: 'deal.creation' }),
        event({ type: 'object.creation', objectTypeId: '0-3' }),
        event({ type: 'contact.associationChange' }),
        event({ type: 'object.deletion', objectTypeId: '0-48' }),
        event({ type: 'conversation.newMessage' }),
      ],
      options,
    );
    expect(work).toEqual({
      rescore: [],
      engagements: [],
      forget: [],
      ignored: {
        'not a contact or engagement event': 3,
        'event type not scored': 1,
        'association not between a contact and an engagement': 1,
      },
    });
  });
});

describe('triaging a delivery for several accounts', () => {
  it('asks each event’s account which properties its model reads', () => {
    const byAccount: Record<number, ReadonlySet<string>> = {
      1: new Set(['jobtitle']),
      2: new Set(['city']),
    };
    const work = triageDelivery(
      [
        event({ type: 'contact.propertyChange', portalId: 1, propertyName: 'jobtitle' }),
        event({ type: 'contact.propertyChange', portalId: 1, propertyName: 'city' }),
        event({ type: 'contact.propertyChange', portalId: 2, propertyName: 'jobtitle' }),
        event({ type: 'contact.propertyChange', portalId: 2, propertyName: 'city' }),
      ],
      { modelProperties: new Set(), modelPropertiesFor: (portalId) => byAccount[portalId]! },
    );
    expect(work.rescore).toEqual([
      { portalId: 1, contactId: '101' },
      { portalId: 2, contactId: '101' },
    ]);
    expect(work.ignored).toEqual({ 'property the model does not read': 2 });
  });

  it('refuses to triage without knowing any model’s properties', () => {
    expect(() => triageDelivery([], {})).toThrow(/modelProperties/);
  });
});
