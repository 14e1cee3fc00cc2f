/**
 * Engagements a recruiter or candidate creates (a call, a reply, a meeting...) change what
 * the engagement score reads on the contact. HubSpot sends them as generic `object.*` events
 * carrying the engagement's own id and type; we find the contacts through associations.
 */
export const ENGAGEMENT_OBJECT_TYPES = {
  '0-48': 'calls',
  '0-49': 'emails',
  '0-47': 'meetings',
  '0-46': 'notes',
  '0-27': 'tasks',
  '0-18': 'communications',
} as const satisfies Record<string, string>;

export type EngagementTypeId = keyof typeof ENGAGEMENT_OBJECT_TYPES;

export const CONTACT_OBJECT_TYPE_ID = '0-1';

/** HubSpot also names object types in events (`CALL`, `MEETING_EVENT`...) in older payloads. */
const ENGAGEMENT_NAMES: Record<string, EngagementTypeId> = {
  call: '0-48',
  calls: '0-48',
  email: '0-49',
  emails: '0-49',
  meeting: '0-47',
  meeting_event: '0-47',
  meetings: '0-47',
  note: '0-46',
  notes: '0-46',
  task: '0-27',
  tasks: '0-27',
  communication: '0-18',
  communications: '0-18',
};

export function engagementTypeId(objectType: string | undefined): EngagementTypeId | undefined {
  if (objectType === undefined) return undefined;
  if (objectType in ENGAGEMENT_OBJECT_TYPES) return objectType as EngagementTypeId;
  return ENGAGEMENT_NAMES[objectType.toLowerCase()];
}
