import type { ModifiedContact } from './modified-contacts.ts';

/**
 * Our own output write changes a contact's `lastmodifieddate` too, so without a rule every
 * contact the app scores would come back in the next "changed since" pass (and one we write in
 * every pass, forever). HubSpot's search cannot say which property changed, but it returns
 * `recruitment_scored_at`, which we write in the same request as the outputs, set to the moment
 * the scoring started: the write itself lands a little later, after the read (under a second
 * for the pass and the webhook worker, more when the rate budget makes them wait).
 *
 * So a contact last modified at most OWN_WRITE_WINDOW_MS after its `recruitment_scored_at` was
 * last modified by us, or by a change we had read already: the read comes after the scoring
 * moment, so a change before it is in the score. Skipping it costs no read. (The two times
 * come from two clocks, ours and HubSpot's; NTP keeps them well within the window.)
 *
 * The trade-off: a recruiter's change of a property no webhook announces, made within those
 * seconds after our write, waits for the contact's next change or review. A wider window would
 * miss more of those; a narrower one rereads contacts whose write waited on the rate budget
 * (one read per 50 of them, once: the watermark then moves past them).
 */
export const OWN_WRITE_WINDOW_MS = 5_000;

export function isOwnWrite(contact: ModifiedContact, windowMs = OWN_WRITE_WINDOW_MS): boolean {
  if (!Number.isFinite(contact.scoredAt)) return false;
  return contact.modifiedAt <= contact.scoredAt + windowMs;
}
