import type { Channel } from '../model/model-schema.ts';
import type { ProfileFit } from './compiled-model.ts';
import type { PropertyValue } from './hubspot-values.ts';

export type BreakdownKind =
  | 'criterion' // a fit criterion that matched
  | 'knockout' // a fit criterion that puts the candidate outside the profile
  | 'touchpoint' // an engagement touchpoint
  | 'touchpoint-cap' // a history touchpoint's maxPoints
  | 'group-limit' // a fit group's min or max
  | 'channel-cap' // an engagement channel's max
  | 'inactivity' // the whole engagement fades after days without any
  | 'score-limit'; // the total score's documented range

export type BreakdownSection = 'fit' | 'engagement' | 'total';

export interface EntryInput {
  property: string;
  value: PropertyValue;
}

export interface DecayApplied {
  /** Share of the points still counted, 0..1. */
  factor: number;
  /** Days since the last activity, at `now`. */
  daysSinceLast: number;
  lastActivityAt: number;
  /** "halves every 14 days", "50% after 30 days, 0% after 90 days", "-50% after 90 days". */
  rule: string;
}

/** One occurrence of a history touchpoint: a download or a page visit, with its own decay. */
export interface HistoryEvent {
  /** The value as HubSpot recorded it (the content's name, the page's URL). */
  value: string;
  /** When it happened (epoch ms); null when HubSpot gave no readable date. */
  at: number | null;
  /** Its step of the quantity curve, before decay. */
  basePoints: number;
  /** Share of `basePoints` still counted, 0..1. */
  factor: number;
  /** Rounded to 0.01; the events' points add up to the line's points. */
  points: number;
}

/**
 * One line of "why this score": every criterion or touchpoint that contributed, plus the
 * limits and the inactivity decay, so that the `points` of all entries add up to the score.
 */
export interface BreakdownEntry {
  id: string;
  kind: BreakdownKind;
  section: BreakdownSection;
  /** Fit group id, engagement channel, or "score". */
  group: string;
  label: string;
  /** Rounded to 0.01; the entries' points add up exactly to the score. */
  points: number;
  /** The property values the entry saw, as HubSpot sent them. */
  inputs: EntryInput[];
  /** Points before decay (touchpoints and inactivity). */
  basePoints?: number;
  occurrences?: number;
  /** The content item that matched ("Salary guide"). */
  matched?: string;
  decay?: DecayApplied;
  /** History touchpoints: each occurrence that counts, newest first. */
  events?: HistoryEvent[];
}

/** The numbers of a recruitment score, without the explanation. */
export interface ContactTotals {
  score: number;
  fit: number;
  engagement: number;
  tier: string;
  /** When decay will next change the score (epoch ms), or null when it never will. */
  nextReviewAt: number | null;
  warnings: string[];
  /** The id of the fit profile that counts; only for a model with profiles. */
  profile?: string;
  /** Every profile's fit, in the model's order; only for a model with profiles. */
  profiles?: ProfileFit[];
}

export interface ContactScore extends ContactTotals {
  breakdown: BreakdownEntry[];
}

export type { Channel, ProfileFit };
