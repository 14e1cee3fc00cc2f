import { z } from 'zod';

/**
 * A webhook delivery as HubSpot sends it: a JSON array of events (up to 100). Only the fields
 * the pipeline uses are checked; others pass through untouched, so new HubSpot fields never
 * turn a delivery into a 400. Ids arrive as JSON numbers (HubSpot's ids stay below 2^53).
 */

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const baseEvent = z.looseObject({
  /** Current deliveries name the type `subscriptionType`; older docs and apps `eventType`. */
  subscriptionType: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  portalId: z.number().int().nonnegative(),
  appId: z.number().int().nonnegative().optional(),
  eventId: z.number().optional(),
  occurredAt: z.number().optional(),
  attemptNumber: z.number().optional(),
  objectId: id.optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.unknown().optional(),
  changeSource: z.string().optional(),
  sourceId: z.union([z.string(), z.number().transform(String)]).optional(),
  primaryObjectId: id.optional(),
  newObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
  // Association changes: `CONTACT_TO_MEETING_EVENT` from the contact's side, the reverse
  // from the engagement's; generic `object.associationChange` events may name the types by id.
  associationType: z.string().optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  fromObjectTypeId: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  associationRemoved: z.boolean().optional(),
});

/** An association added or removed between two records (`*.associationChange`). */
export interface AssociationChange {
  /** e.g. `CONTACT_TO_MEETING_EVENT`; undefined when the event names only type ids. */
  associationType: string | undefined;
  fromObjectId: string | undefined;
  toObjectId: string | undefined;
  fromObjectTypeId: string | undefined;
  toObjectTypeId: string | undefined;
  removed: boolean;
}

export interface WebhookEvent {
  type: string;
  portalId: number;
  appId: number | undefined;
  occurredAt: number | undefined;
  objectId: string | undefined;
  objectTypeId: string | undefined;
  propertyName: string | undefined;
  changeSource: string | undefined;
  sourceId: string | undefined;
  primaryObjectId: string | undefined;
  newObjectId: string | undefined;
  mergedObjectIds: string[];
  /** Only on association changes. */
  association?: AssociationChange | undefined;
}

const deliverySchema = z.array(baseEvent).transform((events, ctx) =>
  events.map((event, i): WebhookEvent => {
    const type = event.subscriptionType ?? event.eventType;
    if (type === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'subscriptionType'],
        message: 'missing (neither subscriptionType nor eventType is set)',
      });
    }
    return {
      type: type ?? '',
      portalId: event.portalId,
      appId: event.appId,
      occurredAt: event.occurredAt,
      objectId: event.objectId,
      objectTypeId: event.objectTypeId,
      propertyName: event.propertyName,
      changeSource: event.changeSource,
      sourceId: event.sourceId,
      primaryObjectId: event.primaryObjectId,
      newObjectId: event.newObjectId,
      mergedObjectIds: event.mergedObjectIds ?? [],
      ...(type?.endsWith('.associationChange') ? { association: associationOf(event) } : {}),
    };
  }),
);

function associationOf(event: z.infer<typeof baseEvent>): AssociationChange {
  return {
    associationType: event.associationType,
    fromObjectId: event.fromObjectId,
    toObjectId: event.toObjectId,
    fromObjectTypeId: event.fromObjectTypeId,
    toObjectTypeId: event.toObjectTypeId,
    removed: event.associationRemoved ?? false,
  };
}

export type DeliveryParse = { ok: true; events: WebhookEvent[] } | { ok: false; reason: string };

/** Parses a delivery's raw bytes; the reason names the first problems by event index. */
export function parseDelivery(rawBody: Uint8Array | string): DeliveryParse {
  let json: unknown;
  try {
    json = JSON.parse(
      typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'),
    );
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
  if (!Array.isArray(json)) {
    return { ok: false, reason: 'the body must be a JSON array of webhook events' };
  }
  const parsed = deliverySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => {
      const [index, ...field] = issue.path;
      const where =
        field.length > 0 ? `event ${String(index)}, ${field.join('.')}` : `event ${String(index)}`;
      return `${where}: ${issue.message}`;
    });
    const more =
      parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return { ok: false, reason: `invalid webhook events: ${problems.join('; ')}${more}` };
  }
  return { ok: true, events: parsed.data };
}
