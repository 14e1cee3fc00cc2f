import { OUTPUT_PROPERTY_NAMES } from '../hubspot/score-properties.ts';
import {
  CONTACT_OBJECT_TYPE_ID,
  engagementTypeId,
  type EngagementTypeId,
} from './engagement-types.ts';
import type { AssociationChange, WebhookEvent } from './webhook-events.ts';

/**
 * What a delivery asks of us, coalesced per account and contact: whom to rescore, which
 * engagements to trace to their contacts, whom to forget. Pure: no I/O, no clock.
 */

export interface ContactKey {
  portalId: number;
  contactId: string;
}

export interface EngagementKey {
  portalId: number;
  objectTypeId: EngagementTypeId;
  objectId: string;
}

export type IgnoreReason =
  | 'own output property'
  | 'changed by this app'
  | 'property the model does not read'
  | 'not a contact or engagement event'
  | 'event type not scored'
  | 'association not between a contact and an engagement'
  | 'no object id';

export interface DeliveryWork {
  rescore: ContactKey[];
  engagements: EngagementKey[];
  /** Deleted contacts: everything stored about them goes. */
  forget: ContactKey[];
  ignored: Partial<Record<IgnoreReason, number>>;
}

export interface TriageOptions {
  /** Properties the scoring model reads: a change of anything else cannot move the score. */
  modelProperties?: ReadonlySet<string> | undefined;
  /**
   * The same per account (its published model's properties); wins over `modelProperties`.
   * Each account's events are triaged by its own model: a property one account scores on may
   * mean nothing to another.
   */
  modelPropertiesFor?: ((portalId: number) => ReadonlySet<string>) | undefined;
  /** Our HubSpot app's id; by default the `appId` of each event (the app it was sent to). */
  ownAppId?: string | undefined;
}

const OUTPUT_PROPERTIES: ReadonlySet<string> = new Set(OUTPUT_PROPERTY_NAMES);
/** Change sources HubSpot records for writes made through an app's token. */
const APP_CHANGE_SOURCES = new Set(['INTEGRATION', 'API']);

type ContactAction = 'rescore' | 'forget' | 'ignore';

export function triageDelivery(
  events: readonly WebhookEvent[],
  options: TriageOptions,
): DeliveryWork {
  const rescore = new Map<string, ContactKey>();
  const forget = new Map<string, ContactKey>();
  const revived = new Set<string>();
  const engagements = new Map<string, EngagementKey>();
  const ignored: DeliveryWork['ignored'] = {};
  if (!options.modelProperties && !options.modelPropertiesFor) {
    throw new TypeError('triageDelivery needs `modelProperties` or `modelPropertiesFor`');
  }
  const ignore = (reason: IgnoreReason) => {
    ignored[reason] = (ignored[reason] ?? 0) + 1;
  };
  const contactKey = (portalId: number, contactId: string) => `${portalId}:${contactId}`;
  const addRescore = (portalId: number, contactId: string) =>
    rescore.set(contactKey(portalId, contactId), { portalId, contactId });
  const addForget = (portalId: number, contactId: string) =>
    forget.set(contactKey(portalId, contactId), { portalId, contactId });

  for (const event of events) {
    const [family, action] = splitType(event.type);
    if (action === 'associationChange' && (family === 'contact' || family === 'object')) {
      // The event names the contact: no association lookup needed. An engagement linked to a
      // contact later (or unlinked) changes what the contact's engagement score reads.
      const contactId = contactOfAssociation(event.association);
      if (contactId === 'other') ignore('association not between a contact and an engagement');
      else if (contactId === undefined) ignore('no object id');
      else addRescore(event.portalId, contactId);
      continue;
    }
    const isContact =
      family === 'contact' ||
      (family === 'object' && event.objectTypeId === CONTACT_OBJECT_TYPE_ID);
    const engagementType = family === 'object' ? engagementTypeId(event.objectTypeId) : undefined;

    if (isContact) {
      const what = contactAction(action, event, options);
      if (what !== 'rescore' && what !== 'forget') {
        ignore(what === 'ignore' ? 'event type not scored' : what);
        continue;
      }
      if (action === 'merge') {
        const survivor = event.newObjectId ?? event.primaryObjectId ?? event.objectId;
        if (survivor === undefined) {
          ignore('no object id');
          continue;
        }
        addRescore(event.portalId, survivor);
        for (const merged of event.mergedObjectIds) {
          if (merged !== survivor) addForget(event.portalId, merged);
        }
        continue;
      }
      if (event.objectId === undefined) {
        ignore('no object id');
        continue;
      }
      if (what === 'rescore') {
        addRescore(event.portalId, event.objectId);
        if (action === 'restore' || action === 'creation') {
          revived.add(contactKey(event.portalId, event.objectId));
        }
      } else addForget(event.portalId, event.objectId);
    } else if (
      engagementType !== undefined &&
      (action === 'creation' || action === 'propertyChange' || action === 'restore')
    ) {
      if (event.objectId === undefined) {
        ignore('no object id');
        continue;
      }
      const key = `${event.portalId}:${engagementType}:${event.objectId}`;
      engagements.set(key, {
        portalId: event.portalId,
        objectTypeId: engagementType,
        objectId: event.objectId,
      });
    } else {
      ignore(
        engagementType === undefined
          ? 'not a contact or engagement event'
          : 'event type not scored',
      );
    }
  }

  // A deletion in the same delivery wins over a stale change, unless the contact came back.
  for (const key of forget.keys()) {
    if (!revived.has(key)) rescore.delete(key);
  }
  return {
    rescore: [...rescore.values()],
    engagements: [...engagements.values()],
    forget: [...forget.values()],
    ignored,
  };
}

