import type { EngagementTypeId } from '../pipeline/engagement-types.ts';
import type { ContactClaim, EngagementClaim } from './work-queue.ts';

/** A queued row as both engines' claim queries return it, and the claim it becomes. */

export interface ContactRow {
  portal_id: number;
  contact_id: string;
  version: number;
  attempts: number;
}

export interface EngagementRow {
  portal_id: number;
  object_type_id: string;
  object_id: string;
  version: number;
  attempts: number;
}

export const toContactClaim = (row: ContactRow): ContactClaim => ({
  portalId: row.portal_id,
  contactId: row.contact_id,
  version: row.version,
  attempts: row.attempts,
});

export const toEngagementClaim = (row: EngagementRow): EngagementClaim => ({
  portalId: row.portal_id,
  objectTypeId: row.object_type_id as EngagementTypeId,
  objectId: row.object_id,
  version: row.version,
  attempts: row.attempts,
});
