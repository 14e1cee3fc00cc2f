import { describe, expect, it } from 'vitest';
import {
  ENGAGEMENT_WEBHOOK_OBJECTS,
  subscribedContactProperties,
  subscribedEngagementTypes,
  subscriptionsForModel,
  type WebhookSubscriptions,
} from '../../src/hubspot-project/webhook-subscriptions.ts';
import { SCORE_PROPERTY_NAMES } from '../../src/hubspot/score-properties.ts';
import { ENGAGEMENT_OBJECT_TYPES } from '../../src/pipeline/engagement-types.ts';
import { triageDelivery } from '../../src/pipeline/triage-events.ts';
import type { WebhookEvent } from '../../src/pipeline/webhook-events.ts';
import { defaultModel } from '../helpers/scoring-fixtures.ts';

const typesOf = (list: { subscriptionType: string; objectType?: string }[]) =>
  list.map((s) => (s.objectType ? `${s.subscriptionType}:${s.objectType}` : s.subscriptionType));

/** The event HubSpot would deliver for a subscription, as the pipeline parses it. */
function eventFor(
  subscription: { subscriptionType: string; objectType?: string; propertyName?: string },
  objectId: string,
): WebhookEvent {
  const typeIdOf = Object.fromEntries(
    Object.entries(ENGAGEMENT_WEBHOOK_OBJECTS).map(([id, name]) => [name, id]),
  );
  return {
    type: subscription.subscriptionType,
    portalId: 7,
    appId: 99,
    occurredAt: 1,
    objectId,
    objectTypeId:
      subscription.objectType === undefined
        ? undefined
        : subscription.objectType === 'contact'
          ? '0-1'
          : typeIdOf[subscription.objectType],
    propertyName: subscription.propertyName,
    changeSource: 'CRM_UI',
    sourceId: 'userId:1',
    primaryObjectId: undefined,
    newObjectId: subscription.subscriptionType.endsWith('merge') ? objectId : undefined,
    mergedObjectIds: [],
    ...(subscription.subscriptionType.endsWith('.associationChange') && {
      // The engagement's side of a link to contact 501 (HubSpot also sends the contact's side).
      association: {
        associationType: undefined,
        fromObjectId: objectId,
        toObjectId: '501',
        fromObjectTypeId: typeIdOf[subscription.objectType!],
        toObjectTypeId: '0-1',
        removed: false,
      },
    }),
  };
}

const all = (s: WebhookSubscriptions) => [...s.crmObjects, ...s.legacyCrmObjects, ...s.hubEvents];

describe('webhook subscriptions follow the scoring model', () => {
  it('subscribes to a change of every property the shipped model reads, once each', () => {
    const { subscriptions, contactProperties } = subscriptionsForModel(defaultModel.properties);
    expect(subscribedContactProperties(subscriptions)).toEqual([...defaultModel.properties].sort());
    expect(contactProperties).toHaveLength(new Set(defaultModel.properties).size);
  });

  it('subscribes to nothing the model does not read: another model, other properties', () => {
    const plan = subscriptionsForModel(['jobtitle', 'hs_language']);
    expect(subscribedContactProperties(plan.subscriptions)).toEqual(['hs_language', 'jobtitle']);
  });

  it("never subscribes to the app's own output properties, even when a model reads one", () => {
    const plan = subscriptionsForModel(['jobtitle', 'recruitment_score', 'recruitment_tier']);
    expect(plan.skippedOutputProperties).toEqual(['recruitment_score', 'recruitment_tier']);
    const subscribed = all(plan.subscriptions).map((s) =>
      'propertyName' in s ? s.propertyName : undefined,
    );
    for (const output of SCORE_PROPERTY_NAMES) expect(subscribed).not.toContain(output);
    expect(subscribedContactProperties(plan.subscriptions)).toEqual(['jobtitle']);
  });

  it('follows contact creation, deletion, merge, restore and privacy deletion (generic format)', () => {
    const { subscriptions } = subscriptionsForModel([]);
    expect(typesOf(subscriptions.crmObjects.filter((s) => s.objectType === 'contact'))).toEqual([
      'object.creation:contact',
      'object.deletion:contact',
      'object.merge:contact',
      'object.restore:contact',
    ]);
    expect(subscriptions.legacyCrmObjects).toEqual([]);
    expect(subscriptions.hubEvents).toEqual([
      { subscriptionType: 'contact.privacyDeletion', active: true },
    ]);
  });

  it('in the classic format, contact events are contact.* while engagements stay generic', () => {
    const { subscriptions } = subscriptionsForModel(['jobtitle'], 'legacyCrmObjects');
    expect(typesOf(subscriptions.legacyCrmObjects)).toEqual([
      'contact.creation',
      'contact.deletion',
      'contact.merge',
      'contact.restore',
      'contact.propertyChange',
    ]);
    expect(subscriptions.crmObjects.some((s) => s.objectType === 'contact')).toBe(false);
    expect(subscribedContactProperties(subscriptions)).toEqual(['jobtitle']);
    expect(subscribedEngagementTypes(subscriptions)).toHaveLength(6);
  });

  it('follows calls, emails, meetings, notes, tasks and communications: creation, restore, a link to a contact, activity date', () => {
    const { subscriptions } = subscriptionsForModel([]);
    expect(subscribedEngagementTypes(subscriptions)).toEqual(Object.keys(ENGAGEMENT_OBJECT_TYPES));
    for (const objectType of ['call', 'email', 'meeting_event', 'note', 'task', 'communication']) {
      expect(subscriptions.crmObjects.filter((s) => s.objectType === objectType)).toEqual([
        { subscriptionType: 'object.creation', objectType, active: true },
        { subscriptionType: 'object.restore', objectType, active: true },
        { subscriptionType: 'object.associationChange', objectType, active: true },
        {
          subscriptionType: 'object.propertyChange',
          objectType,
          propertyName: 'hs_timestamp',
          active: true,
        },
      ]);
    }
  });

  it('every event it subscribes to is one the webhook pipeline acts on, in both formats', () => {
    for (const format of ['crmObjects', 'legacyCrmObjects'] as const) {
      const { subscriptions } = subscriptionsForModel(defaultModel.properties, format);
      all(subscriptions).forEach((subscription, i) => {
        const work = triageDelivery([eventFor(subscription, String(1000 + i))], {
          modelProperties: new Set(defaultModel.properties),
        });
        const acted = work.rescore.length + work.forget.length + work.engagements.length;
        expect({ subscription, ignored: work.ignored, acted }).toEqual({
          subscription,
          ignored: {},
          acted: 1,
        });
      });
    }
  });

  it('stays active and within HubSpot’s per-app limit of 1,000 subscriptions', () => {
    const { subscriptions } = subscriptionsForModel(defaultModel.properties);
    expect(all(subscriptions).every((s) => s.active)).toBe(true);
    expect(all(subscriptions).length).toBeLessThan(1000);
  });
});
