import type { Messages } from './messages/index.ts';
import type { StoredOutputs } from './stored-outputs.ts';
import type { BreakdownState } from './use-score-card.ts';

/**
 * The headline's line saying which fit profile makes the score ("Scored as Nurse (linked
 * profile)"), or undefined for a model with one profile. The stored `recruitment_profile` comes
 * first: it belongs to the stored score the headline shows, and HubSpot gives it at once, before
 * our backend answers. The backend's breakdown brings the label (HubSpot gives a card the
 * option's value only) and whether it was pinned; for a contact scored before the property
 * existed, it names the profile too.
 */
export function countingProfileLine(
  outputs: Pick<StoredOutputs, 'profile'>,
  breakdown: BreakdownState,
  messages: Messages,
): string | undefined {
  const live = breakdown.phase === 'loaded' ? breakdown.data : undefined;
  const id = outputs.profile ?? live?.profile;
  if (id === undefined) return undefined;
  const row = live?.profiles?.find((profile) => profile.id === id);
  const label = row?.label ?? readableId(id);
  return row?.pinned ? messages.countingProfilePinned(label) : messages.countingProfile(label);
}

/** `software-developer` → "Software developer", until the breakdown brings the real label. */
function readableId(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
