import { OUTPUT_PROPERTY_NAMES } from '../hubspot/score-properties.ts';
import { ENGAGEMENT_OBJECT_TYPES, type EngagementTypeId } from '../pipeline/engagement-types.ts';

/**
 * The webhook subscriptions the app needs, derived from the scoring model: a change of any
 * property the model reads can move a score, so each one is subscribed; nothing else is.
 * Pure: the model's property list goes in, HubSpot's `webhooks-hsmeta.json` shape comes out.
 */

export interface CrmObjectSubscription {
  subscriptionType:
    | 'object.creation'
    | 'object.deletion'
    | 'object.merge'
    | 'object.restore'
    | 'object.propertyChange'
    | 'object.associationChange';
  objectType: string;
  propertyName?: string;
  active: boolean;
}

export interface LegacyCrmObjectSubscription {
  subscriptionType:
    | 'contact.creation'
    | 'contact.deletion'
    | 'contact.merge'
    | 'contact.restore'
    | 'contact.propertyChange';
  propertyName?: string;
  active: boolean;
}

export interface HubEventSubscription {
  subscriptionType: 'contact.privacyDeletion';
  active: boolean;
}

export interface WebhookSubscriptions {
  crmObjects: CrmObjectSubscription[];
  legacyCrmObjects: LegacyCrmObjectSubscription[];
  hubEvents: HubEventSubscription[];
}

/**
 * `crmObjects` is HubSpot's current generic format (`object.*` with an objectType);
 * `legacyCrmObjects` the classic `contact.*` one. The pipeline reads both.
 */
export type ContactEventFormat = 'crmObjects' | 'legacyCrmObjects';

/**
 * Engagement objects as the webhooks component names them (HubSpot's object names in lower
 * case, as `line_item` for LINE_ITEM): meetings are MEETING_EVENT objects.
 */
export const ENGAGEMENT_WEBHOOK_OBJECTS = {
  '0-48': 'call',
  '0-49': 'email',
  '0-47': 'meeting_event',
  '0-46': 'note',
  '0-27': 'task',
  '0-18': 'communication',
} as const satisfies Record<EngagementTypeId, string>;

/**
 * The engagement's activity date: logging, rescheduling or back-dating an activity moves the
 * contact's "last contacted / last meeting" roll-ups the model reads. Other engagement
 * properties (subjects, bodies) never move a score.
 */
export const ENGAGEMENT_WATCHED_PROPERTIES = ['hs_timestamp'] as const;

const OUTPUT_PROPERTIES: ReadonlySet<string> = new Set(OUTPUT_PROPERTY_NAMES);

export interface SubscriptionPlan {
  subscriptions: WebhookSubscriptions;
  /** Properties the model reads, subscribed to, sorted. */
  contactProperties: string[];
  /** The app's own outputs the model reads: never subscribed (each write would echo back). */
  skippedOutputProperties: string[];
}

export function subscriptionsForModel(
  modelProperties: readonly string[],
  format: ContactEventFormat = 'crmObjects',
): SubscriptionPlan {
  const unique = [...new Set(modelProperties)].sort();
  const contactProperties = unique.filter((p) => !OUTPUT_PROPERTIES.has(p));
  const skippedOutputProperties = unique.filter((p) => OUTPUT_PROPERTIES.has(p));

  // Creation, restore and merge bring a contact (back) to be scored; deletion forgets it.
  const lifecycle = ['creation', 'deletion', 'merge', 'restore'] as const;
  const crmObjects: CrmObjectSubscription[] = [];
  const legacyCrmObjects: LegacyCrmObjectSubscription[] = [];
  if (format === 'crmObjects') {
    for (const action of lifecycle) {
      crmObjects.push({
        subscriptionType: `object.${action}`,
        objectType: 'contact',
        active: true,
      });
    }
    for (const propertyName of contactProperties) {
      crmObjects.push({
        subscriptionType: 'object.propertyChange',
        objectType: 'contact',
        propertyName,
        active: true,
      });
    }
  } else {
    for (const action of lifecycle) {
      legacyCrmObjects.push({ subscriptionType: `contact.${action}`, active: true });
    }
    for (const propertyName of contactProperties) {
      legacyCrmObjects.push({
        subscriptionType: 'contact.propertyChange',
        propertyName,
        active: true,
      });
    }
  }

  // Engagements exist only in the generic format; the pipeline traces them to their contacts.
  // An association change catches a call, meeting or note linked to a contact after it was
  // created (its creation event found no contact then). HubSpot fires it on both sides and for
  // the engagement's other links (deals, companies) too; the pipeline keeps the contact ones.
  // Subscribing per engagement type, not on `contact`, leaves out contact-company and
  // contact-deal changes, which never move a score; the classic `contact.associationChange`
  // would only repeat what these already deliver.
  for (const objectType of Object.values(ENGAGEMENT_WEBHOOK_OBJECTS)) {
    crmObjects.push({ subscriptionType: 'object.creation', objectType, active: true });
    crmObjects.push({ subscriptionType: 'object.restore', objectType, active: true });
    crmObjects.push({ subscriptionType: 'object.associationChange', objectType, active: true });
    for (const propertyName of ENGAGEMENT_WATCHED_PROPERTIES) {
      crmObjects.push({
        subscriptionType: 'object.propertyChange',
        objectType,
        propertyName,
        active: true,
      });
    }
  }

  // Privacy deletion exists only as a hub event; HubSpot also sends a normal deletion.
  const hubEvents: HubEventSubscription[] = [
    { subscriptionType: 'contact.privacyDeletion', active: true },
  ];
  return {
    subscriptions: { crmObjects, legacyCrmObjects, hubEvents },
    contactProperties,
    skippedOutputProperties,
  };
}

/** Every contact property a set of subscriptions listens to, in either format. */
export function subscribedContactProperties(subscriptions: WebhookSubscriptions): string[] {
  const properties = [
    ...subscriptions.crmObjects
      .filter((s) => s.objectType === 'contact' && s.subscriptionType === 'object.propertyChange')
      .map((s) => s.propertyName),
    ...subscriptions.legacyCrmObjects
      .filter((s) => s.subscriptionType === 'contact.propertyChange')
      .map((s) => s.propertyName),
  ];
  return properties.filter((p): p is string => p !== undefined).sort();
}

/** Engagement type ids (`0-48`...) the subscriptions create events for. */
export function subscribedEngagementTypes(subscriptions: WebhookSubscriptions): EngagementTypeId[] {
  const objectTypes = new Set(subscriptions.crmObjects.map((s) => s.objectType));
  return (Object.keys(ENGAGEMENT_OBJECT_TYPES) as EngagementTypeId[]).filter((id) =>
    objectTypes.has(ENGAGEMENT_WEBHOOK_OBJECTS[id]),
  );
}