/**
 * The contact of a contact-engagement association change, from either side: HubSpot sends one
 * event per direction (`CONTACT_TO_MEETING_EVENT` and `MEETING_EVENT_TO_CONTACT`), which the
 * coalescing above turns into one rescore. Contact-to-company and the like: 'other'.
 */
function contactOfAssociation(
  association: AssociationChange | undefined,
): string | undefined | 'other' {
  if (association === undefined) return 'other';
  const [from, to] = associationSides(association);
  if (isContactType(from) && isEngagementType(to)) return association.fromObjectId;
  if (isEngagementType(from) && isContactType(to)) return association.toObjectId;
  return 'other';
}

function associationSides(association: AssociationChange): [string?, string?] {
  const type = association.associationType;
  const split = type === undefined ? -1 : type.indexOf('_TO_');
  if (type !== undefined && split > 0) return [type.slice(0, split), type.slice(split + 4)];
  return [association.fromObjectTypeId, association.toObjectTypeId];
}

const isContactType = (name: string | undefined) =>
  name !== undefined &&
  ['contact', 'contacts', CONTACT_OBJECT_TYPE_ID].includes(name.toLowerCase());

/** The six engagement types, and the legacy engagements API's one `ENGAGEMENT` type. */
const isEngagementType = (name: string | undefined) =>
  name !== undefined &&
  (engagementTypeId(name) !== undefined || name.toLowerCase() === 'engagement');

function splitType(type: string): [string, string] {
  const dot = type.indexOf('.');
  return dot < 0 ? [type, ''] : [type.slice(0, dot), type.slice(dot + 1)];
}

function contactAction(
  action: string,
  event: WebhookEvent,
  options: TriageOptions,
): ContactAction | IgnoreReason {
  switch (action) {
    case 'creation':
    case 'restore':
    case 'merge':
      return 'rescore';
    case 'deletion':
    case 'privacyDeletion':
      return 'forget';
    case 'propertyChange':
      return propertyChangeAction(event, options);
    default:
      return 'ignore';
  }
}

function propertyChangeAction(
  event: WebhookEvent,
  options: TriageOptions,
): ContactAction | IgnoreReason {
  const property = event.propertyName;
  if (property !== undefined && OUTPUT_PROPERTIES.has(property)) return 'own output property';
  if (isOwnChange(event, options.ownAppId)) return 'changed by this app';
  const modelProperties =
    options.modelPropertiesFor?.(event.portalId) ?? options.modelProperties ?? new Set();
  if (property !== undefined && !modelProperties.has(property)) {
    return 'property the model does not read';
  }
  return 'rescore';
}

/** HubSpot records our token's writes with changeSource INTEGRATION/API and our app id as sourceId. */
function isOwnChange(event: WebhookEvent, ownAppId: string | undefined): boolean {
  if (event.changeSource === undefined || !APP_CHANGE_SOURCES.has(event.changeSource)) return false;
  const appId = ownAppId ?? (event.appId === undefined ? undefined : String(event.appId));
  if (appId === undefined || event.sourceId === undefined) return false;
  // Seen as "123456" and, in property histories, as "appId:123456"-style prefixed ids.
  return event.sourceId === appId || event.sourceId.endsWith(`:${appId}`);
}
